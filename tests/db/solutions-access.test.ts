// The call for solutions under RLS: who may propose, read, edit and decide,
// and the status transitions Postgres allows and refuses.
import { beforeAll, describe, expect, it } from 'vitest';
import { ANON, asUser, type Claims, type Tx } from '../../src/lib/db/db.server.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertUser, setCallWindow, type TestUser } from '../fixtures/solutions.ts';
import { sqlState } from '../fixtures/sql.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase();

let world: EventWorld;
let otherWorld: EventWorld;
let owner: TestUser;
let teammate: TestUser;
let otherExhibitor: TestUser;
let organiser: Claims;
let otherOrganiser: Claims;

const claimsOf = (id: string, email: string): Claims => ({
  role: 'authenticated',
  sub: id,
  aud: 'authenticated',
  email,
});

beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'kald', status: 'published' });
  otherWorld = await insertEventWorld(sql, { slug: 'andet-kald', status: 'published' });
  await setCallWindow(sql, world.eventId, true);
  await setCallWindow(sql, otherWorld.eventId, true);
  owner = await insertUser(sql, 'ejer@kommune.example.org');
  teammate = await insertUser(sql, 'Kollega@Kommune.example.org');
  otherExhibitor = await insertUser(sql, 'anden@firma.example.org');
  organiser = claimsOf(world.organiserId, 'arrangoer@kald.example.org');
  otherOrganiser = claimsOf(otherWorld.organiserId, 'arrangoer@andet-kald.example.org');
});

async function propose(claims: Claims, slug: string, status = 'submitted', eventId = world.eventId): Promise<string> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ id: string }[]>`
      insert into public.solutions (event_id, slug, title, summary, contact_name, contact_email, status, partners)
      values (${eventId}, ${slug}, ${`Løsning ${slug}`}, 'Resumé', 'Ejer Ejersen', 'ejer@kommune.example.org', ${status},
              ${sql.json([{ name: `${slug} Kommune`, sector: 'kommune' }])})
      returning id`,
    sql,
  );
  return row!.id;
}

const visibleIds = (claims: Claims) =>
  asUser(claims, async (tx) => (await tx<{ id: string }[]>`select id from public.solutions`).map((r) => r.id), sql);

const statusOf = async (id: string) =>
  (await sql<{ status: string }[]>`select status from public.solutions where id = ${id}`)[0]!.status;

const setStatus = (claims: Claims, id: string, status: string) =>
  asUser(claims, (tx) => tx`update public.solutions set status = ${status} where id = ${id}`, sql);

const review = (claims: Claims, id: string, decision: string, message = 'Besked') =>
  asUser(
    claims,
    (tx: Tx) => tx`
      insert into public.solution_reviews (event_id, solution_id, decision, message)
      values (${world.eventId}, ${id}, ${decision}, ${message})`,
    sql,
  );

describe('proposing a solution', () => {
  it('makes the proposer its owner and lets them read it, contact details included', async () => {
    const id = await propose(owner.claims, 'ejers');
    const team =
      await sql`select role, user_id, accepted_at from public.solution_team_members where solution_id = ${id}`;
    expect(team).toEqual([{ role: 'owner', user_id: owner.id, accepted_at: expect.any(Date) }]);
    expect(await visibleIds(owner.claims)).toContain(id);
    const contact = await asUser(owner.claims, (tx) => tx`select * from private.solution_contact(${id})`, sql);
    expect(contact).toEqual([{ contact_email: 'ejer@kommune.example.org', contact_phone: null }]);
  });

  it('is refused as accepted, for someone else, for an unknown event, or outside the call', async () => {
    expect(await sqlState(propose(owner.claims, 'selv-godkendt', 'accepted'))).toBe('42501');
    expect(await sqlState(propose(ANON, 'anonym'))).toBe('42501');
    const spoof = asUser(
      owner.claims,
      (tx) => tx`
        insert into public.solutions (event_id, slug, title, summary, contact_name, contact_email, owner_user_id)
        values (${world.eventId}, 'forfalsket', 'T', 'R', 'N', 'n@example.org', ${otherExhibitor.id})`,
      sql,
    );
    expect(await sqlState(spoof)).toBe('42501');

    const closed = await insertEventWorld(sql, { slug: 'lukket-kald', status: 'published' });
    await setCallWindow(sql, closed.eventId, false);
    expect(await sqlState(propose(owner.claims, 'for-sent', 'submitted', closed.eventId))).toBe('42501');
    const noCall = await insertEventWorld(sql, { slug: 'intet-kald', status: 'published' });
    expect(await sqlState(propose(owner.claims, 'intet', 'submitted', noCall.eventId))).toBe('42501');
  });
});

describe('who reads and edits a solution', () => {
  let id: string;
  beforeAll(async () => {
    id = await propose(owner.claims, 'holdets');
    await asUser(
      owner.claims,
      (tx) => tx`insert into public.solution_team_members (event_id, solution_id, invited_email)
                 values (${world.eventId}, ${id}, 'kollega@kommune.example.org')`,
      sql,
    );
  });

  it('lets an invited colleague see the invitation, then accept it and edit', async () => {
    expect(await visibleIds(teammate.claims)).not.toContain(id);
    const invitations = await asUser(
      teammate.claims,
      (tx) => tx`select solution_id from public.solution_team_members`,
      sql,
    );
    expect(invitations).toEqual([{ solution_id: id }]);
    const [accepted] = await asUser(
      teammate.claims,
      (tx) => tx`select private.accept_solution_invitations() as n`,
      sql,
    );
    expect(accepted!.n).toBe(1);
    expect(await visibleIds(teammate.claims)).toContain(id);
    const updated = await asUser(
      teammate.claims,
      (tx) => tx`update public.solutions set title = 'Ny titel' where id = ${id}`,
      sql,
    );
    expect(updated.count).toBe(1);
  });

  it('hides it from another exhibitor, the organiser of another event and anon, who cannot edit it', async () => {
    for (const claims of [otherExhibitor.claims, otherOrganiser, ANON]) {
      expect(await visibleIds(claims)).not.toContain(id);
    }
    for (const claims of [otherExhibitor.claims, otherOrganiser]) {
      const updated = await asUser(
        claims,
        (tx) => tx`update public.solutions set title = 'Kapret' where id = ${id}`,
        sql,
      );
      expect(updated.count).toBe(0);
    }
    const anonUpdate = asUser(ANON, (tx) => tx`update public.solutions set title = 'Kapret' where id = ${id}`, sql);
    expect(await sqlState(anonUpdate)).toBe('42501');
    for (const claims of [otherExhibitor.claims, otherOrganiser]) {
      expect(await asUser(claims, (tx) => tx`select * from private.solution_contact(${id})`, sql)).toEqual([]);
    }
    expect(await sqlState(asUser(ANON, (tx) => tx`select * from private.solution_contact(${id})`, sql))).toBe('42501');
  });

  it('does not let a stranger invite themselves into the team', async () => {
    const invite = asUser(
      otherExhibitor.claims,
      (tx) => tx`insert into public.solution_team_members (event_id, solution_id, invited_email)
                 values (${world.eventId}, ${id}, ${otherExhibitor.email})`,
      sql,
    );
    expect(await sqlState(invite)).toBe('42501');
  });

  it('lets the team write an English title and summary, never a blank one; anyone reads English tags', async () => {
    const updated = await asUser(
      owner.claims,
      (tx) => tx`update public.solutions set title_en = 'Team Solution', summary_en = 'In English.' where id = ${id}`,
      sql,
    );
    expect(updated.count).toBe(1);
    expect(
      await sqlState(
        asUser(owner.claims, (tx) => tx`update public.solutions set title_en = '  ' where id = ${id}`, sql),
      ),
    ).toBe('23514');
    // The English tags are as public as the Danish ones: anon reads them on an accepted solution.
    await sql`update public.solutions set theme_tags = '{nærhed}', theme_tags_en = '{proximity}'
              where id = ${world.acceptedSolutionId}`;
    const [tags] = await asUser(
      ANON,
      (tx) => tx`select theme_tags_en from public.solutions where id = ${world.acceptedSolutionId}`,
      sql,
    );
    expect(tags).toEqual({ theme_tags_en: ['proximity'] });
    // Tags are not the team's to write: its column grants stop at the English title and summary.
    expect(
      await sqlState(
        asUser(owner.claims, (tx) => tx`update public.solutions set theme_tags_en = '{x}' where id = ${id}`, sql),
      ),
    ).toBe('42501');
  });

  it('lets the organiser of the event read every solution of it, with contact details, but not edit it', async () => {
    const ids = await visibleIds(organiser);
    expect(ids).toEqual(expect.arrayContaining([id, world.submittedSolutionId, world.acceptedSolutionId]));
    expect(ids).not.toContain(otherWorld.submittedSolutionId);
    const [contact] = await asUser(organiser, (tx) => tx`select * from private.solution_contact(${id})`, sql);
    expect(contact!.contact_email).toBe('ejer@kommune.example.org');
    const updated = await asUser(
      organiser,
      (tx) => tx`update public.solutions set title = 'Redigeret' where id = ${id}`,
      sql,
    );
    expect(updated.count).toBe(0);
  });

  it('stops editing once the call closes', async () => {
    await setCallWindow(sql, world.eventId, false);
    try {
      const updated = await asUser(
        owner.claims,
        (tx) => tx`update public.solutions set title = 'Sent' where id = ${id}`,
        sql,
      );
      expect(updated.count).toBe(0);
      expect(await visibleIds(owner.claims)).toContain(id);
    } finally {
      await setCallWindow(sql, world.eventId, true);
    }
  });
});

describe('status transitions', () => {
  it('lets the exhibitor submit a draft and withdraw it, never undo a withdrawal', async () => {
    const id = await propose(owner.claims, 'kladden', 'draft');
    expect((await setStatus(owner.claims, id, 'submitted')).count).toBe(1);
    expect((await setStatus(owner.claims, id, 'withdrawn')).count).toBe(1);
    expect((await setStatus(owner.claims, id, 'submitted')).count).toBe(0);
    expect(await statusOf(id)).toBe('withdrawn');
  });

  it.each(['accepted', 'rejected', 'changes_requested', 'draft'])(
    'refuses the exhibitor moving a submitted solution to %s',
    async (target) => {
      const id = await propose(owner.claims, `selv-${target.replace('_', '-')}`);
      expect(await sqlState(setStatus(owner.claims, id, target))).toBe('23514');
      expect(await statusOf(id)).toBe('submitted');
    },
  );

  it('goes submitted → changes requested → submitted → accepted through reviews, with the history kept', async () => {
    const id = await propose(owner.claims, 'rundturen');
    await review(organiser, id, 'changes_requested', 'Tilføj resultater');
    expect(await statusOf(id)).toBe('changes_requested');
    expect(await sqlState(review(organiser, id, 'accepted'))).toBe('23514');
    expect((await setStatus(owner.claims, id, 'submitted')).count).toBe(1);
    await review(organiser, id, 'accepted', 'Velkommen');
    expect(await statusOf(id)).toBe('accepted');
    expect(await sqlState(review(organiser, id, 'rejected'))).toBe('23514');
    expect((await setStatus(owner.claims, id, 'withdrawn')).count).toBe(0);

    const history = await asUser(
      owner.claims,
      (tx) => tx`select decision, message from public.solution_reviews where solution_id = ${id} order by created_at`,
      sql,
    );
    expect(history).toEqual([
      { decision: 'changes_requested', message: 'Tilføj resultater' },
      { decision: 'accepted', message: 'Velkommen' },
    ]);
    const partners = await sql`
      select o.name, o.sector, p.role from public.solution_partners p
      join public.organisations o on o.id = p.organisation_id where p.solution_id = ${id}`;
    expect(partners).toEqual([{ name: 'rundturen Kommune', sector: 'kommune', role: 'lead' }]);
  });

  it('refuses a review from the organiser of another event, from an exhibitor, and changes without a message', async () => {
    const id = await propose(owner.claims, 'uden-ret');
    expect(await sqlState(review(otherOrganiser, id, 'accepted'))).toBe('42501');
    expect(await sqlState(review(owner.claims, id, 'accepted'))).toBe('42501');
    expect(await sqlState(review(organiser, id, 'changes_requested', '  '))).toBe('23514');
    expect(await statusOf(id)).toBe('submitted');
  });

  it('refuses deciding on a draft', async () => {
    const id = await propose(owner.claims, 'ikke-indsendt', 'draft');
    expect(await sqlState(review(organiser, id, 'accepted'))).toBe('23514');
    expect(await statusOf(id)).toBe('draft');
  });

  it('lets only one of two organisers deciding at once win', async () => {
    const id = await propose(owner.claims, 'kaploebet');
    const outcomes = await Promise.all([
      sqlState(review(organiser, id, 'accepted')),
      sqlState(review(organiser, id, 'rejected')),
    ]);
    expect(outcomes.filter((state) => state === undefined)).toHaveLength(1);
    expect(outcomes.filter((state) => state === '23514')).toHaveLength(1);
    const reviews = await sql`select count(*)::int as n from public.solution_reviews where solution_id = ${id}`;
    expect(reviews[0]!.n).toBe(1);
  });
});
