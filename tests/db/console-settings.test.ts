// Ticket, registration and booking settings (20261203110400_console_settings):
// written as the signed-in organiser through the real use cases, so RLS, the
// version check, the constraints and the audit trigger all take part.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANON, asService, asUser, type Claims, type SignedIn } from '../../src/lib/db/db.server.ts';
import { callRegister } from '../../src/lib/registration/registration.server.ts';
import {
  generateGalleryRounds,
  loadEventSettings,
  loadReviewRubric,
  loadTicketTypes,
  saveBookingSettings,
  saveCallSettings,
  saveRegistrationSettings,
  saveTicketType,
} from '../../src/lib/settings/settings.server.ts';
import type {
  BookingSettingsInput,
  CallSettingsInput,
  GalleryLayoutInput,
  RegistrationSettingsInput,
  TicketTypeInput,
} from '../../src/lib/settings/settings.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { attendee, insertTicketType, order } from '../fixtures/registration-world.ts';
import { sqlState } from '../fixtures/sql.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase();

const person = (name: string) => {
  const id = randomUUID();
  const email = `${name}@indstillinger.dk`;
  const claims: SignedIn = { role: 'authenticated', sub: id, aud: 'authenticated', email };
  return { id, email, claims };
};
const organiser = person('organisator');
const staff = person('tjekind');
const reviewer = person('bedoemmer');
const otherOrganiser = person('anden');

let world: EventWorld;
let other: EventWorld;

const ticketInput = (eventId: string, overrides: Partial<TicketTypeInput> = {}): TicketTypeInput => ({
  event: eventId,
  name: 'Offentligt ansat',
  nameEn: 'Public sector',
  description: 'For ansatte i kommuner, regioner og staten.',
  descriptionEn: null,
  audience: 'public_sector',
  price: 125_000,
  capacity: 100,
  salesStart: null,
  salesEnd: null,
  visibility: 'listed',
  accessCode: null,
  maxPerOrder: null,
  ...overrides,
});

const registrationInput = async (
  eventId: string,
  overrides: Partial<RegistrationSettingsInput> = {},
): Promise<RegistrationSettingsInput> => ({
  event: eventId,
  version: await eventVersion(eventId),
  questionSector: 'required',
  questionMunicipality: 'optional',
  questionDietary: 'optional',
  questionAccessibility: 'optional',
  cancellationDeadline: null,
  waitlistOfferHours: 48,
  teamOrders: true,
  maxTicketsPerOrder: 20,
  ...overrides,
});

const eventVersion = async (eventId: string) =>
  (await sql<{ version: number }[]>`select version from public.events where id = ${eventId}`)[0]!.version;

const typeRow = async (id: string) =>
  (
    await sql<{ price_ore: number; capacity: number; version: number; name: string; access_code: string | null }[]>`
      select price_ore, capacity, version, name, access_code from public.ticket_types where id = ${id}`
  )[0]!;

const register = (typeId: string, emails: string[], options: { accessCode?: string; online?: boolean } = {}) =>
  asUser(
    ANON,
    (tx) =>
      callRegister(
        tx,
        order(
          typeId,
          emails.map((email) => attendee(email)),
        ),
        {
          lang: 'da',
          onlinePayment: options.online ?? false,
          accessCode: options.accessCode ?? null,
        },
      ),
    sql,
  );

/** The wall clock of a moment in Copenhagen, as the form posts it. */
const wall = (date: Date) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Copenhagen',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
    .format(date)
    .replace(' ', 'T');

beforeAll(async () => {
  for (const p of [organiser, staff, reviewer, otherOrganiser]) {
    await sql`insert into auth.users (id, email) values (${p.id}, ${p.email})`;
  }
  world = await insertEventWorld(sql, { slug: 'indstillinger-a', status: 'published' });
  other = await insertEventWorld(sql, { slug: 'indstillinger-b', status: 'published' });
  await sql`
    insert into public.event_roles (event_id, user_id, role) values
      (${world.eventId}, ${organiser.id}, 'organiser'),
      (${world.eventId}, ${staff.id}, 'checkin_staff'),
      (${world.eventId}, ${reviewer.id}, 'reviewer'),
      (${other.eventId}, ${otherOrganiser.id}, 'organiser')`;
});

describe('ticket types', () => {
  it('are created by the organiser, with a slug from the name and an audit entry naming them', async () => {
    const saved = await saveTicketType(organiser.claims, ticketInput(world.eventId), sql);
    expect(saved).toMatchObject({ ok: true });
    const id = (saved as { id: string }).id;
    const [row] = await sql<{ slug: string; price_ore: number; vat_percent: number }[]>`
      select slug, price_ore, vat_percent from public.ticket_types where id = ${id}`;
    expect(row).toEqual({ slug: 'offentligt-ansat', price_ore: 125_000, vat_percent: 25 });
    const again = await saveTicketType(organiser.claims, ticketInput(world.eventId), sql);
    const [second] = await sql<{ slug: string }[]>`
      select slug from public.ticket_types where id = ${(again as { id: string }).id}`;
    expect(second!.slug).toBe('offentligt-ansat-2');
    const [audit] = await sql<{ actor_id: string; action: string }[]>`
      select actor_id, action::text from public.audit_log where row_key ->> 'id' = ${id}`;
    expect(audit).toEqual({ actor_id: organiser.id, action: 'insert' });
  });

  it('refuse an organiser of another event, check-in staff, reviewers and anonymous callers, and change nothing', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'beskyttet', capacity: 10 });
    const before = await typeRow(typeId);
    const edit = ticketInput(world.eventId, { ticketType: typeId, version: before.version, name: 'Kapret' });
    expect(await saveTicketType(otherOrganiser.claims, edit, sql)).toEqual({ ok: false, code: 'not_found' });
    expect(await saveTicketType(staff.claims, edit, sql)).toEqual({ ok: false, code: 'not_found' });
    expect(await saveTicketType(reviewer.claims, edit, sql)).toEqual({ ok: false, code: 'not_found' });
    // Around the use case too: straight at the table, as each role.
    for (const who of [otherOrganiser.claims, staff.claims, reviewer.claims]) {
      const changed = await asUser(
        who,
        (tx) => tx`update public.ticket_types set name = 'Kapret' where id = ${typeId}`,
        sql,
      );
      expect(changed.count).toBe(0);
      expect(
        await sqlState(
          asUser(
            who,
            (tx) => tx`
              insert into public.ticket_types (event_id, slug, name, audience, price_ore, capacity)
              values (${world.eventId}, 'snyd', 'Snyd', 'other', 0, 5)`,
            sql,
          ),
        ),
      ).toBe('42501');
    }
    expect(
      await sqlState(
        asUser(ANON, (tx) => tx`update public.ticket_types set name = 'Kapret' where id = ${typeId}`, sql),
      ),
    ).toBe('42501');
    expect(await typeRow(typeId)).toEqual(before);
  });

  it('refuse a save over a newer version: the second of two organisers is told, never overwrites', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'samtidig', capacity: 10 });
    const { version } = await typeRow(typeId);
    const first = await saveTicketType(
      organiser.claims,
      ticketInput(world.eventId, { ticketType: typeId, version, name: 'Først' }),
      sql,
    );
    expect(first).toMatchObject({ ok: true });
    const second = await saveTicketType(
      organiser.claims,
      ticketInput(world.eventId, { ticketType: typeId, version, name: 'Anden' }),
      sql,
    );
    expect(second).toEqual({ ok: false, code: 'changed_elsewhere' });
    expect((await typeRow(typeId)).name).toBe('Først');
  });

  it('refuse a capacity below the tickets sold, at the capacity field, and keep the row as it was', async () => {
    const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'solgt', capacity: 5 });
    for (const email of ['a@solgt.dk', 'b@solgt.dk', 'c@solgt.dk']) {
      expect((await register(typeId, [email])).result).toBe('ok');
    }
    const before = await typeRow(typeId);
    const refused = await saveTicketType(
      organiser.claims,
      ticketInput(world.eventId, { ticketType: typeId, version: before.version, capacity: 2 }),
      sql,
    );
    expect(refused).toEqual({ ok: false, code: 'capacity_below_sold' });
    expect(await typeRow(typeId)).toEqual(before);
    const exactly = await saveTicketType(
      organiser.claims,
      ticketInput(world.eventId, { ticketType: typeId, version: before.version, capacity: 3 }),
      sql,
    );
    expect(exactly).toMatchObject({ ok: true });
  });

  it('never change what someone already paid when the price changes', async () => {
    const typeId = await insertTicketType(sql, {
      eventId: world.eventId,
      slug: 'betalt',
      capacity: 10,
      priceOre: 125_000,
    });
    const bought = await register(typeId, ['k1@betalt.dk', 'k2@betalt.dk'], { online: true });
    expect(bought).toMatchObject({ result: 'ok', total_ore: 250_000 });
    await asService(
      (tx) => tx`
        update public.orders set status = 'paid', paid_at = now(), payment_intent_id = 'pi_test'
         where id = ${bought.order_id!}`,
      sql,
    );
    const { version } = await typeRow(typeId);
    const saved = await saveTicketType(
      organiser.claims,
      ticketInput(world.eventId, { ticketType: typeId, version, price: 99_500 }),
      sql,
    );
    expect(saved).toMatchObject({ ok: true });
    expect((await typeRow(typeId)).price_ore).toBe(99_500);
    const [paid] = await sql<{ total_ore: number; status: string }[]>`
      select total_ore, status::text from public.orders where id = ${bought.order_id!}`;
    expect(paid).toEqual({ total_ore: 250_000, status: 'paid' });
    const prices = await sql<{ price_ore: number }[]>`
      select price_ore from public.tickets where order_id = ${bought.order_id!} order by position`;
    expect(prices.map((row) => row.price_ore)).toEqual([125_000, 125_000]);
    // A new order pays the new price.
    const later = await register(typeId, ['k3@betalt.dk'], { online: true });
    expect(later.total_ore).toBe(99_500);
    // And nobody can rewrite an old ticket's price afterwards, not even the service role.
    expect(await sqlState(sql`update public.tickets set price_ore = 99500 where order_id = ${bought.order_id!}`)).toBe(
      '23514',
    );
  });

  it('shown only by code: hidden from the API roles, registered only with the code', async () => {
    const saved = await saveTicketType(
      organiser.claims,
      ticketInput(world.eventId, { name: 'Partnerbillet', price: 0, visibility: 'code', accessCode: 'PARTNER-27' }),
      sql,
    );
    const typeId = (saved as { id: string }).id;
    expect(await sqlState(asUser(ANON, (tx) => tx`select access_code from public.ticket_types`, sql))).toBe('42501');
    expect((await loadTicketTypes(organiser.claims, world.eventId, sql)).find((t) => t.id === typeId)?.accessCode).toBe(
      'PARTNER-27',
    );
    expect(await loadTicketTypes(otherOrganiser.claims, world.eventId, sql)).toEqual([]);
    expect((await register(typeId, ['uden@kode.dk'])).result).toBe('not_found');
    expect((await register(typeId, ['forkert@kode.dk'], { accessCode: 'PARTNER-28' })).result).toBe('not_found');
    expect((await register(typeId, ['med@kode.dk'], { accessCode: 'partner-27' })).result).toBe('ok');
    const opened = await asUser(
      ANON,
      (tx) => tx<{ id: string }[]>`select private.ticket_types_for_code(${world.eventId}, 'PARTNER-27') as id`,
      sql,
    );
    expect(opened.map((row) => row.id)).toEqual([typeId]);
    // One code opens one type per event.
    const clash = await saveTicketType(
      organiser.claims,
      ticketInput(world.eventId, { name: 'Anden partner', visibility: 'code', accessCode: 'partner-27' }),
      sql,
    );
    expect(clash).toEqual({ ok: false, code: 'code_taken' });
  });

  it('limit an order by the type’s own limit, and to one attendee with team orders off', async () => {
    const saved = await saveTicketType(
      organiser.claims,
      ticketInput(world.eventId, { name: 'Højst to', price: 0, maxPerOrder: 2 }),
      sql,
    );
    const typeId = (saved as { id: string }).id;
    expect((await register(typeId, ['1@to.dk', '2@to.dk', '3@to.dk'])).result).toBe('too_many');
    expect((await register(typeId, ['1@to.dk', '2@to.dk'])).result).toBe('ok');
    await sql`update public.events set team_orders = false where id = ${world.eventId}`;
    try {
      expect((await register(typeId, ['4@to.dk', '5@to.dk'])).result).toBe('too_many');
      expect((await register(typeId, ['4@to.dk'])).result).toBe('ok');
    } finally {
      await sql`update public.events set team_orders = true where id = ${world.eventId}`;
    }
  });
});

describe('registration questions', () => {
  it('keep no answer to a question the event does not ask, and refuse a ticket without a required one', async () => {
    const typeId = await insertTicketType(sql, { eventId: other.eventId, slug: 'spoergsmaal', capacity: 10 });
    await sql`
      update public.events set question_sector = 'hidden', question_dietary = 'hidden', question_municipality = 'required'
       where id = ${other.eventId}`;
    const ok = await asUser(
      ANON,
      (tx) =>
        callRegister(
          tx,
          order(typeId, [attendee('svar@spoergsmaal.dk', { dietaryNeeds: 'Vegetar', municipality: 'Aarhus' })]),
          { lang: 'da', onlinePayment: false },
        ),
      sql,
    );
    expect(ok.result).toBe('ok');
    const [ticket] = await sql<{ sector: string | null; dietary_needs: string | null; municipality: string | null }[]>`
      select sector::text, dietary_needs, municipality from public.tickets where id = ${ok.ticket_ids![0]!}`;
    expect(ticket).toEqual({ sector: null, dietary_needs: null, municipality: 'Aarhus' });
    expect(
      await sqlState(
        asUser(
          ANON,
          (tx) =>
            callRegister(tx, order(typeId, [attendee('uden@spoergsmaal.dk', { municipality: null })]), {
              lang: 'da',
              onlinePayment: false,
            }),
          sql,
        ),
      ),
    ).toBe('23514');
    // Nothing half-written: the refused registration took no seat.
    const [type] = await sql<{ sold: number }[]>`select sold from public.ticket_types where id = ${typeId}`;
    expect(type!.sold).toBe(1);
  });
});

describe('event settings', () => {
  it('are saved by the organiser and read back', async () => {
    const deadline = new Date(Date.now() + 7 * 86_400_000);
    deadline.setUTCSeconds(0, 0);
    const saved = await saveRegistrationSettings(
      organiser.claims,
      await registrationInput(world.eventId, {
        questionDietary: 'required',
        questionSector: 'optional',
        cancellationDeadline: wall(deadline),
        waitlistOfferHours: 24,
        teamOrders: false,
        maxTicketsPerOrder: 5,
      }),
      sql,
    );
    expect(saved).toMatchObject({ ok: true });
    const settings = await loadEventSettings(organiser.claims, world.eventId, sql);
    expect(settings).toMatchObject({
      questions: { sector: 'optional', municipality: 'optional', dietary: 'required', accessibility: 'optional' },
      cancellationDeadline: deadline,
      waitlistOfferHours: 24,
      teamOrders: false,
      maxTicketsPerOrder: 5,
    });
    // Back to the defaults for the other tests.
    await saveRegistrationSettings(organiser.claims, await registrationInput(world.eventId), sql);
  });

  it('refuse the organiser of another event, check-in staff and reviewers, and change nothing', async () => {
    const before = await eventVersion(world.eventId);
    const input = await registrationInput(world.eventId, { teamOrders: false });
    expect(await saveRegistrationSettings(otherOrganiser.claims, input, sql)).toEqual({ ok: false, code: 'not_found' });
    expect(await saveRegistrationSettings(staff.claims, input, sql)).toEqual({ ok: false, code: 'not_found' });
    expect(await saveRegistrationSettings(reviewer.claims, input, sql)).toEqual({ ok: false, code: 'not_found' });
    for (const who of [otherOrganiser.claims, staff.claims, reviewer.claims] as Claims[]) {
      const changed = await asUser(
        who,
        (tx) => tx`update public.events set team_orders = false where id = ${world.eventId}`,
        sql,
      );
      expect(changed.count).toBe(0);
    }
    expect(await loadEventSettings(otherOrganiser.claims, world.eventId, sql)).toBeNull();
    expect(await eventVersion(world.eventId)).toBe(before);
  });

  it('refuse a cancellation deadline after the event, a booking window closing before it opens, and a stale version', async () => {
    const late = new Date(Date.now() + 5 * 365 * 86_400_000);
    expect(
      await saveRegistrationSettings(
        organiser.claims,
        await registrationInput(world.eventId, { cancellationDeadline: wall(late) }),
        sql,
      ),
    ).toEqual({ ok: false, code: 'deadline_after_event' });

    const booking = async (overrides: Partial<BookingSettingsInput>): Promise<BookingSettingsInput> => ({
      event: world.eventId,
      version: await eventVersion(world.eventId),
      bookingOpensAt: null,
      bookingClosesAt: null,
      maxGalleryRounds: null,
      waitlistMode: 'auto_promote',
      offerMinutes: 120,
      noShowMinutes: null,
      ...overrides,
    });
    const soon = new Date(Date.now() + 86_400_000);
    const sooner = new Date(Date.now() + 3_600_000);
    expect(
      await saveBookingSettings(
        organiser.claims,
        await booking({ bookingOpensAt: wall(soon), bookingClosesAt: wall(sooner) }),
        sql,
      ),
    ).toEqual({ ok: false, code: 'window_out_of_order', field: 'bookingClosesAt' });

    const stale = await booking({ maxGalleryRounds: 3, waitlistMode: 'offer', offerMinutes: 30, noShowMinutes: 10 });
    expect(await saveBookingSettings(organiser.claims, stale, sql)).toMatchObject({ ok: true });
    expect(await saveBookingSettings(organiser.claims, { ...stale, maxGalleryRounds: 4 }, sql)).toEqual({
      ok: false,
      code: 'changed_elsewhere',
    });
    expect(await loadEventSettings(organiser.claims, world.eventId, sql)).toMatchObject({
      maxGalleryRounds: 3,
      waitlistMode: 'offer',
      offerMinutes: 30,
      noShowMinutes: 10,
    });
  });

  it('refuse a wall-clock time the event’s zone skips (the spring change to summer time)', async () => {
    const year = new Date().getUTCFullYear() + 1;
    // The last Sunday of March, 02:30 in Copenhagen, does not exist.
    const lastSunday = new Date(Date.UTC(year, 2, 31));
    lastSunday.setUTCDate(31 - lastSunday.getUTCDay());
    const skipped = `${lastSunday.toISOString().slice(0, 10)}T02:30`;
    expect(
      await saveBookingSettings(
        organiser.claims,
        {
          event: world.eventId,
          version: await eventVersion(world.eventId),
          bookingOpensAt: skipped,
          bookingClosesAt: null,
          maxGalleryRounds: null,
          waitlistMode: 'auto_promote',
          offerMinutes: 120,
          noShowMinutes: null,
        },
        sql,
      ),
    ).toEqual({ ok: false, code: 'invalid_time', field: 'bookingOpensAt' });
  });
});

describe('call for solutions and gallery layout', () => {
  const call = async (overrides: Partial<CallSettingsInput> = {}): Promise<CallSettingsInput> => ({
    event: other.eventId,
    version: await eventVersion(other.eventId),
    callOpensAt: null,
    callClosesAt: null,
    reviewRubric: null,
    reviewRubricEn: null,
    slotsPerRound: 3,
    ...overrides,
  });
  const eventDay = async (eventId: string) =>
    (await sql<{ starts_at: Date }[]>`select starts_at from public.events where id = ${eventId}`)[0]!.starts_at;
  const layout = async (overrides: Partial<GalleryLayoutInput> = {}): Promise<GalleryLayoutInput> => ({
    event: other.eventId,
    galleries: 5,
    rounds: 3,
    // One hour after the event starts (the world's day begins 08:00).
    firstStart: wall(new Date((await eventDay(other.eventId)).getTime() + 3 * 3_600_000)),
    minutes: 60,
    gap: 15,
    seats: 40,
    ...overrides,
  });
  const galleryRounds = async (eventId: string) =>
    (
      await sql<{ n: number }[]>`
        select count(*)::int as n from public.sessions where event_id = ${eventId} and slug like 'galleri-%'`
    )[0]!.n;

  it('saves the call window and the review criteria, shown to the organiser in their language', async () => {
    const opens = new Date(Date.now() + 86_400_000);
    const closes = new Date(Date.now() + 10 * 86_400_000);
    opens.setUTCSeconds(0, 0);
    closes.setUTCSeconds(0, 0);
    const saved = await saveCallSettings(
      otherOrganiser.claims,
      await call({
        callOpensAt: wall(opens),
        callClosesAt: wall(closes),
        reviewRubric: 'Nyhedsværdi\n\nOverførbarhed\n',
        reviewRubricEn: 'Novelty\nTransferability',
        slotsPerRound: 2,
      }),
      sql,
    );
    expect(saved).toMatchObject({ ok: true });
    expect(await loadEventSettings(otherOrganiser.claims, other.eventId, sql)).toMatchObject({
      callOpensAt: opens,
      callClosesAt: closes,
      slotsPerRound: 2,
    });
    expect(await loadReviewRubric(otherOrganiser.claims, other.eventId, 'da', sql)).toEqual([
      'Nyhedsværdi',
      'Overførbarhed',
    ]);
    expect(await loadReviewRubric(otherOrganiser.claims, other.eventId, 'en', sql)).toEqual([
      'Novelty',
      'Transferability',
    ]);
    expect(await loadReviewRubric(organiser.claims, other.eventId, 'da', sql)).toEqual([]);
    expect(await saveCallSettings(organiser.claims, await call(), sql)).toEqual({ ok: false, code: 'not_found' });
  });

  it('keeps a gallery round to the event’s slots per round', async () => {
    // slotsPerRound is 2 from the test above; the world's round has solutions at 1 and 2.
    expect(
      await sqlState(sql`
        insert into public.gallery_presentations (event_id, session_id, solution_id, position)
        values (${other.eventId}, ${other.emptyRoundId}, ${other.acceptedSolutionId}, 3)`),
    ).toBe('23514');
  });

  it('makes 5 galleries × 3 rounds once, as the organiser, and only for their own event', async () => {
    expect(await generateGalleryRounds(organiser.claims, await layout(), sql)).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(await generateGalleryRounds(staff.claims, await layout({ event: world.eventId }), sql)).toEqual({
      ok: false,
      code: 'not_found',
    });
    expect(await galleryRounds(other.eventId)).toBe(0);

    expect(await generateGalleryRounds(otherOrganiser.claims, await layout(), sql)).toEqual({ ok: true, made: 15 });
    const rows = await sql<{ slug: string; kind: string; capacity: number; room: string; minutes: number }[]>`
      select s.slug, s.kind::text, s.capacity, r.name as room,
             extract(epoch from s.ends_at - s.starts_at)::int / 60 as minutes
        from public.sessions s join public.rooms r on r.id = s.room_id
       where s.event_id = ${other.eventId} and s.slug like 'galleri-%' order by s.starts_at, r.name`;
    expect(rows).toHaveLength(15);
    expect(new Set(rows.map((row) => row.room))).toEqual(new Set([1, 2, 3, 4, 5].map((n) => `Galleri ${n}`)));
    expect(rows.every((row) => row.kind === 'gallery_round' && row.capacity === 40 && row.minutes === 60)).toBe(true);
    // The gallery rooms go after the rooms already there, in gallery order (not all at 0, which
    // put them first and "Galleri 10" before "Galleri 2").
    const rooms = await sql<{ name: string }[]>`
      select name from public.rooms where event_id = ${other.eventId} order by position, name`;
    expect(rooms.map((room) => room.name)).toEqual(['Sal A', 'Sal B', ...[1, 2, 3, 4, 5].map((n) => `Galleri ${n}`)]);
    const positions = await sql<{ position: number }[]>`
      select position from public.rooms where event_id = ${other.eventId} and name like 'Galleri %' order by position`;
    expect(new Set(positions.map((row) => row.position)).size).toBe(5);
    const [audit] = await sql<{ actor_id: string }[]>`
      select actor_id from public.audit_log where table_name = 'sessions' and row_label = 'Galleri 1 · runde 1'
        and event_id = ${other.eventId}`;
    expect(audit!.actor_id).toBe(otherOrganiser.id);
    // Again: nothing new.
    expect(await generateGalleryRounds(otherOrganiser.claims, await layout(), sql)).toEqual({ ok: true, made: 0 });
    expect(await galleryRounds(other.eventId)).toBe(15);
  });

  it('refuses a layout outside the event’s day, and one whose room is taken, leaving nothing half-made', async () => {
    const day = await eventDay(other.eventId);
    expect(
      await generateGalleryRounds(
        otherOrganiser.claims,
        await layout({ galleries: 2, rounds: 12, firstStart: wall(new Date(day.getTime() + 8 * 3_600_000)) }),
        sql,
      ),
    ).toEqual({ ok: false, code: 'layout_outside_event' });
    // A fourth round in each gallery (rounds 1–3 exist and are skipped), half-hour rounds from
    // 09:45: round 4 would be 11:15, while each gallery's room holds its round 1 (11:00–12:00).
    const before = await galleryRounds(other.eventId);
    const clash = await generateGalleryRounds(
      otherOrganiser.claims,
      await layout({ rounds: 4, minutes: 30, gap: 0, firstStart: wall(new Date(day.getTime() + 1.75 * 3_600_000)) }),
      sql,
    );
    expect(clash).toMatchObject({ ok: false, code: 'room_taken' });
    expect(await galleryRounds(other.eventId)).toBe(before);
    expect(
      (await sql`select 1 from public.sessions where event_id = ${other.eventId} and slug like 'galleri-%-runde-4'`)
        .length,
    ).toBe(0);
  });
});
