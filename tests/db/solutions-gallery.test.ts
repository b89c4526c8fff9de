// Placing accepted solutions in gallery rounds: only accepted ones, by the
// event's organisers, at most three per round, and never one solution in two
// overlapping rounds, also when organisers click at the same moment.
import { beforeAll, describe, expect, it } from 'vitest';
import { asUser, type Claims } from '../../src/lib/db/db.server.ts';
import { worldAt } from '../fixtures/clock.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { insertUser, setCallWindow, type TestUser } from '../fixtures/solutions.ts';
import { sqlState } from '../fixtures/sql.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase({ max: 24 });

let world: EventWorld;
let otherWorld: EventWorld;
let organiser: Claims;
let otherOrganiser: Claims;
let exhibitor: TestUser;

const at = worldAt;
let sessionCount = 0;

async function round(from: string, to: string): Promise<string> {
  sessionCount += 1;
  const [row] = await sql<{ id: string }[]>`
    insert into public.sessions (event_id, slug, kind, title, starts_at, ends_at)
    values (${world.eventId}, ${`r-${sessionCount}`}, 'gallery_round', 'Runde', ${at(from)}, ${at(to)}) returning id`;
  return row!.id;
}

async function solution(status = 'accepted'): Promise<string> {
  sessionCount += 1;
  const [row] = await sql<{ id: string }[]>`
    insert into public.solutions (event_id, slug, title, summary, contact_name, contact_email, status)
    values (${world.eventId}, ${`l-${sessionCount}`}, 'Løsning', 'Resumé', 'Navn', 'navn@example.org', ${status})
    returning id`;
  return row!.id;
}

const assign = (claims: Claims, session: string, solutionId: string, position: number, eventId = world.eventId) =>
  asUser(
    claims,
    (tx) => tx`
      insert into public.gallery_presentations (event_id, session_id, solution_id, position)
      values (${eventId}, ${session}, ${solutionId}, ${position})`,
    sql,
  );

beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'galleri', status: 'draft' });
  otherWorld = await insertEventWorld(sql, { slug: 'andet-galleri', status: 'draft' });
  await setCallWindow(sql, world.eventId, true);
  organiser = { role: 'authenticated', sub: world.organiserId, aud: 'authenticated' };
  otherOrganiser = { role: 'authenticated', sub: otherWorld.organiserId, aud: 'authenticated' };
  exhibitor = await insertUser(sql, 'udstiller@example.org');
});

describe('who may assign', () => {
  it('lets the organiser assign an accepted solution and take it out again', async () => {
    const r = await round('13:00', '14:00');
    const s = await solution();
    await assign(organiser, r, s, 1);
    const removed = await asUser(
      organiser,
      (tx) => tx`delete from public.gallery_presentations where session_id = ${r}`,
      sql,
    );
    expect(removed.count).toBe(1);
  });

  it.each(['draft', 'submitted', 'changes_requested', 'rejected', 'withdrawn'])(
    'refuses assigning a %s solution',
    async (status) => {
      const r = await round('13:00', '14:00');
      expect(await sqlState(assign(organiser, r, await solution(status), 1))).toBe('42501');
    },
  );

  it('refuses the organiser of another event, an exhibitor and anon', async () => {
    const r = await round('13:00', '14:00');
    const s = await solution();
    expect(await sqlState(assign(otherOrganiser, r, s, 1))).toBe('42501');
    expect(await sqlState(assign(exhibitor.claims, r, s, 1))).toBe('42501');
    expect(await sqlState(assign({ role: 'anon' }, r, s, 1))).toBe('42501');
    const removed = await asUser(
      otherOrganiser,
      (tx) => tx`delete from public.gallery_presentations where event_id = ${world.eventId}`,
      sql,
    );
    expect(removed.count).toBe(0);
  });

  it('shows the organiser the rounds of their unpublished event', async () => {
    const rows = await asUser(organiser, (tx) => tx`select id from public.sessions where id = ${world.roundId}`, sql);
    expect(rows).toHaveLength(1);
    const others = await asUser(
      otherOrganiser,
      (tx) => tx`select id from public.sessions where id = ${world.roundId}`,
      sql,
    );
    expect(others).toHaveLength(0);
  });
});

describe('no solution in two places at once', () => {
  it('refuses an overlapping round, allows back-to-back rounds', async () => {
    const s = await solution();
    await assign(organiser, await round('09:00', '10:00'), s, 1);
    expect(await sqlState(assign(organiser, await round('09:30', '10:30'), s, 1))).toBe('23P01');
    expect(await sqlState(assign(organiser, await round('10:00', '11:00'), s, 1))).toBeUndefined();
  });

  it('refuses moving a round onto another round of the same solution', async () => {
    const s = await solution();
    const first = await round('15:00', '16:00');
    const second = await round('16:00', '17:00');
    await assign(organiser, first, s, 1);
    await assign(organiser, second, s, 1);
    const move = sql`update public.sessions set starts_at = ${at('15:30')}, ends_at = ${at('16:30')} where id = ${second}`;
    expect(await sqlState(move)).toBe('23P01');
    await sql`update public.sessions set starts_at = ${at('16:15')}, ends_at = ${at('17:15')} where id = ${second}`;
    const [row] = await sql<
      { during: string }[]
    >`select during::text from public.gallery_presentations where session_id = ${second}`;
    expect(row!.during).toContain('15:15:00+00');
  });

  it('lets exactly one of 12 organisers assigning one solution to 12 overlapping rounds at once succeed', async () => {
    const s = await solution();
    const rounds = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        round(`11:${String(i * 2).padStart(2, '0')}`, `12:${String(i * 2).padStart(2, '0')}`),
      ),
    );
    const outcomes = await Promise.all(rounds.map((r) => sqlState(assign(organiser, r, s, 1))));
    expect(outcomes.filter((state) => state === undefined)).toHaveLength(1);
    expect(outcomes.filter((state) => state === '23P01')).toHaveLength(11);
    const rows = await sql`select 1 from public.gallery_presentations where solution_id = ${s}`;
    expect(rows).toHaveLength(1);
  });

  it('refuses the second of two overlapping assignments while the first is still uncommitted', async () => {
    const s = await solution();
    const a = await round('14:00', '15:00');
    const b = await round('14:30', '15:30');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstInserted!: () => void;
    const inserted = new Promise<void>((resolve) => (firstInserted = resolve));
    const first = asUser(
      organiser,
      async (tx) => {
        await tx`insert into public.gallery_presentations (event_id, session_id, solution_id, position)
                 values (${world.eventId}, ${a}, ${s}, 1)`;
        firstInserted();
        await held;
      },
      sql,
    );
    await inserted;
    const second = sqlState(assign(organiser, b, s, 1));
    await new Promise((resolve) => setTimeout(resolve, 150));
    release();
    await first;
    expect(await second).toBe('23P01');
  });
});

describe('at most three per round', () => {
  it('keeps 3 of 15 simultaneous assignments of different solutions to one round', async () => {
    const r = await round('08:00', '09:00');
    const solutions = await Promise.all(Array.from({ length: 15 }, () => solution()));
    const outcomes = await Promise.all(solutions.map((s, i) => sqlState(assign(organiser, r, s, (i % 3) + 1))));
    expect(outcomes.filter((state) => state === undefined)).toHaveLength(3);
    expect(outcomes.filter((state) => state === '23505')).toHaveLength(12);
    const rows = await sql<{ position: number }[]>`
      select position from public.gallery_presentations where session_id = ${r} order by position`;
    expect(rows.map((row) => row.position)).toEqual([1, 2, 3]);
  });
});
