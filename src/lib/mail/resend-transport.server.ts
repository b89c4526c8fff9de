// Delivery through Resend with the official SDK. Every attempt for a message
// carries the same Idempotency-Key, so when a worker crashes after Resend
// accepted a message but before the outbox recorded it, the retry returns the
// first attempt's result instead of sending the email twice.
import { type CreateEmailOptions, type ErrorResponse, Resend } from 'resend';
import type { MailMessage } from './mail.ts';
import type { MailTransport, SendResult } from './transport.ts';

export interface ResendTransportOptions {
  apiKey: string;
  /** MAIL_FROM: an address on a domain verified in Resend. */
  from: string;
  /** Only for tests against a local server; the SDK defaults to https://api.resend.com. */
  baseUrl?: string;
  timeoutMs?: number;
}

/** Our message as the SDK's payload. */
export function toResendPayload(message: MailMessage, from: string): CreateEmailOptions {
  return {
    from,
    to: message.to,
    subject: message.subject,
    html: message.html,
    text: message.text,
    ...(message.attachments.length > 0
      ? {
          attachments: message.attachments.map((attachment) => ({
            filename: attachment.filename,
            content: attachment.contentBase64,
            contentType: attachment.contentType,
            ...(attachment.contentId ? { contentId: attachment.contentId } : {}),
          })),
        }
      : {}),
    tags: Object.entries(message.tags).map(([name, value]) => ({ name, value })),
    ...(message.headers ? { headers: message.headers } : {}),
  };
}

/** Errors that the same request will meet again: retrying cannot help. */
const PERMANENT: ReadonlySet<ErrorResponse['name']> = new Set<ErrorResponse['name']>([
  'validation_error',
  'missing_required_field',
  'invalid_parameter',
  'invalid_from_address',
  'invalid_attachment',
  'invalid_idempotency_key',
  'invalid_region',
  'method_not_allowed',
  'not_found',
]);

/**
 * What Resend's answer means for the outbox. `invalid_idempotent_request` says
 * this key was already used, within 24 hours, by a request whose body differed
 * (e.g. a template changed between two attempts): the earlier attempt was
 * accepted, so the recipient has the message and it counts as sent. Rate
 * limits, quotas, server errors, network failures (statusCode null) and key
 * problems an operator can fix are worth retrying.
 */
export function interpretResendResult(result: {
  data: { id: string } | null;
  error: ErrorResponse | null;
}): SendResult {
  if (!result.error) return { ok: true, providerMessageId: result.data?.id ?? null };
  const { name, message, statusCode } = result.error;
  if (name === 'invalid_idempotent_request') return { ok: true, providerMessageId: null };
  const error = `resend ${name}${statusCode ? ` (${statusCode})` : ''}: ${message}`;
  return { ok: false, retryable: !PERMANENT.has(name), error };
}

export function createResendTransport(options: ResendTransportOptions): MailTransport {
  const client = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  const timeoutMs = options.timeoutMs ?? 20_000;
  return {
    name: 'resend',
    async send(message, { idempotencyKey }) {
      const result = await client.emails.send(toResendPayload(message, options.from), {
        idempotencyKey,
        signal: AbortSignal.timeout(timeoutMs),
      });
      return interpretResendResult(result);
    },
  };
}
