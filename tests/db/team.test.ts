// An event's team (migrations 20261203110500–…503): invitations by email to
// organiser, reviewer, check-in staff and exhibitor team; accepting once,
// expired and revoked links; taking roles back; staff of one event never
// seeing another's team; rate-limited invitations; and the team changes in
// the audit log.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalAuth } from '../../src/lib/auth/local-auth.server.ts';
import { ANON, asUser, type Claims, type SignedIn, type Tx } from '../../src/lib/db/db.server.ts';
import { acceptInvitation, findInvitation } from '../../src/lib/team/invitation.server.ts';
import {
  invitationTokenHash,
  inviteToTeam,
  loadTeam,
  newInvitationToken,
  revokeInvitation,
  revokeRole,
} from '../../src/lib/team/team.server.ts';
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
  const email = `${name}@hold.dk`;
  return { id, email, claims: { role: 'authenticated', sub: id, aud: 'authenticated', email } };
};
const organiser = person('arrangoer');
const colleague = person('kollega');
const reviewer = person('bedoemmer');
const staff = person('tjekind');
const otherOrganiser = person('anden-arrangoer');
const outsider = person('udenfor');

let a: EventWorld;
let b: EventWorld;

const as = <T>(who: Claims, work: Parameters<typeof asUser<T>>[1]) => asUser(who, work, sql);

/** Invites through the SQL function with a fresh token; returns the token and the function's answer. */
async function invite(
  who: Person,
  eventId: string,
  email: string,
  role: string,
  options: { solutionId?: string | null; validFor?: string } = {},
) {
  const token = newInvitationToken();
  const [row] = await as(
    who.claims,
    (tx) => tx<{ code: string; invitation_id: string | null }[]>`
      select code, invitation_id from private.invite_to_team(${eventId}, ${email}, ${role}::public.event_role,
        ${options.solutionId ?? null}::uuid, 'da', ${invitationTokenHash(token)}, ${options.validFor ?? '7 days'}::interval)`,
  );
  return { token, code: row!.code, id: row!.invitation_id };
}

const accept = async (who: Claims, token: string) => {
  const [row] = await as(
    who,
    (tx) => tx<{ code: string }[]>`select code from private.accept_team_invitation(${invitationTokenHash(token)})`,
  );
  return row!.code;
};

const rolesOf = async (userId: string, eventId: string) =>
  (
    await sql<{ role: string }[]>`
      select role::text from public.event_roles where user_id = ${userId} and event_id = ${eventId} order by role`
  ).map((row) => row.role);

beforeAll(async () => {
  for (const p of [organiser, colleague, reviewer, staff, otherOrganiser, outsider]) {
    await sql`insert into auth.users (id, email) values (${p.id}, ${p.email})`;
  }
  a = await insertEventWorld(sql, { slug: 'hold-a', status: 'published' });
  b = await insertEventWorld(sql, { slug: 'hold-b', status: 'draft' });
  await sql`
    insert into public.event_roles (event_id, user_id, role) values
      (${a.eventId}, ${organiser.id}, 'organiser'),
      (${a.eventId}, ${reviewer.id}, 'reviewer'),
      (${a.eventId}, ${staff.id}, 'checkin_staff'),
      (${b.eventId}, ${otherOrganiser.id}, 'organiser')`;
});

describe('inviting', () => {
  it('lets an organiser invite to their event, and the invitation is theirs to read', async () => {
    const sent = await invite(organiser, a.eventId, 'ny@hold.dk', 'checkin_staff');
    expect(sent.code).toBe('invited');
    const rows = await as(
      organiser.claims,
      (tx) => tx`select email, role::text from public.team_invitations where id = ${sent.id}`,
    );
    expect(rows).toEqual([{ email: 'ny@hold.dk', role: 'checkin_staff' }]);
  });

  it('refuses an organiser of another event, check-in staff, reviewers and outsiders', async () => {
    for (const who of [otherOrganiser, staff, reviewer, outsider]) {
      expect((await invite(who, a.eventId, 'nogen@hold.dk', 'organiser')).code).toBe('not_organiser');
    }
    const [count] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.team_invitations where email = 'nogen@hold.dk'`;
    expect(count!.n).toBe(0);
  });

  it('is only through the functions: no API role writes the table or reads the tokens', async () => {
    const state = (query: (tx: Tx) => PromiseLike<unknown>) =>
      sqlState(as(organiser.claims, (tx) => query(tx) as Promise<unknown>));
    expect(
      await state(
        (tx) => tx`insert into public.team_invitations (event_id, email, role, language, expires_at)
                   values (${a.eventId}, 'direkte@hold.dk', 'organiser', 'da', now() + interval '1 day')`,
      ),
    ).toBe('42501');
    expect(await state((tx) => tx`update public.team_invitations set revoked_at = now()`)).toBe('42501');
    expect(await state((tx) => tx`delete from public.team_invitations`)).toBe('42501');
    expect(await state((tx) => tx`select * from private.team_invitation_tokens`)).toBe('42501');
  });

  it('says so when the person already holds the role, and renews an open invitation with a new link', async () => {
    expect((await invite(organiser, a.eventId, staff.email, 'checkin_staff')).code).toBe('already_member');
    const first = await invite(organiser, a.eventId, 'igen@hold.dk', 'reviewer');
    const second = await invite(organiser, a.eventId, 'igen@hold.dk', 'reviewer');
    expect(second).toMatchObject({ code: 'renewed', id: first.id });
    expect(await accept(ANON, first.token).catch(() => 'refused')).toBe('refused');
    const igen = person('igen');
    await sql`insert into auth.users (id, email) values (${igen.id}, ${igen.email})`;
    expect(await accept(igen.claims, first.token)).toBe('unknown');
    expect(await accept(igen.claims, second.token)).toBe('accepted');
    expect(await rolesOf(igen.id, a.eventId)).toEqual(['reviewer']);
  });

  it('needs a solution of the same event for an exhibitor team', async () => {
    expect((await invite(organiser, a.eventId, 'x@hold.dk', 'exhibitor_member')).code).toBe('unknown_solution');
    expect(
      (await invite(organiser, a.eventId, 'x@hold.dk', 'exhibitor_member', { solutionId: b.acceptedSolutionId })).code,
    ).toBe('unknown_solution');
  });
});

describe('following the link', () => {
  it('grants the role once: a second acceptance is told it was used', async () => {
    const sent = await invite(organiser, a.eventId, colleague.email, 'organiser');
    const view = await findInvitation(sent.token, 'da', sql);
    expect(view).toMatchObject({ state: 'pending', email: colleague.email, role: 'organiser', eventSlug: 'hold-a' });
    expect(await accept(colleague.claims, sent.token)).toBe('accepted');
    expect(await rolesOf(colleague.id, a.eventId)).toEqual(['organiser']);
    expect(await accept(colleague.claims, sent.token)).toBe('already_accepted');
    expect((await findInvitation(sent.token, 'da', sql))?.state).toBe('accepted');
  });

  it('is refused for another signed-in person than the one invited', async () => {
    const sent = await invite(organiser, a.eventId, 'bestemt@hold.dk', 'reviewer');
    expect(await accept(outsider.claims, sent.token)).toBe('wrong_account');
    expect(await rolesOf(outsider.id, a.eventId)).toEqual([]);
  });

  it('is refused once revoked, and once expired; neither can be revoked again', async () => {
    const revoked = await invite(organiser, a.eventId, 'trukket@hold.dk', 'reviewer');
    expect(await revokeInvitation(organiser.claims, a.eventId, revoked.id!, sql)).toEqual({ ok: true, value: null });
    expect(await revokeInvitation(organiser.claims, a.eventId, revoked.id!, sql)).toMatchObject({ code: 'closed' });
    const trukket = person('trukket');
    await sql`insert into auth.users (id, email) values (${trukket.id}, ${trukket.email})`;
    expect(await accept(trukket.claims, revoked.token)).toBe('revoked');

    const expired = await invite(organiser, a.eventId, 'udloebet@hold.dk', 'reviewer', { validFor: '1 millisecond' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await findInvitation(expired.token, 'en', sql))?.state).toBe('expired');
    const udloebet = person('udloebet');
    await sql`insert into auth.users (id, email) values (${udloebet.id}, ${udloebet.email})`;
    expect(await accept(udloebet.claims, expired.token)).toBe('expired');
    expect(await revokeInvitation(organiser.claims, a.eventId, expired.id!, sql)).toMatchObject({ code: 'closed' });
    expect(await rolesOf(udloebet.id, a.eventId)).toEqual([]);
  });

  it('cannot be revoked by an organiser of another event', async () => {
    const sent = await invite(organiser, a.eventId, 'fremmed@hold.dk', 'reviewer');
    expect(await revokeInvitation(otherOrganiser.claims, a.eventId, sent.id!, sql)).toMatchObject({
      code: 'not_found',
    });
    expect(await revokeInvitation(otherOrganiser.claims, b.eventId, sent.id!, sql)).toMatchObject({
      code: 'not_found',
    });
  });

  it('accepted twice at the same moment grants once and tells the other it was used', async () => {
    const sent = await invite(organiser, a.eventId, 'samtidig@hold.dk', 'checkin_staff');
    const samtidig = person('samtidig');
    await sql`insert into auth.users (id, email) values (${samtidig.id}, ${samtidig.email})`;
    const codes = await Promise.all(Array.from({ length: 8 }, () => accept(samtidig.claims, sent.token)));
    expect(codes.filter((code) => code === 'accepted')).toHaveLength(1);
    expect(codes.filter((code) => code === 'already_accepted')).toHaveLength(7);
  });

  it('signs a new address in through the auth interface, creating the account, then grants the role', async () => {
    const auth = createLocalAuth({
      db: sql,
      secret: 'x'.repeat(40),
      sessionSeconds: 3600,
      ipLimitPerHour: 100,
      mailer: async () => undefined,
    });
    const email = `helt-ny-${randomUUID().slice(0, 8)}@hold.dk`;
    const sent = await invite(organiser, a.eventId, email, 'reviewer');
    const signIn = async (address: string): Promise<SignedIn> => {
      const user = await auth.signInVerifiedEmail(address);
      return (await auth.issueSession(user, { sessionId: user.sessionId })).claims;
    };
    const outcome = await acceptInvitation(sent.token, ANON, signIn, sql);
    expect(outcome).toEqual({ ok: true, eventSlug: 'hold-a', role: 'reviewer', solutionId: null });
    const [user] = await sql<{ id: string }[]>`select id from auth.users where email = ${email}`;
    expect(await rolesOf(user!.id, a.eventId)).toEqual(['reviewer']);
    const [session] = await sql<{ n: number }[]>`
      select count(*)::int as n from private.auth_sessions where user_id = ${user!.id}`;
    expect(session!.n).toBe(1);
    // Used: the link signs nobody in again.
    let signedInAgain = false;
    const again = await acceptInvitation(
      sent.token,
      ANON,
      async (address) => {
        signedInAgain = true;
        return signIn(address);
      },
      sql,
    );
    expect(again).toEqual({ ok: false, code: 'already_accepted' });
    expect(signedInAgain).toBe(false);
  });

  it('without a way to sign in by itself, asks the person to sign in first', async () => {
    const sent = await invite(organiser, a.eventId, 'kode-foerst@hold.dk', 'reviewer');
    expect(await acceptInvitation(sent.token, ANON, async () => null, sql)).toEqual({
      ok: false,
      code: 'sign_in_first',
      email: 'kode-foerst@hold.dk',
    });
    expect(await acceptInvitation('x'.repeat(43), ANON, async () => null, sql)).toEqual({
      ok: false,
      code: 'unknown',
    });
  });

  it('joins an exhibitor team, which an organiser can leave them off again (never the owner)', async () => {
    const member = person('udstiller');
    await sql`insert into auth.users (id, email) values (${member.id}, ${member.email})`;
    const sent = await invite(organiser, a.eventId, member.email, 'exhibitor_member', {
      solutionId: a.submittedSolutionId,
    });
    expect(await accept(member.claims, sent.token)).toBe('accepted');
    const readable = await as(
      member.claims,
      (tx) => tx`select id from public.solutions where id = ${a.submittedSolutionId}`,
    );
    expect(readable).toHaveLength(1);
    const removed = await as(
      organiser.claims,
      (tx) => tx`delete from public.solution_team_members
                 where solution_id = ${a.submittedSolutionId} and user_id = ${member.id} returning id`,
    );
    expect(removed).toHaveLength(1);
    const byOther = await as(
      otherOrganiser.claims,
      (tx) => tx`delete from public.solution_team_members where solution_id = ${a.submittedSolutionId} returning id`,
    );
    expect(byOther).toHaveLength(0);
  });
});

describe('taking roles back', () => {
  it('never removes the last organiser, even when two remove each other at once', async () => {
    const c = await insertEventWorld(sql, { slug: 'hold-c', status: 'draft' });
    const one = person('en');
    const two = person('to');
    for (const p of [one, two]) {
      await sql`insert into auth.users (id, email) values (${p.id}, ${p.email})`;
      await sql`insert into public.event_roles (event_id, user_id, role) values (${c.eventId}, ${p.id}, 'organiser')`;
    }
    await sql`delete from public.event_roles where event_id = ${c.eventId} and user_id = ${c.organiserId}`;
    const results = await Promise.all([
      revokeRole(one.claims, c.eventId, two.id, 'organiser', sql),
      revokeRole(two.claims, c.eventId, one.id, 'organiser', sql),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([expect.objectContaining({ code: expect.any(String) })]);
    const [left] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.event_roles where event_id = ${c.eventId} and role = 'organiser'`;
    expect(left!.n).toBe(1);
  });

  it('takes a role away from someone at the event, and nothing at another event', async () => {
    const temp = person('midlertidig');
    await sql`insert into auth.users (id, email) values (${temp.id}, ${temp.email})`;
    await sql`insert into public.event_roles (event_id, user_id, role) values
      (${a.eventId}, ${temp.id}, 'checkin_staff'), (${b.eventId}, ${temp.id}, 'checkin_staff')`;
    expect(await revokeRole(otherOrganiser.claims, a.eventId, temp.id, 'checkin_staff', sql)).toMatchObject({
      code: 'not_found',
    });
    expect(await revokeRole(organiser.claims, a.eventId, temp.id, 'checkin_staff', sql)).toEqual({
      ok: true,
      value: null,
    });
    expect(await rolesOf(temp.id, a.eventId)).toEqual([]);
    expect(await rolesOf(temp.id, b.eventId)).toEqual(['checkin_staff']);
  });
});

describe('staff of one event never see another event’s team', () => {
  const readers = () =>
    [
      ['organiser of A', organiser.claims, true],
      ['reviewer of A', reviewer.claims, false],
      ['check-in staff of A', staff.claims, false],
      ['organiser of B', otherOrganiser.claims, false],
      ['outsider', outsider.claims, false],
      ['anon', ANON, false],
    ] as const;

  it.each(['team_invitations', 'event_team', 'event_people', 'audit_log'])('%s of event A', async (what) => {
    await invite(organiser, a.eventId, `matrix-${what}@hold.dk`, 'reviewer');
    for (const [, claims, sees] of readers()) {
      const rows = await as(claims, (tx) => {
        switch (what) {
          case 'team_invitations':
            return tx`select id from public.team_invitations where event_id = ${a.eventId}`;
          case 'event_team':
            return tx`select * from private.event_team(${a.eventId})`;
          case 'event_people':
            return tx`select * from private.event_people(${a.eventId}, ${[organiser.id, staff.id]}::uuid[])`;
          default:
            return tx`select id from public.audit_log where event_id = ${a.eventId}`;
        }
      }).catch((error: { code?: string }) => {
        // anon holds no grant on the private functions at all.
        if (claims.role === 'anon' && error.code === '42501') return [];
        throw error;
      });
      expect(rows.length > 0, `${what}`).toBe(sees);
    }
  });

  it('the team page of event A lists A’s people only', async () => {
    const team = await loadTeam(organiser.claims, a.eventId, sql);
    const emails = team.members.map((m) => m.email);
    expect(emails).toEqual(expect.arrayContaining([organiser.email, reviewer.email, staff.email]));
    expect(emails).not.toContain(otherOrganiser.email);
    const fromB = await loadTeam(otherOrganiser.claims, a.eventId, sql);
    expect(fromB.members).toEqual([]);
    expect(fromB.invitations).toEqual([]);
  });
});

describe('reviewers', () => {
  it('read and decide on their event’s solutions, and nothing else changes for them', async () => {
    const seen = await as(
      reviewer.claims,
      (tx) => tx<{ id: string }[]>`select id from public.solutions where event_id = ${a.eventId}`,
    );
    expect(seen.map((s) => s.id).sort()).toEqual([a.acceptedSolutionId, a.submittedSolutionId].sort());
    const [contact] = await as(
      reviewer.claims,
      (tx) =>
        tx<{ contact_email: string }[]>`select contact_email from private.solution_contact(${a.submittedSolutionId})`,
    );
    expect(contact?.contact_email).toBe('kontakt@example.org');
    await as(
      reviewer.claims,
      (tx) => tx`insert into public.solution_reviews (event_id, solution_id, decision, message)
                 values (${a.eventId}, ${a.submittedSolutionId}, 'changes_requested', 'Mere om resultaterne')`,
    );
    const [status] = await sql<
      { status: string }[]
    >`select status::text from public.solutions where id = ${a.submittedSolutionId}`;
    expect(status!.status).toBe('changes_requested');

    const sessionsChanged = await as(
      reviewer.claims,
      (tx) => tx`update public.sessions set title = 'Kapret' where event_id = ${a.eventId} returning id`,
    ).catch(() => []);
    expect(sessionsChanged).toHaveLength(0);
    expect(
      await sqlState(
        as(
          reviewer.claims,
          (tx) => tx`insert into public.gallery_presentations (event_id, session_id, solution_id, position)
                     values (${a.eventId}, ${a.emptyRoundId}, ${a.acceptedSolutionId}, 1)`,
        ),
      ),
    ).toBe('42501');
    const otherEvent = await as(
      reviewer.claims,
      (tx) => tx`select id from public.solutions where event_id = ${b.eventId}`,
    );
    expect(otherEvent).toHaveLength(0);
  });
});

describe('rate limits', () => {
  it('stop a sixth invitation to one address within the hour', async () => {
    const input = (n: number) => ({
      event: a.eventId,
      email: 'oversvoemmet@hold.dk',
      role: 'reviewer' as const,
      solution: null,
      language: (n % 2 ? 'da' : 'en') as 'da' | 'en',
    });
    const outcomes = [];
    for (let n = 0; n < 6; n += 1) {
      outcomes.push(
        await inviteToTeam(organiser.claims, a.eventId, input(n), { origin: 'http://localhost:4321' }, sql),
      );
    }
    expect(outcomes.slice(0, 5).every((o) => o.ok)).toBe(true);
    expect(outcomes[5]).toMatchObject({ ok: false, code: 'rate_limited' });
    // One email per link: five sent (the first, then four renewals), none for the refused one.
    const [mails] = await sql<{ n: number; langs: string[] }[]>`
      select count(*)::int as n, array_agg(distinct language order by language) as langs
        from private.outbox_emails where recipient = 'oversvoemmet@hold.dk' and template = 'team-invitation'`;
    expect(mails).toEqual({ n: 5, langs: ['da', 'en'] });
  });
});

describe('the audit log', () => {
  it('records invitations, acceptances, grants and revocations with who did them', async () => {
    const logged = person('logget');
    await sql`insert into auth.users (id, email) values (${logged.id}, ${logged.email})`;
    const sent = await invite(organiser, a.eventId, logged.email, 'checkin_staff');
    expect(await accept(logged.claims, sent.token)).toBe('accepted');
    await revokeRole(organiser.claims, a.eventId, logged.id, 'checkin_staff', sql);
    const revoked = await invite(organiser, a.eventId, 'logget-2@hold.dk', 'reviewer');
    await revokeInvitation(organiser.claims, a.eventId, revoked.id!, sql);

    const entries = await as(
      organiser.claims,
      (tx) => tx<{ actor_id: string; table_name: string; action: string; after: Record<string, unknown> | null }[]>`
        select actor_id, table_name, action::text, after from public.audit_log
         where event_id = ${a.eventId}
           and (row_key ->> 'id' in (${sent.id}, ${revoked.id}) or row_key ->> 'user_id' = ${logged.id})
         order by id`,
    );
    expect(entries.map((e) => [e.table_name, e.action, e.actor_id])).toEqual([
      ['team_invitations', 'insert', organiser.id],
      ['event_roles', 'insert', logged.id],
      ['team_invitations', 'update', logged.id],
      ['event_roles', 'delete', organiser.id],
      ['team_invitations', 'insert', organiser.id],
      ['team_invitations', 'update', organiser.id],
    ]);
    expect(entries[2]!.after).toHaveProperty('accepted_at');
    expect(entries[5]!.after).toHaveProperty('revoked_at');
    // The link is not in the log: only the token table holds its hash.
    const text = JSON.stringify(entries);
    expect(text).not.toContain(invitationTokenHash(sent.token).toString('hex'));
  });

  it('is append-only, for organisers and the service role alike', async () => {
    for (const claims of [organiser.claims, otherOrganiser.claims] as Claims[]) {
      expect(await sqlState(as(claims, (tx) => tx`update public.audit_log set table_name = 'x'`))).toBe('42501');
      expect(await sqlState(as(claims, (tx) => tx`delete from public.audit_log`))).toBe('42501');
      expect(
        await sqlState(
          as(
            claims,
            (tx) => tx`insert into public.audit_log (event_id, actor_id, table_name, row_key, action)
                       values (${a.eventId}, ${organiser.id}, 'events', '{}', 'update')`,
          ),
        ),
      ).toBe('42501');
    }
    const service = sql.begin(async (tx) => {
      await tx`set local role service_role`;
      await tx`delete from public.audit_log where event_id = ${a.eventId}`;
    });
    expect(await sqlState(service)).toBe('42501');
  });
});
