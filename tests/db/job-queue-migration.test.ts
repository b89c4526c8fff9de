// Moving the outbox and the refunds onto the one job queue keeps their work: a
// database with emails and refunds in every state is migrated up to the day
// before the queue, given the queue's migrations, and then drained. Each
// pending email and refund goes out exactly once, one a crashed worker held is
// taken over when its lease ends, and nothing finished is done again.
import { describe, expect, it } from 'vitest';
import { asService } from '../../src/lib/db/db.server.ts';
import { bootstrapIfVanilla, migrate, readMigrations } from '../../src/lib/db/migrate.ts';
import { drainOutbox } from '../../src/lib/mail/outbox.server.ts';
import { SAMPLE_DATA } from '../../src/lib/mail/templates/samples.ts';
import type { MailTransport } from '../../src/lib/mail/transport.ts';
import type { PaymentProvider, RefundCommand } from '../../src/lib/payments/payments.ts';
import { executeDueRefunds } from '../../src/lib/registration/refunds.server.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { sqlState } from '../fixtures/sql.ts';

/** The first migration of the job queue; everything before it is the old world. */
const QUEUE_MIGRATION = '20261203100300';

const { sql } = await freshDatabase({ template: null });

class FakeTransport implements MailTransport {
  readonly name = 'fake';
  readonly keys: string[] = [];
  async send(_message: unknown, { idempotencyKey }: { idempotencyKey: string }) {
    this.keys.push(idempotencyKey);
    return { ok: true as const, providerMessageId: `fake-${idempotencyKey}` };
  }
}

function fakeProvider(refunds: RefundCommand[]): PaymentProvider {
  const unused = () => Promise.reject(new Error('not in this test'));
  return {
    name: 'stripe',
    createCheckout: unused,
    retrieveCheckout: unused,
    expireCheckout: unused,
    verifyWebhook: () => {
      throw new Error('not in this test');
    },
    async refund(command) {
      refunds.push(command);
      return { refundId: `re_${command.refundRequestId.slice(0, 8)}` };
    },
  };
}

interface Old {
  emails: Record<'sent' | 'dead' | 'held' | 'pending' | 'secret', string>;
  heldLease: string;
  refunds: Record<'succeeded' | 'pending', string>;
  orderId: string;
}

/** Emails and refunds in every state, written through the old functions. */
async function oldWorld(): Promise<Old> {
  return asService(async (tx) => {
    const email = async (key: string, sensitive = false) => {
      const [row] = await tx<{ id: string }[]>`
        select id from private.enqueue_email(${key}, 'mette@aarhus.dk', 'da', 'sign-in',
          ${tx.json(SAMPLE_DATA['sign-in'])}, ${sensitive})`;
      return row!.id;
    };
    const claimOne = async () => {
      const [row] = await tx<{ id: string; lease_token: string }[]>`
        select id, lease_token from private.claim_outbox_emails(1, interval '10 minutes')`;
      return row!;
    };
    const sent = await email('old/sent');
    await claimOne();
    await tx`select private.mark_outbox_email_sent(${sent}, 'provider-1')`;
    const dead = await email('old/dead');
    const deadClaim = await claimOne();
    await tx`select private.record_outbox_email_failure(${dead}, ${deadClaim.lease_token}, 'bounced', null)`;
    const held = await email('old/held');
    const heldClaim = await claimOne();
    const pending = await email('old/pending');
    const secret = await email('old/secret', true);

    const [event] = await tx<{ id: string }[]>`
      insert into public.events (slug, name, name_en, starts_at, ends_at, venue_name, organiser_name, status)
      values ('flytning', 'Flytning', 'Move', now() + interval '30 days', now() + interval '30 days 8 hours',
              'Hallen', 'Folket', 'published')
      returning id`;
    const [order] = await tx<{ id: string }[]>`
      insert into public.orders (event_id, buyer_name, buyer_email, status, total_ore, paid_at, payment_provider,
                                 payment_intent_id)
      values (${event!.id}, 'Mette', 'mette@aarhus.dk', 'paid', 100000, now(), 'stripe', 'pi_old')
      returning id`;
    const refund = async (amount: number) => {
      const [row] = await tx<{ id: string }[]>`
        select private.request_refund(${order!.id}, null, ${amount}, 'cancellation',
          'cancel:' || gen_random_uuid()) as id`;
      return row!.id;
    };
    const succeeded = await refund(30000);
    await tx`select id from private.claim_refund_requests(1, interval '5 minutes')`;
    await tx`select private.complete_refund_request(${succeeded}, 're_old')`;
    const pendingRefund = await refund(20000);
    return {
      emails: { sent, dead, held: held, pending, secret },
      heldLease: heldClaim.lease_token,
      refunds: { succeeded, pending: pendingRefund },
      orderId: order!.id,
    };
  }, sql);
}

describe('the move onto the job queue', () => {
  it('keeps every email and refund, and sends each pending one exactly once', async () => {
    const files = await readMigrations();
    expect(files.some((file) => file.version === QUEUE_MIGRATION)).toBe(true);
    await bootstrapIfVanilla(sql);
    await migrate(
      sql,
      files.filter((file) => file.version < QUEUE_MIGRATION),
    );
    const old = await oldWorld();

    const moved = await migrate(sql, files);
    expect(moved.applied.length).toBeGreaterThanOrEqual(3);

    // Every row kept its id and its state, and the held one its worker's lease.
    const emails = await sql<{ id: string; status: string; attempts: number; lease_token: string | null }[]>`
      select id, status, attempts, lease_token from private.outbox_email_states order by idempotency_key`;
    expect(Object.fromEntries(emails.map((row) => [row.id, row.status]))).toEqual({
      [old.emails.sent]: 'sent',
      [old.emails.dead]: 'dead',
      [old.emails.held]: 'sending',
      [old.emails.pending]: 'pending',
      [old.emails.secret]: 'pending',
    });
    expect(emails.find((row) => row.id === old.emails.held)!.lease_token).toBe(old.heldLease);
    const refundStates = await sql<{ id: string; status: string }[]>`
      select id, status from private.refund_request_states`;
    expect(Object.fromEntries(refundStates.map((row) => [row.id, row.status]))).toEqual({
      [old.refunds.succeeded]: 'succeeded',
      [old.refunds.pending]: 'pending',
    });

    // Drained after the move: the pending ones go out, the held one waits for its lease.
    const transport = new FakeTransport();
    expect(await drainOutbox({ transport, db: sql })).toMatchObject({ claimed: 2, sent: 2 });
    expect(transport.keys.sort()).toEqual(['old/pending', 'old/secret']);
    await sql`update private.jobs set due_at = now() - interval '1 second' where id = ${old.emails.held}`;
    expect(await drainOutbox({ transport, db: sql })).toMatchObject({ claimed: 1, sent: 1 });
    expect(await drainOutbox({ transport, db: sql })).toMatchObject({ claimed: 0 });
    expect(transport.keys.sort()).toEqual(['old/held', 'old/pending', 'old/secret']);
    const [secret] = await sql`select template_data from private.outbox_emails where id = ${old.emails.secret}`;
    expect(secret!.template_data).toBeNull();

    const refunds: RefundCommand[] = [];
    const provider = fakeProvider(refunds);
    expect(await executeDueRefunds(provider, { db: sql })).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(await executeDueRefunds(provider, { db: sql })).toMatchObject({ claimed: 0 });
    expect(refunds.map((refund) => [refund.refundRequestId, refund.amountOre])).toEqual([[old.refunds.pending, 20000]]);
    const [order] = await sql`select refunded_ore from public.orders where id = ${old.orderId}`;
    expect(order!.refunded_ore).toBe(50000);

    // A refund is a financial record: its finished job is never purged.
    await sql`update private.jobs set finished_at = now() - interval '400 days' where queue = 'refund'`;
    expect(await sqlState(sql`select private.purge_finished_jobs('refund', interval '1 day', interval '1 day')`)).toBe(
      '23001',
    );
  });
});
