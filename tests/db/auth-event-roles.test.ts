// Roles per event and who may see and change them: a user reads their own
// roles, an organiser reads and manages their event's roles, nobody else sees
// any; organisers also read their own draft event. Plus has_event_role and the
// grant use case behind `npm run grant`.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { GrantError, grantEventRole } from '../../src/lib/auth/roles.server.ts';
import { asService, asUser, type Claims, type Tx } from '../../src/lib/db/db.server.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { rolledBackAs, sqlState, type TransactionRunner } from '../fixtures/sql.ts';
import { insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase();

const person = (name: string) => {
  const id = randomUUID();
  const email = `${name}@roller.dk`;
  const claims: Claims = { role: 'authenticated', sub: id, aud: 'authenticated', email };
  return { id, email, claims, run: ((work) => asUser(claims, work, sql)) as TransactionRunner };
};
const organiser = person('organisator');
const staff = person('tjekind');
const otherOrganiser = person('anden-organisator');
const stranger = person('fremmed');
const anon: TransactionRunner = (work) => asUser({ role: 'anon' }, work, sql);
const service: TransactionRunner = (work) => asService(work, sql);

let publishedId: string;
let draftId: string;
let otherId: string;

beforeAll(async () => {
  for (const p of [organiser, staff, otherOrganiser, stranger]) {
    await sql`insert into auth.users (id, email) values (${p.id}, ${p.email})`;
  }
  publishedId = (await insertEventWorld(sql, { slug: 'roller-offentlig', status: 'published' })).eventId;
  draftId = (await insertEventWorld(sql, { slug: 'roller-kladde', status: 'draft' })).eventId;
  otherId = (await insertEventWorld(sql, { slug: 'roller-anden', status: 'draft' })).eventId;
  await sql`
    insert into public.event_roles (event_id, user_id, role) values
      (${publishedId}, ${organiser.id}, 'organiser'),
      (${draftId}, ${organiser.id}, 'organiser'),
      (${publishedId}, ${staff.id}, 'checkin_staff'),
      (${draftId}, ${staff.id}, 'checkin_staff'),
      (${otherId}, ${otherOrganiser.id}, 'organiser')`;
});

const visibleRoles = (run: TransactionRunner) =>
  run(async (tx) => {
    const rows = await tx<{ event_id: string; user_id: string; role: string }[]>`
      select event_id, user_id, role from public.event_roles order by event_id, user_id, role`;
    return rows.map(
      (row) =>
        `${row.event_id === publishedId ? 'published' : row.event_id === draftId ? 'draft' : 'other'}:${
          [organiser, staff, otherOrganiser, stranger].find((p) => p.id === row.user_id)?.email.split('@')[0] ?? 'world'
        }:${row.role}`,
    );
  });
// insertEventWorld gives every event an organiser of its own, shown as 'world'.

describe('reading event roles', () => {
  it('is refused to anon outright', async () => {
    expect(await sqlState(anon((tx) => tx`select * from public.event_roles`))).toBe('42501');
  });

  it('shows a stranger nothing', async () => {
    expect(await visibleRoles(stranger.run)).toEqual([]);
  });

  it('shows a user their own roles only', async () => {
    expect((await visibleRoles(staff.run)).sort()).toEqual([
      'draft:tjekind:checkin_staff',
      'published:tjekind:checkin_staff',
    ]);
  });

  it("shows an organiser every role in their events, and none in others' events", async () => {
    expect((await visibleRoles(organiser.run)).sort()).toEqual([
      'draft:organisator:organiser',
      'draft:tjekind:checkin_staff',
      'draft:world:organiser',
      'published:organisator:organiser',
      'published:tjekind:checkin_staff',
      'published:world:organiser',
    ]);
  });

  it('shows the service role everything', async () => {
    expect(await visibleRoles(service)).toHaveLength(8);
  });
});

describe('granting and revoking roles', () => {
  const grant = (eventId: () => string, userId: string, grantedBy: string | null) => (tx: Tx) =>
    tx`insert into public.event_roles (event_id, user_id, role, granted_by)
       values (${eventId()}, ${userId}, 'attendee', ${grantedBy})`;

  it('lets an organiser grant a role in their event, recorded as granted by them', async () => {
    const row = await rolledBackAs(organiser.run, async (tx) => {
      await tx`insert into public.event_roles (event_id, user_id, role) values (${publishedId}, ${stranger.id}, 'exhibitor_member')`;
      const [inserted] = await tx`select granted_by from public.event_roles where user_id = ${stranger.id}`;
      return inserted;
    });
    expect(row).toEqual({ granted_by: organiser.id });
  });

  it('refuses an organiser who claims someone else granted it', async () => {
    expect(
      await sqlState(
        rolledBackAs(
          organiser.run,
          grant(() => publishedId, stranger.id, staff.id),
        ),
      ),
    ).toBe('42501');
  });

  it("refuses an organiser in someone else's event, staff, strangers and anon", async () => {
    expect(
      await sqlState(
        rolledBackAs(
          organiser.run,
          grant(() => otherId, stranger.id, organiser.id),
        ),
      ),
    ).toBe('42501');
    expect(
      await sqlState(
        rolledBackAs(
          staff.run,
          grant(() => publishedId, stranger.id, staff.id),
        ),
      ),
    ).toBe('42501');
    expect(
      await sqlState(
        rolledBackAs(
          stranger.run,
          grant(() => publishedId, stranger.id, stranger.id),
        ),
      ),
    ).toBe('42501');
    expect(
      await sqlState(
        rolledBackAs(
          anon,
          grant(() => publishedId, stranger.id, null),
        ),
      ),
    ).toBe('42501');
  });

  it('stops a user from making themselves organiser', async () => {
    const selfPromotion = (tx: Tx) =>
      tx`insert into public.event_roles (event_id, user_id, role) values (${publishedId}, ${staff.id}, 'organiser')`;
    expect(await sqlState(rolledBackAs(staff.run, selfPromotion))).toBe('42501');
  });

  it('lets an organiser revoke roles in their event only', async () => {
    const revoke = (eventId: () => string, userId: string) => (tx: Tx) =>
      tx`delete from public.event_roles where event_id = ${eventId()} and user_id = ${userId} returning 1`;
    expect(
      await rolledBackAs(
        organiser.run,
        revoke(() => publishedId, staff.id),
      ),
    ).toHaveLength(1);
    expect(
      await rolledBackAs(
        organiser.run,
        revoke(() => otherId, otherOrganiser.id),
      ),
    ).toHaveLength(0);
    expect(
      await rolledBackAs(
        staff.run,
        revoke(() => publishedId, organiser.id),
      ),
    ).toHaveLength(0);
    expect(
      await rolledBackAs(
        stranger.run,
        revoke(() => publishedId, staff.id),
      ),
    ).toHaveLength(0);
  });

  it('allows no updates: a role is granted or revoked, never edited', async () => {
    const promote = (tx: Tx) => tx`update public.event_roles set role = 'organiser' where user_id = ${staff.id}`;
    expect(await sqlState(rolledBackAs(organiser.run, promote))).toBe('42501');
    expect(await sqlState(rolledBackAs(staff.run, promote))).toBe('42501');
  });

  it('lets the service role do anything', async () => {
    const rows = await rolledBackAs(service, async (tx) => {
      await grant(() => otherId, stranger.id, null)(tx);
      return tx`delete from public.event_roles where event_id = ${otherId} returning 1`;
    });
    // The granted attendee, the other organiser and the world's own organiser.
    expect(rows).toHaveLength(3);
  });
});

describe('private.has_event_role', () => {
  const check = (run: TransactionRunner, eventId: () => string, ...roles: string[]) =>
    run(async (tx) => {
      const [row] = await tx<[{ has: boolean }]>`
        select private.has_event_role(${eventId()}::uuid, variadic ${roles}::public.event_role[]) as has`;
      return row.has;
    });

  it('answers for the calling user, for any of the roles given', async () => {
    expect(await check(staff.run, () => publishedId, 'checkin_staff')).toBe(true);
    expect(await check(staff.run, () => publishedId, 'organiser')).toBe(false);
    expect(await check(staff.run, () => publishedId, 'organiser', 'checkin_staff')).toBe(true);
    expect(await check(staff.run, () => otherId, 'checkin_staff')).toBe(false);
    expect(await check(organiser.run, () => draftId, 'organiser')).toBe(true);
  });

  it('is false for anon, strangers and the service role', async () => {
    expect(await check(anon, () => publishedId, 'organiser')).toBe(false);
    expect(await check(stranger.run, () => publishedId, 'organiser', 'checkin_staff', 'attendee')).toBe(false);
    expect(await check(service, () => publishedId, 'organiser')).toBe(false);
  });

  it('takes a plain role literal, as policies write it', async () => {
    const [row] = await staff.run(
      (tx) => tx`select private.has_event_role(${publishedId}::uuid, 'checkin_staff') as has`,
    );
    expect(row).toEqual({ has: true });
  });
});

describe('events and their organisers', () => {
  const visibleEvents = (run: TransactionRunner) =>
    run(async (tx) =>
      (await tx<{ slug: string }[]>`select slug from public.events where slug like 'roller-%' order by slug`).map(
        (row) => row.slug,
      ),
    );

  it('lets an organiser read their own draft event', async () => {
    expect(await visibleEvents(organiser.run)).toEqual(['roller-kladde', 'roller-offentlig']);
    expect(await visibleEvents(otherOrganiser.run)).toEqual(['roller-anden', 'roller-offentlig']);
  });

  it('hides drafts from staff, strangers and anon', async () => {
    expect(await visibleEvents(staff.run)).toEqual(['roller-offentlig']);
    expect(await visibleEvents(stranger.run)).toEqual(['roller-offentlig']);
    expect(await visibleEvents(anon)).toEqual(['roller-offentlig']);
  });
});

describe('grantEventRole (npm run grant)', () => {
  it('creates the user when needed and grants the role once', async () => {
    const first = await grantEventRole(sql, {
      email: ' Ny.Organisator@Kommune.DK ',
      role: 'organiser',
      eventSlug: 'roller-kladde',
      createUser: true,
    });
    expect(first).toMatchObject({
      email: 'ny.organisator@kommune.dk',
      userCreated: true,
      eventId: draftId,
      role: 'organiser',
      granted: true,
    });
    const again = await grantEventRole(sql, {
      email: 'ny.organisator@kommune.dk',
      role: 'organiser',
      eventSlug: 'roller-kladde',
      createUser: true,
    });
    expect(again).toMatchObject({ userId: first.userId, userCreated: false, granted: false });
    const [row] = await sql`select granted_by from public.event_roles where user_id = ${first.userId}`;
    expect(row).toEqual({ granted_by: null });
  });

  it('grants to an existing user', async () => {
    const result = await grantEventRole(sql, {
      email: stranger.email,
      role: 'attendee',
      eventSlug: 'roller-anden',
      createUser: false,
    });
    expect(result).toMatchObject({ userId: stranger.id, userCreated: false, granted: true });
  });

  it('names what is wrong: event, role, email, or a user who has never signed in', async () => {
    const attempt = (input: { email?: string; role?: string; eventSlug?: string; createUser?: boolean }) =>
      grantEventRole(sql, {
        email: input.email ?? stranger.email,
        role: input.role ?? 'organiser',
        eventSlug: input.eventSlug ?? 'roller-anden',
        createUser: input.createUser ?? true,
      }).catch((error: unknown) => (error instanceof GrantError ? error.code : error));

    expect(await attempt({ eventSlug: 'findes-ikke' })).toBe('unknown_event');
    expect(await attempt({ eventSlug: 'NOT A SLUG' })).toBe('unknown_event');
    expect(await attempt({ role: 'superuser' })).toBe('invalid_role');
    expect(await attempt({ email: 'ikke-en-adresse' })).toBe('invalid_email');
    expect(await attempt({ email: 'aldrig@logget-ind.dk', createUser: false })).toBe('unknown_user');
  });
});
