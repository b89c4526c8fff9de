// Events in the organiser console, on a real Postgres: who may create events
// (event_creator on an organisation, RLS allow and deny), a blank event and
// a copy of the demo (what is and is not copied, dates moved in the event's
// time zone), the settings form's guarded update (versions, constraints),
// the lifecycle draft → published → archived, and that an organiser of one
// event can neither read nor change another event's draft.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { asUser as asUserOn, type Claims, type SignedIn, type Tx } from '../../src/lib/db/db.server.ts';
import { GrantError, grantEventCreator } from '../../src/lib/auth/roles.server.ts';
import * as editor from '../../src/lib/events/event-editor.server.ts';
import { listEventSolutions } from '../../src/lib/solutions/review.server.ts';
import { type CreateEventInput, type EditEventInput, toLocalDateTime } from '../../src/lib/events/event-editor.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { sqlState } from '../fixtures/sql.ts';

const { sql } = await freshDatabase();

// The use cases and asUser on this file's database.
const asUser = <T>(claims: Claims, work: (tx: Tx) => Promise<T>) => asUserOn(claims, work, sql);
const createEvent = (claims: SignedIn, input: Parameters<typeof editor.createEvent>[1]) =>
  editor.createEvent(claims, input, sql);
const copyEvent = (claims: SignedIn, input: Parameters<typeof editor.copyEvent>[1]) =>
  editor.copyEvent(claims, input, sql);
const updateEvent = (claims: SignedIn, input: Parameters<typeof editor.updateEvent>[1]) =>
  editor.updateEvent(claims, input, sql);
const setEventStatus = (claims: SignedIn, input: Parameters<typeof editor.setEventStatus>[1]) =>
  editor.setEventStatus(claims, input, sql);
const loadEditableEvent = (claims: SignedIn, id: string) => editor.loadEditableEvent(claims, id, sql);
const listCreatorOrganisations = (claims: SignedIn) => editor.listCreatorOrganisations(claims, sql);

const DEMO = 'velfaerdens-innovationsdag-2027';

function person(name: string) {
  const id = randomUUID();
  const email = `${name}@begivenhed.dk`;
  const claims: SignedIn = { role: 'authenticated', sub: id, aud: 'authenticated', email };
  return { id, email, claims };
}
const creator = person('skaber');
const organiserOfA = person('arrangoer-a');
const stranger = person('fremmed');
let organisationId = '';
let otherOrganisationId = '';
let demoId = '';

beforeAll(async () => {
  for (const p of [creator, organiserOfA, stranger]) {
    await sql`insert into auth.users (id, email) values (${p.id}, ${p.email})`;
  }
  organisationId = (
    await sql<{ id: string }[]>`
    insert into public.organisations (name, sector) values ('Testkommunen', 'kommune') returning id`
  )[0]!.id;
  otherOrganisationId = (
    await sql<{ id: string }[]>`
    insert into public.organisations (name, sector) values ('Andenkommunen', 'kommune') returning id`
  )[0]!.id;
  await sql`
    insert into public.organisation_roles (organisation_id, user_id, role)
    values (${organisationId}, ${creator.id}, 'event_creator'),
           (${organisationId}, ${organiserOfA.id}, 'event_creator')`;
  demoId = (await sql<{ id: string }[]>`select id from public.events where slug = ${DEMO}`)[0]!.id;
  await sql`insert into public.event_roles (event_id, user_id, role) values (${demoId}, ${creator.id}, 'organiser')`;
});

const day = (offsetDays: number) =>
  toLocalDateTime(new Date(Date.now() + offsetDays * 86_400_000), 'Europe/Copenhagen').date;

function blank(slug: string, overrides: Partial<CreateEventInput> = {}): CreateEventInput {
  return {
    organisation: organisationId,
    slug,
    name: `Dag ${slug}`,
    nameEn: null,
    venueName: 'Hallen',
    startsOn: day(200),
    startsTime: '09:00',
    endsOn: day(200),
    endsTime: '16:00',
    timeZone: 'Europe/Copenhagen',
    ...overrides,
  };
}

describe('who may create events', () => {
  it('lets an event creator create a draft for their organisation and makes them its organiser', async () => {
    const created = await createEvent(creator.claims, blank('skaberens-dag'));
    expect(created).toMatchObject({ ok: true, slug: 'skaberens-dag' });
    const [row] = await sql`
      select e.status, e.organiser_name, e.organisation_id, e.starts_at,
             (select array_agg(r.role) from public.event_roles r where r.event_id = e.id and r.user_id = ${creator.id}) as roles
        from public.events e where e.slug = 'skaberens-dag'`;
    expect(row).toMatchObject({ status: 'draft', organiser_name: 'Testkommunen', organisation_id: organisationId });
    expect(row!.roles).toEqual(['organiser']);
    expect(toLocalDateTime(row!.starts_at as Date, 'Europe/Copenhagen')).toEqual({ date: day(200), time: '09:00' });
  });

  it('refuses a signed-in person without the role, and a creator for another organisation', async () => {
    expect(await createEvent(stranger.claims, blank('fremmed-dag'))).toEqual({ ok: false, code: 'not_allowed' });
    expect(await createEvent(creator.claims, blank('anden-dag', { organisation: otherOrganisationId }))).toEqual({
      ok: false,
      code: 'not_allowed',
    });
    const [row] = await sql<{ count: number }[]>`
      select count(*)::int from public.events where slug in ('fremmed-dag', 'anden-dag')`;
    const count = row!.count;
    expect(count).toBe(0);
  });

  it('refuses a direct insert into events and into organisation_roles to signed-in people', async () => {
    const insertEvent = asUser(
      stranger.claims,
      (tx) => tx`
        insert into public.events (slug, name, starts_at, ends_at, venue_name, organiser_name)
        values ('direkte', 'Direkte', now(), now() + interval '1 hour', 'Hal', 'Mig')`,
    );
    expect(await sqlState(insertEvent)).toBe('42501');
    const grantSelf = asUser(
      stranger.claims,
      (tx) => tx`
        insert into public.organisation_roles (organisation_id, user_id, role)
        values (${organisationId}, ${stranger.id}, 'event_creator')`,
    );
    expect(await sqlState(grantSelf)).toBe('42501');
  });

  it('shows each person only their own organisation roles and organisations', async () => {
    expect(await listCreatorOrganisations(creator.claims)).toEqual([{ id: organisationId, name: 'Testkommunen' }]);
    expect(await listCreatorOrganisations(stranger.claims)).toEqual([]);
    const seen = await asUser(stranger.claims, (tx) => tx`select 1 from public.organisation_roles`);
    expect(seen).toHaveLength(0);
    const organisation = await asUser(
      stranger.claims,
      (tx) => tx`select 1 from public.organisations where id = ${organisationId}`,
    );
    expect(organisation).toHaveLength(0);
  });

  it('answers a taken, a reserved and a malformed slug, and an end before the start, with their codes', async () => {
    expect(await createEvent(creator.claims, blank(DEMO))).toEqual({ ok: false, code: 'slug_taken' });
    expect(await createEvent(creator.claims, blank('konsol'))).toEqual({ ok: false, code: 'slug_reserved' });
    expect(await createEvent(creator.claims, blank('Not A Slug'))).toEqual({ ok: false, code: 'slug_invalid' });
    expect(await createEvent(creator.claims, blank('baglaens', { endsTime: '08:00' }))).toEqual({
      ok: false,
      code: 'ends_before_start',
    });
    expect(await createEvent(creator.claims, blank('langt-navn', { name: 'x'.repeat(10_000) }))).toEqual({
      ok: false,
      code: 'name_invalid',
    });
  });
});

describe('copying the demo to next year', () => {
  let copyId = '';

  beforeAll(async () => {
    const [{ starts_on } = { starts_on: '' }] = await sql<{ starts_on: string }[]>`
      select ((starts_at at time zone timezone)::date + 364)::text as starts_on from public.events where id = ${demoId}`;
    const copied = await copyEvent(creator.claims, {
      source: demoId,
      organisation: organisationId,
      slug: 'innovationsdag-naeste-aar',
      name: 'Velfærdens Innovationsdag – næste år',
      nameEn: 'Welfare Innovation Day – next year',
      startsOn: starts_on,
    });
    expect(copied).toMatchObject({ ok: true });
    copyId = (copied as { id: string }).id;
  });

  it('copies the settings, tracks, rooms, ticket types and session skeleton, 364 days later at the same wall-clock times', async () => {
    const [source, copy] = await Promise.all(
      [demoId, copyId].map(async (id) => {
        const [event] = await sql`
          select status, theme, tagline, description, venue_name, venue_address, timezone, waitlist_offer_hours,
                 max_gallery_rounds_per_attendee, to_char(starts_at at time zone timezone, 'HH24:MI') as starts,
                 (starts_at at time zone timezone)::date as day, booking_opens_at, call_closes_at
            from public.events where id = ${id}`;
        const tracks =
          await sql`select slug, name, colour, position from public.tracks where event_id = ${id} order by slug`;
        const rooms = await sql`select name, capacity from public.rooms where event_id = ${id} order by name`;
        const ticketTypes = await sql`
          select slug, name, price_ore, capacity, sold from public.ticket_types where event_id = ${id} order by slug`;
        const sessions = await sql`
          select s.slug, s.kind, s.title, s.capacity, s.seats_taken, r.name as room, t.slug as track,
                 to_char(s.starts_at at time zone e.timezone, 'HH24:MI') as starts,
                 (s.starts_at at time zone e.timezone)::date - (e.starts_at at time zone e.timezone)::date as day_offset
            from public.sessions s
            join public.events e on e.id = s.event_id
            left join public.rooms r on r.id = s.room_id
            left join public.tracks t on t.id = s.track_id
           where s.event_id = ${id} order by s.slug`;
        return { event: event!, tracks, rooms, ticketTypes, sessions };
      }),
    );
    expect(copy!.event).toMatchObject({
      status: 'draft',
      theme: source!.event['theme'],
      tagline: source!.event['tagline'],
      venue_name: source!.event['venue_name'],
      timezone: source!.event['timezone'],
      starts: source!.event['starts'],
      waitlist_offer_hours: source!.event['waitlist_offer_hours'],
    });
    const daysBetween = (a: Date, b: Date) => Math.round((b.getTime() - a.getTime()) / 86_400_000);
    expect(daysBetween(source!.event['day'] as Date, copy!.event['day'] as Date)).toBe(364);
    if (source!.event['booking_opens_at']) {
      expect(copy!.event['booking_opens_at']).not.toBeNull();
    }
    expect(copy!.tracks).toEqual(source!.tracks);
    expect(copy!.rooms).toEqual(source!.rooms);
    expect(copy!.ticketTypes.map((t) => ({ ...t, sold: 0 }))).toEqual(copy!.ticketTypes);
    expect(copy!.ticketTypes.map(({ sold: _sold, ...t }) => t)).toEqual(
      source!.ticketTypes.map(({ sold: _sold, ...t }) => t),
    );
    expect(copy!.sessions.length).toBeGreaterThan(10);
    expect(copy!.sessions.some((s) => s['kind'] === 'gallery_round')).toBe(true);
    // Same rooms, tracks, kinds and wall-clock times; no seat taken.
    expect(copy!.sessions.map(({ seats_taken: _s, ...s }) => s)).toEqual(
      source!.sessions.map(({ seats_taken: _s, ...s }) => s),
    );
    expect(copy!.sessions.every((s) => s['seats_taken'] === 0)).toBe(true);
  });

  it('copies no people, solutions, orders, tickets, bookings or roles but the creator’s', async () => {
    const [counts] = await sql`
      select
        (select count(*)::int from public.speakers where event_id = ${copyId}) as speakers,
        (select count(*)::int from public.session_speakers where event_id = ${copyId}) as appearances,
        (select count(*)::int from public.solutions where event_id = ${copyId}) as solutions,
        (select count(*)::int from public.gallery_presentations where event_id = ${copyId}) as presentations,
        (select count(*)::int from public.orders where event_id = ${copyId}) as orders,
        (select count(*)::int from public.tickets where event_id = ${copyId}) as tickets,
        (select count(*)::int from public.bookings where event_id = ${copyId}) as bookings,
        (select count(*)::int from public.waitlist_entries where event_id = ${copyId}) as waitlist,
        (select count(*)::int from public.event_roles where event_id = ${copyId}) as roles`;
    expect(counts).toEqual({
      speakers: 0,
      appearances: 0,
      solutions: 0,
      presentations: 0,
      orders: 0,
      tickets: 0,
      bookings: 0,
      waitlist: 0,
      roles: 1,
    });
  });

  it('copies only events the caller organises, for organisations they create events for', async () => {
    const base = { organisation: organisationId, name: 'Kopi', nameEn: null, startsOn: day(300) };
    expect(await copyEvent(organiserOfA.claims, { ...base, source: demoId, slug: 'ikke-min-kopi' })).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(await copyEvent(stranger.claims, { ...base, source: demoId, slug: 'fremmed-kopi' })).toEqual({
      ok: false,
      code: 'not_allowed',
    });
    expect(await copyEvent(creator.claims, { ...base, source: demoId, slug: DEMO })).toEqual({
      ok: false,
      code: 'slug_taken',
    });
  });
});

describe('editing an event', () => {
  let eventA = '';
  let eventB = '';

  beforeAll(async () => {
    const a = await createEvent(organiserOfA.claims, blank('dag-a'));
    const b = await createEvent(creator.claims, blank('dag-b'));
    eventA = (a as { id: string }).id;
    eventB = (b as { id: string }).id;
  });

  async function form(claims: SignedIn, eventId: string): Promise<EditEventInput> {
    const event = await loadEditableEvent(claims, eventId);
    if (!event) throw new Error('not readable');
    const starts = toLocalDateTime(event.startsAt, event.timeZone);
    const ends = toLocalDateTime(event.endsAt, event.timeZone);
    return {
      event: event.id,
      version: event.version,
      name: event.name,
      nameEn: event.nameEn,
      theme: 'Nærhed',
      themeEn: 'Closeness',
      tagline: 'En dag',
      taglineEn: 'A day',
      description: 'Om dagen',
      descriptionEn: 'About the day',
      venueName: 'Øksnehallen',
      venueAddress: 'Halmtorvet 11',
      organiserName: event.organiserName,
      contactEmail: 'kontakt@kommune.dk',
      accessibilityUrl: 'https://kommune.dk/tilgaengelighed',
      startsOn: starts.date,
      startsTime: starts.time,
      endsOn: ends.date,
      endsTime: ends.time,
      timeZone: event.timeZone,
    };
  }

  it('saves every public field, in both languages, and raises the version', async () => {
    const input = await form(organiserOfA.claims, eventA);
    const saved = await updateEvent(organiserOfA.claims, { ...input, startsTime: '10:00' });
    expect(saved).toEqual({ ok: true, version: input.version + 1 });
    const event = await loadEditableEvent(organiserOfA.claims, eventA);
    expect(event).toMatchObject({ theme: 'Nærhed', themeEn: 'Closeness', venueAddress: 'Halmtorvet 11' });
    expect(toLocalDateTime(event!.startsAt, 'Europe/Copenhagen').time).toBe('10:00');
    const [log] = await sql`
      select actor_id, after from public.audit_log
       where table_name = 'events' and event_id = ${eventA} and action = 'update' order by id desc limit 1`;
    expect(log).toMatchObject({ actor_id: organiserOfA.id });
    expect(log!['after']).toMatchObject({ theme: 'Nærhed' });
  });

  it('refuses the second of two saves from the same version', async () => {
    const input = await form(organiserOfA.claims, eventA);
    expect(await updateEvent(organiserOfA.claims, { ...input, theme: 'Først' })).toMatchObject({ ok: true });
    expect(await updateEvent(organiserOfA.claims, { ...input, theme: 'Anden' })).toEqual({
      ok: false,
      code: 'changed_elsewhere',
    });
    expect((await loadEditableEvent(organiserOfA.claims, eventA))?.theme).toBe('Først');
  });

  it('refuses an end before the start and writes nothing', async () => {
    const input = await form(organiserOfA.claims, eventA);
    expect(await updateEvent(organiserOfA.claims, { ...input, theme: 'Aldrig', endsTime: '05:00' })).toEqual({
      ok: false,
      code: 'ends_before_start',
    });
    expect((await loadEditableEvent(organiserOfA.claims, eventA))?.theme).not.toBe('Aldrig');
  });

  it('keeps the slug chosen once', async () => {
    const state = await sqlState(
      asUser(organiserOfA.claims, (tx) => tx`update public.events set slug = 'nyt-navn' where id = ${eventA}`),
    );
    expect(state).toBe('42501');
  });

  it('lets an organiser of event A neither read nor change event B’s draft', async () => {
    expect(await loadEditableEvent(organiserOfA.claims, eventB)).toBeNull();
    const read = await asUser(organiserOfA.claims, (tx) => tx`select 1 from public.events where id = ${eventB}`);
    expect(read).toHaveLength(0);
    const input = await form(creator.claims, eventB);
    expect(await updateEvent(organiserOfA.claims, { ...input, theme: 'Kapret' })).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(
      await setEventStatus(organiserOfA.claims, { event: eventB, version: input.version, status: 'published' }),
    ).toEqual({ ok: false, code: 'not_found' });
    const [row] = await sql`select theme, status from public.events where id = ${eventB}`;
    expect(row).toEqual({ theme: null, status: 'draft' });
    // Nor the tracks and rooms of its preview.
    await sql`insert into public.tracks (event_id, slug, name) values (${eventB}, 'spor', 'Spor')`;
    const tracks = await asUser(
      organiserOfA.claims,
      (tx) => tx`select 1 from public.tracks where event_id = ${eventB}`,
    );
    expect(tracks).toHaveLength(0);
    const own = await asUser(creator.claims, (tx) => tx`select 1 from public.tracks where event_id = ${eventB}`);
    expect(own).toHaveLength(1);
  });

  it('moves only forward: draft → published → archived, and an archived event stays public', async () => {
    const { version } = (await loadEditableEvent(organiserOfA.claims, eventA))!;
    expect(await setEventStatus(organiserOfA.claims, { event: eventA, version, status: 'archived' })).toEqual({
      ok: false,
      code: 'invalid_transition',
    });
    const published = await setEventStatus(organiserOfA.claims, { event: eventA, version, status: 'published' });
    expect(published).toEqual({ ok: true, version: version + 1 });
    const archived = await setEventStatus(organiserOfA.claims, {
      event: eventA,
      version: version + 1,
      status: 'archived',
    });
    expect(archived).toEqual({ ok: true, version: version + 2 });
    const back = await sqlState(
      asUser(organiserOfA.claims, (tx) => tx`update public.events set status = 'draft' where id = ${eventA}`),
    );
    expect(back).toBe('23514');
    const anon = await asUser({ role: 'anon' }, (tx) => tx`select status from public.events where id = ${eventA}`);
    expect(anon).toEqual([{ status: 'archived' }]);
  });
});

describe('grantEventCreator (npm run grant -- <email> event_creator <organisation> [sector])', () => {
  it('creates the organisation of a new installation and grants the first event creator, once', async () => {
    const first = await grantEventCreator(sql, {
      email: 'Forste@Ny-Kommune.dk',
      organisation: 'Ny Kommune',
      sector: 'kommune',
      createUser: true,
    });
    expect(first).toMatchObject({
      email: 'forste@ny-kommune.dk',
      userCreated: true,
      organisationName: 'Ny Kommune',
      organisationCreated: true,
      granted: true,
    });
    const again = await grantEventCreator(sql, {
      email: 'forste@ny-kommune.dk',
      organisation: 'ny kommune',
      createUser: true,
    });
    expect(again).toMatchObject({ organisationId: first.organisationId, organisationCreated: false, granted: false });
    const claims: SignedIn = { role: 'authenticated', sub: first.userId, aud: 'authenticated', email: first.email };
    expect(await listCreatorOrganisations(claims)).toEqual([{ id: first.organisationId, name: 'Ny Kommune' }]);
    expect(await createEvent(claims, blank('ny-kommunes-dag', { organisation: first.organisationId }))).toMatchObject({
      ok: true,
    });
  });

  it('refuses an unknown organisation without a sector, an unknown sector and a bad address', async () => {
    const attempt = (input: Partial<Parameters<typeof grantEventCreator>[1]>) =>
      grantEventCreator(sql, { email: 'x@y.dk', organisation: 'Ukendt', createUser: true, ...input }).then(
        () => 'granted',
        (error: unknown) => (error instanceof GrantError ? error.code : String(error)),
      );
    expect(await attempt({})).toBe('unknown_organisation');
    expect(await attempt({ sector: 'kongehus' })).toBe('invalid_sector');
    expect(await attempt({ email: 'ikke en adresse', sector: 'kommune' })).toBe('invalid_email');
    const [row] = await sql<{ count: number }[]>`select count(*)::int from public.organisations where name = 'Ukendt'`;
    expect(row!.count).toBe(0);
  });
});

describe('the console’s solutions list (issue #10 item 7)', () => {
  const NO_FILTERS = { status: null, sector: null, nominee: null, query: null };

  it('names the organisations of every seeded solution, lead first', async () => {
    const listed = await listEventSolutions(creator.claims, demoId, NO_FILTERS, sql);
    const [seeded] = await sql<{ count: number }[]>`
      select count(*)::int from public.solutions where event_id = ${demoId} and status <> 'draft'`;
    expect(listed).toHaveLength(seeded!.count);
    expect(listed.length).toBeGreaterThanOrEqual(25);
    expect(listed.filter((solution) => solution.partners.length === 0).map((s) => s.slug)).toEqual([]);
    const [lead] = await sql<{ slug: string; name: string }[]>`
      select so.slug, o.name from public.solution_partners sp
        join public.solutions so on so.id = sp.solution_id
        join public.organisations o on o.id = sp.organisation_id
       where so.event_id = ${demoId} and sp.role = 'lead' order by so.slug limit 1`;
    expect(listed.find((solution) => solution.slug === lead!.slug)?.partners[0]?.name).toBe(lead!.name);
    // The sector filter sees them too.
    const byRegion = await listEventSolutions(creator.claims, demoId, { ...NO_FILTERS, sector: 'region' }, sql);
    expect(byRegion.length).toBeGreaterThan(0);
    expect(byRegion.every((solution) => solution.sectors.includes('region'))).toBe(true);
  });

  it('shows an organiser of a draft the partners and organisations of its solutions (the public cannot)', async () => {
    const copy = await createEvent(creator.claims, blank('kladde-med-loesning'));
    const eventId = (copy as { id: string }).id;
    const [solution] = await sql<{ id: string }[]>`
      insert into public.solutions (event_id, slug, title, summary, contact_name, contact_email, status)
      values (${eventId}, 'kladde-loesning', 'Kladdeløsning', 'Om den', 'Kontakt', 'k@kommune.dk', 'accepted')
      returning id`;
    await sql`
      insert into public.solution_partners (event_id, solution_id, organisation_id, role)
      values (${eventId}, ${solution!.id}, ${otherOrganisationId}, 'lead')`;
    const [listed] = await listEventSolutions(creator.claims, eventId, NO_FILTERS, sql);
    expect(listed?.partners).toEqual([{ name: 'Andenkommunen', sector: 'kommune' }]);
    const anon = await asUser(
      { role: 'anon' },
      (tx) => tx`select 1 from public.solution_partners where solution_id = ${solution!.id}`,
    );
    expect(anon).toHaveLength(0);
    const other = await asUser(
      organiserOfA.claims,
      (tx) => tx`select 1 from public.organisations where id = ${otherOrganisationId}`,
    );
    expect(other).toHaveLength(0);
  });
});
