// The one iCalendar builder: session files, my programme, the webcal feed and
// the event attached to an order confirmation. Times are written in UTC, so
// every calendar app places them correctly in Europe/Copenhagen on either
// side of a daylight-saving change without a VTIMEZONE. Each session (and
// each event) has one UID wherever it appears, so a calendar updates the
// entry instead of adding another; SEQUENCE comes from counters Postgres
// keeps (it grows exactly when what an attendee sees changes). Lines are folded at 75 octets (RFC 5545 3.1),
// never inside a UTF-8 character.
import { createEvents, type EventAttributes } from 'ics';
import { foldLines } from './fold.ts';

export interface CalendarEntry {
  /** `sessionUid(id)` or `eventUid(id)`: stable across files and resends. */
  uid: string;
  title: string;
  description?: string | undefined;
  location?: string | undefined;
  url?: string | undefined;
  startsAt: Date;
  endsAt: Date;
  /**
   * Kept by Postgres (20261203101000_calendar_sequence.sql): grows, per
   * attendee and session, exactly when what they see of the entry changes.
   */
  sequence: number;
  cancelled?: boolean | undefined;
}

export interface CalendarOptions {
  /** The calendar's name in a subscribing app (X-WR-CALNAME). */
  name: string;
}

const PRODUCT_ID = '-//Samspil//Samspil//DA';

export function sessionUid(sessionId: string): string {
  return `session-${sessionId}@samspil`;
}

/** The whole event's UID, as in the .ics attached to an order confirmation. */
export function eventUid(eventId: string): string {
  return `${eventId}@samspil`;
}

function toAttributes(entry: CalendarEntry): EventAttributes {
  return {
    uid: entry.uid,
    title: entry.title,
    start: entry.startsAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: entry.endsAt.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    sequence: entry.sequence,
    status: entry.cancelled ? 'CANCELLED' : 'CONFIRMED',
    ...(entry.description ? { description: entry.description } : {}),
    ...(entry.location ? { location: entry.location } : {}),
    ...(entry.url ? { url: entry.url } : {}),
  };
}

/** A VCALENDAR with one VEVENT per entry; an empty programme is an empty, valid calendar. */
export function buildCalendar(entries: readonly CalendarEntry[], options: CalendarOptions): string {
  const { error, value } = createEvents(entries.map(toAttributes), { productId: PRODUCT_ID, calName: options.name });
  if (error || value === null) throw error ?? new Error('the calendar could not be built');
  return foldLines(value);
}

export const ICS_CONTENT_TYPE = 'text/calendar; charset=utf-8';

/** A file name for Content-Disposition: ASCII letters, digits and hyphens only. */
export function icsFileName(base: string): string {
  const safe = base
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'Ae')
    .replace(/ø/g, 'oe')
    .replace(/Ø/g, 'Oe')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${safe || 'kalender'}.ics`;
}

/** An .ics file as an HTTP response; `attachment` makes browsers download it rather than open it. */
export function icsResponse(
  file: { ics: string; fileName: string },
  options: { cacheControl: string; attachment: boolean },
): Response {
  return new Response(file.ics, {
    headers: {
      'content-type': ICS_CONTENT_TYPE,
      'cache-control': options.cacheControl,
      'content-disposition': `${options.attachment ? 'attachment' : 'inline'}; filename="${file.fileName}"`,
    },
  });
}
