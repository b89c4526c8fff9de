// The demo seed keeps the promises the demo and the docs make about it, read
// the way a visitor sees it: as anon, through row-level security.
import { describe, expect, it } from 'vitest';
import { ANON, asUser, type Tx } from '../../src/lib/db/db.server.ts';
import { freshDatabase } from '../fixtures/db.ts';

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
    const [event] = await asVisitor(
      (tx) => tx<
        {
          starts_at: Date;
          call_opens_at: Date | null;
          call_closes_at: Date | null;
          booking_opens_at: Date | null;
          booking_closes_at: Date | null;
        }[]
      >`
        select starts_at, call_opens_at, call_closes_at, booking_opens_at, booking_closes_at
        from public.events where slug = ${DEMO_EVENT}`,
    );
    expect(event!.call_opens_at).toEqual(new Date('2026-10-01T00:00:00+02:00'));
    expect(event!.call_closes_at).toEqual(new Date('2027-01-15T23:59:00+01:00'));
    expect(event!.booking_opens_at).toEqual(new Date('2026-11-01T00:00:00+01:00'));
    expect(event!.booking_closes_at).toEqual(new Date('2027-02-24T23:59:00+01:00'));
    expect(event!.call_closes_at!.getTime()).toBeLessThan(event!.starts_at.getTime());
    expect(event!.booking_closes_at!.getTime()).toBeLessThan(event!.starts_at.getTime());
  });
});
