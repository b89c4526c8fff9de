// The people on stage and their feedback: organisers give a speaker the
// address they sign in with (public.speaker_emails, under RLS, versioned and
// audited), and a speaker or exhibitor reads the ratings and comments on what
// they presented through definer functions that return no author
// (20261203120501_speaker_feedback.sql).
import { asUser, type SignedIn, type Sql, sql } from '../db/db.server.ts';
import type { Lang } from '../i18n/locales.ts';
import { refused } from '../site/refusal.ts';
import { sessionStats, type SessionStats } from './feedback.ts';
import type { SpeakerEmailRefusal } from './presented.ts';

export interface SpeakerAccess {
  speakerId: string;
  name: string;
  email: string | null;
  /** The address row's version, or 0 when there is none yet. */
  version: number;
}

/** An event's speakers with the address each may sign in with (organisers; RLS leaves others nothing). */
export async function listSpeakerAccess(claims: SignedIn, eventId: string, db: Sql = sql()): Promise<SpeakerAccess[]> {
  const rows = await asUser(
    claims,
    (tx) => tx<{ id: string; name: string; email: string | null; version: number | null }[]>`
      select s.id, s.name, se.email, se.version
        from public.speakers s left join public.speaker_emails se on se.speaker_id = s.id
       where s.event_id = ${eventId} and private.has_event_role(s.event_id, 'organiser')
       order by s.name, s.id`,
    db,
  );
  return rows.map((row) => ({ speakerId: row.id, name: row.name, email: row.email, version: row.version ?? 0 }));
}

/**
 * Gives a speaker an address, changes it (at the version the form showed) or,
 * with an empty address, takes it away.
 */
export async function setSpeakerEmail(
  claims: SignedIn,
  input: { speakerId: string; email: string | null; version: number },
  db: Sql = sql(),
): Promise<{ ok: true } | SpeakerEmailRefusal> {
  return asUser(
    claims,
    async (tx) => {
      const [speaker] = await tx<{ event_id: string; organiser: boolean }[]>`
        select event_id, private.has_event_role(event_id, 'organiser') as organiser
          from public.speakers where id = ${input.speakerId}`;
      if (!speaker?.organiser) return refused('not_found');
      if (input.version === 0) {
        if (input.email === null) return { ok: true as const };
        const inserted = await tx`
          insert into public.speaker_emails (speaker_id, event_id, email)
          values (${input.speakerId}, ${speaker.event_id}, ${input.email})
          on conflict (speaker_id) do nothing`;
        return inserted.count === 1 ? { ok: true as const } : refused('changed_elsewhere');
      }
      const written =
        input.email === null
          ? await tx`delete from public.speaker_emails
                      where speaker_id = ${input.speakerId} and version = ${input.version}`
          : await tx`update public.speaker_emails set email = ${input.email}
                      where speaker_id = ${input.speakerId} and version = ${input.version}`;
      return written.count === 1 ? { ok: true as const } : refused('changed_elsewhere');
    },
    db,
  );
}

export interface PresentedSession extends SessionStats {
  id: string;
  title: string;
  eventName: string;
  eventSlug: string;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  asSpeaker: boolean;
  /** The comments, newest first, without who wrote them. */
  comments: string[];
}

/** The sessions and gallery rounds I presented, each with its ratings and anonymous comments. */
export async function loadPresentedFeedback(
  claims: SignedIn,
  lang: Lang,
  db: Sql = sql(),
): Promise<PresentedSession[]> {
  return asUser(
    claims,
    async (tx) => {
      const [sessions, feedback] = await Promise.all([
        tx<
          {
            session_id: string;
            event_slug: string;
            event_name: string;
            event_name_en: string | null;
            timezone: string;
            title: string;
            title_en: string | null;
            starts_at: Date;
            ends_at: Date;
            as_speaker: boolean;
          }[]
        >`
          select session_id, event_slug, event_name, event_name_en, timezone, title, title_en, starts_at, ends_at,
                 as_speaker
            from private.my_presented_sessions()`,
        tx<{ session_id: string; rating: number; comment: string | null }[]>`
          select session_id, rating, comment from private.my_presented_feedback()`,
      ]);
      return sessions.map((session) => {
        const mine = feedback.filter((row) => row.session_id === session.session_id);
        return {
          id: session.session_id,
          title: lang === 'en' && session.title_en ? session.title_en : session.title,
          eventName: lang === 'en' && session.event_name_en ? session.event_name_en : session.event_name,
          eventSlug: session.event_slug,
          timeZone: session.timezone,
          startsAt: session.starts_at,
          endsAt: session.ends_at,
          asSpeaker: session.as_speaker,
          comments: mine.flatMap((row) => (row.comment ? [row.comment] : [])),
          ...sessionStats(mine.map((row) => row.rating)),
        };
      });
    },
    db,
  );
}
