// The one interface every file goes through: a local folder in embedded mode
// (local-folder.server.ts), Supabase Storage in production
// (supabase-storage.server.ts). Keys come from the port (storage.ts's
// objectKey), never from a user; Postgres keeps what a key belongs to and who
// may read it.

export interface SignedUrlOptions {
  /** How long the link opens the object (a few minutes for private files). */
  expiresInSeconds: number;
  /** Set: the browser saves the object under this name; unset: it is shown inline. */
  downloadName?: string | undefined;
}

export interface ObjectStore {
  readonly backend: 'local' | 'supabase';
  /** Stores bytes under a new key; never overwrites an existing object. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** A link that opens the object until it expires (relative for the local folder, absolute for Supabase). */
  signedUrl(key: string, options: SignedUrlOptions): Promise<string>;
  /** Deletes objects; a key already gone is not an error. */
  remove(keys: readonly string[]): Promise<void>;
}

/** The storage service failed (not the upload's fault): the request answers 503. */
export class StorageUnavailableError extends Error {
  override name = 'StorageUnavailableError';
  /** Listed in db/outage.ts, so the request answers 503 like a database outage. */
  readonly code = 'SAMSPIL_STORAGE_UNAVAILABLE';
}
