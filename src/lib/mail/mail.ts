// Email, the pure part: what a message is, which templates exist and what
// data each takes, how long to wait before a retry, and which delivery this
// configuration gets. No I/O here; outbox.server.ts does that.
import { z } from 'zod';
import type { Env } from '../config.ts';
import { LOCALES, type Lang } from '../i18n/locales.ts';
import { backoffMs } from '../jobs/queue.ts';
import { TEMPLATES, type RenderedEmail } from './templates/index.ts';

export type TemplateName = keyof typeof TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[];
/** The data a caller passes for a template (defaults not yet applied). */
export type TemplateData<N extends TemplateName> = z.input<(typeof TEMPLATES)[N]['schema']>;

export const emailAddress = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^@\s]+@[^@\s]+$/, 'must be an email address');

/** Unique per email, stable across retries; becomes the provider's Idempotency-Key. */
export const idempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9._:/@+-]{1,256}$/, 'must be 1–256 characters of A–Z, a–z, 0–9 and . _ : / @ + -');

export const mailAttachment = z.object({
  filename: z.string().regex(/^[^\\/\r\n"]{1,120}$/),
  contentType: z
    .string()
    .max(200)
    .regex(/^[a-z]+\/[a-z0-9.+-]+(;[^\r\n]*)?$/i),
  contentBase64: z.base64(),
  /** Set for an inline image the HTML refers to as `cid:<contentId>`. */
  contentId: z
    .string()
    .regex(/^[A-Za-z0-9._@-]{1,100}$/)
    .optional(),
});
export type MailAttachment = z.infer<typeof mailAttachment>;

const tag = z.string().regex(/^[A-Za-z0-9_-]{1,256}$/);

/** A finished message as a transport receives it; the transport adds the sender. */
export const mailMessage = z.object({
  to: emailAddress,
  subject: z
    .string()
    .min(1)
    .max(300)
    .regex(/^[^\r\n]*$/),
  html: z.string().min(1),
  text: z.string().min(1),
  attachments: z.array(mailAttachment).max(60),
  /** Labels for the provider's logs and the dev mailbox: template and language. */
  tags: z.record(tag, tag),
  /** Extra headers (List-Unsubscribe, RFC 8058's List-Unsubscribe-Post); names from a short list, values on one line. */
  headers: z
    .partialRecord(
      z.enum(['List-Unsubscribe', 'List-Unsubscribe-Post']),
      z
        .string()
        .max(2000)
        .regex(/^[^\r\n]*$/),
    )
    .optional(),
});
export type MailMessage = z.infer<typeof mailMessage>;

/** What a use case asks for: one template, its data, one recipient, one key. */
export type EmailRequest = {
  [N in TemplateName]: {
    idempotencyKey: string;
    to: string;
    lang: Lang;
    template: N;
    data: TemplateData<N>;
  };
}[TemplateName];

export interface PreparedEmail {
  idempotencyKey: string;
  to: string;
  lang: Lang;
  template: TemplateName;
  /** The data after the template's schema (defaults applied), as stored. */
  data: Record<string, unknown>;
  sensitive: boolean;
}

const requestShape = z.object({
  idempotencyKey,
  to: emailAddress,
  lang: z.enum(LOCALES),
  template: z.enum(TEMPLATE_NAMES as [TemplateName, ...TemplateName[]]),
});

/** Checks a request and its template data; throws a ZodError naming the bad field. */
export function prepareEmail(request: EmailRequest): PreparedEmail {
  const head = requestShape.parse(request);
  const template = TEMPLATES[head.template];
  const data = template.schema.parse(request.data) as Record<string, unknown>;
  return { ...head, data, sensitive: template.sensitive };
}

/** The pure rendering entry: template + language + data → subject, HTML, text, attachments. */
export function renderEmail(template: TemplateName, lang: Lang, data: unknown): RenderedEmail {
  const definition = TEMPLATES[template];
  // Each template's render takes its own schema's output; the parse just above produced exactly that.
  const render = definition.render as (lang: Lang, data: unknown) => RenderedEmail;
  return render(lang, definition.schema.parse(data));
}

/** The message for a stored outbox row. */
export function composeMessage(row: { to: string; lang: Lang; template: TemplateName; data: unknown }): MailMessage {
  const rendered = renderEmail(row.template, row.lang, row.data);
  return mailMessage.parse({
    to: row.to,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    attachments: rendered.attachments,
    tags: { template: row.template, lang: row.lang },
    ...(rendered.headers ? { headers: rendered.headers } : {}),
  });
}

// Retries: exponential backoff from 30 seconds, capped at an hour, with
// jitter so that workers on several servers do not retry in step after an
// outage. With the default 8 attempts the last one comes at most about an hour
// after the first, well inside Resend's 24-hour idempotency window, so a
// retry can never turn into a second delivery.
export const RETRY_BASE_MS = 30_000;
export const RETRY_CAP_MS = 60 * 60_000;

/** How long to wait after failed attempt number `attempt` (1-based): between half and all of the ceiling. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  return backoffMs(attempt, { baseMs: RETRY_BASE_MS, capMs: RETRY_CAP_MS }, random);
}

/**
 * Where email goes: Resend when it is configured; otherwise the dev mailbox,
 * but only on a developer's machine — the embedded database, or NODE_ENV
 * development or test. Anything else counts as production (an unset NODE_ENV
 * included) and delivers nothing, keeping the outbox, rather than putting
 * sign-in links on a page anyone can open.
 */
export type MailDelivery = 'resend' | 'dev-mailbox' | 'off';

export function mailDelivery(env: Pick<Env, 'RESEND_API_KEY' | 'NODE_ENV' | 'SAMSPIL_DATABASE_MODE'>): MailDelivery {
  if (env.RESEND_API_KEY) return 'resend';
  const developing = env.NODE_ENV === 'development' || env.NODE_ENV === 'test';
  if (env.SAMSPIL_DATABASE_MODE === 'embedded' || developing) return 'dev-mailbox';
  return 'off';
}

/** The sender when MAIL_FROM is unset (dev mailbox only: Resend requires MAIL_FROM). */
export const DEV_MAIL_FROM = 'Samspil <noreply@samspil.localhost>';
