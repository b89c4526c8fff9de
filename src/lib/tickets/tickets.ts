// What a ticket is, the pure facts every feature shares: its statuses (as in
// the tickets table's check constraint), its reference as the attendee reads
// it, and the window its signed code is valid in. Registration issues
// tickets, check-in and badges read them; none of them owns these facts.

export const TICKET_STATUSES = ['reserved', 'valid', 'expired', 'cancelled'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** "K7Q4MX2A-2": the order's reference and the ticket's place in it. */
export function ticketReference(orderReference: string, position: number): string {
  return `${orderReference}-${position}`;
}

/** A ticket's reference ("7K3M9QXA-2") or its order's ("7K3M9QXA": every ticket of the order). */
export interface ReferenceQuery {
  orderReference: string;
  position: number | null;
}

// Eight characters of Crockford base32, as the database makes them.
const REFERENCE = /^([0-9A-HJKMNP-TV-Z]{8})(?:-(\d{1,3}))?$/;

/** A typed ticket or order reference (any case), or null when the text cannot be one. */
export function parseTicketReference(text: string): ReferenceQuery | null {
  const match = REFERENCE.exec(text.toUpperCase());
  if (!match) return null;
  if (match[2] === undefined) return { orderReference: match[1]!, position: null };
  const position = Number(match[2]);
  return position >= 1 && position <= 100 ? { orderReference: match[1]!, position } : null;
}

/**
 * The window a ticket's QR code is valid in: from the day before the event
 * (doors, rehearsals at the check-in desk) to half a day after it ends.
 */
export function ticketValidity(event: { startsAt: Date; endsAt: Date }): { validFrom: Date; validUntil: Date } {
  return {
    validFrom: new Date(event.startsAt.getTime() - 24 * 3600_000),
    validUntil: new Date(event.endsAt.getTime() + 12 * 3600_000),
  };
}
