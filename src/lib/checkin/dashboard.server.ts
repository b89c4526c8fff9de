// The live check-in dashboard's I/O: one snapshot, and a stream of snapshots
// for Server-Sent Events.
//
// Why each stream polls Postgres instead of listening for in-process events:
// check-ins arrive through whichever server instance a door device happens to
// reach, so no single process sees them all; Postgres does. LISTEN/NOTIFY
// would push, but it needs a session-mode connection held open per listener,
// which Supabase's transaction pooler (port 6543, DATABASE_POOLER) cannot
// give. So every open stream asks for a cheap version string every few
// seconds (a handful of index-backed counts) and reads the full snapshot
// only when that changed.
import { asUser, type Claims, type Sql, sql } from '../db/db.server.ts';
import {
  type DashboardSnapshot,
  parseDashboard,
  SSE_HEARTBEAT,
  sseEvent,
  STREAM_HEARTBEAT_MS,
  STREAM_POLL_MS,
  STREAM_RETRY_MS,
} from './dashboard.ts';

export interface DashboardContext {
  db?: Sql;
}

/** The dashboard of an event the caller organises; null for anyone else or an unknown event. */
export async function loadDashboard(
  claims: Claims,
  eventId: string,
  context: DashboardContext & { bucketMinutes?: number } = {},
): Promise<DashboardSnapshot | null> {
  if (claims.role !== 'authenticated') return null;
  const [row] = await asUser(
    claims,
    (tx) => tx<{ snapshot: unknown }[]>`
      select private.checkin_dashboard(${eventId}, ${context.bucketMinutes ?? 5}) as snapshot`,
    context.db ?? sql(),
  );
  return row?.snapshot ? parseDashboard(row.snapshot) : null;
}

/** The cheap version string of the dashboard; null for a caller who is not (or no longer) an organiser. */
export async function dashboardVersion(
  claims: Claims,
  eventId: string,
  context: DashboardContext = {},
): Promise<string | null> {
  if (claims.role !== 'authenticated') return null;
  const [row] = await asUser(
    claims,
    (tx) => tx<{ version: string | null }[]>`select private.checkin_dashboard_version(${eventId}) as version`,
    context.db ?? sql(),
  );
  return row?.version ?? null;
}

export interface StreamOptions extends DashboardContext {
  pollMs?: number;
  heartbeatMs?: number;
}

/**
 * Server-Sent Events for one open dashboard: the first snapshot at once, then
 * a `snapshot` event whenever the version changes, a comment every
 * `heartbeatMs` of silence so proxies keep the connection, and a `gone` event
 * (then the end) when the caller is no longer an organiser. Stops when the
 * client goes (`signal` aborts or the body is cancelled). A database blip is
 * skipped: the next poll tries again and the client keeps its last numbers.
 */
export function dashboardStream(
  claims: Claims,
  eventId: string,
  first: DashboardSnapshot,
  signal: AbortSignal,
  options: StreamOptions = {},
): ReadableStream<Uint8Array> {
  const pollMs = options.pollMs ?? STREAM_POLL_MS;
  const heartbeatMs = options.heartbeatMs ?? STREAM_HEARTBEAT_MS;
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let version = first.version;
  let lastWrite = Date.now();
  // Set in start(); the body's cancel (the client went) ends the stream through it.
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
          const current = await dashboardVersion(claims, eventId, options);
          if (current === null) {
            write(sseEvent('gone', {}));
            stop();
            return;
          }
          if (current !== version) {
            const snapshot = await loadDashboard(claims, eventId, options);
            if (snapshot && !stopped) {
              version = snapshot.version;
              write(sseEvent('snapshot', snapshot, snapshot.version));
            }
          }
        } catch (error) {
          console.error('check-in dashboard poll failed', error);
        }
        if (stopped) return;
        if (Date.now() - lastWrite >= heartbeatMs) write(SSE_HEARTBEAT);
        timer = setTimeout(() => void poll(), pollMs);
      };

      if (signal.aborted) {
        stop();
        return;
      }
      signal.addEventListener('abort', stop, { once: true });
      write(`retry: ${STREAM_RETRY_MS}\n\n`);
      write(sseEvent('snapshot', first, first.version));
      timer = setTimeout(() => void poll(), pollMs);
      stopStream = stop;
    },
    cancel() {
      stopStream();
    },
  });
}
