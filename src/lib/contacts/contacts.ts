// Contact exchange between attendees, the pure half: the card's fields and
// the forms that change them, what a scanned QR or a typed code becomes, the
// request's result codes with their statuses and messages, and the rate
// limits on asking. No I/O (contacts.server.ts does it).
import { z } from 'zod';
import type { RateRule } from '../auth/auth.ts';
import type { Refused, RefusalRules } from '../site/refusal.ts';
import type { ContactsMessageKey } from '../i18n/dictionary/contacts.ts';

/** The card's fields, in the order they are shown; each one shared only when its owner ticks it. */
export const CARD_FIELDS = ['name', 'organisation', 'title', 'email', 'phone', 'linkedin'] as const;
export type CardField = (typeof CARD_FIELDS)[number];

export type ContactCard = Record<CardField, string | null>;

/** The path of a contact QR (paths.ts builds it; the scanner and the short-code form land there). */
export const CONTACT_SCAN_PATH = '/min-side/kontakter/scan';

const UUID = z.uuid();

const key = (k: ContactsMessageKey) => k;

/** Trimmed text, or null when empty. */
const optionalText = (max: number, message: ContactsMessageKey) =>
  z
    .string()
    .transform((value) => value.trim())
    .pipe(z.string().max(max, { error: message }))
    .transform((value) => (value === '' ? null : value));

const FIELD_VALUES = {
  name: optionalText(200, 'contacts.card.error.tooLong'),
  organisation: optionalText(200, 'contacts.card.error.tooLong'),
  title: optionalText(200, 'contacts.card.error.tooLong'),
  email: optionalText(320, 'contacts.card.error.email').pipe(
    z.union([z.null(), z.email({ error: key('contacts.card.error.email') })]),
  ),
  phone: optionalText(40, 'contacts.card.error.phone').pipe(
    z.union([z.null(), z.string().regex(/^\+?[0-9 ()-]{4,30}$/, { error: key('contacts.card.error.phone') })]),
  ),
  linkedin: optionalText(300, 'contacts.card.error.linkedin').transform((value, context) => {
    if (value === null) return null;
    const url = linkedinUrl(value);
    if (url === undefined) {
      context.addIssue({ code: 'custom', message: key('contacts.card.error.linkedin') });
      return z.NEVER;
    }
    return url;
  }),
} satisfies Record<CardField, z.ZodType>;

/**
 * A LinkedIn profile as an https URL: a full address, one without the
 * scheme, or "linkedin.com/in/…"; anything else is not LinkedIn (undefined).
 */
export function linkedinUrl(value: string): string | undefined {
  const withScheme = /^https?:\/\//i.test(value) ? value : `https://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  if (!/^([a-z]{2,3}\.)?linkedin\.com$/i.test(url.hostname) || url.pathname.length < 2) return undefined;
  return `https://${url.hostname.toLowerCase()}${url.pathname}`.replace(/\/$/, '');
}

/**
 * The card settings form: per field a checkbox `share.<field>` and its value
 * `<field>`; a field not ticked is not kept at all. Ticked but empty is an
 * error at the field (nothing to share).
 */
export const cardForm = z
  .instanceof(FormData)
  .transform((form): unknown => {
    const text = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' ? value : '';
    };
    return {
      ...Object.fromEntries(CARD_FIELDS.map((field) => [field, text(field)])),
      share: Object.fromEntries(CARD_FIELDS.map((field) => [field, form.get(`share.${field}`) === 'on'])),
      autoAccept: form.get('autoAccept') === 'on',
    };
  })
  .pipe(
    z
      .object({
        ...FIELD_VALUES,
        share: z.object(
          Object.fromEntries(CARD_FIELDS.map((field) => [field, z.boolean()])) as Record<CardField, z.ZodBoolean>,
        ),
        autoAccept: z.boolean(),
      })
      .superRefine((value, context) => {
        for (const field of CARD_FIELDS) {
          if (value.share[field] && value[field] === null) {
            context.addIssue({ code: 'custom', path: [field], message: key('contacts.card.error.empty') });
          }
        }
      })
      .transform((value) => ({
        card: Object.fromEntries(
          CARD_FIELDS.map((field) => [field, value.share[field] ? value[field] : null]),
        ) as ContactCard,
        autoAccept: value.autoAccept,
      })),
  );
export type CardInput = z.output<typeof cardForm>;

/** A scanned QR's text or a typed code: at most a URL's length. */
export const requestInput = z.object({
  event: UUID,
  code: z
    .string()
    .trim()
    .min(1, { error: key('contacts.scan.error.required') })
    .max(400, { error: key('contacts.scan.result.unknown') }),
});

export const answerInput = z.object({ connection: UUID, answer: z.enum(['accept', 'decline']) });
export const connectionInput = z.object({ connection: UUID });
export const eventInput = z.object({ event: UUID });
export const noteInput = z.object({
  connection: UUID,
  // Empty removes the note.
  body: z
    .string()
    .transform((value) => value.trim())
    .pipe(z.string().max(2000, { error: key('contacts.note.error.tooLong') })),
});

/**
 * What a scanned QR or a typed code asks the database for: a contact QR's
 * URL gives its token (`?k=`), anything else is taken as typed (a short code,
 * or a bare token); the database normalises and judges it.
 */
export function codeFromScan(text: string): string {
  const trimmed = text.trim();
  if (/^https?:\/\//i.test(trimmed)) {
    try {
      const url = new URL(trimmed);
      const token = url.searchParams.get('k');
      if (token && url.pathname.replace(/^\/en(?=\/)/, '') === CONTACT_SCAN_PATH) return token;
    } catch {
      // Not a URL after all: judged as typed.
    }
  }
  return trimmed;
}

/** A short code as shown: two groups of four, easy to read aloud. */
export function formatShortCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

// ── Requests and their answers ──────────────────────────────────────────────

/** private.request_contact's codes. */
export const REQUEST_CODES = [
  'sent',
  'connected',
  'already_requested',
  'already_connected',
  'no_ticket',
  'unknown',
  'revoked',
  'other_event',
  'own_code',
] as const;
export type RequestCode = (typeof REQUEST_CODES)[number];

export type RequestOutcome = { ok: true; code: 'sent' | 'connected'; connectionId: string } | ContactRefusal;

export type ContactRefusal = Refused<
  Exclude<RequestCode, 'sent' | 'connected'> | 'rate_limited' | 'not_found' | 'already_answered',
  { retryAfterSeconds?: number }
>;

/** Every refusal of the contact actions, with its status and words. Nothing is stored for any of them. */
export const CONTACT_REFUSALS: RefusalRules<ContactRefusal> = {
  already_requested: { status: 409, message: 'contacts.scan.result.already_requested' },
  already_connected: { status: 409, message: 'contacts.scan.result.already_connected' },
  no_ticket: { status: 403, message: 'contacts.scan.result.no_ticket' },
  unknown: { status: 404, message: 'contacts.scan.result.unknown', field: 'code' },
  revoked: { status: 410, message: 'contacts.scan.result.revoked', field: 'code' },
  other_event: { status: 409, message: 'contacts.scan.result.other_event', field: 'code' },
  own_code: { status: 422, message: 'contacts.scan.result.own_code', field: 'code' },
  rate_limited: (refusal) => ({
    status: 429,
    message: 'contacts.scan.result.rate_limited',
    params: { minutes: Math.max(1, Math.ceil((refusal.retryAfterSeconds ?? 60) / 60)) },
  }),
  not_found: { status: 404, message: 'contacts.error.not_found' },
  already_answered: { status: 409, message: 'contacts.error.already_answered' },
};

/** The database's answer, as the action returns it. */
export function requestOutcome(code: string, connectionId: string | null): RequestOutcome {
  if ((code === 'sent' || code === 'connected') && connectionId) return { ok: true, code, connectionId };
  const known = (REQUEST_CODES as readonly string[]).includes(code) && code !== 'sent' && code !== 'connected';
  return { ok: false, code: known ? (code as ContactRefusal['code']) : 'unknown' };
}

/**
 * Asking to exchange cards, per person: enough for a busy day in the hall (a
 * hundred new people), too few to guess short codes (40 bits) by trying.
 * Every attempt counts, a forged code too.
 */
export const CONTACT_REQUEST_LIMITS = { perMinute: 12, perHour: 120, perDay: 300 } as const;

export function contactRequestRateRules(userId: string): RateRule[] {
  const bucket = `contacts:request:${userId}`;
  return [
    { bucket, limit: CONTACT_REQUEST_LIMITS.perMinute, windowSeconds: 60 },
    { bucket, limit: CONTACT_REQUEST_LIMITS.perHour, windowSeconds: 3600 },
    { bucket, limit: CONTACT_REQUEST_LIMITS.perDay, windowSeconds: 86_400 },
  ];
}

// ── Lists ───────────────────────────────────────────────────────────────────

/** A person's connection as My contacts shows it: the other's card only once accepted. */
export interface MyContact {
  connectionId: string;
  eventName: string;
  status: 'pending' | 'accepted' | 'declined';
  /** Whether the other person asked (so I may answer). */
  incoming: boolean;
  requestedAt: Date;
  answeredAt: Date | null;
  card: ContactCard | null;
  note: string | null;
}

/** How a contact is named in lists and files: their name, else their organisation or email, else a fallback. */
export function contactLabel(contact: Pick<MyContact, 'card'>, fallback: string): string {
  const card = contact.card;
  return card?.name ?? card?.organisation ?? card?.email ?? fallback;
}
