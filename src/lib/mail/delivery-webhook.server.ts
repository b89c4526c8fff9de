// Resend's delivery webhook: verify the Svix signature over the raw body with
// Resend's own SDK, then record the event in one SQL call that deduplicates
// by the webhook's id and only moves an email's delivery state forward
// (private.record_email_delivery, migration 20261203130400). A bad signature
// is a 400 and touches nothing.
import { Resend } from 'resend';
import { asService, type Sql, sql } from '../db/db.server.ts';
import {
  answerFor,
  type DeliveryEvent,
  isDeliveryEventType,
  readDeliveryEvent,
  type RecordCode,
  type WebhookAnswer,
} from './delivery-webhook.ts';

export interface WebhookHeaders {
  id: string | null;
  timestamp: string | null;
  signature: string | null;
}

// Verification needs no API key; the SDK's constructor insists on one.
let verifier: Resend | undefined;
const resend = () => (verifier ??= new Resend('re_webhook_verification_only'));

/** The verified event, or null for a missing, stale or wrong signature (the SDK checks the 5-minute window). */
export function verifyResendWebhook(body: string, headers: WebhookHeaders, secret: string): unknown {
  if (!headers.id || !headers.timestamp || !headers.signature) return null;
  try {
    return resend().webhooks.verify({
      payload: body,
      headers: { id: headers.id, timestamp: headers.timestamp, signature: headers.signature },
      webhookSecret: secret,
    });
  } catch {
    return null;
  }
}

/** Records one verified event about an email (service role: this is a server job, not a user's request). */
export async function recordDeliveryEvent(
  webhookId: string,
  event: DeliveryEvent,
  db: Sql = sql(),
): Promise<{ code: RecordCode; emailId: string | null; delivery: string | null }> {
  const [row] = await asService(
    (tx) => tx<{ code: RecordCode; email_id: string | null; delivery: string | null }[]>`
      select code, email_id, delivery from private.record_email_delivery(
        ${webhookId}, ${event.type}, ${event.providerMessageId}, ${event.occurredAt}::timestamptz,
        ${event.detail}, ${event.permanent})`,
    db,
  );
  return { code: row!.code, emailId: row!.email_id, delivery: row!.delivery };
}

export async function handleResendWebhook(
  body: string,
  headers: WebhookHeaders,
  options: { secret: string | undefined; db?: Sql; now?: Date },
): Promise<WebhookAnswer> {
  if (!options.secret) return { status: 404, reason: 'not_configured' };
  const payload = verifyResendWebhook(body, headers, options.secret);
  if (payload === null) return { status: 400, reason: 'invalid_signature' };
  const event = readDeliveryEvent(payload);
  // Signed by Resend but not about one email (a domain or contact event): nothing to do, and no retry.
  if (!event || !isDeliveryEventType(event.type)) return { status: 200, reason: 'ignored' };
  if (headers.id!.length > 200) return { status: 400, reason: 'invalid_payload' };
  const recorded = await recordDeliveryEvent(headers.id!, event, options.db ?? sql());
  return answerFor(recorded.code, event.occurredAt, options.now ?? new Date());
}
