// Group commit for bookings (#16): bookings that arrive while an earlier call
// of their line is in Postgres wait here and go to Postgres together, as ONE
// call of private.book_sessions in one write (asServiceInOneTrip), which books
// each in arrival order and returns each one's own answer. A process keeps
// two lines (LINES); a session always waits in the same one, so in a rush on
// one gallery round all its bookings share a line, and in a rush spread over
// many rounds a call carries bookings of several. The session's row lock, the
// statement overhead, the commit and the round trip are paid once per call
// instead of once per booking; with no rush a booking goes at once (a call of
// one, sent on the next turn of the event loop). A call sends its bookings
// sorted by session (each session's in arrival order), so two calls — of two
// lines, processes or instances — take the sessions' row locks in one order
// and cannot deadlock on them.
//
// Guarantees (tests/db/booking-batch.test.ts):
// - Exactness stays in Postgres: book_session decides each item under the
//   session lock as before; a batch only keeps its items in arrival order.
// - A batch commits whole or not at all (one transaction), so a crash never
//   leaves half a batch, and an answer is given only after the commit.
// - One item's failure never fails the others: an error that is not about
//   the database being unavailable (a deadlock or serialization conflict is
//   tried again first) sends that batch's items again one by one, in order,
//   so only the item that fails gets the error.
// - A database that does not answer fails every waiting item the way a single
//   booking fails (a timeout error, answered 503), never a late success.
import postgres from 'postgres';
import type { RateRule } from '../auth/auth.ts';
import { asServiceInOneTrip, type SignedIn, type Sql } from '../db/db.server.ts';
import { isDatabaseUnavailable } from '../db/outage.ts';
import { type BookingResult, bookingResult, isRetryableSqlState } from './booking.ts';

/** One booking request: who books what, and what the request's own write checks first. */
export interface BatchBooking {
  claims: SignedIn;
  eventId: string;
  sessionId: string;
  swap: boolean;
  /** A signed session not yet confirmed live (the middleware only checked its signature). */
  authSession?: { id: string; userId: string };
  /** The rate limit this request takes, in the same write. */
  limit?: readonly RateRule[];
  /** Where links in a seat email point (the site's origin). */
  origin: string;
}

/** One request's answer: not live or not allowed means it was not booked (`result` null). */
export interface BatchAnswer {
  live: boolean;
  allowed: boolean;
  retryAfterSeconds: number;
  result: BookingResult | null;
}

/** The most bookings one call carries (a few dozen KB of JSON; the rest wait for the next call). */
export const MAX_BATCH = 200;
/** This many waiting go at once, without waiting for the end of the event loop's turn. */
export const EARLY_BATCH = 32;
const ATTEMPTS = 5;

interface Waiting {
  item: BatchBooking;
  resolve: (answer: BatchAnswer) => void;
  reject: (error: unknown) => void;
}

interface Line {
  waiting: Waiting[];
  /** A call of this session's is in flight (its drain sends whatever waits when it is back). */
  busy: boolean;
  /** A send is scheduled for the end of this turn of the event loop. */
  scheduled: boolean;
}

/** What the service-role statement receives for one item. */
function wire(item: BatchBooking) {
  return {
    claims: JSON.stringify(item.claims),
    event_id: item.eventId,
    session_id: item.sessionId,
    swap: item.swap,
    ...(item.authSession ? { auth_session: { id: item.authSession.id, user_id: item.authSession.userId } } : {}),
    ...(item.limit
      ? {
          limit: {
            buckets: item.limit.map((rule) => rule.bucket),
            limits: item.limit.map((rule) => rule.limit),
            windows: item.limit.map((rule) => rule.windowSeconds),
          },
        }
      : {}),
  };
}

function parseAnswer(raw: unknown): BatchAnswer {
  const row = raw as { live: boolean; allowed: boolean; retry_after_seconds: number; result: unknown };
  return {
    live: row.live === true,
    allowed: row.allowed === true,
    retryAfterSeconds: Number(row.retry_after_seconds) || 0,
    result: row.result == null ? null : bookingResult.parse(row.result),
  };
}

/**
 * The lines a process keeps, each with at most one call in flight whatever its sessions; a session
 * always waits in the same line (by its id), so its bookings go to Postgres in arrival order. One
 * line per session (before 2026-12-05) made a call of one or two bookings when a rush was spread over
 * ten rounds, and a call's own cost (~1 ms of Postgres) then outweighed its bookings; two lines keep
 * calls large and two of each process's calls in Postgres at once (bench:booking, spread: 51-52 % of
 * the direct SQL rate with a line per session, 61-75 % with two lines, 65 % with one).
 */
export const LINES = 2;

const lineOf = (sessionId: string) => `line-${Number.parseInt(sessionId.slice(0, 8), 16) % LINES}`;

const compareSessions = (a: BatchBooking, b: BatchBooking) =>
  a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0;

export class BookingBatcher {
  readonly #db: Sql;
  readonly #queueNotices: (db: Sql, origin: string) => Promise<unknown>;
  readonly #lines = new Map<string, Line>();
  /** How many calls were sent and how many bookings they carried (for the bench and tests). */
  calls = 0;
  items = 0;

  constructor(db: Sql, queueNotices: (db: Sql, origin: string) => Promise<unknown>) {
    this.#db = db;
    this.#queueNotices = queueNotices;
  }

  /** Books `item` in the next call of its session's line; resolves once that call committed. */
  book(item: BatchBooking): Promise<BatchAnswer> {
    return new Promise((resolve, reject) => {
      const key = lineOf(item.sessionId);
      let line = this.#lines.get(key);
      if (!line) {
        line = { waiting: [], busy: false, scheduled: false };
        this.#lines.set(key, line);
      }
      line.waiting.push({ item, resolve, reject });
      if (line.busy) return; // the call in flight takes it next
      if (line.waiting.length >= EARLY_BATCH) {
        // A rush: Postgres starts on these while this process reads the rest.
        this.#start(key, line);
      } else if (!line.scheduled) {
        // Requests read in the same turn of the event loop go together.
        line.scheduled = true;
        const scheduled = line;
        setImmediate(() => {
          scheduled.scheduled = false;
          if (!scheduled.busy) this.#start(key, scheduled);
        });
      }
    });
  }

  #start(key: string, line: Line): void {
    line.busy = true;
    void this.#drain(key, line);
  }

  async #drain(key: string, line: Line): Promise<void> {
    while (line.waiting.length > 0) {
      const batch = line.waiting.splice(0, MAX_BATCH);
      await this.#send(batch);
    }
    line.busy = false;
    if (!line.scheduled && this.#lines.get(key) === line) this.#lines.delete(key);
  }

  async #send(batch: Waiting[]): Promise<void> {
    let answers: BatchAnswer[];
    try {
      answers = await this.#call(batch.map((waiting) => waiting.item));
    } catch (error) {
      if (batch.length === 1 || isDatabaseUnavailable(error) || !(error instanceof postgres.PostgresError)) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      // Something in the batch fails: each on its own, in arrival order, so only that one fails.
      for (const waiting of batch) await this.#send([waiting]);
      return;
    }
    batch.forEach((waiting, index) => waiting.resolve(answers[index]!));
    if (answers.some((answer) => answer.result?.notices_due)) {
      // A seat this gave someone in line (a swap, a raised capacity): its email, in a transaction
      // of its own, exactly once (the booking job picks it up if this fails).
      try {
        await this.#queueNotices(this.#db, batch[0]!.item.origin);
      } catch (error) {
        console.error('samspil: queueing seat emails after a booking failed; the booking job retries;', error);
      }
    }
  }

  async #call(arrived: BatchBooking[]): Promise<BatchAnswer[]> {
    this.calls += 1;
    this.items += arrived.length;
    // Sessions in one order in every call (each session's bookings in arrival order), so two calls
    // that book the same sessions take their row locks in the same order and never deadlock.
    const order = arrived.map((_, index) => index).sort((a, b) => compareSessions(arrived[a]!, arrived[b]!) || a - b);
    const items = order.map((index) => arrived[index]!);
    for (let attempt = 1; ; attempt += 1) {
      try {
        const [row] = await asServiceInOneTrip(
          (tx) => tx<{ answers: unknown[] }[]>`select private.book_sessions(${tx.json(items.map(wire))}) as answers`,
          this.#db,
        );
        const answers = row!.answers.map(parseAnswer);
        if (answers.length !== items.length) throw new Error('book_sessions answered a different number of items');
        const inArrivalOrder: BatchAnswer[] = new Array<BatchAnswer>(answers.length);
        order.forEach((index, position) => (inArrivalOrder[index] = answers[position]!));
        return inArrivalOrder;
      } catch (error) {
        const retry = error instanceof postgres.PostgresError && isRetryableSqlState(error.code) && attempt < ATTEMPTS;
        if (!retry) throw error;
      }
    }
  }
}

const batchers = new WeakMap<Sql, BookingBatcher>();

/** The batcher of a pool (one per pool: a test's own pool gets its own). */
export function bookingBatcher(db: Sql, queueNotices: (db: Sql, origin: string) => Promise<unknown>): BookingBatcher {
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = new BookingBatcher(db, queueNotices);
    batchers.set(db, batcher);
  }
  return batcher;
}
