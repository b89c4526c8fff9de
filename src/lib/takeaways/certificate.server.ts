// The certificate of attendance: issued to an attendee who was checked in,
// once the day is over, signed with the event's Ed25519 key (the tickets'
// key, src/lib/tickets/keys.server.ts; a domain of its own in the signed
// bytes); verified by anyone at /bevis/<token> against the event's public keys.
import { sign as signEd25519 } from 'node:crypto';
import { ANON, asUser, type SignedIn, type Sql, sql, withServiceRole } from '../db/db.server.ts';
import type { Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import { getOrCreateSigningKey, importedPublicKey, publicKeysForEvent } from '../tickets/keys.server.ts';
import { CERTIFICATE_MAX_SESSIONS, decodeCertificate, encodeCertificate } from './certificate.ts';
import { coveredMinutes } from './takeaways.ts';

export interface CertificateView {
  token: string;
  name: string;
  eventName: string;
  eventStartsAt: Date;
  timeZone: string;
  venueName: string;
  organiserName: string;
  minutes: number;
  sessions: { title: string; startsAt: Date; endsAt: Date }[];
  issuedAt: Date;
}

export type IssueResult =
  { ok: true; certificate: CertificateView } | { ok: false; code: 'not_found' | 'not_open' | 'not_checked_in' };

interface SessionRow {
  id: string;
  title: string;
  title_en: string | null;
  starts_at: Date;
  ends_at: Date;
}

/**
 * The caller's certificate for the event, signed now. Its sessions are those
 * of My takeaways (attended, or booked where nobody was scanned); the hours
 * are the time they cover, overlaps once.
 */
export async function issueMyCertificate(
  claims: SignedIn,
  eventSlug: string,
  lang: Lang,
  db: Sql = sql(),
): Promise<IssueResult> {
  return asUser(
    claims,
    async (tx) => {
      const [event] = await tx<
        {
          id: string;
          name: string;
          name_en: string | null;
          starts_at: Date;
          timezone: string;
          venue_name: string;
          organiser_name: string;
          open: boolean;
          checked_in: boolean;
          attendee_name: string | null;
        }[]
      >`
        select e.id, e.name, e.name_en, e.starts_at, e.timezone, e.venue_name, e.organiser_name,
               now() >= e.ends_at as open, private.i_was_checked_in(e.id) as checked_in,
               (select t.attendee_name from public.tickets t
                 where t.event_id = e.id and t.status = 'valid'
                   and (t.holder_user_id = (select auth.uid()) or t.attendee_email = (select private.current_email()))
                 order by t.created_at limit 1) as attendee_name
          from public.events e where e.slug = ${eventSlug}`;
      if (!event) return { ok: false, code: 'not_found' } as const;
      if (!event.open) return { ok: false, code: 'not_open' } as const;
      if (!event.checked_in || !event.attendee_name) return { ok: false, code: 'not_checked_in' } as const;
      const attendance = await tx<(SessionRow & { ticket_id: string })[]>`
        select distinct on (s.starts_at, s.id) a.ticket_id, s.id, s.title, s.title_en, s.starts_at, s.ends_at
          from private.my_attendance(${event.id}) a
          join public.sessions s on s.id = a.session_id
         order by s.starts_at, s.id`;
      const [ticket] = await tx<{ id: string }[]>`
        select t.id from public.tickets t
         where t.event_id = ${event.id} and t.status = 'valid'
           and (t.holder_user_id = (select auth.uid()) or t.attendee_email = (select private.current_email()))
         order by t.created_at limit 1`;
      const sessions = attendance.slice(0, CERTIFICATE_MAX_SESSIONS);
      const minutes = coveredMinutes(sessions.map((row) => ({ startsAt: row.starts_at, endsAt: row.ends_at })));
      const key = await withServiceRole(tx, () => getOrCreateSigningKey(tx, event.id));
      const issuedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
      const token = await encodeCertificate(
        {
          keyId: key.keyId,
          eventId: event.id,
          ticketId: ticket!.id,
          issuedAt,
          minutes,
          sessionIds: sessions.map((row) => row.id),
          name: event.attendee_name,
        },
        (message) => signEd25519(null, message, key.privateKey),
      );
      return {
        ok: true,
        certificate: {
          token,
          name: event.attendee_name,
          eventName: localized(lang, event.name, event.name_en),
          eventStartsAt: event.starts_at,
          timeZone: event.timezone,
          venueName: event.venue_name,
          organiserName: event.organiser_name,
          minutes,
          sessions: sessions.map((row) => ({
            title: localized(lang, row.title, row.title_en),
            startsAt: row.starts_at,
            endsAt: row.ends_at,
          })),
          issuedAt,
        },
      } as const;
    },
    db,
  );
}

export type VerifyResult = { valid: true; certificate: CertificateView } | { valid: false };

/**
 * Checks a certificate token: well-formed, signed by a key of its (published)
 * event, and every session it names belongs to that event. The facts shown
 * are the signed ones; names of the event and sessions come from the
 * programme. Read without signing in.
 */
export async function verifyCertificate(token: string, lang: Lang, db: Sql = sql()): Promise<VerifyResult> {
  const decoded = decodeCertificate(token);
  if (!decoded.ok) return { valid: false };
  const { facts } = decoded;
  return asUser(
    ANON,
    async (tx) => {
      const keys = await publicKeysForEvent(tx, facts.eventId);
      const key = keys.find((candidate) => candidate.keyId === facts.keyId);
      if (!key) return { valid: false } as const;
      const publicKey = await importedPublicKey(facts.eventId, key.keyId, key.publicKey);
      const genuine = await crypto.subtle.verify(
        { name: 'Ed25519' },
        publicKey,
        decoded.signature as Uint8Array<ArrayBuffer>,
        decoded.message as Uint8Array<ArrayBuffer>,
      );
      if (!genuine) return { valid: false } as const;
      const [event] = await tx<
        {
          name: string;
          name_en: string | null;
          starts_at: Date;
          timezone: string;
          venue_name: string;
          organiser_name: string;
        }[]
      >`
        select name, name_en, starts_at, timezone, venue_name, organiser_name
          from public.events where id = ${facts.eventId}`;
      if (!event) return { valid: false } as const;
      const rows = await tx<SessionRow[]>`
        select id, title, title_en, starts_at, ends_at from public.sessions
         where event_id = ${facts.eventId} and id = any (${facts.sessionIds as string[]}::uuid[])
         order by starts_at, id`;
      if (rows.length !== new Set(facts.sessionIds).size) return { valid: false } as const;
      return {
        valid: true,
        certificate: {
          token,
          name: facts.name,
          eventName: localized(lang, event.name, event.name_en),
          eventStartsAt: event.starts_at,
          timeZone: event.timezone,
          venueName: event.venue_name,
          organiserName: event.organiser_name,
          minutes: facts.minutes,
          sessions: rows.map((row) => ({
            title: localized(lang, row.title, row.title_en),
            startsAt: row.starts_at,
            endsAt: row.ends_at,
          })),
          issuedAt: facts.issuedAt,
        },
      } as const;
    },
    db,
  );
}
