// Name badges: only the event's organisers get them, only for valid tickets,
// all at once or found by ticket reference or name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, asUser, closePool, type SignedIn } from '../../src/lib/db/db.server.ts';
import { loadBadges } from '../../src/lib/badges/badges.server.ts';
import { parseBadgeQuery } from '../../src/lib/badges/badges.ts';
import { callRegister, type RegisterRow } from '../../src/lib/registration/registration.server.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { attendee, insertTicketType, insertUser, order } from '../fixtures/registration-world.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql, url } = await freshDatabase({ max: 10 });
Object.assign(process.env, { DATABASE_URL: url });

afterAll(async () => {
  await closePool();
});

const SLUG = 'navneskilte-test';
let world: EventWorld;
let organiser: SignedIn;
let first: RegisterRow;
let reference: string;

const label = (ref: string) => `QR ${ref}`;
const badgesFor = (claims: SignedIn, q: string | null, slug = SLUG) =>
  loadBadges(claims, slug, 'da', parseBadgeQuery(q), label);

beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: SLUG, status: 'published' });
  organiser = { role: 'authenticated', sub: world.organiserId, aud: 'authenticated' };
  const typeId = await insertTicketType(sql, { eventId: world.eventId, slug: 'skilt', capacity: 10 });
  const register = (input: ReturnType<typeof order>) =>
    asUser(ANON, (tx) => callRegister(tx, input, { lang: 'da', onlinePayment: false }), sql);
  first = await register(
    order(typeId, [
      attendee('bo@skilt.example.org', { name: 'Bo Andersen', organisation: 'Testrup Kommune' }),
      attendee('anna@skilt.example.org', { name: 'Anna Holm', organisation: 'Fonden', sector: 'fond' }),
    ]),
  );
  await register(order(typeId, [attendee('aflyst@skilt.example.org', { name: 'Aflyst Person' })]));
  await sql`update public.tickets set status = 'cancelled', cancelled_at = now()
            where attendee_email = 'aflyst@skilt.example.org'`;
  const [row] = await sql<{ reference: string }[]>`select reference from public.orders where id = ${first.order_id}`;
  reference = row!.reference;
});

describe('loadBadges', () => {
  it('gives an organiser every valid ticket, sorted by name, with a signed QR code', async () => {
    const result = await badgesFor(organiser, null);
    expect(result?.event.slug).toBe(SLUG);
    expect(result!.badges.map((badge) => [badge.name, badge.organisation, badge.sector, badge.reference])).toEqual([
      ['Anna Holm', 'Fonden', 'fond', `${reference}-2`],
      ['Bo Andersen', 'Testrup Kommune', 'kommune', `${reference}-1`],
    ]);
    for (const badge of result!.badges) {
      expect(badge.qrSvg).toMatch(/^<svg [^>]*role="img"/);
      expect(badge.qrSvg).toContain(`aria-label="QR ${badge.reference}"`);
    }
  });

  it('finds one ticket by its reference, any case', async () => {
    const result = await badgesFor(organiser, `${reference.toLowerCase()}-1`);
    expect(result!.badges.map((badge) => badge.name)).toEqual(['Bo Andersen']);
  });

  it('finds all tickets of an order by the order reference', async () => {
    const result = await badgesFor(organiser, reference);
    expect(result!.badges).toHaveLength(2);
  });

  it('finds by part of the name, and never a cancelled ticket', async () => {
    expect((await badgesFor(organiser, 'holm'))!.badges.map((badge) => badge.name)).toEqual(['Anna Holm']);
    expect((await badgesFor(organiser, 'Aflyst'))!.badges).toEqual([]);
    expect((await badgesFor(organiser, '%'))!.badges).toEqual([]);
  });

  it('is null for anyone who is not an organiser of the event, and for an unknown event', async () => {
    const attendeeUser = await insertUser(sql, 'anna@skilt.example.org');
    expect(await badgesFor(attendeeUser.claims as SignedIn, null)).toBeNull();
    const stranger = await insertUser(sql, 'fremmed@skilt.example.org');
    await sql`insert into public.event_roles (event_id, user_id, role)
              values (${world.eventId}, ${stranger.id}, 'checkin_staff')`;
    expect(await badgesFor(stranger.claims as SignedIn, null)).toBeNull();
    expect(await badgesFor(organiser, null, 'findes-ikke')).toBeNull();
  });
});
