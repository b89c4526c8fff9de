// Resend's delivery webhook, the pure part: which events we follow, how one
// is read once its signature is verified, and what each outcome answers.
// The signature check and the database are in delivery-webhook.server.ts.
import { z } from 'zod';

/** The event types that move an email's delivery state; others are acknowledged and ignored. */
export const DELIVERY_EVENT_TYPES = ['email.delivered', 'email.bounced', 'email.complained'] as const;
export type DeliveryEventType = (typeof DELIVERY_EVENT_TYPES)[number];

export type DeliveryState = 'delivered' | 'bounced' | 'complained';

/** The fields we use of Resend's event (everything else is passed over). */
const deliveryEventSchema = z.object({
  type: z.string().min(1).max(100),
  created_at: z.string().optional(),
  data: z
    .object({
      email_id: z.string().min(1).max(200),
      bounce: z
        .object({
          type: z.string().max(100).optional(),
          subType: z.string().max(100).optional(),
          message: z.string().max(5000).optional(),
        })
        .optional(),
    })
    .passthrough(),
});

export interface DeliveryEvent {
  type: string;
  providerMessageId: string;
  occurredAt: Date | null;
  /** What the provider said about a bounce, for the organiser. */
  detail: string | null;
  /** A bounce that will happen again (Resend's "Permanent"); suppresses the address. */
  permanent: boolean;
}

/** Reads a verified event; null when it is not about an email (no `data.email_id`). */
export function readDeliveryEvent(payload: unknown): DeliveryEvent | null {
  const parsed = deliveryEventSchema.safeParse(payload);
  if (!parsed.success) return null;
  const { type, created_at: createdAt, data } = parsed.data;
  const occurred = createdAt ? new Date(createdAt) : null;
  const bounce = data.bounce;
  const detail = bounce
    ? [bounce.type, bounce.subType].filter(Boolean).join('/') + (bounce.message ? `: ${bounce.message}` : '')
    : null;
  return {
    type,
    providerMessageId: data.email_id,
    occurredAt: occurred && !Number.isNaN(occurred.getTime()) ? occurred : null,
    detail: detail ? detail.slice(0, 1000) : null,
    // Resend sends email.bounced for permanent rejections; a bounce it calls
    // "Transient" (a full mailbox) does not suppress the address.
    permanent: type === 'email.bounced' && bounce?.type?.toLowerCase() !== 'transient',
  };
}

export function isDeliveryEventType(type: string): type is DeliveryEventType {
  return (DELIVERY_EVENT_TYPES as readonly string[]).includes(type);
}

export type RecordCode = 'applied' | 'unchanged' | 'duplicate' | 'unknown' | 'ignored';

/** How long a webhook about an email we cannot find is answered "try again": its send may not be recorded yet. */
export const UNKNOWN_RETRY_WINDOW_MS = 60 * 60 * 1000;

export type WebhookAnswer =
  | { status: 400; reason: 'invalid_signature' | 'invalid_payload' }
  | { status: 404; reason: 'not_configured' | 'unknown_email' }
  | { status: 200; reason: RecordCode };

/**
 * A webhook for an email we do not know: while the event is young the worker
 * may not have recorded Resend's id yet, so a 404 makes Resend retry later;
 * an old one (from another application on the account, or purged) is
 * acknowledged so Resend stops retrying.
 */
export function answerFor(code: RecordCode, occurredAt: Date | null, now: Date): WebhookAnswer {
  if (code === 'unknown' && (occurredAt === null || now.getTime() - occurredAt.getTime() < UNKNOWN_RETRY_WINDOW_MS)) {
    return { status: 404, reason: 'unknown_email' };
  }
  return { status: 200, reason: code };
}
