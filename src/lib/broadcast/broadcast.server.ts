// Email to attendees, the use cases. Everything runs as the signed-in
// organiser under RLS (asUser); sending, retrying and counting go through
// `security definer` functions that check the organiser role themselves
// (migration 20261203120300_broadcasts.sql). Sending is one SQL call that
// writes every recipient and queues every email in one transaction; the
// outbox worker delivers them after the commit.
import { randomUUID } from 'node:crypto';
import { asUser, type Claims, type SignedIn, type Sql, sql, type Tx, withServiceRole } from '../db/db.server.ts';
import type { Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import { takeRateLimits } from '../limits/rate-limit.server.ts';
import { enqueueEmail } from '../mail/outbox.server.ts';
import { renderEmail } from '../mail/mail.ts';
import { kickOutboxWorker } from '../mail/worker.server.ts';
import { refused } from '../site/refusal.ts';
import {
  type BroadcastRefusal,
  type ComposeInput,
  type Progress,
  type RecipientStatus,
  type Segment,
  segmentOf,
  testRateRules,
} from './broadcast.ts';

export interface BroadcastSummary {
  id: string;
  subjectDa: string;
  segment: Segment;
  segmentRef: string | null;
  status: 'draft' | 'queued';
  recipients: number | null;
  createdAt: Date;
  queuedAt: Date | null;
  progress: Progress;
}

export interface Broadcast extends BroadcastSummary {
  eventId: string;
  bodyDa: string;
  subjectEn: string | null;
  bodyEn: string | null;
  version: number;
}

export interface AudienceChoices {
  ticketTypes: { id: string; name: string }[];
  sessions: { id: string; title: string; startsAt: Date }[];
}

export interface RecipientRow {
  email: string;
  name: string;
  language: Lang;
  status: RecipientStatus;
  attempt: number;
  lastError: string | null;
  finishedAt: Date | null;
}

type Ok<T> = { ok: true } & T;

const EMPTY: Progress = { total: 0, queued: 0, sent: 0, delivered: 0, failed: 0, bounced: 0, complained: 0 };

const progressQuery = (tx: Tx, ids: string[]) =>
  tx<(Progress & { id: string })[]>`
    select broadcast_id as id, count(*)::int as total,
           count(*) filter (where status = 'queued')::int as queued,
           count(*) filter (where status = 'sent')::int as sent,
           count(*) filter (where status = 'delivered')::int as delivered,
           count(*) filter (where status = 'failed')::int as failed,
           count(*) filter (where status = 'bounced')::int as bounced,
           count(*) filter (where status = 'complained')::int as complained
      from public.broadcast_recipients where broadcast_id = any (${ids}::uuid[])
     group by broadcast_id`;

interface Row {
  id: string;
  event_id: string;
  subject_da: string;
  body_da: string;
  subject_en: string | null;
  body_en: string | null;
  segment: Segment;
  segment_ref: string | null;
  status: 'draft' | 'queued';
  recipients: number | null;
  created_at: Date;
  queued_at: Date | null;
  version: number;
}

function toBroadcast(row: Row, progress: Progress | undefined): Broadcast {
  return {
    id: row.id,
    eventId: row.event_id,
    subjectDa: row.subject_da,
    bodyDa: row.body_da,
    subjectEn: row.subject_en,
    bodyEn: row.body_en,
    segment: row.segment,
    segmentRef: row.segment_ref,
    status: row.status,
    recipients: row.recipients,
    createdAt: row.created_at,
    queuedAt: row.queued_at,
    version: row.version,
    progress: progress ?? EMPTY,
  };
}

/** The event's broadcasts, newest first, each with its delivery so far. */
export async function listBroadcasts(claims: SignedIn, eventId: string, db: Sql = sql()): Promise<BroadcastSummary[]> {
  return asUser(
    claims,
    async (tx) => {
      const rows = await tx<Row[]>`
        select * from public.broadcasts where event_id = ${eventId} order by created_at desc, id limit 200`;
      const progress = new Map(
        (
          await progressQuery(
            tx,
            rows.map((row) => row.id),
          )
        ).map((p) => [p.id, p]),
      );
      return rows.map((row) => toBroadcast(row, progress.get(row.id)));
    },
    db,
  );
}

export async function loadBroadcast(
  claims: SignedIn,
  eventId: string,
  id: string,
  db: Sql = sql(),
): Promise<Broadcast | null> {
  return asUser(
    claims,
    async (tx) => {
      const [row] = await tx<Row[]>`select * from public.broadcasts where id = ${id} and event_id = ${eventId}`;
      if (!row) return null;
      const [progress] = await progressQuery(tx, [row.id]);
      return toBroadcast(row, progress);
    },
    db,
  );
}

/** Delivery so far, counted from the recipients' rows (the SSE stream polls this). */
export async function broadcastProgress(claims: SignedIn, id: string, db: Sql = sql()): Promise<Progress | null> {
  return asUser(
    claims,
    async (tx) => {
      const [row] = await tx<{ status: string }[]>`select status from public.broadcasts where id = ${id}`;
      if (!row) return null;
      const [progress] = await progressQuery(tx, [id]);
      if (!progress) return EMPTY;
      const { id: _id, ...counts } = progress;
      return counts;
    },
    db,
  );
}

/** One page of a broadcast's recipients, optionally of one status. */
export async function listRecipients(
  claims: SignedIn,
  id: string,
  options: { status?: RecipientStatus; limit?: number; offset?: number } = {},
  db: Sql = sql(),
): Promise<RecipientRow[]> {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 500);
  return asUser(
    claims,
    (tx) => tx<RecipientRow[]>`
      select email, name, language, status, attempt, last_error as "lastError", finished_at as "finishedAt"
        from public.broadcast_recipients
       where broadcast_id = ${id} ${options.status ? tx`and status = ${options.status}` : tx``}
       order by status in ('failed', 'bounced', 'complained') desc, email
       limit ${limit} offset ${Math.max(options.offset ?? 0, 0)}`,
    db,
  );
}

/** What the segment choice lists: the event's ticket types and bookable sessions. */
export async function loadAudienceChoices(
  claims: SignedIn,
  eventId: string,
  lang: Lang,
  db: Sql = sql(),
): Promise<AudienceChoices> {
  return asUser(
    claims,
    async (tx) => {
      const ticketTypes = await tx<{ id: string; name: string }[]>`
        select id, case when ${lang} = 'en' then coalesce(name_en, name) else name end as name
          from public.ticket_types where event_id = ${eventId} order by position, name, id`;
      const sessions = await tx<{ id: string; title: string; startsAt: Date }[]>`
        select id, case when ${lang} = 'en' then coalesce(title_en, title) else title end as title,
               starts_at as "startsAt"
          from public.sessions
         where event_id = ${eventId} and capacity is not null and cancelled_at is null
         order by starts_at, title, id`;
      return { ticketTypes, sessions };
    },
    db,
  );
}

/** How many people a segment reaches now (unsubscribed left out); null for a non-organiser. */
export async function countAudience(
  claims: SignedIn,
  eventId: string,
  segment: Segment,
  ref: string | null,
  db: Sql = sql(),
): Promise<number | null> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ n: number | null }[]>`select private.broadcast_audience_count(${eventId}, ${segment}, ${ref}) as n`,
    db,
  );
  return row!.n;
}

/** Creates a draft, or changes one when the form carried its id and version. */
export async function saveDraft(
  claims: SignedIn,
  input: ComposeInput,
  db: Sql = sql(),
): Promise<Ok<{ id: string; version: number }> | BroadcastRefusal> {
  const { segment, ref } = segmentOf(input);
  return asUser(
    claims,
    async (tx) => {
      // RLS would refuse the write with an error; an organiser of another event gets the same 404 as a stranger.
      const [role] = await tx<{ organiser: boolean }[]>`
        select private.has_event_role(${input.event}, 'organiser') as organiser`;
      if (!role!.organiser) return refused('not_found');
      if (!input.broadcast) {
        const [row] = await tx<{ id: string; version: number }[]>`
          insert into public.broadcasts (event_id, subject_da, body_da, subject_en, body_en, segment, segment_ref)
          values (${input.event}, ${input.subjectDa}, ${input.bodyDa}, ${input.subjectEn}, ${input.bodyEn},
                  ${segment}, ${ref})
          returning id, version`;
        return { ok: true as const, id: row!.id, version: row!.version };
      }
      const [row] = await tx<{ id: string; version: number }[]>`
        update public.broadcasts
           set subject_da = ${input.subjectDa}, body_da = ${input.bodyDa}, subject_en = ${input.subjectEn},
               body_en = ${input.bodyEn}, segment = ${segment}, segment_ref = ${ref}
         where id = ${input.broadcast} and event_id = ${input.event} and version = ${input.version ?? 0}
           and status = 'draft'
        returning id, version`;
      if (row) return { ok: true as const, id: row.id, version: row.version };
      const [still] = await tx<{ status: string }[]>`
        select status from public.broadcasts where id = ${input.broadcast} and event_id = ${input.event}`;
      if (!still) return refused('not_found');
      return still.status === 'draft' ? refused('changed_elsewhere') : refused('already_queued');
    },
    db,
  );
}

export async function deleteDraft(
  claims: SignedIn,
  eventId: string,
  id: string,
  version: number,
  db: Sql = sql(),
): Promise<Ok<object> | BroadcastRefusal> {
  return asUser(
    claims,
    async (tx) => {
      const deleted = await tx`
        delete from public.broadcasts where id = ${id} and event_id = ${eventId} and version = ${version}
           and status = 'draft' returning id`;
      if (deleted.length > 0) return { ok: true as const };
      const [still] = await tx<{ status: string }[]>`
        select status from public.broadcasts where id = ${id} and event_id = ${eventId}`;
      if (!still) return refused('not_found');
      return still.status === 'draft' ? refused('changed_elsewhere') : refused('already_queued');
    },
    db,
  );
}

/** Sends the broadcast to everyone in its segment now: one transaction, once. */
export async function sendBroadcast(
  claims: SignedIn,
  eventId: string,
  id: string,
  origin: string,
  db: Sql = sql(),
): Promise<Ok<{ recipients: number }> | BroadcastRefusal> {
  const answer = await asUser(
    claims,
    async (tx) => {
      const [owned] = await tx`select 1 from public.broadcasts where id = ${id} and event_id = ${eventId}`;
      if (!owned) return refused('not_found');
      const [row] = await tx<{ code: 'queued' | 'not_found' | 'already_queued'; recipients: number }[]>`
        select code, recipients from private.queue_broadcast(${id}, ${origin})`;
      if (row!.code !== 'queued') return refused(row!.code);
      return { ok: true as const, recipients: row!.recipients };
    },
    db,
  );
  if (answer.ok && answer.recipients > 0) kickOutboxWorker();
  return answer;
}

/** Queues the failed recipients of a sent broadcast again (each a new attempt). */
export async function retryFailed(
  claims: SignedIn,
  eventId: string,
  id: string,
  origin: string,
  db: Sql = sql(),
): Promise<Ok<{ retried: number }> | BroadcastRefusal> {
  const answer = await asUser(
    claims,
    async (tx) => {
      const [owned] = await tx`select 1 from public.broadcasts where id = ${id} and event_id = ${eventId}`;
      if (!owned) return refused('not_found');
      const [row] = await tx<{ code: 'retried' | 'not_found' | 'not_queued'; retried: number }[]>`
        select code, retried from private.retry_failed_broadcast(${id}, ${origin})`;
      if (row!.code !== 'retried') return refused(row!.code);
      return { ok: true as const, retried: row!.retried };
    },
    db,
  );
  if (answer.ok && answer.retried > 0) kickOutboxWorker();
  return answer;
}

/** The broadcast as one recipient would get it (the preview), in `lang`. */
export function previewBroadcast(
  broadcast: Pick<Broadcast, 'subjectDa' | 'bodyDa' | 'subjectEn' | 'bodyEn'>,
  lang: Lang,
  context: { eventName: string; recipientName: string; unsubscribeUrl?: string },
) {
  const english = lang === 'en' && broadcast.subjectEn !== null && broadcast.bodyEn !== null;
  return renderEmail('broadcast', lang, {
    recipientName: context.recipientName,
    eventName: context.eventName,
    subject: english ? broadcast.subjectEn! : broadcast.subjectDa,
    body: english ? broadcast.bodyEn! : broadcast.bodyDa,
    ...(context.unsubscribeUrl ? { unsubscribeUrl: context.unsubscribeUrl } : {}),
  });
}

/**
 * A test to the organiser's own address: the Danish text, and the English too
 * when there is one. Without an unsubscribe link (it is no subscription), and
 * at most ten an hour.
 */
export async function sendTest(
  claims: SignedIn,
  eventId: string,
  id: string,
  db: Sql = sql(),
): Promise<Ok<{ sent: number; to: string }> | BroadcastRefusal> {
  const to = claims.email;
  if (!to) return refused('not_found');
  const answer = await asUser(
    claims,
    async (tx) => {
      const [row] = await tx<(Row & { event_name: string; event_name_en: string | null })[]>`
        select b.*, e.name as event_name, e.name_en as event_name_en
          from public.broadcasts b join public.events e on e.id = b.event_id
         where b.id = ${id} and b.event_id = ${eventId}`;
      if (!row) return refused('not_found');
      const eventNames = { da: row.event_name, en: localized('en', row.event_name, row.event_name_en) };
      // The counters belong to the service role, like every rate limit's.
      const limit = await withServiceRole(tx, () => takeRateLimits(tx, testRateRules(claims.sub)));
      if (!limit.allowed) return refused('rate_limited', { retryAfterSeconds: limit.retryAfterSeconds });
      const versions: Lang[] = row.subject_en && row.body_en ? ['da', 'en'] : ['da'];
      for (const lang of versions) {
        await enqueueEmail(tx, {
          idempotencyKey: `broadcast-test/${id}/${randomUUID()}`,
          to,
          lang,
          template: 'broadcast',
          data: {
            recipientName: to,
            eventName: eventNames[lang],
            subject: lang === 'en' ? row.subject_en! : row.subject_da,
            body: lang === 'en' ? row.body_en! : row.body_da,
          },
        });
      }
      return { ok: true as const, sent: versions.length, to };
    },
    db,
  );
  if (answer.ok) kickOutboxWorker();
  return answer;
}

// ---------------------------------------------------------------------------
// Unsubscribing (no sign-in: the signed link is the permission)
// ---------------------------------------------------------------------------

export type UnsubscribeAnswer =
  { ok: true; eventName: string; email: string; unsubscribed: boolean } | { ok: false; code: 'invalid' };

/** Reads a link (`apply` false: the confirmation page's GET) or records it (`apply` true). */
export async function unsubscribe(
  claims: Claims,
  token: string,
  apply: boolean,
  lang: Lang,
  db: Sql = sql(),
): Promise<UnsubscribeAnswer> {
  return asUser(
    claims,
    async (tx) => {
      const [row] = await tx<{ code: string; event_id: string | null; email: string | null; unsubscribed: boolean }[]>`
        select code, event_id, email, unsubscribed from private.unsubscribe_by_token(${token}, ${apply})`;
      if (!row || row.code !== 'ok' || !row.event_id || !row.email)
        return { ok: false as const, code: 'invalid' as const };
      const [event] = await tx<{ name: string }[]>`
        select case when ${lang} = 'en' then coalesce(name_en, name) else name end as name
          from public.events where id = ${row.event_id}`;
      return {
        ok: true as const,
        // A draft event is not readable by the public; its name then stays unsaid.
        eventName: event?.name ?? '',
        email: row.email,
        unsubscribed: row.unsubscribed,
      };
    },
    db,
  );
}
