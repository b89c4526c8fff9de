// Name badges for an event's valid tickets, with each ticket's signed QR code.
// Two steps with two roles, always in this order:
//   1. Under the caller's own claims (RLS): is this user an organiser of the
//      event (loadMyEvent, the one "event I organise" query)? Anyone else gets
//      null, exactly as for an event that does not exist. The page's loader
//      asked the same a moment ago; this step asks again because the service
//      role below must never depend on a caller having checked.
//   2. With the service role: read the tickets and sign their codes. Signing
//      needs the event's private key, which only the service role may read
//      (private.event_signing_keys, via getOrCreateSigningKey), so this step
//      cannot run under the organiser's claims. It only runs for the event
//      id that step 1 returned.
import { loadMyEvent, type MyEvent } from '../auth/my-roles.server.ts';
import { asService, type SignedIn, type Tx } from '../db/db.server.ts';
import type { Sector } from '../events/events.ts';
import type { Lang } from '../i18n/locales.ts';
import { ticketQrSvg } from '../tickets/qr.ts';
import { issueTicketCodes } from '../tickets/tickets.server.ts';
import type { BadgeQuery } from './badges.ts';
import { ticketReference, ticketValidity } from '../tickets/tickets.ts';

export interface Badge {
  ticketId: string;
  /** "<order reference>-<position>", as on the ticket. */
  reference: string;
  name: string;
  organisation: string | null;
  sector: Sector | null;
  /** The signed ticket code as an SVG QR code with an accessible name. */
  qrSvg: string;
}

/** At most this many badges in one page: a full event is about 1,200. */
export const BADGE_LIMIT = 2000;

interface BadgeRow {
  id: string;
  revision: number;
  position: number;
  order_reference: string;
  attendee_name: string;
  organisation_name: string | null;
  sector: Sector | null;
}

/**
 * The badges of an event the caller organises, sorted by name, or null when
 * the caller is not an organiser of it. Only valid, not anonymised tickets.
 */
export async function loadBadges(
  claims: SignedIn,
  eventSlug: string,
  lang: Lang,
  query: BadgeQuery,
  qrLabel: (reference: string) => string,
): Promise<{ event: MyEvent; badges: Badge[] } | null> {
  const event = await loadMyEvent(claims, eventSlug, 'organiser', lang);
  if (!event) return null;
  const { validFrom, validUntil } = ticketValidity(event);
  const signed = await asService(async (tx) => {
    const rows = await selectBadgeRows(tx, event.id, query);
    const codes = await issueTicketCodes(
      tx,
      event.id,
      rows.map((row) => ({ ticketId: row.id, revision: row.revision, validFrom, validUntil })),
    );
    return rows.map((row, index) => ({ row, code: codes[index]! }));
  });
  const badges = await Promise.all(
    signed.map(async ({ row, code }) => {
      const reference = ticketReference(row.order_reference, row.position);
      return {
        ticketId: row.id,
        reference,
        name: row.attendee_name,
        organisation: row.organisation_name,
        sector: row.sector,
        qrSvg: await ticketQrSvg(code, { label: qrLabel(reference), scale: 3 }),
      } satisfies Badge;
    }),
  );
  return { event, badges };
}

function selectBadgeRows(tx: Tx, eventId: string, query: BadgeQuery): Promise<BadgeRow[]> {
  const filter =
    query.kind === 'all'
      ? tx`true`
      : query.reference
        ? tx`(o.reference = ${query.reference.orderReference}
              and (${query.reference.position}::smallint is null or t.position = ${query.reference.position}::smallint)
              or t.attendee_name ilike ${query.namePattern})`
        : tx`t.attendee_name ilike ${query.namePattern}`;
  return tx<BadgeRow[]>`
    select t.id, t.revision, t.position, o.reference as order_reference,
           t.attendee_name, t.organisation_name, t.sector
    from public.tickets t
    join public.orders o on o.id = t.order_id
    where t.event_id = ${eventId}
      and t.status = 'valid'
      and t.anonymised_at is null
      and t.attendee_name is not null
      and ${filter}
    order by lower(t.attendee_name), t.id
    limit ${BADGE_LIMIT}`;
}
