// Deleting files whose rows are gone: the 'storage-delete' jobs that
// private.forget_stored_object queues when a row naming a file is deleted (by
// hand or by a cascade) or names another. Run by every server process
// (scripts/serve.ts, scripts/dev.ts); the queue gives each job to one worker,
// and deleting a key already gone is no error, so a repeat is harmless.
import { z } from 'zod';
import type { Sql } from '../db/db.server.ts';
import { backoffMs, type JobRunResult, type PayloadJob } from '../jobs/queue.ts';
import { type JobKind, runDueJobs } from '../jobs/queue.server.ts';
import { type RepeatingJob, repeatEvery, RUN_AGAIN } from '../jobs/repeat.server.ts';
import type { ObjectStore } from './port.ts';
import { objectStore } from './storage.server.ts';
import { isObjectKey } from './storage.ts';

const payload = z.object({ key: z.string() });
const BATCH = 50;

export function storageDeleteKind(store: ObjectStore = objectStore()): JobKind<PayloadJob> {
  return {
    queue: 'storage-delete',
    async perform(job) {
      const parsed = payload.safeParse(job.payload);
      if (!parsed.success || !isObjectKey(parsed.data.key)) {
        return { ok: false, error: 'not a storage key', retryable: false };
      }
      await store.remove([parsed.data.key]);
      return { ok: true };
    },
    retryDelayMs: (attempts, random) => backoffMs(attempts, { baseMs: 5_000, capMs: 10 * 60_000 }, random),
    describe: (job) => `storage object ${String((job.payload as { key?: unknown }).key)}`,
  };
}

export function runStorageDeletes(options: { db?: Sql; store?: ObjectStore; log?: (line: string) => void } = {}) {
  return runDueJobs(storageDeleteKind(options.store), {
    limit: BATCH,
    ...(options.db ? { db: options.db } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
}

export function startStorageJobs(options: { intervalMs?: number; log?: (line: string) => void } = {}): RepeatingJob {
  const log = options.log ?? (() => {});
  return repeatEvery({
    name: 'storage jobs',
    firstAfterMs: 3_000,
    intervalMs: options.intervalMs ?? 10_000,
    log,
    run: async () => {
      const result: JobRunResult = await runStorageDeletes({ log });
      return result.claimed === BATCH ? RUN_AGAIN : result;
    },
  });
}
