// The one job queue (private.jobs) against a real Postgres: several workers
// racing over the same jobs run each exactly once, a crashed worker's lease
// runs out and its job is taken over, failures back off and end dead, an
// idempotency key enqueues one job however often and however concurrently it
// is used, scheduled jobs wait for their time, a batch's progress is one read,
// and the API roles can neither read nor write the queue. Each test uses a
// queue of its own so tests never take each other's jobs.
import { describe, expect, it } from 'vitest';
import { ANON, asService, asUser, type Claims, connect, type Sql } from '../../src/lib/db/db.server.ts';
import {
  enqueueJob,
  type JobKind,
  type JobOutcome,
  jobBatchProgress,
  purgeFinishedJobs,
  runDueJobs,
} from '../../src/lib/jobs/queue.server.ts';
import type { PayloadJob } from '../../src/lib/jobs/queue.ts';
import { drainOutbox, enqueueEmail } from '../../src/lib/mail/outbox.server.ts';
import { TEMPLATE_NAMES } from '../../src/lib/mail/mail.ts';
import { SAMPLE_DATA } from '../../src/lib/mail/templates/samples.ts';
import type { MailTransport } from '../../src/lib/mail/transport.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { sqlState } from '../fixtures/sql.ts';

const { sql, url } = await freshDatabase({ max: 10 });

interface JobRow {
  id: string;
  status: string;
  attempts: number;
  max_attempts: number;
  due_at: Date | null;
  last_attempt_at: Date | null;
  last_error: string | null;
  lease_token: string | null;
  finished_at: Date | null;
}

async function job(id: string): Promise<JobRow> {
  const [row] = await sql<JobRow[]>`select * from private.jobs where id = ${id}`;
  return row!;
}

/** Time travel: the job's retry (or its lease's end) is due now. */
async function makeDue(id: string): Promise<void> {
  await sql`update private.jobs set due_at = now() - interval '1 second' where id = ${id}`;
}

/** A kind of job whose work is a function of the test's choosing. */
function kind(
  queue: string,
  perform: (job: PayloadJob) => Promise<JobOutcome> = async () => ({ ok: true }),
  retryDelayMs: (attempts: number) => number = () => 60_000,
): JobKind<PayloadJob> {
  return { queue, perform, retryDelayMs };
}

async function enqueueMany(queue: string, n: number, batchId: string | null = null): Promise<void> {
  await asService(
    (tx) => tx`
      select private.enqueue_job(${queue}, ${queue} || '/' || n, jsonb_build_object('n', n), null, 8, ${batchId}::uuid)
      from generate_series(1, ${n}) n`,
    sql,
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('claiming', () => {
  it('runs each of 500 jobs exactly once with 4 workers racing on their own connections', async () => {
    await enqueueMany('race', 500);
    const executions = new Map<number, number>();
    const byWorker = [0, 0, 0, 0];
    const pools: Sql[] = byWorker.map(() => connect(url, { max: 2 }));
    const began = performance.now();
    try {
      await Promise.all(
        pools.map(async (db, worker) => {
          const racing = kind('race', async (claimed) => {
            const n = Number(claimed.payload['n']);
            executions.set(n, (executions.get(n) ?? 0) + 1);
            byWorker[worker]! += 1;
            // Let the other workers in between claim and completion.
            await sleep(Math.random() < 0.1 ? 2 : 0);
            return { ok: true };
          });
          for (;;) {
            const round = await runDueJobs(racing, { db, limit: 10 });
            if (round.claimed === 0) break;
            expect(round.done).toBe(round.claimed);
          }
        }),
      );
    } finally {
      await Promise.all(pools.map((db) => db.end({ timeout: 5 })));
    }
    const elapsed = performance.now() - began;

    expect(executions.size).toBe(500);
    expect([...executions.values()].every((count) => count === 1)).toBe(true);
    expect(byWorker.reduce((a, b) => a + b, 0)).toBe(500);
    expect(byWorker.every((n) => n > 0)).toBe(true);
    const [states] = await sql<{ done: number; once: number }[]>`
      select count(*) filter (where status = 'done')::int as done,
             count(*) filter (where attempts = 1)::int as once
      from private.jobs where queue = 'race'`;
    expect(states).toEqual({ done: 500, once: 500 });
    console.info(`job queue: 500 jobs by 4 workers in ${Math.round(elapsed)} ms (split ${byWorker.join('/')})`);
  });

  it('claims by priority before age: a job enqueued after 1,000 others with a lower number goes next', async () => {
    await enqueueMany('priority', 1000);
    const urgent = await asService(
      (tx) => enqueueJob(tx, { queue: 'priority', idempotencyKey: 'priority/urgent', priority: 0 }),
      sql,
    );
    const later = await asService(
      (tx) => enqueueJob(tx, { queue: 'priority', idempotencyKey: 'priority/later', priority: 2 }),
      sql,
    );
    const order: string[] = [];
    const recording = kind('priority', async (claimed) => {
      order.push(claimed.idempotency_key);
      return { ok: true };
    });
    await runDueJobs(recording, { db: sql, limit: 2 });
    expect(order[0]).toBe('priority/urgent');
    expect(order[1]).toMatch(/^priority\/\d+$/);
    while ((await runDueJobs(recording, { db: sql, limit: 200 })).claimed > 0);
    // The rest, the lower priority last, each once.
    expect(order).toHaveLength(1002);
    expect(new Set(order).size).toBe(1002);
    expect(order.at(-1)).toBe('priority/later');
    expect((await job(urgent.id)).status).toBe('done');
    expect((await job(later.id)).status).toBe('done');
  });

  it('lets another worker take over a crashed worker’s job once its lease has run out', async () => {
    await enqueueMany('lease', 1);
    // A worker claims the job for one second and dies.
    const [crashed] = await asService(
      (tx) => tx<JobRow[]>`select * from private.claim_jobs('lease', 10, interval '1 second')`,
      sql,
    );
    expect(crashed).toMatchObject({ status: 'running', attempts: 1 });
    const performed: string[] = [];
    const worker = kind('lease', async (claimed) => {
      performed.push(claimed.lease_token);
      return { ok: true };
    });

    // While the lease holds, nobody else takes it.
    expect((await runDueJobs(worker, { db: sql })).claimed).toBe(0);
    await sleep(1_200);
    expect(await runDueJobs(worker, { db: sql })).toMatchObject({ claimed: 1, done: 1 });
    expect(performed).toHaveLength(1);
    expect(performed[0]).not.toBe(crashed!.lease_token);
    expect(await job(crashed!.id)).toMatchObject({ status: 'done', attempts: 2, lease_token: null, due_at: null });

    // The crashed worker comes back: its failure changes nothing, its success finds the job finished.
    const [late] =
      await sql`select private.fail_job(${crashed!.id}, ${crashed!.lease_token}, 'timeout', interval '1 minute') as status`;
    expect(late!.status).toBeNull();
    const [again] = await sql`select private.complete_job(${crashed!.id}) as done`;
    expect(again!.done).toBe(false);
    expect((await job(crashed!.id)).status).toBe('done');
  });

  it('ends a job dead when its lease runs out after its last attempt', async () => {
    const { id } = (
      await asService(
        (tx) => tx<{ id: string }[]>`select id from private.enqueue_job('lease-last', 'only', '{}', null, 2)`,
        sql,
      )
    )[0]!;
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const claimed = await asService(
        (tx) => tx`select id from private.claim_jobs('lease-last', 5, interval '1 minute')`,
        sql,
      );
      expect(claimed).toHaveLength(1);
      await makeDue(id);
    }
    expect(
      await asService((tx) => tx`select id from private.claim_jobs('lease-last', 5, interval '1 minute')`, sql),
    ).toHaveLength(0);
    const stored = await job(id);
    expect(stored).toMatchObject({ status: 'dead', attempts: 2, due_at: null });
    expect(stored.last_error).toContain('lease expired after the last attempt');
  });
});

describe('failures', () => {
  it('retries with growing backoff, then gives up for good', async () => {
    const { id } = (
      await asService(
        (tx) => tx<{ id: string }[]>`select id from private.enqueue_job('backoff', 'flaky', '{}', null, 4)`,
        sql,
      )
    )[0]!;
    let tries = 0;
    const flaky = kind(
      'backoff',
      async () => {
        tries += 1;
        return { ok: false, retryable: true, error: `provider down: try ${tries}` };
      },
      (attempts) => 10_000 * 2 ** (attempts - 1),
    );

    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const round = await runDueJobs(flaky, { db: sql });
      expect(round.claimed).toBe(1);
      const stored = await job(id);
      expect(stored.attempts).toBe(attempt);
      expect(stored.last_error).toBe(`provider down: try ${attempt}`);
      if (attempt < 4) {
        expect(round.retrying).toBe(1);
        expect(stored.status).toBe('pending');
        const waited = stored.due_at!.getTime() - stored.last_attempt_at!.getTime();
        expect(waited).toBeGreaterThanOrEqual(10_000 * 2 ** (attempt - 1));
        expect(waited).toBeLessThan(10_000 * 2 ** (attempt - 1) + 5_000);
        // Not due yet: a round now leaves it alone.
        expect((await runDueJobs(flaky, { db: sql })).claimed).toBe(0);
        await makeDue(id);
      } else {
        expect(round.dead).toBe(1);
        expect(stored).toMatchObject({ status: 'dead', due_at: null, lease_token: null });
        expect(stored.finished_at).not.toBeNull();
      }
    }
    expect(tries).toBe(4);
    // Dead stays dead: nothing claims it, and SQL refuses to revive it.
    expect((await runDueJobs(flaky, { db: sql })).claimed).toBe(0);
    expect(
      await sqlState(
        sql`update private.jobs set status = 'pending', due_at = now(), finished_at = null where id = ${id}`,
      ),
    ).toBe('23514');
  });

  it('gives up at once on a permanent error, and retries a job whose work threw', async () => {
    await enqueueMany('permanent', 1);
    const refused = kind('permanent', async () => ({ ok: false, retryable: false, error: 'no such account' }));
    expect(await runDueJobs(refused, { db: sql })).toMatchObject({ claimed: 1, dead: 1 });
    const [dead] = await sql<JobRow[]>`select * from private.jobs where queue = 'permanent'`;
    expect(dead).toMatchObject({ status: 'dead', attempts: 1, last_error: 'no such account' });

    await enqueueMany('throws', 1);
    const throwing = kind('throws', () => Promise.reject(new Error('ECONNRESET')));
    expect(await runDueJobs(throwing, { db: sql })).toMatchObject({ claimed: 1, retrying: 1 });
    const [pending] = await sql<JobRow[]>`select * from private.jobs where queue = 'throws'`;
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, last_error: 'ECONNRESET' });
  });
});

describe('enqueueing', () => {
  it('enqueues one job per key and queue, only when the caller’s transaction commits', async () => {
    const key = 'thank-you/attendee-1';
    await expect(
      asService(async (tx) => {
        await enqueueJob(tx, { queue: 'dedup', idempotencyKey: key });
        throw new Error('the change failed');
      }, sql),
    ).rejects.toThrow('the change failed');
    const [none] = await sql`select count(*)::int as n from private.jobs where queue = 'dedup'`;
    expect(none!.n).toBe(0);

    const first = await asService(
      (tx) => enqueueJob(tx, { queue: 'dedup', idempotencyKey: key, payload: { a: 1 } }),
      sql,
    );
    const again = await asService(
      (tx) => enqueueJob(tx, { queue: 'dedup', idempotencyKey: key, payload: { a: 2 } }),
      sql,
    );
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    // The same key in another queue is another job.
    const other = await asService((tx) => enqueueJob(tx, { queue: 'dedup-other', idempotencyKey: key }), sql);
    expect(other.created).toBe(true);
    expect(other.id).not.toBe(first.id);
    const [stored] = await sql`select payload from private.jobs where id = ${first.id}`;
    expect(stored!.payload).toEqual({ a: 1 });
  });

  it('enqueues one job when 20 transactions race with the same key', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        asService(async (tx) => {
          const result = await enqueueJob(tx, { queue: 'dedup-race', idempotencyKey: 'broadcast/1/mette' });
          await sleep(5);
          return result;
        }, sql),
      ),
    );
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.id)).size).toBe(1);
    const [count] = await sql`select count(*)::int as n from private.jobs where queue = 'dedup-race'`;
    expect(count!.n).toBe(1);
  });

  it('works inside a signed-in user’s transaction and hands the role back', async () => {
    const claims: Claims = { role: 'authenticated', sub: crypto.randomUUID(), aud: 'authenticated' };
    const role = await asUser(
      claims,
      async (tx) => {
        await enqueueJob(tx, { queue: 'as-user', idempotencyKey: 'reminder/1' });
        const [row] = await tx<{ role: string }[]>`select current_setting('role') as role`;
        return row!.role;
      },
      sql,
    );
    expect(role).toBe('authenticated');
    const [count] = await sql`select count(*)::int as n from private.jobs where queue = 'as-user'`;
    expect(count!.n).toBe(1);
  });

  it('keeps a scheduled job until its time comes', async () => {
    const later = new Date(Date.now() + 60 * 60_000);
    const morning = await asService(
      (tx) => enqueueJob(tx, { queue: 'scheduled', idempotencyKey: 'thank-you/tomorrow', runAt: later }),
      sql,
    );
    const soon = await asService(
      (tx) =>
        enqueueJob(tx, { queue: 'scheduled', idempotencyKey: 'reminder/soon', runAt: new Date(Date.now() + 1_000) }),
      sql,
    );
    expect((await job(morning.id)).due_at!.getTime()).toBe(later.getTime());
    const ran: string[] = [];
    const worker = kind('scheduled', async (claimed) => {
      ran.push(claimed.idempotency_key);
      return { ok: true };
    });
    expect((await runDueJobs(worker, { db: sql })).claimed).toBe(0);
    await sleep(1_200);
    expect(await runDueJobs(worker, { db: sql })).toMatchObject({ claimed: 1, done: 1 });
    expect(ran).toEqual(['reminder/soon']);
    expect((await job(soon.id)).status).toBe('done');
    expect((await job(morning.id)).status).toBe('pending');
  });
});

describe('a batch', () => {
  it('reports how many of its jobs are done in one read', async () => {
    const batchId = crypto.randomUUID();
    await enqueueMany('broadcast', 12, batchId);
    await enqueueMany('broadcast-other', 3, crypto.randomUUID());
    expect(await jobBatchProgress(batchId, sql)).toEqual({ total: 12, pending: 12, running: 0, done: 0, dead: 0 });

    let calls = 0;
    const worker = kind('broadcast', async () => {
      calls += 1;
      return calls === 1 ? { ok: false, retryable: false, error: 'bounced' } : { ok: true };
    });
    await runDueJobs(worker, { db: sql, limit: 5 });
    expect(await jobBatchProgress(batchId, sql)).toEqual({ total: 12, pending: 7, running: 0, done: 4, dead: 1 });
    await asService((tx) => tx`select private.claim_jobs('broadcast', 2, interval '1 minute')`, sql);
    expect(await jobBatchProgress(batchId, sql)).toEqual({ total: 12, pending: 5, running: 2, done: 4, dead: 1 });

    // The read is an index scan over the batch, however large the queue grows.
    await sql`
      insert into private.jobs (queue, idempotency_key, batch_id)
      select 'filler', 'filler/' || n, ('00000000-0000-4000-8000-' || lpad((n % 100)::text, 12, '0'))::uuid
      from generate_series(1, 20000) n`;
    await sql`analyze private.jobs`;
    const plan = await sql.unsafe(
      `explain select count(*), count(*) filter (where status = 'done') from private.jobs where batch_id = '${batchId}'`,
    );
    const shown = plan.map((row) => String(row['QUERY PLAN'])).join('\n');
    expect(shown).toMatch(/Index.* Scan .*on jobs_batch_idx/);
    expect(shown).not.toMatch(/Seq Scan/);
    const began = performance.now();
    expect(await jobBatchProgress(batchId, sql)).toMatchObject({ total: 12, done: 4 });
    const elapsed = performance.now() - began;
    console.info(`job queue: batch progress among 20,000 jobs in ${elapsed.toFixed(1)} ms`);
  });
});

describe('emails on the queue', () => {
  it('sends a scheduled email only when its time comes, and counts a broadcast’s progress', async () => {
    const batchId = crypto.randomUUID();
    const sent: string[] = [];
    const transport: MailTransport = {
      name: 'fake',
      send: async (_message, { idempotencyKey }) => {
        sent.push(idempotencyKey);
        return { ok: true, providerMessageId: `fake-${idempotencyKey}` };
      },
    };
    const email = (n: number) => ({
      idempotencyKey: `broadcast/${batchId}/${n}`,
      to: `deltager${n}@kommune.dk`,
      lang: 'da' as const,
      template: 'order-confirmation' as const,
      data: SAMPLE_DATA['order-confirmation'],
    });
    await asService(async (tx) => {
      await enqueueEmail(tx, email(1), { batchId });
      await enqueueEmail(tx, email(2), { batchId });
      // The thank-you the morning after.
      await enqueueEmail(tx, email(3), { batchId, runAt: new Date(Date.now() + 12 * 60 * 60_000) });
    }, sql);

    await drainOutbox({ transport, db: sql, limit: 50 });
    expect(sent.filter((key) => key.includes(batchId)).sort()).toEqual([
      email(1).idempotencyKey,
      email(2).idempotencyKey,
    ]);
    expect(await jobBatchProgress(batchId, sql)).toEqual({ total: 3, pending: 1, running: 0, done: 2, dead: 0 });

    await sql`update private.jobs set due_at = now() where idempotency_key = ${email(3).idempotencyKey}`;
    await drainOutbox({ transport, db: sql, limit: 50 });
    expect(sent.filter((key) => key === email(3).idempotencyKey)).toHaveLength(1);
    expect(await jobBatchProgress(batchId, sql)).toMatchObject({ total: 3, done: 3 });
  });
});

describe('which email goes first', () => {
  it('gives sign-in codes priority 0, bulk mail 2 and everything a person’s own action causes 1', async () => {
    const bulk = ['broadcast', 'event-reminder', 'thank-you', 'invoice-reminder'];
    const rows = await sql<{ template: string; priority: number }[]>`
      select t as template, private.email_priority(t) as priority from unnest(${TEMPLATE_NAMES}::text[]) t`;
    expect(Object.fromEntries(rows.map((row) => [row.template, row.priority]))).toEqual(
      Object.fromEntries(
        TEMPLATE_NAMES.map((template) => [template, template === 'sign-in' ? 0 : bulk.includes(template) ? 2 : 1]),
      ),
    );
  });
});

describe('the queue in SQL', () => {
  it('keeps finished jobs final, attempts rising and what a job is unchanged', async () => {
    await enqueueMany('guard', 1);
    const { id } = (await sql<{ id: string }[]>`select id from private.jobs where queue = 'guard'`)[0]!;
    expect(await sqlState(sql`update private.jobs set idempotency_key = 'other' where id = ${id}`)).toBe('23514');
    expect(await sqlState(sql`update private.jobs set payload = '{"n": 2}' where id = ${id}`)).toBe('23514');
    expect(await sqlState(sql`update private.jobs set queue = 'elsewhere' where id = ${id}`)).toBe('23514');
    await runDueJobs(kind('guard'), { db: sql });
    expect(await sqlState(sql`update private.jobs set attempts = 0 where id = ${id}`)).toBe('23514');
    // The priority may change while a job waits, never after.
    expect(await sqlState(sql`update private.jobs set priority = 0 where id = ${id}`)).toBe('23514');
    expect(
      await sqlState(
        sql`update private.jobs set status = 'running', lease_token = gen_random_uuid(), due_at = now(),
              finished_at = null where id = ${id}`,
      ),
    ).toBe('23514');
    expect(await sqlState(sql`select private.enqueue_job('Not A Queue', 'k')`)).toBe('23514');
    expect(await sqlState(sql`select private.claim_jobs('guard', 0, interval '1 minute')`)).toBe('22023');
  });

  it('purges a queue’s finished jobs after their retention, and keeps open ones', async () => {
    await enqueueMany('purge', 3);
    await runDueJobs(kind('purge'), { db: sql, limit: 2 });
    await sql`update private.jobs set finished_at = now() - interval '31 days' where queue = 'purge' and status = 'done'`;
    expect(await purgeFinishedJobs('purge', { doneDays: 30, deadDays: 90, db: sql })).toBe(2);
    const [left] = await sql`select count(*)::int as n from private.jobs where queue = 'purge'`;
    expect(left!.n).toBe(1);
  });

  it('is closed to the API roles: anon and authenticated can neither read nor write it', async () => {
    await enqueueMany('closed', 1);
    const { id } = (await sql<{ id: string }[]>`select id from private.jobs where queue = 'closed'`)[0]!;
    const denied = [
      `select count(*) from private.jobs`,
      `insert into private.jobs (queue, idempotency_key) values ('closed', 'mine')`,
      `update private.jobs set status = 'dead' where id = '${id}'`,
      `delete from private.jobs where id = '${id}'`,
      `select count(*) from private.outbox_email_states`,
      `select count(*) from private.refund_request_states`,
      `select count(*) from private.refund_requests`,
      `select private.enqueue_job('closed', 'mine')`,
      `select private.claim_jobs('closed', 1, interval '1 minute')`,
      `select private.complete_job('${id}')`,
      `select private.fail_job('${id}', gen_random_uuid(), 'x', null)`,
      `select private.job_batch_progress(gen_random_uuid())`,
      `select private.purge_finished_jobs('closed', interval '0', interval '0')`,
    ];
    for (const claims of [
      ANON,
      { role: 'authenticated' as const, sub: crypto.randomUUID(), aud: 'authenticated' as const },
    ]) {
      for (const statement of denied) {
        expect({ statement, state: await sqlState(asUser(claims, (tx) => tx.unsafe(statement), sql)) }).toEqual({
          statement,
          state: '42501',
        });
      }
    }
    expect((await job(id)).status).toBe('pending');
    // The service role, which the server's jobs run as, may.
    const [seen] = await asService((tx) => tx`select count(*)::int as n from private.jobs where id = ${id}`, sql);
    expect(seen!.n).toBe(1);
    const [rls] = await sql`select relrowsecurity from pg_class where oid = 'private.jobs'::regclass`;
    expect(rls!.relrowsecurity).toBe(true);
  });
});
