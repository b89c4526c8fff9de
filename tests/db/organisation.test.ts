// Who may create events, from the console (20261203130501): an event creator
// of an organisation invites a person by email to event_creator (the event
// team's invitation machinery, scoped to the organisation), the link signs in
// and grants, invitations are withdrawn, the role taken back — never from the
// last one, even when two take it from each other at once — and all of it is
// in the organisation's audit log, which only its event creators read.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANON, asUser, type Claims, type SignedIn, type Tx } from '../../src/lib/db/db.server.ts';
import {
  inviteEventCreator,
  loadOrganisation,
  revokeCreatorInvitation,
  revokeEventCreator,
} from '../../src/lib/team/organisation.server.ts';
import { acceptInvitation, findInvitation } from '../../src/lib/team/invitation.server.ts';
import { invitationTokenHash, newInvitationToken } from '../../src/lib/team/team.server.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { sqlState } from '../fixtures/sql.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase();

interface Person {
  id: string;
  email: string;
  claims: SignedIn;
}

const person = (name: string): Person => {
  const id = randomUUID();
  const email = `${name}@kommune.example.dk`;
  return { id, email, claims: { role: 'authenticated', sub: id, aud: 'authenticated', email } };
};
const creator = person('opretter');
const otherCreator = person('anden-opretter');
const organiser = person('arrangoer');
const outsider = person('udenfor');

let organisationId: string;
let otherOrganisationId: string;
let world: EventWorld;

const as = <T>(who: Claims, work: (tx: Tx) => Promise<T>) => asUser(who, work, sql);
const ORIGIN = { origin: 'http://localhost:4321' };

/** Invites through the SQL function with a fresh token. */
async function invite(who: Person, organisation: string, email: string) {
  const token = newInvitationToken();
  const [row] = await as(
    who.claims,
    (tx) => tx<{ code: string; invitation_id: string | null }[]>`
      select code, invitation_id from private.invite_to_organisation(${organisation}, ${email}, 'da',
        ${invitationTokenHash(token)}, '7 days'::interval)`,
  );
  return { token, code: row!.code, id: row!.invitation_id };
}

const acceptAs = async (who: Claims, token: string) => {
  const [row] = await as(
    who,
    (tx) =>
      tx<{ code: string }[]>`select code from private.accept_organisation_invitation(${invitationTokenHash(token)})`,
  );
  return row!.code;
};

const creatorsOf = async (organisation: string) =>
  (
    await sql<{ email: string }[]>`
      select u.email from public.organisation_roles r join auth.users u on u.id = r.user_id
       where r.organisation_id = ${organisation} and r.role = 'event_creator' order by u.email`
  ).map((row) => row.email);

const addUser = async (p: Person) => sql`insert into auth.users (id, email) values (${p.id}, ${p.email})`;

beforeAll(async () => {
  for (const p of [creator, otherCreator, organiser, outsider]) await addUser(p);
  const [org] = await sql<{ id: string }[]>`
    insert into public.organisations (name, name_en, sector) values ('Opretterkommune', 'Creator Municipality', 'kommune')
    returning id`;
  const [otherOrg] = await sql<{ id: string }[]>`
    insert into public.organisations (name, sector) values ('Anden Region', 'region') returning id`;
  organisationId = org!.id;
  otherOrganisationId = otherOrg!.id;
  // The first ones come from `npm run grant` (the service role: no actor, not logged).
  await sql`
    insert into public.organisation_roles (organisation_id, user_id, role) values
      (${organisationId}, ${creator.id}, 'event_creator'),
      (${otherOrganisationId}, ${otherCreator.id}, 'event_creator')`;
  world = await insertEventWorld(sql, { slug: 'opretter-dag', status: 'published' });
  await sql`insert into public.event_roles (event_id, user_id, role) values (${world.eventId}, ${organiser.id}, 'organiser')`;
});

describe('the organisation page', () => {
  it('shows its event creators and open invitations to them, and to nobody else', async () => {
    const sent = await invite(creator, organisationId, 'ventende@kommune.example.dk');
    expect(sent.code).toBe('invited');
    const page = await loadOrganisation(creator.claims, organisationId, 'en', sql);
    expect(page).toMatchObject({
      name: 'Creator Municipality',
      creators: [{ email: creator.email, grantedBy: null }],
      invitations: [{ email: 'ventende@kommune.example.dk', invitedBy: creator.email, state: 'pending' }],
    });
    for (const who of [otherCreator, organiser, outsider]) {
      expect(await loadOrganisation(who.claims, organisationId, 'da', sql)).toBeNull();
      expect(await as(who.claims, (tx) => tx`select * from private.organisation_creators(${organisationId})`)).toEqual(
        [],
      );
      expect(
        await as(
          who.claims,
          (tx) => tx`select id from public.team_invitations where organisation_id = ${organisationId}`,
        ),
      ).toEqual([]);
      expect(
        await as(
          who.claims,
          (tx) => tx`select * from public.organisation_roles where organisation_id = ${organisationId}`,
        ),
      ).toEqual([]);
    }
    await revokeCreatorInvitation(creator.claims, organisationId, sent.id!, sql);
  });
});

describe('inviting', () => {
  it('is for the organisation’s event creators only', async () => {
    for (const who of [otherCreator, organiser, outsider]) {
      expect((await invite(who, organisationId, 'kapret@kommune.example.dk')).code).toBe('not_found');
      expect(
        await inviteEventCreator(
          who.claims,
          { organisation: organisationId, email: 'kapret@kommune.example.dk', language: 'da' },
          ORIGIN,
          sql,
        ),
      ).toEqual({ ok: false, code: 'not_found' });
    }
    const [count] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.team_invitations where email = 'kapret@kommune.example.dk'`;
    expect(count!.n).toBe(0);
    const [mails] = await sql<{ n: number }[]>`
      select count(*)::int as n from private.outbox_emails where recipient = 'kapret@kommune.example.dk'`;
    expect(mails!.n).toBe(0);
  });

  it('is only through the functions: nobody writes the roles or invitations directly', async () => {
    const state = (query: (tx: Tx) => PromiseLike<unknown>) =>
      sqlState(as(creator.claims, (tx) => query(tx) as Promise<unknown>));
    expect(
      await state(
        (tx) => tx`insert into public.organisation_roles (organisation_id, user_id, role)
                   values (${organisationId}, ${outsider.id}, 'event_creator')`,
      ),
    ).toBe('42501');
    expect(await state((tx) => tx`delete from public.organisation_roles`)).toBe('42501');
    expect(
      await state(
        (tx) => tx`insert into public.team_invitations (organisation_id, organisation_role, email, language, expires_at)
                   values (${organisationId}, 'event_creator', 'direkte@kommune.example.dk', 'da', now() + interval '1 day')`,
      ),
    ).toBe('42501');
    // An invitation is an event's or an organisation's, never both or neither.
    expect(
      await sqlState(sql`
        insert into public.team_invitations (event_id, role, organisation_id, organisation_role, email, language, expires_at)
        values (${world.eventId}, 'organiser', ${organisationId}, 'event_creator', 'begge@kommune.example.dk', 'da',
                now() + interval '1 day')`),
    ).toBe('23514');
  });

  it('queues the email with a link that signs the invitee in and grants the role, once', async () => {
    const email = `ny-opretter-${randomUUID().slice(0, 8)}@kommune.example.dk`;
    const outcome = await inviteEventCreator(
      creator.claims,
      { organisation: organisationId, email, language: 'en' },
      ORIGIN,
      sql,
    );
    expect(outcome).toEqual({ ok: true, value: { renewed: false } });
    const [mail] = await sql<{ language: string; data: { role: string; eventName: string; acceptUrl: string } }[]>`
      select language, template_data as data from private.outbox_emails
       where recipient = ${email} and template = 'team-invitation'`;
    expect(mail).toMatchObject({ language: 'en', data: { role: 'event_creator', eventName: 'Creator Municipality' } });
    const token = new URL(mail!.data.acceptUrl).pathname.split('/').pop()!;

    expect(await findInvitation(token, 'da', sql)).toMatchObject({
      state: 'pending',
      email,
      role: 'event_creator',
      eventName: 'Opretterkommune',
    });
    const newcomer = person(`kommer-${randomUUID().slice(0, 8)}`);
    const signIn = async (address: string): Promise<SignedIn> => {
      const [user] = await sql<{ id: string }[]>`
        insert into auth.users (id, email) values (${newcomer.id}, ${address}) returning id`;
      return { role: 'authenticated', sub: user!.id, aud: 'authenticated', email: address };
    };
    expect(await acceptInvitation(token, ANON, signIn, sql)).toEqual({
      ok: true,
      organisationId,
      role: 'event_creator',
    });
    expect(await creatorsOf(organisationId)).toEqual([creator.email, email].sort());
    // The new event creator may now create events for the organisation, and sees its page.
    const [may] = await as(
      { ...newcomer.claims, email },
      (tx) => tx<{ may: boolean }[]>`select private.is_event_creator(${organisationId}) as may`,
    );
    expect(may!.may).toBe(true);
    expect(await acceptInvitation(token, ANON, signIn, sql)).toEqual({ ok: false, code: 'already_accepted' });
    await revokeEventCreator(creator.claims, organisationId, newcomer.id, sql);
  });

  it('says so when the person already may, renews an open invitation, and keeps the two kinds of link apart', async () => {
    expect((await invite(creator, organisationId, creator.email)).code).toBe('already_member');
    const first = await invite(creator, organisationId, 'igen@kommune.example.dk');
    const second = await invite(creator, organisationId, 'igen@kommune.example.dk');
    expect([first.code, second.code]).toEqual(['invited', 'renewed']);
    expect(second.id).toBe(first.id);
    const igen = person('igen');
    await addUser(igen);
    // The old link is dead; an event's accept function does not take an organisation's link.
    expect(await acceptAs(igen.claims, first.token)).toBe('unknown');
    const [asEvent] = await as(
      igen.claims,
      (tx) =>
        tx<{ code: string }[]>`select code from private.accept_team_invitation(${invitationTokenHash(second.token)})`,
    );
    expect(asEvent!.code).toBe('unknown');
    // Only the invited address accepts.
    expect(await acceptAs(outsider.claims, second.token)).toBe('wrong_account');
    expect(await acceptAs(igen.claims, second.token)).toBe('accepted');
    expect(await acceptAs(igen.claims, second.token)).toBe('already_accepted');
    expect(await revokeEventCreator(creator.claims, organisationId, igen.id, sql)).toEqual({ ok: true, value: null });
  });

  it('withdraws an open invitation as an event creator of the organisation only', async () => {
    const sent = await invite(creator, organisationId, 'traekkes@kommune.example.dk');
    expect(await revokeCreatorInvitation(otherCreator.claims, organisationId, sent.id!, sql)).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(await revokeCreatorInvitation(otherCreator.claims, otherOrganisationId, sent.id!, sql)).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(await revokeCreatorInvitation(creator.claims, organisationId, sent.id!, sql)).toEqual({
      ok: true,
      value: null,
    });
    expect(await revokeCreatorInvitation(creator.claims, organisationId, sent.id!, sql)).toEqual({
      ok: false,
      code: 'closed',
    });
    const traekkes = person('traekkes');
    await addUser(traekkes);
    expect(await acceptAs(traekkes.claims, sent.token)).toBe('revoked');
  });
});

describe('taking the role back', () => {
  it('never from the last event creator, and only within the organisation', async () => {
    expect(await revokeEventCreator(creator.claims, organisationId, creator.id, sql)).toEqual({
      ok: false,
      code: 'last_creator',
    });
    expect(await revokeEventCreator(otherCreator.claims, organisationId, creator.id, sql)).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(await revokeEventCreator(organiser.claims, organisationId, creator.id, sql)).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(await creatorsOf(organisationId)).toEqual([creator.email]);
  });

  it('leaves one when two event creators take it from each other at once', async () => {
    const second = person('nummer-to');
    await addUser(second);
    const sent = await invite(creator, organisationId, second.email);
    expect(await acceptAs(second.claims, sent.token)).toBe('accepted');
    for (let round = 0; round < 5; round += 1) {
      const outcomes = await Promise.all([
        revokeEventCreator(creator.claims, organisationId, second.id, sql),
        revokeEventCreator(second.claims, organisationId, creator.id, sql),
      ]);
      expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
      const left = await creatorsOf(organisationId);
      expect(left).toHaveLength(1);
      // Put things back as they were: the one left invites the other again.
      const [survivor, removed] = left[0] === creator.email ? [creator, second] : [second, creator];
      const again = await invite(survivor, organisationId, removed.email);
      expect(await acceptAs(removed.claims, again.token)).toBe('accepted');
    }
    await revokeEventCreator(creator.claims, organisationId, second.id, sql);
    expect(await creatorsOf(organisationId)).toEqual([creator.email]);
  });
});

describe('the audit log', () => {
  it('records invitations, acceptances and revocations under the organisation, for its event creators', async () => {
    const logged = person('logget');
    await addUser(logged);
    const sent = await invite(creator, organisationId, logged.email);
    expect(await acceptAs(logged.claims, sent.token)).toBe('accepted');
    await revokeEventCreator(creator.claims, organisationId, logged.id, sql);
    const entries = await as(
      creator.claims,
      (tx) => tx<{ actor_id: string; table_name: string; action: string; event_id: string | null }[]>`
        select actor_id, table_name, action::text, event_id from public.audit_log
         where organisation_id = ${organisationId}
           and (row_key ->> 'id' = ${sent.id} or row_key ->> 'user_id' = ${logged.id})
         order by id`,
    );
    expect(entries.map((e) => [e.table_name, e.action, e.actor_id, e.event_id])).toEqual([
      ['team_invitations', 'insert', creator.id, null],
      ['organisation_roles', 'insert', logged.id, null],
      ['team_invitations', 'update', logged.id, null],
      ['organisation_roles', 'delete', creator.id, null],
    ]);
    for (const who of [otherCreator, organiser, outsider, logged]) {
      expect(
        await as(who.claims, (tx) => tx`select id from public.audit_log where organisation_id = ${organisationId}`),
      ).toEqual([]);
    }
    // Event entries are untouched: still the event's, read by its organisers only.
    const [eventEntry] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.audit_log where event_id is not null and organisation_id is not null`;
    expect(eventEntry!.n).toBe(0);
  });
});

describe('event slugs', () => {
  it('cannot be "organisation", the console page’s path', async () => {
    expect(
      await sqlState(sql`
        insert into public.events (slug, name, starts_at, ends_at, venue_name, organiser_name, status)
        values ('organisation', 'X', now() + interval '1 day', now() + interval '1 day 2 hours', 'Hallen', 'Os', 'draft')`),
    ).toBe('23514');
  });
});
