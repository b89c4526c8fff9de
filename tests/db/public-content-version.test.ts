// The public content version (migration 20261203130600) that every server
// instance's page cache checks its anonymous pages against: an organiser's
// change raises it once, at commit, and nothing an attendee does raises it.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { bookSeat, cancelBooking } from '../../src/lib/booking/booking.server.ts';
import { asUser, type Claims } from '../../src/lib/db/db.server.ts';
import { insertAttendees, insertBookableSession } from '../fixtures/booking-world.ts';
import { worldAt } from '../fixtures/clock.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { sqlState } from '../fixtures/sql.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase({ max: 10 });

let world: EventWorld;
let organiser: Claims;

const version = async () =>
  BigInt((await sql<{ v: string }[]>`select version::text as v from private.public_content_version`)[0]!.v);

/** How much the version rose while `work` ran. */
async function rise(work: () => Promise<unknown>): Promise<bigint> {
  const before = await version();
  await work();
  return (await version()) - before;
}

beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'indholdsversion', status: 'published' });
  organiser = { role: 'authenticated', sub: world.organiserId, aud: 'authenticated', email: 'o@versions.dk' };
});

describe('the public content version', () => {
  it('rises once for an organiser’s save, however many rows and tables it changes', async () => {
    expect(
      await rise(() =>
        asUser(
          organiser,
          async (tx) => {
            await tx`update public.sessions set title = 'Ny titel' where id = ${world.keynoteId}`;
            await tx`update public.rooms set name = 'Sal Ny' where id = ${world.roomId}`;
            await tx`update public.speakers set bio = 'Ny bio' where id = ${world.speakerId}`;
          },
          sql,
        ),
      ),
    ).toBe(1n);
  });

  it('rises when public rows are added or removed, in tables with and without row versions', async () => {
    const slug = `spor-${randomUUID().slice(0, 8)}`;
    expect(
      await rise(() =>
        asUser(
          organiser,
          (tx) => tx`insert into public.tracks (event_id, slug, name) values (${world.eventId}, ${slug}, 'Nyt spor')`,
          sql,
        ),
      ),
    ).toBe(1n);
    expect(
      await rise(() =>
        asUser(
          organiser,
          (tx) => tx`delete from public.tracks where event_id = ${world.eventId} and slug = ${slug}`,
          sql,
        ),
      ),
    ).toBe(1n);
    expect(await rise(() => sql`delete from public.session_speakers where speaker_id = ${world.speakerId}`)).toBe(1n);
    expect(
      await rise(() => sql`update public.solutions set title = 'Ny løsning' where id = ${world.acceptedSolutionId}`),
    ).toBe(1n);
    // The audience award (20261203130601): the award and its nominees.
    expect(
      await rise(() => sql`insert into public.awards (event_id, name) values (${world.eventId}, 'Publikumsprisen')`),
    ).toBe(1n);
    expect(
      await rise(
        () => sql`insert into public.award_nominees (event_id, award_id, solution_id)
                  select event_id, id, ${world.acceptedSolutionId} from public.awards where event_id = ${world.eventId}`,
      ),
    ).toBe(1n);
  });

  it('stays put when a save changes nothing and when only counters move', async () => {
    expect(await rise(() => sql`update public.sessions set title = title where id = ${world.keynoteId}`)).toBe(0n);
    expect(
      await rise(async () => {
        await sql`update public.sessions set seats_taken = seats_taken + 1, calendar_version = calendar_version + 1
                   where id = ${world.keynoteId}`;
        await sql`update public.sessions set seats_taken = seats_taken - 1 where id = ${world.keynoteId}`;
        await sql`update public.ticket_types set sold = sold + 1 where event_id = ${world.eventId}`;
      }),
    ).toBe(0n);
  });

  it('stays put while attendees book and cancel seats (a rush never empties the page caches)', async () => {
    const round = await insertBookableSession(sql, {
      eventId: world.eventId,
      slug: 'versionsrunde',
      startsAt: worldAt('13:00'),
      endsAt: worldAt('14:00'),
      capacity: 2,
    });
    const attendees = await insertAttendees(sql, { eventId: world.eventId, count: 4, tag: 'version' });
    const context = { origin: 'http://localhost:4321', db: sql };
    const before = await version();
    const results = await Promise.all(
      attendees.map((a) => bookSeat(a.claims, { eventId: world.eventId, sessionId: round, swap: false }, context)),
    );
    expect(results.map((result) => result.code).sort()).toEqual(['confirmed', 'confirmed', 'waitlisted', 'waitlisted']);
    const [taken] = await sql<{ seats_taken: number }[]>`select seats_taken from public.sessions where id = ${round}`;
    expect(taken!.seats_taken).toBe(2);
    const [booking] = await sql<{ id: string }[]>`
      select id from public.bookings where ticket_id = ${attendees[0]!.ticketId}`;
    const cancelled = await cancelBooking(attendees[0]!.claims, booking!.id, context);
    expect(cancelled.code).toBe('cancelled');
    expect((await version()) - before).toBe(0n);
  });

  it('is raised only when the change commits: a reader never sees it before the change itself', async () => {
    const before = await version();
    const reader = await sql.reserve();
    try {
      await sql.begin(async (tx) => {
        await tx`update public.tracks set name = 'Skiftet navn' where id = ${world.trackId}`;
        // Another connection, as another server instance polling: the old version still.
        const [seen] = await reader<{ v: string }[]>`select version::text as v from private.public_content_version`;
        expect(BigInt(seen!.v)).toBe(before);
      });
      const [after] = await reader<{ v: string }[]>`select version::text as v from private.public_content_version`;
      expect(BigInt(after!.v)).toBe(before + 1n);
      const [track] = await reader<{ name: string }[]>`select name from public.tracks where id = ${world.trackId}`;
      expect(track!.name).toBe('Skiftet navn');
    } finally {
      reader.release();
    }
  });

  it('stays put when the change is rolled back', async () => {
    expect(
      await rise(() =>
        sql
          .begin(async (tx) => {
            await tx`update public.events set name = 'Aldrig' where id = ${world.eventId}`;
            throw new Error('rollback');
          })
          .catch(() => {}),
      ),
    ).toBe(0n);
  });

  it('is neither readable nor writable by the API roles', async () => {
    for (const claims of [{ role: 'anon' } as Claims, organiser]) {
      expect(await sqlState(asUser(claims, (tx) => tx`select version from private.public_content_version`, sql))).toBe(
        '42501',
      );
      expect(
        await sqlState(asUser(claims, (tx) => tx`update private.public_content_version set version = 1`, sql)),
      ).toBe('42501');
    }
  });
});
