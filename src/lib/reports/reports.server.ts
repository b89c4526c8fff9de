// The organisers' report, read in one transaction as the signed-in organiser:
// one call of each private.report_* function (security definer, each checking
// the organiser role of that event; anyone else gets empty answers, which
// loadReport turns into null).
import { asUser, type Claims, type Sql, sql } from '../db/db.server.ts';
import type { Sector } from '../events/events.ts';
import type { Report } from './reports.ts';

export interface ReportContext {
  db?: Sql;
  /** Minutes per bucket of the check-in curve. */
  bucketMinutes?: number;
}

/** The report of an event the caller organises; null for anyone else. */
export async function loadReport(
  claims: Claims,
  event: { id: string; timeZone: string },
  context: ReportContext = {},
): Promise<Report | null> {
  if (claims.role !== 'authenticated') return null;
  const eventId = event.id;
  return asUser(
    claims,
    async (tx) => {
      const [overview] = await tx<Report['overview'][]>`
        select registered, capacity, cancelled, checked_in as "checkedIn", waitlisted, organisations, municipalities
          from private.report_overview(${eventId})`;
      if (!overview) return null;
      const perDay = await tx<Report['perDay']>`
        select day::text as day, registrations from private.report_registrations_per_day(${eventId})`;
      const ticketTypes = await tx<Report['ticketTypes']>`
        select id, name, name_en as "nameEn", capacity, registered from private.report_ticket_types(${eventId})`;
      const sectors = await tx<{ sector: Sector; registered: number; organisations: number; checkedIn: number }[]>`
        select sector::text as sector, registered, organisations, checked_in as "checkedIn"
          from private.report_sectors(${eventId})`;
      const municipalities = await tx<Report['municipalities']>`
        select municipality, registered from private.report_municipalities(${eventId})`;
      const sessions = await tx<Report['sessions']>`
        select id, title, title_en as "titleEn", kind::text as kind, starts_at as "startsAt", capacity, booked, released,
               waitlisted, offered, attended, door_scanned as "doorScanned", no_shows as "noShows"
          from private.report_sessions(${eventId})`;
      const checkins = await tx<Report['checkins']>`
        select bucket, arrivals from private.report_checkin_curve(${eventId}, ${context.bucketMinutes ?? 15})`;
      const emails = await tx<Report['emails']>`
        select template, queued, sending, sent, failed from private.report_email_delivery(${eventId})`;
      return {
        timeZone: event.timeZone,
        overview,
        perDay: [...perDay],
        ticketTypes: [...ticketTypes],
        sectors: [...sectors],
        municipalities: [...municipalities],
        sessions: [...sessions],
        checkins: [...checkins],
        emails: [...emails],
      };
    },
    context.db ?? sql(),
  );
}
