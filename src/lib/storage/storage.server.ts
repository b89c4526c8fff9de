// The storage port's use cases: store an upload (sniffed, judged, re-encoded,
// under a new random key), sign a link for reading it, delete objects, and —
// for the local folder — serve a signed link. Which store is used is
// configuration: Supabase Storage when SUPABASE_URL and
// SUPABASE_SERVICE_ROLE_KEY are set, otherwise the folder STORAGE_DIR.
// Callers decide in Postgres (under RLS) who may read a key before they ask
// for a link; the port never decides that.
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { readEnv } from '../config.ts';
import { asService, type Sql } from '../db/db.server.ts';
import type { UploadKind } from '../limits/uploads.ts';
import { type LocalFolderStore, type LocalRead, localFolderStore } from './local-folder.server.ts';
import type { ObjectStore, SignedUrlOptions } from './port.ts';
import { prepareUpload } from './prepare-upload.server.ts';
import { downloadName, objectKey, type UploadRefusal } from './storage.ts';
import { supabaseStorage } from './supabase-storage.server.ts';

export interface StoredObject {
  key: string;
  contentType: string;
  byteSize: number;
  /** The declared name's stem with the extension of what the file is. */
  downloadName: string;
  width?: number | undefined;
  height?: number | undefined;
}

export interface UploadInput {
  bytes: Uint8Array;
  /** The name the browser sent; used for the download name only, never for the type. */
  declaredName: string;
  kind: UploadKind;
  /** Where the key goes, e.g. `materials/<event id>` (lower-case segments). */
  prefix: string;
}

/** Sniffs, judges and re-encodes an upload, then stores it under a new key; a refusal stores nothing. */
export async function storeUpload(
  input: UploadInput,
  store: ObjectStore = objectStore(),
): Promise<{ ok: true; object: StoredObject } | UploadRefusal> {
  const prepared = await prepareUpload(input.bytes, input.kind);
  if (!prepared.ok) return prepared;
  const key = objectKey(input.prefix, randomUUID(), prepared.ext);
  await store.put(key, prepared.bytes, prepared.contentType);
  return {
    ok: true,
    object: {
      key,
      contentType: prepared.contentType,
      byteSize: prepared.bytes.byteLength,
      downloadName: downloadName(input.declaredName, prepared.ext),
      width: prepared.width,
      height: prepared.height,
    },
  };
}

/** A link that opens the object for `expiresInSeconds`; only for a key the caller may read. */
export function signedUrl(key: string, options: SignedUrlOptions, store: ObjectStore = objectStore()): Promise<string> {
  return store.signedUrl(key, options);
}

/** Deletes objects (after the rows that named them are gone). */
export function removeObjects(keys: readonly string[], store: ObjectStore = objectStore()): Promise<void> {
  return store.remove(keys);
}

let configured: ObjectStore | undefined;

/** The installation's store, from configuration (a client, not state: every instance builds the same). */
export function objectStore(): ObjectStore {
  if (!configured) {
    const env = readEnv();
    configured =
      env.SUPABASE_URL && env.SUPABASE_SERVICE_ROLE_KEY
        ? supabaseStorage({
            url: env.SUPABASE_URL,
            serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY,
            bucket: env.STORAGE_BUCKET,
          })
        : localFolderStore({
            root: env.STORAGE_DIR ?? path.join(env.SAMSPIL_DATA_DIR, 'storage'),
            secret: storageUrlSecret(env.STORAGE_URL_SECRET),
          });
  }
  return configured;
}

/** The local folder's signing secret: STORAGE_URL_SECRET, or the one row every process shares. */
function storageUrlSecret(fromEnv: string | undefined): () => Promise<Uint8Array> {
  let secret: Promise<Uint8Array> | undefined;
  return () => {
    secret ??= (
      fromEnv
        ? Promise.resolve(new TextEncoder().encode(fromEnv))
        : asService(async (tx) => {
            await tx`
              insert into private.auth_secrets (name, secret) values ('storage', ${randomBytes(32)})
              on conflict (name) do nothing`;
            const [row] = await tx<
              { secret: Buffer }[]
            >`select secret from private.auth_secrets where name = 'storage'`;
            return new Uint8Array(row!.secret);
          })
    ).catch((error: unknown) => {
      secret = undefined;
      throw error;
    });
    return secret;
  };
}

/** The secret in the database: the first process to need it creates it, every other reads the same. */
export function sharedStorageSecret(db?: Sql): Promise<Uint8Array> {
  return asService(async (tx) => {
    await tx`
      insert into private.auth_secrets (name, secret) values ('storage', ${randomBytes(32)})
      on conflict (name) do nothing`;
    const [row] = await tx<{ secret: Buffer }[]>`select secret from private.auth_secrets where name = 'storage'`;
    return new Uint8Array(row!.secret);
  }, db);
}

/**
 * GET /api/storage/<key>: a signed link to the local folder. 404 when files
 * live in Supabase Storage (its links point there) or the object is gone,
 * 403 for a signature that does not match, 410 for an expired link.
 */
export async function serveLocalObject(key: string, query: URLSearchParams): Promise<Response> {
  const store = objectStore();
  if (store.backend !== 'local') return plain(404, 'not found');
  const read = await (store as LocalFolderStore).readSigned(key, query);
  return localObjectResponse(read, Math.floor(Date.now() / 1000));
}

export function localObjectResponse(read: LocalRead, nowSeconds: number): Response {
  if (!read.ok) {
    const status = { bad_signature: 403, expired: 410, not_found: 404 }[read.code];
    return plain(status, read.code.replace('_', ' '));
  }
  const { bytes, contentType, downloadName: name, expires } = read.object;
  const headers = new Headers({
    'content-type': contentType,
    'content-length': String(bytes.byteLength),
    // Kept by the browser no longer than the link lives, and by no shared cache.
    'cache-control': `private, max-age=${Math.max(0, expires - nowSeconds)}`,
    'x-content-type-options': 'nosniff',
    // A stored file is never a page of ours: no scripts, no forms, no frames around it.
    'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    'content-disposition': name ? `attachment; filename*=UTF-8''${encodeURIComponent(name)}` : 'inline',
  });
  return new Response(new Uint8Array(bytes), { status: 200, headers });
}

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}
