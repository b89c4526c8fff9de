// Ticket signing keys against a real Postgres: one key per event however many
// servers ask at once, private keys closed to everyone but the service role,
// public keys readable where check-in needs them, and codes that verify with
// the keys read back.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { asService, asUser, type Claims, type Tx } from '../../src/lib/db/db.server.ts';
import {
  getOrCreateSigningKey,
  publicKeysForEvent,
  retireSigningKey,
  type SigningKey,
} from '../../src/lib/tickets/keys.server.ts';
import { verifyTicketCode } from '../../src/lib/tickets/ticket-code.ts';
import { issueTicketCodes } from '../../src/lib/tickets/tickets.server.ts';
import { worldAt } from '../fixtures/clock.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { issueTicketCode } from '../fixtures/ticket-codes.ts';
import { rolledBackAs, sqlState } from '../fixtures/sql.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase({ max: 24 });

const service = <T>(work: (tx: Tx) => Promise<T>) => asService(work, sql);
const as = <T>(claims: Claims, work: (tx: Tx) => Promise<T>) => asUser(claims, work, sql);

const DOORS = new Date(worldAt('07:00'));
const CLOSE = new Date(worldAt('19:00'));
const DURING = new Date(worldAt('10:30'));

let published: EventWorld;
let draft: EventWorld;
const anon: Claims = { role: 'anon' };
let stranger: Claims;
let draftStaff: Claims;
let draftOrganiser: Claims;

const claimsOf = (userId: string): Claims => ({ role: 'authenticated', sub: userId, aud: 'authenticated' });

async function user(email: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`insert into auth.users (email) values (${email}) returning id`;
  return row!.id;
}

async function eventWithoutKey(): Promise<string> {
  const world = await insertEventWorld(sql, { slug: `noegler-${randomUUID().slice(0, 8)}`, status: 'published' });
  return world.eventId;
}

beforeAll(async () => {
  published = await insertEventWorld(sql, { slug: 'noegler-offentlig', status: 'published' });
  draft = await insertEventWorld(sql, { slug: 'noegler-kladde', status: 'draft' });
  stranger = claimsOf(await user('fremmed@noegler.example.org'));
  const staffId = await user('scanner@noegler.example.org');
  await sql`insert into public.event_roles (event_id, user_id, role) values (${draft.eventId}, ${staffId}, 'checkin_staff')`;
  draftStaff = claimsOf(staffId);
  draftOrganiser = claimsOf(draft.organiserId);
  await service((tx) => getOrCreateSigningKey(tx, published.eventId));
  await service((tx) => getOrCreateSigningKey(tx, draft.eventId));
});

const keyCount = async (eventId: string) =>
  (
    await sql<{ n: number }[]>`select count(*)::int as n from private.event_signing_keys where event_id = ${eventId}`
  )[0]!.n;
const describeKey = (key: SigningKey) => ({ keyId: key.keyId, publicKey: Buffer.from(key.publicKey).toString('hex') });

describe('getOrCreateSigningKey', () => {
  it('creates one key for an event and returns it again', async () => {
    const eventId = await eventWithoutKey();
    const first = await service((tx) => getOrCreateSigningKey(tx, eventId));
    const again = await service((tx) => getOrCreateSigningKey(tx, eventId));

    expect(first.keyId).toBe(1);
    expect(first.publicKey).toHaveLength(32);
    expect(describeKey(again)).toEqual(describeKey(first));
    expect(await keyCount(eventId)).toBe(1);
  });

  it('ends with one key when 20 servers ask for the first key at once', async () => {
    const eventId = await eventWithoutKey();

    const keys = await Promise.all(
      Array.from({ length: 20 }, () => service((tx) => getOrCreateSigningKey(tx, eventId))),
    );

    expect(new Set(keys.map((key) => JSON.stringify(describeKey(key)))).size).toBe(1);
    expect(await keyCount(eventId)).toBe(1);
  });

  it('gives a caller that raced a still-open creation the key that committed', async () => {
    const eventId = await eventWithoutKey();
    let created!: (key: SigningKey) => void;
    const firstCreated = new Promise<SigningKey>((resolve) => (created = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));

    // The first server has inserted its key but not committed yet.
    const first = service(async (tx) => {
      created(await getOrCreateSigningKey(tx, eventId));
      await gate;
    });
    const firstKey = await firstCreated;
    // The second sees no key, makes its own, and its insert waits on the first's row.
    const second = service((tx) => getOrCreateSigningKey(tx, eventId));
    await waitForLockWait();
    release();
    await first;

    expect(describeKey(await second)).toEqual(describeKey(firstKey));
    expect(await keyCount(eventId)).toBe(1);
  });

  it('is refused to anon and signed-in users: the private key is the service role’s alone', async () => {
    for (const claims of [anon, stranger, draftOrganiser]) {
      expect(await sqlState(as(claims, (tx) => getOrCreateSigningKey(tx, published.eventId)))).toBe('42501');
    }
  });

  it('makes a new key with the next id once the active one is retired', async () => {
    const eventId = await eventWithoutKey();
    const first = await service((tx) => getOrCreateSigningKey(tx, eventId));

    expect(await service((tx) => retireSigningKey(tx, eventId))).toBe(first.keyId);
    const second = await service((tx) => getOrCreateSigningKey(tx, eventId));

    expect(second.keyId).toBe(2);
    expect(describeKey(second)).not.toEqual(describeKey(first));
    expect(await service((tx) => retireSigningKey(tx, eventId))).toBe(2);
    expect(await service((tx) => retireSigningKey(tx, eventId))).toBeNull();
  });
});

async function waitForLockWait(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`;
    if (row!.n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the second caller never waited on the first one’s key');
}

describe('private.event_signing_keys', () => {
  const readers = () =>
    [
      ['an anonymous visitor', anon],
      ['a signed-in stranger', stranger],
      ['check-in staff', draftStaff],
      ['an organiser', draftOrganiser],
    ] as const;

  it('cannot be read, written or truncated by anon or signed-in users, whatever their role', async () => {
    for (const [who, claims] of readers()) {
      for (const query of [
        'select private_key from private.event_signing_keys',
        'select public_key from private.event_signing_keys',
        'select count(*) from private.event_signing_keys',
        `update private.event_signing_keys set retired_at = now()`,
        'delete from private.event_signing_keys',
        'truncate private.event_signing_keys',
        `insert into private.event_signing_keys (event_id, key_id, public_key, private_key)
         values ('${published.eventId}', 9, '\\x${'11'.repeat(32)}', '\\x${'22'.repeat(32)}')`,
      ]) {
        expect({ who, query, state: await sqlState(as(claims, (tx) => tx.unsafe(query))) }).toEqual({
          who,
          query,
          state: '42501',
        });
      }
    }
  });

  it('never changes a key’s material, and a retired key stays retired', async () => {
    const eventId = await eventWithoutKey();
    await service((tx) => getOrCreateSigningKey(tx, eventId));
    const attempt = (query: string) =>
      sqlState(
        rolledBackAs(
          (work) => asService(work, sql),
          (tx) => tx.unsafe(query, [eventId]),
        ),
      );

    expect(
      await attempt(`update private.event_signing_keys set private_key = '\\x${'33'.repeat(32)}' where event_id = $1`),
    ).toBe('23514');
    expect(
      await attempt(`update private.event_signing_keys set public_key = '\\x${'44'.repeat(32)}' where event_id = $1`),
    ).toBe('23514');
    expect(await attempt('update private.event_signing_keys set key_id = 7 where event_id = $1')).toBe('23514');
    expect(await attempt(`update private.event_signing_keys set public_key = '\\x00' where event_id = $1`)).toBe(
      '23514',
    );

    await service((tx) => retireSigningKey(tx, eventId));
    expect(await attempt('update private.event_signing_keys set retired_at = null where event_id = $1')).toBe('23514');
    expect(
      await attempt("update private.event_signing_keys set retired_at = now() + interval '1 day' where event_id = $1"),
    ).toBe('23514');
  });

  it('go with their event', async () => {
    const eventId = await eventWithoutKey();
    await service((tx) => getOrCreateSigningKey(tx, eventId));
    await sql`delete from public.events where id = ${eventId}`;
    expect(await keyCount(eventId)).toBe(0);
  });
});

describe('publicKeysForEvent', () => {
  const keysAs = (caller: Claims | 'service', eventId: string) => {
    const read = (tx: Tx) => publicKeysForEvent(tx, eventId);
    return caller === 'service' ? service(read) : as(caller, read);
  };

  it('gives everyone the public keys of a published event, and only those', async () => {
    const signing = await service((tx) => getOrCreateSigningKey(tx, published.eventId));
    for (const claims of [anon, stranger]) {
      const keys = await keysAs(claims, published.eventId);
      expect(keys.map((key) => ({ keyId: key.keyId, publicKey: Buffer.from(key.publicKey).toString('hex') }))).toEqual([
        describeKey(signing),
      ]);
      expect(Object.keys(keys[0]!).sort()).toEqual(['createdAt', 'keyId', 'publicKey', 'retiredAt']);
    }
  });

  it('hides a draft event’s keys from the public, but not from its check-in staff, organisers or the service role', async () => {
    expect(await keysAs(anon, draft.eventId)).toEqual([]);
    expect(await keysAs(stranger, draft.eventId)).toEqual([]);
    for (const claims of [draftStaff, draftOrganiser, 'service'] as const) {
      expect((await keysAs(claims, draft.eventId)).map((key) => key.keyId)).toEqual([1]);
    }
    // Their role is for the draft event only.
    const other = await insertEventWorld(sql, { slug: 'noegler-anden-kladde', status: 'draft' });
    await service((tx) => getOrCreateSigningKey(tx, other.eventId));
    expect(await keysAs(draftStaff, other.eventId)).toEqual([]);
  });

  it('returns nothing for an event without keys or an unknown event', async () => {
    expect(await keysAs(anon, await eventWithoutKey())).toEqual([]);
    expect(await keysAs(anon, randomUUID())).toEqual([]);
  });
});

describe('issued ticket codes', () => {
  const ticketId = randomUUID();
  const revisions = (current: number) => ({ revokedOrCurrentRevisions: new Map([[ticketId, current]]) });

  async function verifyWithKeysReadBackBy(claims: Claims, code: string, more = {}) {
    const keys = await as(claims, (tx) => publicKeysForEvent(tx, published.eventId));
    return verifyTicketCode(code, {
      eventId: published.eventId,
      publicKeys: new Map(keys.map((key) => [key.keyId, key.publicKey])),
      now: DURING,
      revokedOrCurrentRevisions: new Map(),
      ...more,
    });
  }

  it('verify with the public key that anyone reads back', async () => {
    const code = await service((tx) =>
      issueTicketCode(tx, { eventId: published.eventId, ticketId, revision: 0, validFrom: DOORS, validUntil: CLOSE }),
    );

    const result = await verifyWithKeysReadBackBy(anon, code);

    expect(result).toEqual({
      ok: true,
      ticket: { eventId: published.eventId, ticketId, keyId: 1, revision: 0, notBefore: DOORS, notAfter: CLOSE },
    });
    expect((await verifyWithKeysReadBackBy(anon, code, { eventId: draft.eventId })).ok).toBe(false);
  });

  it('are the same string when issued again with the same values, and revoked by a re-issue', async () => {
    const issue = (revision: number) =>
      service((tx) =>
        issueTicketCode(tx, { eventId: published.eventId, ticketId, revision, validFrom: DOORS, validUntil: CLOSE }),
      );
    const original = await issue(0);
    expect(await issue(0)).toBe(original);

    const reissued = await issue(1);

    expect(reissued).not.toBe(original);
    expect(await verifyWithKeysReadBackBy(stranger, original, revisions(1))).toMatchObject({
      ok: false,
      code: 'revoked',
    });
    expect((await verifyWithKeysReadBackBy(stranger, reissued, revisions(1))).ok).toBe(true);
  });

  it('are issued for a team in one go, each verifying on its own', async () => {
    const tickets = Array.from({ length: 5 }, (_, i) => ({
      ticketId: randomUUID(),
      revision: i,
      validFrom: DOORS,
      validUntil: CLOSE,
    }));
    const codes = await service((tx) => issueTicketCodes(tx, published.eventId, tickets));

    expect(new Set(codes).size).toBe(5);
    for (const [i, code] of codes.entries()) {
      const result = await verifyWithKeysReadBackBy(anon, code);
      expect(result.ok && result.ticket.ticketId).toBe(tickets[i]!.ticketId);
    }
  });

  it('signed by a retired key still verify, beside codes signed by its successor', async () => {
    const eventId = await eventWithoutKey();
    const issue = () =>
      service((tx) => issueTicketCode(tx, { eventId, ticketId, revision: 0, validFrom: DOORS, validUntil: CLOSE }));
    const before = await issue();
    await service((tx) => retireSigningKey(tx, eventId));
    const after = await issue();

    const keys = await as(anon, (tx) => publicKeysForEvent(tx, eventId));
    expect(keys.map((key) => [key.keyId, key.retiredAt !== null])).toEqual([
      [1, true],
      [2, false],
    ]);
    const publicKeys = new Map(keys.map((key) => [key.keyId, key.publicKey]));
    for (const code of [before, after]) {
      const result = await verifyTicketCode(code, {
        eventId,
        publicKeys,
        now: DURING,
        revokedOrCurrentRevisions: new Map(),
      });
      expect(result.ok).toBe(true);
    }
  });

  it('cannot be issued on a signed-in user’s transaction', async () => {
    const attempt = as(stranger, (tx) =>
      issueTicketCode(tx, { eventId: published.eventId, ticketId, revision: 0, validFrom: DOORS, validUntil: CLOSE }),
    );
    expect(await sqlState(attempt)).toBe('42501');
  });
});
