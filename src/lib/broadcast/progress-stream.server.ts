// The delivery of one broadcast as Server-Sent Events, for its progress bar.
// Each stream polls the recipients' counts in Postgres every second and sends
// a snapshot when they changed: the counts are the one place every server
// instance's worker writes to, so any instance can serve the stream (behind a
// load balancer, after a reload), and nothing is kept in this process. A
// finished broadcast gets a last snapshot and the stream ends.
import { type SignedIn, type Sql, sql } from '../db/db.server.ts';
import { isFinished, type Progress, progressEvent } from './broadcast.ts';
import { broadcastProgress } from './broadcast.server.ts';

const POLL_MS = 1_000;
const HEARTBEAT_MS = 15_000;
/** The browser waits this long before reconnecting after a dropped stream. */
const RETRY_MS = 3_000;

export function progressStream(
  claims: SignedIn,
  broadcastId: string,
  first: Progress,
  signal: AbortSignal,
  options: { pollMs?: number; db?: Sql } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const db = options.db ?? sql();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let last = JSON.stringify(first);
  let lastWrite = Date.now();
  let stopStream: () => void = () => {};

  return new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        if (stopped) return;
        controller.enqueue(encoder.encode(text));
        lastWrite = Date.now();
      };
      const stop = () => {
        if (stopped) return;
        stopped = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', stop);
        try {
          controller.close();
        } catch {
          // Already closed by a cancel from the client's side.
        }
      };
      const poll = async () => {
        try {
          const current = await broadcastProgress(claims, broadcastId, db);
          if (current === null) {
            write('event: gone\ndata: {}\n\n');
            stop();
            return;
          }
          const text = JSON.stringify(current);
          if (text !== last) {
            last = text;
            write(progressEvent(current));
          }
          if (isFinished(current)) {
            stop();
            return;
          }
        } catch (error) {
          console.error('broadcast progress poll failed', error);
        }
        if (stopped) return;
        if (Date.now() - lastWrite >= HEARTBEAT_MS) write(': keep-alive\n\n');
        timer = setTimeout(() => void poll(), options.pollMs ?? POLL_MS);
      };
      if (signal.aborted) {
        stop();
        return;
      }
      signal.addEventListener('abort', stop, { once: true });
      write(`retry: ${RETRY_MS}\n\n`);
      write(progressEvent(first));
      if (isFinished(first)) {
        stop();
        return;
      }
      timer = setTimeout(() => void poll(), options.pollMs ?? POLL_MS);
      stopStream = stop;
    },
    cancel() {
      stopStream();
    },
  });
}
