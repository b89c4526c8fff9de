// Resend's delivery webhook (migration 20261203130400_email_delivery_events.sql)
// against a real Postgres, with payloads signed by the Standard Webhooks
// library that Resend's SDK verifies with: a broadcast goes out through the
// dev mailbox, then Resend "reports" on its messages. A wrong signature changes
// nothing; the same webhook id twice (even racing) changes once; a state never
// steps back (delivered after bounced stays bounced, also for a direct UPDATE);
// a hard bounce and a complaint suppress the address for later broadcasts; the
// operations page lists them for the event's organisers only.
import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  broadcastProgress,
  countAudience,
  listRecipients,
  saveDraft,
  sendBroadcast,
} from '../../src/lib/broadcast/broadcast.server.ts';
import { composeInput } from '../../src/lib/broadcast/broadcast.ts';
import { asUser, type SignedIn } from '../../src/lib/db/db.server.ts';
import { createDevMailboxTransport } from '../../src/lib/mail/dev-mailbox-transport.server.ts';
import { handleResendWebhook, type WebhookHeaders } from '../../src/lib/mail/delivery-webhook.server.ts';
import { drainOutbox } from '../../src/lib/mail/outbox.server.ts';
import { loadOperations } from '../../src/lib/operations/operations.server.ts';
import { type Attendee, insertAttendees } from '../fixtures/booking-world.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { sqlState } from '../fixtures/sql.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase({ max: 10 });
const ORIGIN = 'https://samspil.example.org';
const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const signer = new Webhook(SECRET);

const person = (name: string): SignedIn => {
  const id = randomUUID();
  return { role: 'authenticated', sub: id, aud: 'authenticated', email: `${name}@post.example.org` };
};
const organiser = person('levering-arrangoer');
const otherOrganiser = person('levering-anden');

let world: EventWorld;
let other: EventWorld;
let people: Attendee[];
let broadcastId: string;
/** Provider message id of each recipient's email, by address. */
const messageOf = new Map<string, string>();

const devMailbox = createDevMailboxTransport({ from: 'Samspil <noreply@samspil.localhost>', db: sql });

async function sendToEveryone(subject: string): Promise<string> {
  const saved = await saveDraft(
    organiser,
    composeInput.parse({ event: world.eventId, subjectDa: subject, bodyDa: 'Hej', segment: 'everyone' }),
    sql,
  );
  if (!saved.ok) throw new Error(`draft refused: ${saved.code}`);
  const sent = await sendBroadcast(organiser, world.eventId, saved.id, ORIGIN, sql);
  if (!sent.ok) throw new Error(`send refused: ${sent.code}`);
  for (let round = 0; round < 20; round += 1) {
    await drainOutbox({ transport: devMailbox, limit: 50, db: sql });
    if ((await broadcastProgress(organiser, saved.id, sql))!.queued === 0) break;
  }
  return saved.id;
}

/** A Resend event signed as Resend signs it; `signature` overrides the header. */
function signed(
  type: string,
  emailId: string,
  options: { id?: string; bounce?: Record<string, string>; at?: Date; signature?: string; secret?: Webhook } = {},
): { body: string; headers: WebhookHeaders } {
  const id = options.id ?? `msg_${randomUUID()}`;
  const at = options.at ?? new Date();
  const body = JSON.stringify({
    type,
    created_at: at.toISOString(),
    data: {
      email_id: emailId,
      created_at: at.toISOString(),
      from: 'Samspil <noreply@samspil.localhost>',
      to: ['someone@example.org'],
      subject: 'Praktisk info',
      ...(options.bounce ? { bounce: options.bounce } : {}),
    },
  });
  const now = new Date();
  const signature = options.signature ?? (options.secret ?? signer).sign(id, now, body);
  return { body, headers: { id, timestamp: String(Math.floor(now.getTime() / 1000)), signature } };
}

const deliver = (request: { body: string; headers: WebhookHeaders }) =>
  handleResendWebhook(request.body, request.headers, { secret: SECRET, db: sql });

const deliveryOf = async (emailId: string) => {
  const [row] = await sql<{ delivery: string | null; delivery_detail: string | null }[]>`
    select delivery, delivery_detail from private.outbox_emails where provider_message_id = ${emailId}`;
  return row;
};

const recipientStatus = async (email: string, id = broadcastId) =>
  (await listRecipients(organiser, id, { limit: 500 }, sql)).find((row) => row.email === email)?.status;

beforeAll(async () => {
  for (const who of [organiser, otherOrganiser]) {
    await sql`insert into auth.users (id, email) values (${who.sub}, ${who.email!})`;
  }
  world = await insertEventWorld(sql, { slug: 'levering', status: 'published' });
  other = await insertEventWorld(sql, { slug: 'levering-b', status: 'published' });
  await sql`
    insert into public.event_roles (event_id, user_id, role) values
      (${world.eventId}, ${organiser.sub}, 'organiser'),
      (${other.eventId}, ${otherOrganiser.sub}, 'organiser')`;
  people = await insertAttendees(sql, { eventId: world.eventId, count: 6, tag: 'levering' });
  broadcastId = await sendToEveryone('Praktisk info');
  const rows = await sql<{ recipient: string; provider_message_id: string }[]>`
    select recipient, provider_message_id from private.outbox_emails
     where idempotency_key like ${`broadcast/${broadcastId}/%`}`;
  for (const row of rows) messageOf.set(row.recipient, row.provider_message_id);
  expect(messageOf.size).toBe(6);
});

describe('the signature', () => {
  it('refuses a wrong signature, another secret, a stale timestamp and missing headers, changing nothing', async () => {
    const emailId = messageOf.get(people[0]!.email)!;
    const good = signed('email.bounced', emailId, { bounce: { type: 'Permanent', message: 'no such user' } });
    const otherSecret = new Webhook(`whsec_${randomBytes(24).toString('base64')}`);
    const attempts = [
      { ...good, headers: { ...good.headers, signature: 'v1,' + randomBytes(32).toString('base64') } },
      signed('email.bounced', emailId, { secret: otherSecret }),
      // The body changed after signing.
      { body: good.body.replace('Permanent', 'Transient'), headers: good.headers },
      // Signed an hour ago: outside the five-minute window.
      (() => {
        const then = new Date(Date.now() - 3_600_000);
        return {
          body: good.body,
          headers: {
            id: good.headers.id,
            timestamp: String(Math.floor(then.getTime() / 1000)),
            signature: signer.sign(good.headers.id!, then, good.body),
          },
        };
      })(),
      { body: good.body, headers: { ...good.headers, signature: null } },
    ];
    for (const attempt of attempts) {
      expect(await deliver(attempt)).toEqual({ status: 400, reason: 'invalid_signature' });
    }
    expect(await deliveryOf(emailId)).toEqual({ delivery: null, delivery_detail: null });
    expect(await recipientStatus(people[0]!.email)).toBe('sent');
    // Without a configured secret the endpoint is not there at all.
    expect(await handleResendWebhook(good.body, good.headers, { db: sql, secret: undefined })).toEqual({
      status: 404,
      reason: 'not_configured',
    });
  });
});

describe('recording what Resend reports', () => {
  it('marks a delivered email delivered, in the outbox and for the broadcast’s recipient', async () => {
    const email = people[1]!.email;
    expect(await deliver(signed('email.delivered', messageOf.get(email)!))).toEqual({ status: 200, reason: 'applied' });
    expect((await deliveryOf(messageOf.get(email)!))!.delivery).toBe('delivered');
    expect(await recipientStatus(email)).toBe('delivered');
  });

  it('changes once for the same webhook id, even when its retries race', async () => {
    const email = people[2]!.email;
    const request = signed('email.bounced', messageOf.get(email)!, {
      bounce: { type: 'Permanent', subType: 'General', message: '550 5.1.1 mailbox unknown' },
    });
    const answers = await Promise.all(Array.from({ length: 5 }, () => deliver(request)));
    expect(answers.map((answer) => answer.reason).sort()).toEqual([
      'applied',
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    // A later retry of the same message is still the same message.
    expect(await deliver(request)).toEqual({ status: 200, reason: 'duplicate' });
    const [seen] = await sql<{ n: number }[]>`
      select count(*)::int as n from private.email_webhook_events where id = ${request.headers.id}`;
    expect(seen!.n).toBe(1);
    expect(await deliveryOf(messageOf.get(email)!)).toEqual({
      delivery: 'bounced',
      delivery_detail: 'Permanent/General: 550 5.1.1 mailbox unknown',
    });
    const recipient = (await listRecipients(organiser, broadcastId, { status: 'bounced' }, sql)).find(
      (row) => row.email === email,
    );
    expect(recipient).toMatchObject({ status: 'bounced', lastError: 'Permanent/General: 550 5.1.1 mailbox unknown' });
  });

  it('never steps back: delivered after bounced stays bounced, and bounced and complained never replace each other', async () => {
    const email = people[3]!.email;
    const emailId = messageOf.get(email)!;
    expect((await deliver(signed('email.bounced', emailId, { bounce: { type: 'Permanent' } }))).reason).toBe('applied');
    // A late delivered (another webhook id) and a complaint change nothing.
    expect(await deliver(signed('email.delivered', emailId))).toEqual({ status: 200, reason: 'unchanged' });
    expect(await deliver(signed('email.complained', emailId))).toEqual({ status: 200, reason: 'unchanged' });
    expect((await deliveryOf(emailId))!.delivery).toBe('bounced');
    expect(await recipientStatus(email)).toBe('bounced');

    // Delivered first, then a complaint: forward. Then delivered again: nothing.
    const fine = people[4]!.email;
    expect((await deliver(signed('email.delivered', messageOf.get(fine)!))).reason).toBe('applied');
    expect((await deliver(signed('email.complained', messageOf.get(fine)!))).reason).toBe('applied');
    expect((await deliver(signed('email.delivered', messageOf.get(fine)!))).reason).toBe('unchanged');
    expect(await recipientStatus(fine)).toBe('complained');

    // Postgres refuses a step back from anyone, not only from the webhook's function.
    expect(
      await sqlState(
        sql`update private.outbox_emails set delivery = 'delivered' where provider_message_id = ${emailId}`,
      ),
    ).toBe('23514');
    expect(
      await sqlState(sql`
        update public.broadcast_recipients set status = 'sent'
         where broadcast_id = ${broadcastId} and email = ${email}`),
    ).toBe('23514');
    expect(
      await sqlState(sql`
        update public.broadcast_recipients set status = 'delivered'
         where broadcast_id = ${broadcastId} and email = ${fine}`),
    ).toBe('23514');
  });

  it('asks Resend to retry an email it does not know yet, and acknowledges old unknown ones and other event types', async () => {
    expect(await deliver(signed('email.delivered', 'no-such-email'))).toEqual({ status: 404, reason: 'unknown_email' });
    const old = signed('email.delivered', 'no-such-email', { at: new Date(Date.now() - 2 * 86_400_000) });
    expect(await deliver(old)).toEqual({ status: 200, reason: 'unknown' });
    // Nothing was recorded for an unknown email, so a retry after the send is recorded still counts.
    const [seen] = await sql<{ n: number }[]>`
      select count(*)::int as n from private.email_webhook_events where provider_message_id = 'no-such-email'`;
    expect(seen!.n).toBe(0);
    expect(await deliver(signed('email.opened', messageOf.get(people[5]!.email)!))).toEqual({
      status: 200,
      reason: 'ignored',
    });
    expect(await recipientStatus(people[5]!.email)).toBe('sent');
  });
});

describe('suppression and the organisers’ view', () => {
  it('leaves hard-bounced and complaining addresses out of later broadcasts, but not a transient bounce', async () => {
    // people[2] and people[3] bounced for good, people[4] complained (tests above).
    const transient = people[5]!.email;
    expect(
      (
        await deliver(
          signed('email.bounced', messageOf.get(transient)!, {
            bounce: { type: 'Transient', message: 'mailbox full' },
          }),
        )
      ).reason,
    ).toBe('applied');
    expect(await recipientStatus(transient)).toBe('bounced');
    expect(await countAudience(organiser, world.eventId, 'everyone', null, sql)).toBe(3);
    const next = await sendToEveryone('Næste udsendelse');
    const reached = (await listRecipients(organiser, next, { limit: 500 }, sql)).map((row) => row.email).sort();
    expect(reached).toEqual([people[0]!.email, people[1]!.email, transient].sort());
  });

  it('lists bounced and complained emails on the operations page of the event’s organisers only', async () => {
    const ops = await loadOperations(organiser, world.eventId, 15, { db: sql });
    const listed = ops!.bouncedEmails.map((row) => [row.recipient, row.delivery, row.suppressed]);
    expect(listed).toHaveLength(4);
    expect(listed).toEqual(
      expect.arrayContaining([
        [people[2]!.email, 'bounced', true],
        [people[3]!.email, 'bounced', true],
        [people[4]!.email, 'complained', true],
        [people[5]!.email, 'bounced', false],
      ]),
    );
    const theirs = await asUser(
      otherOrganiser,
      (tx) => tx`select * from private.bounced_emails_of(${world.eventId})`,
      sql,
    );
    expect(theirs).toEqual([]);
    // The webhook's tables are the service role's alone.
    for (const table of ['private.email_suppressions', 'private.email_webhook_events']) {
      expect(await sqlState(asUser(organiser, (tx) => tx.unsafe(`select * from ${table}`), sql))).toBe('42501');
    }
    expect(
      await sqlState(
        asUser(
          organiser,
          (tx) => tx`select * from private.record_email_delivery('x', 'email.delivered', 'y', now(), null, false)`,
          sql,
        ),
      ),
    ).toBe('42501');
  });

  it('forgets a suppressed address with the account', async () => {
    const email = people[2]!.email;
    await sql`delete from auth.users where id = ${people[2]!.userId}`;
    const [left] = await sql<{ n: number }[]>`
      select count(*)::int as n from private.email_suppressions where email = ${email}`;
    expect(left!.n).toBe(0);
  });
});
