// The roles on My page and in the console: one entry per event where the
// user organises or checks people in, read under the user's own claims. What
// is worth proving: other roles and other people's roles never show, an
// organiser and staff role at one event merge, a check-in staff member does
// not see a draft event, and the order puts the days not yet over first.
// A reviewer's days are listed too (to the solutions), and any of the three
// roles puts the console in the header; the door app lists no reviewing day.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasConsoleAccess, listMyEventRoles, loadMyEvent } from '../../src/lib/auth/my-roles.server.ts';
import { listCheckinEvents } from '../../src/lib/checkin/app.server.ts';
import type { SignedIn } from '../../src/lib/db/db.server.ts';
import { freshDatabase } from '../fixtures/db.ts';

const { sql } = await freshDatabase();

const person = (name: string) => {
  const id = randomUUID();
  const email = `${name}@roller.dk`;
  const claims: SignedIn = { role: 'authenticated', sub: id, aud: 'authenticated', email };
  return { id, email, claims };
};
const me = person('mig');
const other = person('en-anden');
const reviewerOnly = person('bedoemmer');
const attendeeOnly = person('deltager');

const day = (offsetDays: number, hour: number) => new Date(Date.now() + offsetDays * 86_400_000 + hour * 3_600_000);

async function event(slug: string, offsetDays: number, status: 'draft' | 'published' = 'published') {
  const [row] = await sql<{ id: string }[]>`
    insert into public.events (slug, name, name_en, starts_at, ends_at, venue_name, organiser_name, status)
    values (${slug}, ${`Dag ${slug}`}, ${`Day ${slug}`}, ${day(offsetDays, 0)}, ${day(offsetDays, 8)},
            'Hallen', 'Folket', ${status})
    returning id`;
  return row!.id;
}

beforeAll(async () => {
  for (const p of [me, other, reviewerOnly, attendeeOnly])
    await sql`insert into auth.users (id, email) values (${p.id}, ${p.email})`;
  const longAgo = await event('roller-laenge-siden', -400);
  const lastMonth = await event('roller-sidste-maaned', -30);
  const nextYear = await event('roller-naeste-aar', 300);
  const nextWeek = await event('roller-naeste-uge', 7);
  const draftOrganised = await event('roller-kladde-arrangoer', 60, 'draft');
  const draftStaffed = await event('roller-kladde-personale', 61, 'draft');
  const exhibiting = await event('roller-udstiller', 10);
  const othersOnly = await event('roller-andres', 5);
  await sql`
    insert into public.event_roles (event_id, user_id, role) values
      (${longAgo}, ${me.id}, 'checkin_staff'),
      (${lastMonth}, ${me.id}, 'organiser'),
      (${nextYear}, ${me.id}, 'organiser'),
      (${nextWeek}, ${me.id}, 'checkin_staff'),
      (${nextWeek}, ${me.id}, 'organiser'),
      (${draftOrganised}, ${me.id}, 'organiser'),
      (${draftStaffed}, ${me.id}, 'checkin_staff'),
      (${exhibiting}, ${me.id}, 'exhibitor_member'),
      (${exhibiting}, ${me.id}, 'attendee'),
      (${othersOnly}, ${other.id}, 'organiser'),
      (${nextWeek}, ${other.id}, 'checkin_staff'),
      (${othersOnly}, ${reviewerOnly.id}, 'reviewer'),
      (${exhibiting}, ${reviewerOnly.id}, 'attendee'),
      (${exhibiting}, ${attendeeOnly.id}, 'attendee'),
      (${exhibiting}, ${attendeeOnly.id}, 'exhibitor_member')`;
});

describe('listMyEventRoles', () => {
  it('lists organiser and check-in roles per event: the days ahead soonest first, then past days latest first', async () => {
    const roles = await listMyEventRoles(me.claims, 'da', sql);
    expect(roles.map((r) => [r.slug, r.organiser, r.checkinStaff])).toEqual([
      ['roller-naeste-uge', true, true],
      ['roller-kladde-arrangoer', true, false],
      ['roller-naeste-aar', true, false],
      ['roller-sidste-maaned', true, false],
      ['roller-laenge-siden', false, true],
    ]);
    expect(roles[0]).toMatchObject({ name: 'Dag roller-naeste-uge', timeZone: 'Europe/Copenhagen' });
  });

  it('names the events in English', async () => {
    const [first] = await listMyEventRoles(me.claims, 'en', sql);
    expect(first?.name).toBe('Day roller-naeste-uge');
  });

  it('shows another user only their own roles, and anon nothing', async () => {
    expect((await listMyEventRoles(other.claims, 'da', sql)).map((r) => [r.slug, r.organiser, r.checkinStaff])).toEqual(
      [
        ['roller-andres', true, false],
        ['roller-naeste-uge', false, true],
      ],
    );
    expect(await listMyEventRoles({ role: 'anon' }, 'da', sql)).toEqual([]);
  });
});

describe('loadMyEvent', () => {
  it('finds an event the user organises, also a draft, and nothing where they only check people in', async () => {
    expect((await loadMyEvent(me.claims, 'roller-kladde-arrangoer', 'organiser', 'da', sql))?.slug).toBe(
      'roller-kladde-arrangoer',
    );
    expect(await loadMyEvent(other.claims, 'roller-naeste-uge', 'organiser', 'da', sql)).toBeNull();
    expect(await loadMyEvent(me.claims, 'roller-andres', 'organiser', 'da', sql)).toBeNull();
    expect(await loadMyEvent(me.claims, 'findes-ikke', 'organiser', 'da', sql)).toBeNull();
  });

  it('lets check-in staff and organisers in at the door, and says which role they hold', async () => {
    expect(await loadMyEvent(other.claims, 'roller-naeste-uge', 'checkin_staff', 'en', sql)).toMatchObject({
      slug: 'roller-naeste-uge',
      name: 'Day roller-naeste-uge',
      timeZone: 'Europe/Copenhagen',
      role: 'checkin_staff',
    });
    expect((await loadMyEvent(me.claims, 'roller-naeste-uge', 'checkin_staff', 'da', sql))?.role).toBe('organiser');
    expect((await loadMyEvent(me.claims, 'roller-naeste-aar', 'checkin_staff', 'da', sql))?.role).toBe('organiser');
    // Exhibitor and attendee roles open no tools; a staffed draft stays hidden as in the list.
    expect(await loadMyEvent(me.claims, 'roller-udstiller', 'checkin_staff', 'da', sql)).toBeNull();
    expect(await loadMyEvent(me.claims, 'roller-kladde-personale', 'checkin_staff', 'da', sql)).toBeNull();
    expect(await loadMyEvent(me.claims, 'roller-andres', 'checkin_staff', 'da', sql)).toBeNull();
  });
});

describe('a reviewer’s way in', () => {
  it('lists the days they review, and nothing for attendees and exhibitors', async () => {
    expect(
      (await listMyEventRoles(reviewerOnly.claims, 'da', sql)).map((r) => [
        r.slug,
        r.organiser,
        r.checkinStaff,
        r.reviewer,
      ]),
    ).toEqual([['roller-andres', false, false, true]]);
    expect(await listMyEventRoles(attendeeOnly.claims, 'da', sql)).toEqual([]);
    expect((await listMyEventRoles(me.claims, 'da', sql)).every((r) => !r.reviewer)).toBe(true);
  });

  it('puts the console in the header for organisers, check-in staff and reviewers only', async () => {
    expect(await hasConsoleAccess(me.claims, sql)).toBe(true);
    expect(await hasConsoleAccess(other.claims, sql)).toBe(true);
    expect(await hasConsoleAccess(reviewerOnly.claims, sql)).toBe(true);
    expect(await hasConsoleAccess(attendeeOnly.claims, sql)).toBe(false);
    expect(await hasConsoleAccess({ role: 'anon' }, sql)).toBe(false);
  });

  it('gives the door app no day where the person only reviews', async () => {
    expect(await listCheckinEvents(reviewerOnly.claims, 'da', sql)).toEqual([]);
    expect((await listCheckinEvents(other.claims, 'da', sql)).map((e) => [e.slug, e.role])).toEqual([
      ['roller-andres', 'organiser'],
      ['roller-naeste-uge', 'checkin_staff'],
    ]);
  });
});
