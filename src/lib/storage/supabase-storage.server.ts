// The storage port on Supabase Storage (production), through the official
// client's storage API: upload, createSignedUrl, remove. One private bucket;
// the server holds the service-role key, and who may read an object is
// decided in Postgres (RLS on the table that names the key) before a link is
// signed. docs/DEPLOY.md shows how to create the bucket.
import { createClient } from '@supabase/supabase-js';
import { type ObjectStore, StorageUnavailableError } from './port.ts';

export interface SupabaseStorageOptions {
  url: string;
  serviceRoleKey: string;
  bucket: string;
  /** Tests: another fetch. */
  fetch?: typeof fetch;
}

export function supabaseStorage(options: SupabaseStorageOptions): ObjectStore {
  const client = createClient(options.url, options.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    ...(options.fetch ? { global: { fetch: options.fetch } } : {}),
  });
  const bucket = () => client.storage.from(options.bucket);
  const fail = (what: string, error: { message: string }) =>
    new StorageUnavailableError(`Supabase Storage ${what} failed: ${error.message}`);

  return {
    backend: 'supabase',

    async put(key, bytes, contentType) {
      // Objects never change under a key (a new file gets a new key), so browsers may keep them a day.
      const { error } = await bucket().upload(key, bytes, { contentType, upsert: false, cacheControl: '86400' });
      if (error) throw fail('upload', error);
    },

    async signedUrl(key, { expiresInSeconds, downloadName }) {
      const { data, error } = await bucket().createSignedUrl(key, expiresInSeconds, {
        ...(downloadName !== undefined ? { download: downloadName } : {}),
      });
      if (error) throw fail('createSignedUrl', error);
      return data.signedUrl;
    },

    async remove(keys) {
      if (keys.length === 0) return;
      const { error } = await bucket().remove([...keys]);
      if (error) throw fail('remove', error);
    },
  };
}
