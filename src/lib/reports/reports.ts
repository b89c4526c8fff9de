// The organisers' report: its figures as the database answers them, and the
// pure arithmetic and wording on top — fill and no-show rates, the longest
// lists cut to a chart's size, the steering group's sector figures, and the
// rows of the report's CSV. No I/O; reports.server.ts reads the figures.
import type { Sector } from '../events/events.ts';
import { SECTORS } from '../events/events.ts';
import type { Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import type { Translate } from '../i18n/messages.ts';

export interface ReportOverview {
  registered: number;
  capacity: number;
  cancelled: number;
  checkedIn: number;
  waitlisted: number;
  organisations: number;
  municipalities: number;
}

export interface ReportSession {
  id: string;
  title: string;
  titleEn: string | null;
  kind: string;
  startsAt: Date;
  capacity: number | null;
  booked: number;
  /** Seats released because their holder was not scanned in time (no longer booked). */
  released: number;
  waitlisted: number;
  offered: number;
  attended: number;
  /** Whether staff scanned anyone at this session's door (without it no-shows are unknown). */
  doorScanned: boolean;
  noShows: number;
}

export interface Report {
  timeZone: string;
  overview: ReportOverview;
  /** Valid tickets by the day they were registered ('YYYY-MM-DD' in the event's zone). */
  perDay: { day: string; registrations: number }[];
  ticketTypes: { id: string; name: string; nameEn: string | null; capacity: number; registered: number }[];
  sectors: { sector: Sector; registered: number; organisations: number; checkedIn: number }[];
  municipalities: { municipality: string | null; registered: number }[];
  sessions: ReportSession[];
  /** First check-ins per bucket, in time order. */
  checkins: { bucket: Date; arrivals: number }[];
  emails: { template: string; queued: number; sending: number; sent: number; failed: number }[];
}

/** Whole per cent of `part` in `whole`; null when there is no whole. */
export function percent(part: number, whole: number | null): number | null {
  if (whole === null || whole <= 0) return null;
  return Math.round((part / whole) * 100);
}

/** A session's seats taken as per cent of its capacity. */
export function fillPercent(session: Pick<ReportSession, 'booked' | 'capacity'>): number | null {
  return percent(session.booked, session.capacity);
}

/**
 * Booked but never scanned at the door, as per cent of the seats held at the
 * start (held now, or released as no-shows); null where nobody scanned at all.
 */
export function noShowPercent(
  session: Pick<ReportSession, 'booked' | 'released' | 'noShows' | 'doorScanned'>,
): number | null {
  if (!session.doorScanned) return null;
  return percent(session.noShows, session.booked + session.released);
}

/**
 * The `n` largest rows and one "others" row summing the rest, so a chart
 * stays readable while the total stays true.
 */
export function topWithOthers<T extends { registered: number }>(
  rows: readonly T[],
  n: number,
  others: (registered: number, count: number) => T,
): T[] {
  if (rows.length <= n) return [...rows];
  const rest = rows.slice(n);
  return [
    ...rows.slice(0, n),
    others(
      rest.reduce((sum, row) => sum + row.registered, 0),
      rest.length,
    ),
  ];
}

/** The steering group's question, answered per sector in the order the form asks them. */
export function sectorFigures(report: Pick<Report, 'sectors'>): Report['sectors'] {
  const bySector = new Map(report.sectors.map((row) => [row.sector, row]));
  return SECTORS.map((sector) => bySector.get(sector) ?? { sector, registered: 0, organisations: 0, checkedIn: 0 });
}

/** Registrations per day, every day from the first to the last filled in, with running totals. */
export function registrationDays(perDay: Report['perDay']): { day: string; registrations: number; total: number }[] {
  if (perDay.length === 0) return [];
  const counts = new Map(perDay.map((row) => [row.day, row.registrations]));
  const days: { day: string; registrations: number; total: number }[] = [];
  const first = Date.parse(`${perDay[0]!.day}T00:00:00Z`);
  const last = Date.parse(`${perDay.at(-1)!.day}T00:00:00Z`);
  let total = 0;
  for (let at = first; at <= last; at += 86_400_000) {
    const day = new Date(at).toISOString().slice(0, 10);
    const registrations = counts.get(day) ?? 0;
    total += registrations;
    days.push({ day, registrations, total });
  }
  return days;
}

/** Sessions and gallery rounds apart: the report shows them in two charts. */
export function splitSessions(sessions: readonly ReportSession[]): {
  sessions: ReportSession[];
  rounds: ReportSession[];
} {
  return {
    sessions: sessions.filter((s) => s.kind !== 'gallery_round'),
    rounds: sessions.filter((s) => s.kind === 'gallery_round'),
  };
}

export const REPORT_CSV_HEADER_KEYS = [
  'report.csv.section',
  'report.csv.item',
  'report.csv.measure',
  'report.csv.value',
] as const;

/**
 * The whole report as CSV records in long form — section; item; measure;
 * value — so every figure on the page is one line that a spreadsheet can
 * filter and pivot. Values are plain integers (no thousands separators).
 */
export function reportCsvRecords(report: Report, lang: Lang, tr: Translate): string[][] {
  const records: string[][] = [REPORT_CSV_HEADER_KEYS.map((key) => tr(key))];
  const add = (section: string, item: string, measure: string, value: number | null) =>
    records.push([section, item, measure, value === null ? '' : String(value)]);
  const o = report.overview;
  const overview = tr('report.overview');
  add(overview, tr('report.registered'), tr('report.count'), o.registered);
  add(overview, tr('report.capacity'), tr('report.count'), o.capacity);
  add(overview, tr('report.checkedIn'), tr('report.count'), o.checkedIn);
  add(overview, tr('report.cancelled'), tr('report.count'), o.cancelled);
  add(overview, tr('report.waitlisted'), tr('report.count'), o.waitlisted);
  add(overview, tr('report.organisations'), tr('report.count'), o.organisations);
  add(overview, tr('report.municipalities'), tr('report.count'), o.municipalities);
  for (const row of sectorFigures(report)) {
    const sector = tr(`sector.${row.sector}`);
    add(tr('report.bySector'), sector, tr('report.registered'), row.registered);
    add(tr('report.bySector'), sector, tr('report.organisations'), row.organisations);
    add(tr('report.bySector'), sector, tr('report.checkedIn'), row.checkedIn);
  }
  for (const row of registrationDays(report.perDay)) {
    add(tr('report.perDay'), row.day, tr('report.registrations'), row.registrations);
    add(tr('report.perDay'), row.day, tr('report.registeredSoFar'), row.total);
  }
  for (const row of report.ticketTypes) {
    const name = localized(lang, row.name, row.nameEn);
    add(tr('report.byTicketType'), name, tr('report.registered'), row.registered);
    add(tr('report.byTicketType'), name, tr('report.capacity'), row.capacity);
  }
  for (const row of report.municipalities) {
    add(
      tr('report.byMunicipality'),
      row.municipality ?? tr('report.notGiven'),
      tr('report.registered'),
      row.registered,
    );
  }
  for (const session of report.sessions) {
    const section = tr(session.kind === 'gallery_round' ? 'report.rounds' : 'report.sessions');
    const title = localized(lang, session.title, session.titleEn);
    add(section, title, tr('report.capacity'), session.capacity);
    add(section, title, tr('report.booked'), session.booked);
    add(section, title, tr('report.fill'), fillPercent(session));
    add(section, title, tr('report.waitlist'), session.waitlisted + session.offered);
    add(section, title, tr('report.attended'), session.doorScanned ? session.attended : null);
    add(section, title, tr('report.noShows'), session.doorScanned ? session.noShows : null);
    add(section, title, tr('report.noShowRate'), noShowPercent(session));
  }
  for (const row of report.checkins) {
    add(tr('report.checkinCurve'), row.bucket.toISOString(), tr('report.arrivals'), row.arrivals);
  }
  for (const row of report.emails) {
    const template = emailTemplateLabel(tr, row.template);
    add(tr('report.emails'), template, tr('report.email.sent'), row.sent);
    add(tr('report.emails'), template, tr('report.email.queued'), row.queued + row.sending);
    add(tr('report.emails'), template, tr('report.email.failed'), row.failed);
  }
  return records;
}

/** An email template's name in words ('order-confirmation' → "Ordrebekræftelse"), or the name itself. */
export function emailTemplateLabel(tr: Translate, template: string): string {
  const key = `email.template.${template}`;
  return (EMAIL_TEMPLATE_KEYS as readonly string[]).includes(template)
    ? tr(key as `email.template.${EmailTemplateKey}`)
    : template;
}

export const EMAIL_TEMPLATE_KEYS = [
  'sign-in',
  'order-confirmation',
  'waitlist-offer',
  'cancellation',
  'booking-seat',
  'booking-released',
  'registration-notice',
  'schedule-change',
  'team-invitation',
  'thank-you',
  'solution-received',
  'solution-changes-requested',
  'solution-accepted',
  'solution-rejected',
  'solution-invitation',
  'solution-contact',
  'solution-contact-reply',
] as const;
export type EmailTemplateKey = (typeof EMAIL_TEMPLATE_KEYS)[number];
