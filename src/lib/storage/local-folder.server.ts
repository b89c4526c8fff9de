// The storage port on a local folder (embedded mode: one machine, the data
// directory). Objects are plain files under their keys; links are signed with
// a secret and served by /api/storage/<key>, which checks the signature and
// the expiry (serveLocalObject in storage.server.ts).
import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ObjectStore, SignedUrlOptions } from './port.ts';
import { expiryFor, signObjectPath, verifyObjectLink } from './signed-url.ts';
import { contentTypeOfKey, isObjectKey } from './storage.ts';

export interface LocalFolderOptions {
  /** The folder objects live in (created on first write). */
  root: string;
  /** The link-signing secret every process of this installation shares. */
  secret: () => Promise<Uint8Array>;
  /** Unix seconds; tests move it. */
  now?: () => number;
}

export interface LocalObject {
  bytes: Buffer;
  contentType: string;
  downloadName: string | undefined;
  expires: number;
}

export type LocalRead =
  { ok: true; object: LocalObject } | { ok: false; code: 'bad_signature' | 'expired' | 'not_found' };

export interface LocalFolderStore extends ObjectStore {
  readonly backend: 'local';
  /** Reads an object for a signed link: the signature, then the expiry, then the file. */
  readSigned(key: string, query: URLSearchParams): Promise<LocalRead>;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

export function localFolderStore(options: LocalFolderOptions): LocalFolderStore {
  const now = options.now ?? nowSeconds;
  const root = path.resolve(options.root);

  function fileOf(key: string): string {
    // The key pattern allows no dots in folders and no '..': the file stays under root.
    if (!isObjectKey(key)) throw new Error(`not a storage key: ${key}`);
    return path.join(root, ...key.split('/'));
  }

  return {
    backend: 'local',

    async put(key, bytes) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Written beside, then linked into place: a reader never sees half a file, and
      // link() fails on an existing name where rename() would replace it.
      const partial = `${file}.${randomUUID()}.part`;
      await writeFile(partial, bytes, { flag: 'wx' });
      try {
        await link(partial, file);
      } finally {
        await rm(partial, { force: true });
      }
    },

    async signedUrl(key: string, { expiresInSeconds, downloadName }: SignedUrlOptions) {
      fileOf(key);
      return signObjectPath(await options.secret(), { key, expires: expiryFor(now(), expiresInSeconds), downloadName });
    },

    async remove(keys) {
      await Promise.all(keys.map((key) => rm(fileOf(key), { force: true })));
    },

    async readSigned(key, query) {
      if (!isObjectKey(key)) return { ok: false, code: 'not_found' };
      const { verdict, downloadName } = verifyObjectLink(await options.secret(), key, query, now());
      if (verdict !== 'ok') return { ok: false, code: verdict };
      try {
        const bytes = await readFile(fileOf(key));
        return {
          ok: true,
          object: { bytes, contentType: contentTypeOfKey(key), downloadName, expires: Number(query.get('exp')) },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, code: 'not_found' };
        throw error;
      }
    },
  };
}
