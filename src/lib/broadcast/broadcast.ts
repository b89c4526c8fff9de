// Email to attendees, the pure part: the segments an organiser can write to,
// the forms' input, the refusals with their words, and how far a broadcast
// has come. Postgres holds the rules that matter (one email per broadcast and
// address, sent once: migration 20261203120300_broadcasts.sql); no I/O here.
import { z } from 'zod';
import { CHANGED_ELSEWHERE, type ChangedElsewhere } from '../console/concurrency.ts';
import { SECTORS } from '../events/events.ts';
import type { MessageKey } from '../i18n/messages.ts';
import type { Refused, RefusalRules } from '../site/refusal.ts';
import { BROADCAST_BODY_MAX, BROADCAST_SUBJECT_MAX } from '../mail/templates/broadcast.ts';

export { BROADCAST_BODY_MAX, BROADCAST_SUBJECT_MAX };

export const SEGMENTS = [
  'everyone',
  'ticket_type',
  'session',
  'sector',
  'checked_in',
  'not_checked_in',
  'waitlisted',
] as const;
export type Segment = (typeof SEGMENTS)[number];

/** Segments that name one ticket type, session or sector; the form field that names it. */
export const SEGMENT_REF_FIELD = { ticket_type: 'ticketType', session: 'session', sector: 'sector' } as const;
type SegmentWithRef = keyof typeof SEGMENT_REF_FIELD;

export function segmentNeedsRef(segment: Segment): segment is SegmentWithRef {
  return Object.hasOwn(SEGMENT_REF_FIELD, segment);
}

/**
 * queued → sent | failed (failed → queued on a retry); after sent, what
 * Resend's webhook reports: delivered, bounced, complained (marked as spam).
 * Postgres only lets the reported ones move forward (20261203130400).
 */
export type RecipientStatus = 'queued' | 'sent' | 'delivered' | 'failed' | 'bounced' | 'complained';
export const RECIPIENT_STATUSES: readonly RecipientStatus[] = [
  'queued',
  'sent',
  'delivered',
  'failed',
  'bounced',
  'complained',
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = (error: MessageKey) => z.string({ error }).regex(UUID, { error });

// Astro gives a field the form did not send as null; an empty field is absent.
const optionalText = z
  .string()
  .nullish()
  .transform((value) => (value && value.trim() ? value.trim() : null));

const text = (max: number, required: MessageKey, tooLong: MessageKey) =>
  z
    .string({ error: required })
    .transform((value) => value.trim())
    .pipe(z.string().min(1, { error: required }).max(max, { error: tooLong }));

/** The compose form: a new draft (no id) or a change to one (id and the version it showed). */
export const composeInput = z
  .object({
    event: uuid('broadcast.error.badForm'),
    broadcast: z
      .string()
      .nullish()
      .transform((value) => (value ? value : null))
      .pipe(z.string().regex(UUID, { error: 'broadcast.error.badForm' }).nullable()),
    version: z.coerce.number().int().positive().nullish(),
    subjectDa: text(BROADCAST_SUBJECT_MAX, 'broadcast.field.subjectRequired', 'broadcast.field.subjectTooLong'),
    bodyDa: text(BROADCAST_BODY_MAX, 'broadcast.field.bodyRequired', 'broadcast.field.bodyTooLong'),
    subjectEn: optionalText,
    bodyEn: optionalText,
    segment: z.enum(SEGMENTS, { error: 'broadcast.field.segmentRequired' }),
    ticketType: optionalText,
    session: optionalText,
    sector: optionalText,
  })
  .superRefine((input, ctx) => {
    for (const [field, max, key] of [
      ['subjectEn', BROADCAST_SUBJECT_MAX, 'broadcast.field.subjectTooLong'],
      ['bodyEn', BROADCAST_BODY_MAX, 'broadcast.field.bodyTooLong'],
    ] as const) {
      if ((input[field]?.length ?? 0) > max) ctx.addIssue({ code: 'custom', path: [field], message: key });
    }
    if (/[\r\n]/.test(input.subjectDa)) {
      ctx.addIssue({ code: 'custom', path: ['subjectDa'], message: 'broadcast.field.subjectOneLine' });
    }
    if (input.subjectEn && /[\r\n]/.test(input.subjectEn)) {
      ctx.addIssue({ code: 'custom', path: ['subjectEn'], message: 'broadcast.field.subjectOneLine' });
    }
    if (input.subjectEn && !input.bodyEn) {
      ctx.addIssue({ code: 'custom', path: ['bodyEn'], message: 'broadcast.field.englishWhole' });
    }
    if (input.bodyEn && !input.subjectEn) {
      ctx.addIssue({ code: 'custom', path: ['subjectEn'], message: 'broadcast.field.englishWhole' });
    }
    if (input.broadcast && !input.version) {
      ctx.addIssue({ code: 'custom', path: ['version'], message: 'broadcast.error.badForm' });
    }
    if (segmentNeedsRef(input.segment)) {
      const field = SEGMENT_REF_FIELD[input.segment];
      const value = input[field];
      const valid =
        input.segment === 'sector' ? (SECTORS as readonly string[]).includes(value ?? '') : UUID.test(value ?? '');
      if (!valid) ctx.addIssue({ code: 'custom', path: [field], message: `broadcast.field.${field}Required` });
    }
  });
export type ComposeInput = z.output<typeof composeInput>;

/** What a draft stores: the segment and the one reference it needs. */
export function segmentOf(input: ComposeInput): { segment: Segment; ref: string | null } {
  return {
    segment: input.segment,
    ref: segmentNeedsRef(input.segment) ? input[SEGMENT_REF_FIELD[input.segment]] : null,
  };
}

export const broadcastActionInput = z.object({
  event: uuid('broadcast.error.badForm'),
  broadcast: uuid('broadcast.error.badForm'),
});

export const deleteDraftInput = broadcastActionInput.extend({
  version: z.coerce.number({ error: 'broadcast.error.badForm' }).int().positive(),
});

export const reminderInput = z.object({
  event: uuid('broadcast.error.badForm'),
  version: z.coerce.number().int().positive().nullish(),
  enabled: z
    .string()
    .nullish()
    .transform((value) => value === 'on' || value === 'true'),
  time: z.string({ error: 'broadcast.reminder.timeRequired' }).regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, {
    error: 'broadcast.reminder.timeRequired',
  }),
});

export const unsubscribeInput = z.object({
  token: z.string({ error: 'broadcast.error.badForm' }).regex(/^[A-Za-z0-9_-]{10,700}\.[A-Za-z0-9_-]{43}$/, {
    error: 'broadcast.error.badForm',
  }),
});

/** Whether a path segment can be an unsubscribe token at all (the database decides if it is ours). */
export function isUnsubscribeToken(value: string | undefined): value is string {
  return unsubscribeInput.safeParse({ token: value }).success;
}

export type BroadcastRefusal =
  | Refused<'not_found'>
  | Refused<'already_queued'>
  | Refused<'not_queued'>
  | Refused<'empty_audience'>
  | Refused<'rate_limited', { retryAfterSeconds: number }>
  | ChangedElsewhere;

export const BROADCAST_REFUSALS: RefusalRules<BroadcastRefusal> = {
  not_found: { status: 404, message: 'broadcast.error.notFound' },
  already_queued: { status: 409, message: 'broadcast.error.alreadyQueued' },
  not_queued: { status: 409, message: 'broadcast.error.notQueued' },
  empty_audience: { status: 422, message: 'broadcast.error.emptyAudience' },
  rate_limited: (refusal) => ({
    status: 429,
    message: 'broadcast.error.rateLimited',
    params: {
      count: Math.max(1, Math.ceil(('retryAfterSeconds' in refusal ? refusal.retryAfterSeconds : 60) / 60)),
    },
  }),
  changed_elsewhere: CHANGED_ELSEWHERE,
};

/** Recipients by status, and all of them. */
export type Progress = { total: number } & Record<RecipientStatus, number>;

/** Out of the queue: sent, failed for good, or reported on by the provider. */
export function finishedCount(progress: Progress): number {
  return progress.total - progress.queued;
}

/** Finished out of all, in whole percent; 100 for an empty broadcast. */
export function progressPercent(progress: Progress): number {
  if (progress.total === 0) return 100;
  return Math.floor((finishedCount(progress) * 100) / progress.total);
}

/** Accepted by the provider and not bounced: sent, delivered, and complained (it arrived). */
export function acceptedCount(progress: Progress): number {
  return progress.sent + progress.delivered + progress.complained;
}

export function isFinished(progress: Progress): boolean {
  return progress.queued === 0;
}

/** Tests to oneself: ten an hour per organiser, so the console is not a way to flood one's own inbox. */
export function testRateRules(userId: string) {
  return [{ bucket: `broadcast-test:user:${userId}`, limit: 10, windowSeconds: 3600 }];
}

/** One Server-Sent Event carrying a progress snapshot. */
export function progressEvent(progress: Progress): string {
  const snapshot = { ...progress, done: finishedCount(progress), percent: progressPercent(progress) };
  return `event: progress\ndata: ${JSON.stringify(snapshot)}\n\n`;
}

/** The fields the compose form has, for reading back what was typed and placing errors. */
export const COMPOSE_FIELDS = [
  'subjectDa',
  'bodyDa',
  'subjectEn',
  'bodyEn',
  'segment',
  'ticketType',
  'session',
  'sector',
] as const;

/** Who a broadcast goes to, in words: the segment, and the ticket type, session or sector it names. */
export function describeSegment(
  tr: (key: MessageKey, params?: Record<string, string | number>) => string,
  segment: Segment,
  ref: string | null,
  names: { ticketTypes: readonly { id: string; name: string }[]; sessions: readonly { id: string; title: string }[] },
): string {
  const label = tr(`broadcast.segment.${segment}`);
  if (!segmentNeedsRef(segment) || ref === null) return label;
  const name =
    segment === 'sector'
      ? (SECTORS as readonly string[]).includes(ref)
        ? tr(`sector.${ref as (typeof SECTORS)[number]}`)
        : ref
      : segment === 'ticket_type'
        ? names.ticketTypes.find((type) => type.id === ref)?.name
        : names.sessions.find((session) => session.id === ref)?.title;
  return tr('broadcast.segment.named', { segment: label, name: name ?? tr('broadcast.segment.unknown') });
}
