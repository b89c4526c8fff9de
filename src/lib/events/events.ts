// Events as the public pages show them: the database enums, the localised
// event, the order of the home page and the landing page's numbers.
import type { Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';

// The database enums, in their declared order (which is also display order).
export const SESSION_KINDS = [
  'keynote',
  'panel',
  'track_session',
  'workshop',
  'gallery_round',
  'break',
  'networking',
  'open_slot',
] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

export const SPEAKER_ROLES = ['speaker', 'moderator', 'panelist', 'host', 'interviewer', 'interviewee'] as const;
export type SpeakerRole = (typeof SPEAKER_ROLES)[number];

export const SECTORS = [
  'kommune',
  'region',
  'stat',
  'privat_virksomhed',
  'civilsamfund',
  'fond',
  'forskning_uddannelse',
] as const;
export type Sector = (typeof SECTORS)[number];

export function isSessionKind(value: unknown): value is SessionKind {
  return typeof value === 'string' && (SESSION_KINDS as readonly string[]).includes(value);
}

/** The columns of `events` the public pages select. */
export interface EventRow {
  id: string;
  slug: string;
  name: string;
  name_en: string | null;
  theme: string | null;
  theme_en: string | null;
  tagline: string | null;
  tagline_en: string | null;
  description: string | null;
  description_en: string | null;
  starts_at: Date;
  ends_at: Date;
  timezone: string;
  venue_name: string;
  venue_address: string | null;
  organiser_name: string;
  contact_email: string | null;
  expected_attendees: number | null;
  accessibility_statement_url: string | null;
  status: 'draft' | 'published' | 'archived';
}

export interface EventView {
  id: string;
  slug: string;
  name: string;
  theme: string | null;
  tagline: string | null;
  description: string | null;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  venueName: string;
  venueAddress: string | null;
  organiserName: string;
  contactEmail: string | null;
  expectedAttendees: number | null;
  accessibilityStatementUrl: string | null;
  /** A draft is shown only to its organisers (the preview); an archived event is over. */
  status: 'draft' | 'published' | 'archived';
}

export function toEventView(row: EventRow, lang: Lang): EventView {
  return {
    id: row.id,
    slug: row.slug,
    name: localized(lang, row.name, row.name_en),
    theme: localized(lang, row.theme, row.theme_en),
    tagline: localized(lang, row.tagline, row.tagline_en),
    description: localized(lang, row.description, row.description_en),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    timeZone: row.timezone,
    venueName: row.venue_name,
    venueAddress: row.venue_address,
    organiserName: row.organiser_name,
    contactEmail: row.contact_email,
    expectedAttendees: row.expected_attendees,
    accessibilityStatementUrl: row.accessibility_statement_url,
    status: row.status,
  };
}

export interface HomeEvents<E> {
  /** The event the home page points visitors to: the next one, or else the latest. */
  featured: E | null;
  upcoming: E[];
  past: E[];
}

/** Upcoming events soonest first (an event still running counts as upcoming), then past ones latest first. */
export function orderForHome<E extends { startsAt: Date; endsAt: Date }>(
  events: readonly E[],
  now: Date,
): HomeEvents<E> {
  const upcoming = events
    .filter((e) => e.endsAt.getTime() > now.getTime())
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const past = events
    .filter((e) => e.endsAt.getTime() <= now.getTime())
    .sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime());
  return { featured: upcoming[0] ?? past[0] ?? null, upcoming, past };
}

export interface EventCounts {
  expectedAttendees: number | null;
  sessions: number;
  tracks: number;
  galleries: number;
  solutions: number;
  nominees: number;
}

export type EventStatKey = 'attendees' | 'sessions' | 'tracks' | 'galleries' | 'solutions' | 'nominees';

/** The landing page's numbers, in display order, leaving out what is not known or not there yet. */
export function eventStats(counts: EventCounts): { key: EventStatKey; value: number }[] {
  const all: { key: EventStatKey; value: number | null }[] = [
    { key: 'attendees', value: counts.expectedAttendees },
    { key: 'sessions', value: counts.sessions },
    { key: 'tracks', value: counts.tracks },
    { key: 'galleries', value: counts.galleries },
    { key: 'solutions', value: counts.solutions },
    { key: 'nominees', value: counts.nominees },
  ];
  return all.filter((stat): stat is { key: EventStatKey; value: number } => stat.value !== null && stat.value > 0);
}
