// The demo seed keeps the promises the demo and the docs make about it, read
// the way a visitor sees it: as anon, through row-level security.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANON, asUser, type Tx } from '../../src/lib/db/db.server.ts';
import { bootstrapIfVanilla, migrate, SUPABASE_DIR } from '../../src/lib/db/migrate.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { rolledBack } from '../fixtures/sql.ts';

const { sql } = await freshDatabase();
const asVisitor = <T>(work: (tx: Tx) => Promise<T>) => asUser(ANON, work, sql);

const DEMO_EVENT = 'velfaerdens-innovationsdag-2027';

interface Round {
  id: string;
  room: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  positions: number[];
  solutions: string[];
}

const rounds = () =>
  asVisitor(
    (tx) => tx<Round[]>`
      select s.id, r.name as room, s.starts_at as "startsAt", s.ends_at as "endsAt",
             coalesce(s.capacity, r.capacity) as capacity,
             coalesce(array_agg(gp.position order by gp.position) filter (where gp.id is not null), '{}') as positions,
             coalesce(array_agg(so.slug order by gp.position) filter (where gp.id is not null), '{}') as solutions
      from public.sessions s
      join public.events e on e.id = s.event_id
      join public.rooms r on r.id = s.room_id
      left join public.gallery_presentations gp on gp.session_id = s.id
      left join public.solutions so on so.id = gp.solution_id
      where e.slug = ${DEMO_EVENT} and s.kind = 'gallery_round'
      group by s.id, r.name, r.capacity
      order by s.starts_at, r.name`,
  );

describe('the demo seed, as a visitor sees it', () => {
  it('has one published event, the demo day, with at least four tracks', async () => {
    const events = await asVisitor((tx) => tx`select slug from public.events`);
    expect(events).toEqual([{ slug: DEMO_EVENT }]);

    const [tracks] = await asVisitor(
      (tx) => tx<{ n: number }[]>`
        select count(*)::int as n from public.tracks t join public.events e on e.id = t.event_id
        where e.slug = ${DEMO_EVENT}`,
    );
    expect(tracks!.n).toBeGreaterThanOrEqual(4);
  });

  it('has English texts for the event', async () => {
    const [event] = await asVisitor(
      (tx) => tx`
        select name_en, theme_en, tagline_en, description_en from public.events where slug = ${DEMO_EVENT}`,
    );
    for (const [field, text] of Object.entries(event!)) {
      expect({ field, present: typeof text === 'string' && text.trim().length > 0 }).toEqual({ field, present: true });
    }
  });

  it('runs five galleries in parallel, in at least two rounds', async () => {
    const bySlot = new Map<string, Round[]>();
    for (const round of await rounds()) {
      const slot = `${round.startsAt.toISOString()}/${round.endsAt.toISOString()}`;
      bySlot.set(slot, [...(bySlot.get(slot) ?? []), round]);
    }

    expect(bySlot.size).toBeGreaterThanOrEqual(2);
    for (const [slot, parallel] of bySlot) {
      expect({ slot, galleries: new Set(parallel.map((round) => round.room)).size }).toEqual({ slot, galleries: 5 });
    }
    // The same five gallery rooms host every round.
    const roomsPerSlot = [...bySlot.values()].map((parallel) => parallel.map((round) => round.room).sort());
    expect(new Set(roomsPerSlot.map((rooms) => rooms.join()))).toHaveProperty('size', 1);
  });

  it('shows exactly three public solutions in every gallery round, at positions 1 to 3', async () => {
    const all = await rounds();
    expect(all.length).toBeGreaterThan(0);
    for (const round of all) {
      expect({ room: round.room, startsAt: round.startsAt, positions: round.positions }).toEqual({
        room: round.room,
        startsAt: round.startsAt,
        positions: [1, 2, 3],
      });
    }
  });

  it('never has a solution present in two overlapping rounds', async () => {
    const all = await rounds();
    const clashes: string[] = [];
    for (const [i, a] of all.entries()) {
      for (const b of all.slice(i + 1)) {
        const overlap = a.startsAt < b.endsAt && b.startsAt < a.endsAt;
        for (const solution of a.solutions) {
          if (overlap && b.solutions.includes(solution)) clashes.push(`${solution} in ${a.room} and ${b.room}`);
        }
      }
    }
    expect(clashes).toEqual([]);
  });

  it('makes the galleries smaller than every other room in use, so rounds are contested', async () => {
    const [otherRooms] = await asVisitor(
      (tx) => tx<{ smallest: number }[]>`
        select min(r.capacity)::int as smallest
        from public.rooms r join public.events e on e.id = r.event_id
        where e.slug = ${DEMO_EVENT}
          and exists (select 1 from public.sessions s where s.room_id = r.id and s.kind <> 'gallery_round')`,
    );
    const largestGallery = Math.max(...(await rounds()).map((round) => round.capacity));
    expect(largestGallery).toBeLessThan(otherRooms!.smallest);
  });

  it('nominates solutions for the award', async () => {
    const nominees = await asVisitor(
      (tx) => tx`
        select so.slug from public.solutions so join public.events e on e.id = so.event_id
        where e.slug = ${DEMO_EVENT} and so.award_nominee`,
    );
    expect(nominees.length).toBeGreaterThan(0);
  });

  it('features Borgerdesign, Borgerservice-to-go, MIR-skolerne and Social Talks', async () => {
    // MIR-skolerne is the lead organisation's name; the others name the solution itself.
    const found = await asVisitor(
      (tx) => tx<{ slug: string; names: string }[]>`
        select so.slug, so.title || ' / ' || coalesce(string_agg(o.name, ' / '), '') as names
        from public.solutions so
        join public.events e on e.id = so.event_id
        left join public.solution_partners sp on sp.solution_id = so.id
        left join public.organisations o on o.id = sp.organisation_id
        where e.slug = ${DEMO_EVENT}
          and so.slug in ('borgerdesign', 'borgerservice-to-go', 'mir-skolerne', 'social-talks')
        group by so.slug, so.title`,
    );
    expect(found.map((row) => row.slug).sort()).toEqual([
      'borgerdesign',
      'borgerservice-to-go',
      'mir-skolerne',
      'social-talks',
    ]);
    const names = found.map((row) => row.names).join(' / ');
    for (const name of ['Borgerdesign', 'Borgerservice-to-go', 'MIR-skolerne', 'Social Talks']) {
      expect(names).toContain(name);
    }
  });

  it('opens the call for solutions and session booking for the demo, both closing before the day', async () => {
    // The template was seeded when this run began: the demo lies ahead of it, whatever the date.
    const [event] = await asVisitor(
      (tx) => tx<
        {
          registration_open: boolean;
          call_open: boolean;
          booking_open: boolean;
          call_closes_first: boolean;
          booking_closes_first: boolean;
        }[]
      >`
        select now() < starts_at as registration_open,
               now() >= call_opens_at and now() < call_closes_at as call_open,
               now() >= booking_opens_at and now() < booking_closes_at as booking_open,
               call_closes_at < starts_at as call_closes_first,
               booking_closes_at < starts_at as booking_closes_first
        from public.events where slug = ${DEMO_EVENT}`,
    );
    expect(event).toEqual({
      registration_open: true,
      call_open: true,
      booking_open: true,
      call_closes_first: true,
      booking_closes_first: true,
    });
  });
});

describe('the demo seed on any date', async () => {
  // A migrated, unseeded database; each seeding below is rolled back.
  const { sql: empty } = await freshDatabase({ template: null });
  await bootstrapIfVanilla(empty);
  await migrate(empty);
  const seed = await readFile(path.join(SUPABASE_DIR, 'seed.sql'), 'utf8');

  interface Seeded {
    weekday: string;
    starts: string;
    ends: string;
    cancellation: string;
    callOpens: string;
    callCloses: string;
    bookingOpens: string;
    bookingCloses: string;
    startsUtc: string;
    weeksAhead: number;
    callOpen: boolean;
    bookingOpen: boolean;
    sessionsMoved: boolean;
    draftYearLater: boolean;
  }

  /** Seeds as of `asOf` (what `now()` would be) and reads the demo's times in Copenhagen. */
  const seededAsOf = (asOf: string) =>
    rolledBack(empty, async (tx) => {
      await tx`select set_config('samspil.seed_as_of', ${asOf}, true)`;
      await tx.unsafe(seed);
      const local = (column: string) => tx.unsafe(`to_char(e.${column} at time zone e.timezone, 'YYYY-MM-DD HH24:MI')`);
      const [row] = await tx<Seeded[]>`
        select to_char(e.starts_at at time zone e.timezone, 'FMDay') as weekday,
               ${local('starts_at')} as starts, ${local('ends_at')} as ends,
               ${local('cancellation_deadline')} as cancellation,
               ${local('call_opens_at')} as "callOpens", ${local('call_closes_at')} as "callCloses",
               ${local('booking_opens_at')} as "bookingOpens", ${local('booking_closes_at')} as "bookingCloses",
               to_char(e.starts_at at time zone 'UTC', 'HH24:MI') as "startsUtc",
               extract(epoch from e.starts_at - ${asOf}::timestamptz) / 604800 as "weeksAhead",
               ${asOf}::timestamptz >= e.call_opens_at and ${asOf}::timestamptz < e.call_closes_at as "callOpen",
               ${asOf}::timestamptz >= e.booking_opens_at and ${asOf}::timestamptz < e.booking_closes_at as "bookingOpen",
               -- Every session still lies within the day, and each gallery presentation's range follows its round.
               not exists (select 1 from public.sessions s where s.event_id = e.id
                             and (s.starts_at < e.starts_at or s.ends_at > e.ends_at))
                 and not exists (select 1 from public.gallery_presentations gp
                                 join public.sessions s on s.id = gp.session_id
                                 where gp.during <> tstzrange(s.starts_at, s.ends_at, '[)')) as "sessionsMoved",
               (select (d.starts_at at time zone d.timezone) - (e.starts_at at time zone e.timezone) = interval '364 days'
                  from public.events d where d.slug = 'velfaerdens-innovationsdag-2028') as "draftYearLater"
        from public.events e where e.slug = ${DEMO_EVENT}`;
      return { ...row!, weeksAhead: Number(row!.weeksAhead) };
    });

  /** A written Copenhagen time moved on by whole weeks. */
  const movedOn = (written: string, weeks: number) => {
    const day = new Date(`${written.slice(0, 10)}T00:00:00Z`);
    day.setUTCDate(day.getUTCDate() + weeks * 7);
    return `${day.toISOString().slice(0, 10)} ${written.slice(11)}`;
  };
  const written = (weeks: number) => ({
    starts: movedOn('2027-02-25 08:30', weeks),
    ends: movedOn('2027-02-25 16:30', weeks),
    cancellation: movedOn('2027-02-18 23:59', weeks),
    callOpens: movedOn('2026-10-01 00:00', weeks),
    callCloses: movedOn('2027-01-15 23:59', weeks),
    bookingOpens: movedOn('2026-11-01 00:00', weeks),
    bookingCloses: movedOn('2027-02-24 23:59', weeks),
  });

  it('keeps the dates as written while the day is ten weeks or more ahead', async () => {
    const seeded = await seededAsOf('2026-12-03T09:00:00Z');
    expect(seeded).toMatchObject({ weekday: 'Thursday', ...written(0), startsUtc: '07:30', callOpen: true });
    expect(seeded).toMatchObject({ bookingOpen: true, sessionsMoved: true, draftYearLater: true });
  });

  it.each([
    // between the close of the written call and the written day; the moved day is in summer time
    { asOf: '2027-02-01T12:00:00Z', weeks: 7, startsUtc: '06:30' },
    // a year on: the day moves into the next year, in winter time again
    { asOf: '2027-12-03T09:00:00Z', weeks: 51, startsUtc: '07:30' },
    // years later, in July
    { asOf: '2031-07-15T22:30:00Z', weeks: 239, startsUtc: '06:30' },
  ])('seeded on $asOf, moves the demo on by $weeks whole weeks', async ({ asOf, weeks, startsUtc }) => {
    const seeded = await seededAsOf(asOf);
    // Same weekday and Copenhagen times, every time moved alike, the day ten to eleven weeks ahead.
    expect(seeded).toMatchObject({ weekday: 'Thursday', ...written(weeks), startsUtc });
    expect(seeded.weeksAhead).toBeGreaterThanOrEqual(10);
    expect(seeded.weeksAhead).toBeLessThan(11);
    expect(seeded).toMatchObject({ callOpen: true, bookingOpen: true, sessionsMoved: true, draftYearLater: true });
  });
});
