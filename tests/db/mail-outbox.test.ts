// The email outbox against a real Postgres (an email is a job in the one job
// queue, private.jobs, read here through private.outbox_email_states): enqueueing commits and rolls back
// with the caller's transaction, the worker sends each message once (also
// with two workers racing), failures back off and end dead, crashed claims
// are taken over, and the row's state never goes backwards. The transport is
// a fake that records calls and, like Resend, answers a repeated idempotency
// key with the first delivery; everything else is the real code.
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { readEnv } from '../../src/lib/config.ts';
import { ANON, asService, asUser, connect, type Sql } from '../../src/lib/db/db.server.ts';
import {
  createDevMailboxTransport,
  getDevMailboxMessage,
  listDevMailbox,
} from '../../src/lib/mail/dev-mailbox-transport.server.ts';
import { type EmailRequest, RETRY_BASE_MS, TEMPLATE_NAMES } from '../../src/lib/mail/mail.ts';
import { drainOutbox, enqueueEmail, enqueueEmails, purgeFinishedEmails } from '../../src/lib/mail/outbox.server.ts';
import { SAMPLE_DATA } from '../../src/lib/mail/templates/samples.ts';
import type { MailTransport, SendResult } from '../../src/lib/mail/transport.ts';
import { startOutboxWorker } from '../../src/lib/mail/worker.server.ts';
import { freshDatabase } from '../fixtures/db.ts';

const { sql, url } = await freshDatabase({ max: 10 });

interface Call {
  to: string;
  subject: string;
  idempotencyKey: string;
}

/** The external boundary: records every call; like Resend, a repeated key gets the first delivery's id. */
class FakeTransport implements MailTransport {
  readonly name = 'fake';
  readonly calls: Call[] = [];
  readonly deliveries = new Map<string, string>();
  failures: SendResult[] = [];
  delayMs = 0;

  async send(message: { to: string; subject: string }, { idempotencyKey }: { idempotencyKey: string }) {
    this.calls.push({ to: message.to, subject: message.subject, idempotencyKey });
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const failure = this.failures.shift();
    if (failure) return failure;
    const id = this.deliveries.get(idempotencyKey) ?? `fake-${this.deliveries.size + 1}`;
    this.deliveries.set(idempotencyKey, id);
    return { ok: true as const, providerMessageId: id };
  }
}

interface OutboxRow {
  id: string;
  idempotency_key: string;
  status: string;
  attempts: number;
  max_attempts: number;
  next_attempt_at: Date | null;
  last_attempt_at: Date | null;
  last_error: string | null;
  provider_message_id: string | null;
  sent_at: Date | null;
  template_data: unknown;
  lease_token: string | null;
}

let keys = 0;
function signIn(to = 'mette@aarhus.dk'): EmailRequest & { template: 'sign-in' } {
  keys += 1;
  return { idempotencyKey: `test/sign-in/${keys}`, to, lang: 'da', template: 'sign-in', data: SAMPLE_DATA['sign-in'] };
}

function confirmation(n: number): EmailRequest {
  return {
    idempotencyKey: `test/order/${n}`,
    to: `deltager${n}@kommune.dk`,
    lang: n % 2 ? 'da' : 'en',
    template: 'order-confirmation',
    data: SAMPLE_DATA['order-confirmation'],
  };
}

async function row(key: string): Promise<OutboxRow> {
  const [found] = await sql<OutboxRow[]>`select * from private.outbox_email_states where idempotency_key = ${key}`;
  if (!found) throw new Error(`no outbox row for ${key}`);
  return found;
}

async function count(key: string): Promise<number> {
  const [found] = await sql<{ n: number }[]>`
    select count(*)::int as n from private.outbox_emails where idempotency_key = ${key}`;
  return found!.n;
}

/** Time travel: the row's retry (or lease expiry) is due now. */
async function makeDue(key: string): Promise<void> {
  await sql`update private.jobs set due_at = now() - interval '1 second'
            where queue = 'email' and idempotency_key = ${key} and status in ('pending', 'running')`;
}

/** Other rows left open by earlier tests must not be sent by this one. */
async function finishOthers(): Promise<void> {
  await sql`update private.jobs
            set status = 'dead', due_at = null, lease_token = null, finished_at = now()
            where queue = 'email' and status in ('pending', 'running')`;
}

async function sqlState(query: PromiseLike<unknown>): Promise<string | undefined> {
  try {
    await query;
    return undefined;
  } catch (error) {
    if (error instanceof postgres.PostgresError) return error.code;
    throw error;
  }
}

describe('enqueueEmail', () => {
  it('queues nothing when the caller’s transaction rolls back', async () => {
    const request = signIn();
    await expect(
      asService(async (tx) => {
        await enqueueEmail(tx, request);
        throw new Error('the change failed');
      }, sql),
    ).rejects.toThrow('the change failed');
    expect(await count(request.idempotencyKey)).toBe(0);
  });

  it('queues one pending row when it commits, and the same key again changes nothing', async () => {
    const request = signIn();
    const first = await asService((tx) => enqueueEmail(tx, request), sql);
    const again = await asService((tx) => enqueueEmail(tx, request), sql);
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    const stored = await row(request.idempotencyKey);
    expect(stored).toMatchObject({ id: first.id, status: 'pending', attempts: 0, sent_at: null });
    expect(stored.template_data).toEqual(SAMPLE_DATA['sign-in']);
  });

  it('works inside an anonymous request’s transaction and hands its role back', async () => {
    const request = signIn();
    const role = await asUser(
      ANON,
      async (tx) => {
        await enqueueEmail(tx, request);
        const [after] = await tx<{ role: string }[]>`select current_user as role`;
        return after!.role;
      },
      sql,
    );
    expect(role).toBe('anon');
    expect(await count(request.idempotencyKey)).toBe(1);

    // A transaction that never switched role (a script as the owner) gets no role back, as before.
    const other = signIn();
    const after = await sql.begin(async (tx) => {
      await enqueueEmail(tx, other);
      const [found] = await tx<{ setting: string; role: string }[]>`
        select current_setting('role') as setting, current_user as role`;
      return found!;
    });
    expect(after).toEqual({ setting: 'none', role: 'postgres' });
  });

  it('is closed to the API roles: anon and authenticated can neither read nor write the outbox', async () => {
    for (const claims of [
      ANON,
      { role: 'authenticated' as const, sub: crypto.randomUUID(), aud: 'authenticated' as const },
    ]) {
      expect(await sqlState(asUser(claims, (tx) => tx`select count(*) from private.outbox_emails`, sql))).toBe('42501');
      expect(
        await sqlState(
          asUser(claims, (tx) => tx`select private.enqueue_email('x', 'a@b.dk', 'da', 'sign-in', '{}', false)`, sql),
        ),
      ).toBe('42501');
      expect(await sqlState(asUser(claims, (tx) => tx`select count(*) from private.dev_mailbox`, sql))).toBe('42501');
    }
  });

  it('rejects data that does not fit the template and writes nothing', async () => {
    const request = { ...signIn(), data: { ...SAMPLE_DATA['sign-in'], code: '12ab56' } };
    await expect(asService((tx) => enqueueEmail(tx, request), sql)).rejects.toThrow(/six digits/);
    const hostile = { ...signIn(), data: { ...SAMPLE_DATA['sign-in'], link: 'javascript:alert(1)' } };
    await expect(asService((tx) => enqueueEmail(tx, hostile), sql)).rejects.toThrow(/http/);
    expect(await count(request.idempotencyKey)).toBe(0);
    expect(await count(hostile.idempotencyKey)).toBe(0);
  });

  it('accepts every template the code knows, and the table accepts no other', async () => {
    for (const template of TEMPLATE_NAMES) {
      const request = {
        idempotencyKey: `test/every/${template}`,
        to: 'a@b.dk',
        lang: 'en',
        template,
        data: SAMPLE_DATA[template],
      } as EmailRequest;
      await asService((tx) => enqueueEmail(tx, request), sql);
      expect(await count(request.idempotencyKey)).toBe(1);
    }
    expect(
      await sqlState(sql`select private.enqueue_email('test/unknown', 'a@b.dk', 'da', 'newsletter', '{}', false)`),
    ).toBe('23514');
  });
});

describe('enqueueEmails', () => {
  it('queues several in one statement, as enqueueEmail each: in input order, a key already queued changes nothing', async () => {
    const earlier = confirmation(9001);
    const first = await asService((tx) => enqueueEmail(tx, earlier), sql);
    const code = signIn();
    const requests = [confirmation(9002), earlier, code, confirmation(9002)];
    const results = await asService((tx) => enqueueEmails(tx, requests), sql);

    expect(results.map((result) => result.created)).toEqual([true, false, true, false]);
    expect(results[1]!.id).toBe(first.id);
    expect(results[3]!.id).toBe(results[0]!.id);
    expect(await row('test/order/9002')).toMatchObject({ id: results[0]!.id, status: 'pending', attempts: 0 });
    expect((await row('test/order/9002')).template_data).toEqual(SAMPLE_DATA['order-confirmation']);
    const [stored] = await sql<{ id: string; recipient: string; language: string; sensitive: boolean }[]>`
      select id, recipient, language, sensitive from private.outbox_emails where idempotency_key = ${code.idempotencyKey}`;
    expect(stored).toEqual({ id: results[2]!.id, recipient: code.to, language: 'da', sensitive: true });
    expect(await count('test/order/9002')).toBe(1);
    expect(await asService((tx) => enqueueEmails(tx, []), sql)).toEqual([]);
  });

  it('rejects a batch with one email whose data does not fit its template, and writes none of it', async () => {
    const good = confirmation(9003);
    const bad = { ...signIn(), data: { ...SAMPLE_DATA['sign-in'], code: '12ab56' } };
    await expect(asService((tx) => enqueueEmails(tx, [good, bad]), sql)).rejects.toThrow(/six digits/);
    expect(await count(good.idempotencyKey)).toBe(0);
    expect(await count(bad.idempotencyKey)).toBe(0);
  });
});

describe('drainOutbox', () => {
  it('sends a committed email once, records it, and erases a sign-in code', async () => {
    await finishOthers();
    const transport = new FakeTransport();
    const request = signIn('jonas@frederiksberg.dk');
    await asService((tx) => enqueueEmail(tx, request), sql);

    const first = await drainOutbox({ transport, db: sql });
    const second = await drainOutbox({ transport, db: sql });

    expect(first).toMatchObject({ claimed: 1, sent: 1 });
    expect(second.claimed).toBe(0);
    expect(transport.calls).toEqual([
      {
        to: 'jonas@frederiksberg.dk',
        subject: 'Din kode til at logge ind: 482913',
        idempotencyKey: request.idempotencyKey,
      },
    ]);
    const stored = await row(request.idempotencyKey);
    expect(stored).toMatchObject({ status: 'sent', attempts: 1, provider_message_id: 'fake-1', next_attempt_at: null });
    expect(stored.sent_at).toBeInstanceOf(Date);
    expect(stored.template_data).toBeNull();
  });

  it('sends each of 200 messages exactly once with two workers draining at the same time', async () => {
    await finishOthers();
    await asService(async (tx) => {
      for (let n = 0; n < 200; n += 1) await enqueueEmail(tx, confirmation(n));
    }, sql);
    const transport = new FakeTransport();
    transport.delayMs = 1;
    const pools: Sql[] = [connect(url, { max: 2 }), connect(url, { max: 2 })];
    const claimedBy = [0, 0];
    const began = performance.now();
    try {
      await Promise.all(
        pools.map(async (db, worker) => {
          for (;;) {
            const result = await drainOutbox({ transport, db, limit: 10 });
            if (result.claimed === 0) return;
            claimedBy[worker] = claimedBy[worker]! + result.claimed;
          }
        }),
      );
    } finally {
      await Promise.all(pools.map((db) => db.end({ timeout: 5 })));
    }
    const elapsed = performance.now() - began;

    const sentKeys = transport.calls.map((call) => call.idempotencyKey);
    expect(sentKeys).toHaveLength(200);
    expect(new Set(sentKeys).size).toBe(200);
    expect(claimedBy[0]! + claimedBy[1]!).toBe(200);
    expect(claimedBy.every((n) => n > 0)).toBe(true);
    const [states] = await sql<{ sent: number; open: number }[]>`
      select count(*) filter (where status = 'sent')::int as sent,
             count(*) filter (where status in ('pending', 'sending'))::int as open
      from private.outbox_email_states where idempotency_key like 'test/order/%'`;
    expect(states).toEqual({ sent: 200, open: 0 });
    console.info(`outbox: 200 emails by 2 workers in ${Math.round(elapsed)} ms (split ${claimedBy.join('/')})`);
  });

  it('retries a failing send with growing backoff and the same key, then gives up for good', async () => {
    await finishOthers();
    const transport = new FakeTransport();
    const request = signIn();
    await asService((tx) => enqueueEmail(tx, request), sql);
    const { max_attempts: maxAttempts } = await row(request.idempotencyKey);
    expect(maxAttempts).toBe(8);

    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      transport.failures.push({
        ok: false,
        retryable: true,
        error: `resend rate_limit_exceeded (429): try ${attempt}`,
      });
      const result = await drainOutbox({ transport, db: sql });
      expect(result.claimed).toBe(1);
      const stored = await row(request.idempotencyKey);
      expect(stored.attempts).toBe(attempt);
      expect(stored.last_error).toContain(`try ${attempt}`);
      if (attempt < maxAttempts) {
        expect(stored.status).toBe('pending');
        const waited = stored.next_attempt_at!.getTime() - stored.last_attempt_at!.getTime();
        const ceiling = Math.min(RETRY_BASE_MS * 2 ** (attempt - 1), 3_600_000);
        expect(waited).toBeGreaterThanOrEqual(ceiling / 2);
        expect(waited).toBeLessThanOrEqual(ceiling + 5_000);
        // Not due yet: a drain now leaves it alone.
        expect((await drainOutbox({ transport, db: sql })).claimed).toBe(0);
        await makeDue(request.idempotencyKey);
      } else {
        expect(stored).toMatchObject({ status: 'dead', next_attempt_at: null, template_data: null });
      }
    }

    expect(transport.calls).toHaveLength(maxAttempts);
    expect(new Set(transport.calls.map((call) => call.idempotencyKey))).toEqual(new Set([request.idempotencyKey]));
    // Dead stays dead: nothing claims it, and SQL refuses to revive it.
    await sql`update private.jobs set due_at = null where queue = 'email' and idempotency_key = ${request.idempotencyKey}`;
    expect((await drainOutbox({ transport, db: sql })).claimed).toBe(0);
    expect(
      await sqlState(
        sql`update private.jobs set status = 'pending', due_at = now(), finished_at = null
            where queue = 'email' and idempotency_key = ${request.idempotencyKey}`,
      ),
    ).toBe('23514');
    expect((await row(request.idempotencyKey)).status).toBe('dead');
  });

  it('gives up at once on a permanent error, and on data that no longer renders', async () => {
    await finishOthers();
    const transport = new FakeTransport();
    const rejected = signIn();
    await asService((tx) => enqueueEmail(tx, rejected), sql);
    transport.failures.push({ ok: false, retryable: false, error: 'resend validation_error (422): bad address' });
    expect(await drainOutbox({ transport, db: sql })).toMatchObject({ claimed: 1, dead: 1 });
    expect(await row(rejected.idempotencyKey)).toMatchObject({ status: 'dead', attempts: 1 });

    // A row written around the TypeScript checks, with data its template refuses.
    await sql`select private.enqueue_email('test/broken', 'a@b.dk', 'da', 'sign-in', '{"code": "x"}', false)`;
    expect(await drainOutbox({ transport, db: sql })).toMatchObject({ claimed: 1, dead: 1 });
    const broken = await row('test/broken');
    expect(broken).toMatchObject({ status: 'dead', attempts: 1 });
    expect(broken.last_error).toMatch(/^cannot render sign-in/);
    expect(transport.calls).toHaveLength(1);
  });

  it('retries when the transport throws (a network failure), like any transient error', async () => {
    await finishOthers();
    const request = signIn();
    await asService((tx) => enqueueEmail(tx, request), sql);
    const throwing: MailTransport = {
      name: 'broken',
      send: () => Promise.reject(new Error('ECONNRESET')),
    };
    expect(await drainOutbox({ transport: throwing, db: sql })).toMatchObject({ claimed: 1, retrying: 1 });
    expect(await row(request.idempotencyKey)).toMatchObject({ status: 'pending', last_error: 'broken: ECONNRESET' });
  });
});

describe('crashes', () => {
  it('a claim whose worker died is taken over when its lease runs out, and sent with the same key', async () => {
    await finishOthers();
    const request = signIn();
    await asService((tx) => enqueueEmail(tx, request), sql);
    // A worker claims the message, the provider accepts it, and the worker dies before recording that.
    const [claimed] = await asService(
      (tx) => tx<OutboxRow[]>`select * from private.claim_outbox_emails(10, interval '10 minutes')`,
      sql,
    );
    expect(claimed!.idempotency_key).toBe(request.idempotencyKey);
    const transport = new FakeTransport();
    await transport.send({ to: claimed!.idempotency_key, subject: '' }, { idempotencyKey: request.idempotencyKey });

    // While the lease holds, nobody else takes it.
    expect((await drainOutbox({ transport, db: sql })).claimed).toBe(0);
    expect((await row(request.idempotencyKey)).status).toBe('sending');

    await makeDue(request.idempotencyKey);
    expect(await drainOutbox({ transport, db: sql })).toMatchObject({ claimed: 1, sent: 1 });
    const stored = await row(request.idempotencyKey);
    expect(stored).toMatchObject({ status: 'sent', attempts: 2, provider_message_id: 'fake-1' });
    // Two calls with one key: the provider delivered once.
    expect(transport.calls.map((call) => call.idempotencyKey)).toEqual([
      request.idempotencyKey,
      request.idempotencyKey,
    ]);
    expect(transport.deliveries.size).toBe(1);
  });

  it('ignores a failure reported by a worker that lost its lease, but accepts its success', async () => {
    await finishOthers();
    const request = signIn();
    await asService((tx) => enqueueEmail(tx, request), sql);
    const claim = () =>
      asService((tx) => tx<OutboxRow[]>`select * from private.claim_outbox_emails(1, interval '1 minute')`, sql);
    const [slow] = await claim();
    await makeDue(request.idempotencyKey);
    const [fresh] = await claim();
    expect(fresh!.id).toBe(slow!.id);
    expect(fresh!.lease_token).not.toBe(slow!.lease_token);

    const [late] = await sql`
      select private.fail_job(${slow!.id}, ${slow!.lease_token}, 'timeout', interval '1 minute') as status`;
    expect(late!.status).toBeNull();
    expect((await row(request.idempotencyKey)).status).toBe('sending');

    const [success] = await sql`select private.mark_outbox_email_sent(${slow!.id}, 'late-but-true') as done`;
    expect(success!.done).toBe(true);
    expect(await row(request.idempotencyKey)).toMatchObject({ status: 'sent', provider_message_id: 'late-but-true' });
    const [ignored] = await sql`
      select private.fail_job(${fresh!.id}, ${fresh!.lease_token}, 'too late', null) as status`;
    expect(ignored!.status).toBeNull();
    expect((await row(request.idempotencyKey)).status).toBe('sent');
  });

  it('dead-letters a message whose lease ran out after its last attempt', async () => {
    await finishOthers();
    const request = signIn();
    await asService((tx) => enqueueEmail(tx, request), sql);
    for (let attempt = 1; attempt <= 8; attempt += 1) {
      const claimed = await asService(
        (tx) => tx`select id from private.claim_outbox_emails(5, interval '1 minute')`,
        sql,
      );
      expect(claimed).toHaveLength(1);
      await makeDue(request.idempotencyKey);
    }
    const again = await asService((tx) => tx`select id from private.claim_outbox_emails(5, interval '1 minute')`, sql);
    expect(again).toHaveLength(0);
    const stored = await row(request.idempotencyKey);
    expect(stored).toMatchObject({ status: 'dead', attempts: 8, template_data: null });
    expect(stored.last_error).toContain('lease expired after the last attempt');
  });
});

describe('the outbox row in SQL', () => {
  it('never changes what is sent, never lowers attempts, and keeps sent final', async () => {
    await finishOthers();
    const request = signIn();
    await asService((tx) => enqueueEmail(tx, request), sql);
    const key = request.idempotencyKey;
    expect(
      await sqlState(sql`update private.outbox_emails set recipient = 'x@y.dk' where idempotency_key = ${key}`),
    ).toBe('23514');
    expect(
      await sqlState(sql`update private.outbox_emails set template_data = '{}' where idempotency_key = ${key}`),
    ).toBe('23514');
    await drainOutbox({ transport: new FakeTransport(), db: sql });
    expect(await sqlState(sql`update private.jobs set attempts = 0 where id = ${(await row(key)).id}`)).toBe('23514');
    expect(
      await sqlState(
        sql`update private.outbox_emails set provider_message_id = 'other' where idempotency_key = ${key}`,
      ),
    ).toBe('23514');
    expect(
      await sqlState(
        sql`update private.jobs set status = 'running', lease_token = gen_random_uuid(), due_at = now(),
              finished_at = null where queue = 'email' and idempotency_key = ${key}`,
      ),
    ).toBe('23514');
    expect((await row(key)).status).toBe('sent');
  });

  it('purges finished messages after their retention, and keeps open ones', async () => {
    await finishOthers();
    const request = signIn();
    await asService((tx) => enqueueEmail(tx, request), sql);
    await drainOutbox({ transport: new FakeTransport(), db: sql });
    const open = signIn();
    await asService((tx) => enqueueEmail(tx, open), sql);
    await sql`update private.jobs set finished_at = now() - interval '31 days'
              where queue = 'email' and idempotency_key = ${request.idempotencyKey}`;
    expect(await purgeFinishedEmails({ db: sql })).toBeGreaterThanOrEqual(1);
    expect(await count(request.idempotencyKey)).toBe(0);
    expect(await count(open.idempotencyKey)).toBe(1);
  });
});

describe('the worker', () => {
  it('sends a committed email at once, woken by Postgres, without waiting for its poll', async () => {
    await finishOthers();
    const transport = new FakeTransport();
    const db = connect(url, { max: 3 });
    const worker = startOutboxWorker({ db, transport, intervalMs: 60_000, env: readEnv({}) });
    try {
      // Let the first (empty) round and the LISTEN settle.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const request = signIn();
      const committedAt = performance.now();
      await asService((tx) => enqueueEmail(tx, request), sql);
      // Sent long before the worker's next poll (a minute away): the notification woke it.
      await expect
        .poll(() => transport.calls.map((call) => call.idempotencyKey), { timeout: 30_000, interval: 10 })
        .toContain(request.idempotencyKey);
      const latency = performance.now() - committedAt;
      await expect.poll(async () => (await row(request.idempotencyKey)).status).toBe('sent');
      console.info(`outbox: commit → send through LISTEN in ${Math.round(latency)} ms`);
    } finally {
      await worker.stop();
      await db.end({ timeout: 5 });
    }
  });

  it('paced, claims a second’s worth: a sign-in code queued while a broadcast goes out is sent after the two claimed', async () => {
    await finishOthers();
    await asService(async (tx) => {
      for (let n = 0; n < 20; n += 1) {
        await enqueueEmail(tx, {
          idempotencyKey: `test/paced-broadcast/${n}`,
          to: `deltager${n}@aarhus.dk`,
          lang: 'da',
          template: 'broadcast',
          data: SAMPLE_DATA['broadcast'],
        });
      }
    }, sql);
    const request = signIn('haster@aarhus.dk');
    const transport = new FakeTransport();
    const send = transport.send.bind(transport);
    // The sign-in code is requested while the worker sends the broadcast's first email.
    transport.send = async (message, options) => {
      if (transport.calls.length === 0) await asService((tx) => enqueueEmail(tx, request), sql);
      return send(message, options);
    };
    const worker = startOutboxWorker({ db: sql, transport, sendsPerSecond: 2, intervalMs: 60_000, env: readEnv({}) });
    try {
      await expect
        .poll(() => transport.calls.map((call) => call.idempotencyKey), { timeout: 30_000 })
        .toContain(request.idempotencyKey);
      // Two a second, so a round claims two; the next claim takes the sign-in code before the other 18.
      expect(transport.calls.map((call) => call.idempotencyKey).indexOf(request.idempotencyKey)).toBe(2);
    } finally {
      await worker.stop();
      await finishOthers();
    }
  });

  it('without a transport (production without Resend) sends nothing and leaves the outbox alone', async () => {
    const worker = startOutboxWorker({ db: sql, env: readEnv({ NODE_ENV: 'production' }) });
    expect(worker.transport).toBeNull();
    await worker.stop();
  });
});

describe('the dev mailbox transport', () => {
  it('keeps one message per idempotency key and shows it newest first', async () => {
    const transport = createDevMailboxTransport({ from: 'Samspil <noreply@samspil.localhost>', db: sql });
    const message = {
      to: 'mette@aarhus.dk',
      subject: 'Din billet til Velfærdens Innovationsdag 2027',
      html: '<p>Hej</p>',
      text: 'Hej',
      attachments: [{ filename: 'innovationsdag.ics', contentType: 'text/calendar', contentBase64: 'QkVHSU4=' }],
      tags: { template: 'order-confirmation', lang: 'da' },
    };
    const first = await transport.send(message, { idempotencyKey: 'test/dev/1' });
    const again = await transport.send(message, { idempotencyKey: 'test/dev/1' });
    await transport.send({ ...message, subject: 'Nyere' }, { idempotencyKey: 'test/dev/2' });
    expect(first.ok && again.ok && first.providerMessageId === again.providerMessageId).toBe(true);

    const listed = await listDevMailbox({}, sql);
    expect(listed.map((entry) => entry.subject)).toEqual(['Nyere', message.subject]);
    expect(listed[1]).toMatchObject({ to: 'mette@aarhus.dk', template: 'order-confirmation', lang: 'da' });
    const shown = await getDevMailboxMessage(listed[1]!.id, sql);
    expect(shown).toMatchObject({ html: '<p>Hej</p>', text: 'Hej', attachments: message.attachments });
    expect(await getDevMailboxMessage('not-a-uuid', sql)).toBeNull();
  });
});
