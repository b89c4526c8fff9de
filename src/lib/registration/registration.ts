// Registration, the pure part: the input schemas (every message is a key in
// ./messages.ts), the form-to-input mapping for a form with repeatable
// attendee fieldsets, the result codes the database answers with, and the
// small rules pages show (seats left, VAT, the cancellation deadline).
import { z } from 'zod';
import { SECTORS, type Sector } from '../events/events.ts';
import type { RegistrationMessageKey } from '../i18n/dictionary/registration.ts';
import { type Question, QUESTION_FIELDS } from '../settings/questions.ts';
import type { MessageKey } from '../i18n/messages.ts';
import type { Refused, RefusalRules, RefusalStatus, RefusalWords } from '../site/refusal.ts';
import type { TicketStatus } from '../tickets/tickets.ts';
import { invoiceBuyerInput, invoiceFromForm, paymentMethodFromForm } from '../invoice/checkout.ts';

/** A team registration's upper bound before the event's own (lower) limit applies. */
export const MAX_ATTENDEES_PER_FORM = 100;

/** The seats a pending payment holds; the SQL adds a minute for creating the Checkout Session. */
export const PAYMENT_HOLD_MINUTES = 30;

export const TICKET_AUDIENCES = ['public_sector', 'private', 'student', 'other'] as const;
export type TicketAudience = (typeof TICKET_AUDIENCES)[number];

export const ORDER_STATUSES = ['pending', 'paid', 'expired', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** What private.register answers, besides 'ok'. */
export const REGISTER_REJECTIONS = [
  'not_found',
  'event_started',
  'not_on_sale',
  'too_many',
  'payment_unavailable',
  'duplicate_attendee',
  'already_registered',
  'sold_out',
  'offer_invalid',
  // Pay by invoice asked for, but the event does not invoice (or the type is free).
  'invoice_unavailable',
] as const;
export type RegisterRejection = (typeof REGISTER_REJECTIONS)[number];

export function isRegisterRejection(value: unknown): value is RegisterRejection {
  return typeof value === 'string' && (REGISTER_REJECTIONS as readonly string[]).includes(value);
}

// ── Field schemas ──────────────────────────────────────────────────────────

type Key = RegistrationMessageKey;

/** C0 controls and DEL: Postgres refuses NUL, and none of them belongs in a name. */
// eslint-disable-next-line no-control-regex
const LINE_CONTROLS = /[\u0000-\u001f\u007f]/;
/** The same, but line breaks and tabs are fine in a free-text answer. */
// eslint-disable-next-line no-control-regex
const TEXT_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function clean(value: string): string {
  return value.normalize('NFC').trim();
}

function storable(multiline: boolean) {
  return (value: string) => value.isWellFormed() && !(multiline ? TEXT_CONTROLS : LINE_CONTROLS).test(value);
}

function requiredLine(requiredKey: Key, max: 100 | 200) {
  return z
    .string({ error: requiredKey })
    .transform(clean)
    .pipe(
      z
        .string()
        .min(1, { error: requiredKey })
        .max(max, { error: `registration.field.max${max}` satisfies Key })
        .refine(storable(false), { error: 'registration.field.invalidCharacters' satisfies Key }),
    );
}

function optionalText(max: 100 | 200 | 500, multiline = false) {
  return z
    .string({ error: 'registration.field.invalidCharacters' satisfies Key })
    .optional()
    .transform((value) => clean(value ?? ''))
    .pipe(
      z
        .string()
        .max(max, { error: `registration.field.max${max}` satisfies Key })
        .refine(storable(multiline), { error: 'registration.field.invalidCharacters' satisfies Key }),
    )
    .transform((value) => (value === '' ? null : value));
}

/** Trimmed, NFC and lower-case: the same address however it is typed (sign-in does the same). */
export function normaliseEmail(value: string): string {
  return clean(value).toLowerCase();
}

/** The shape the database accepts: something@domain.tld, no spaces or controls, at most 254 characters. */
const STORABLE_EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export const emailField = z
  .string({ error: 'registration.field.emailRequired' satisfies Key })
  .transform(normaliseEmail)
  .pipe(
    z
      .string()
      .min(1, { error: 'registration.field.emailRequired' satisfies Key })
      .max(254, { error: 'registration.field.emailInvalid' satisfies Key })
      .refine((value) => storable(false)(value) && STORABLE_EMAIL.test(value), {
        error: 'registration.field.emailInvalid' satisfies Key,
      })
      .pipe(z.email({ pattern: z.regexes.unicodeEmail, error: 'registration.field.emailInvalid' satisfies Key })),
  );

export const nameField = requiredLine('registration.field.nameRequired', 200);

/** Empty is no answer: whether the event requires one is the use case's check (its registration questions). */
export const sectorField = z
  .enum(SECTORS, { error: 'registration.field.sectorRequired' satisfies Key })
  .nullish()
  .transform((value) => value ?? null);

export const attendeeDetails = z.object({
  name: nameField,
  organisation: optionalText(200),
  sector: sectorField,
  jobTitle: optionalText(200),
  municipality: optionalText(100),
  dietaryNeeds: optionalText(500, true),
  accessibilityNeeds: optionalText(500, true),
  consentShareContact: z.boolean(),
  consentNewsletter: z.boolean(),
});
export type AttendeeDetails = z.output<typeof attendeeDetails>;

export const attendeeInput = attendeeDetails.extend({ email: emailField });
export type AttendeeInput = z.output<typeof attendeeInput>;

/** A registration form's idempotency key: a random UUID, minted when the form is rendered. */
export const SUBMISSION_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The key a rendering of the form carries: the one it was posted with (shown
 * again after an error, or with a fieldset more or less, it is still the same
 * submission), otherwise a new one.
 */
export function submissionKeyFor(posted: unknown): string {
  return typeof posted === 'string' && SUBMISSION_KEY.test(posted) ? posted.toLowerCase() : crypto.randomUUID();
}

/** A waitlist offer link's token: 32 random bytes, base64url. */
export const OFFER_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const registrationInput = z
  .object({
    ticketTypeId: z.uuid({ error: 'registration.field.ticketTypeRequired' satisfies Key }),
    buyerAttends: z.boolean(),
    buyer: z.object({ name: nameField, email: emailField }).optional(),
    attendees: z
      .array(attendeeInput)
      .min(1, { error: 'registration.field.tooManyAttendees' satisfies Key })
      .max(MAX_ATTENDEES_PER_FORM, { error: 'registration.field.tooManyAttendees' satisfies Key }),
    joinWaitlist: z.boolean(),
    offer: z
      .string()
      .regex(OFFER_TOKEN, { error: 'registration.error.offer_invalid' satisfies Key })
      .nullable(),
    // The form's idempotency key (minted when it was rendered): a copy of the submit gets the first's answer.
    // Anything but a UUID is no key at all, so a form without one still registers.
    submissionKey: z
      .string()
      .nullish()
      .transform((value) => (value && SUBMISSION_KEY.test(value) ? value.toLowerCase() : null)),
    // The code of a ticket type shown only by link; a wrong one reads as no such type.
    accessCode: z
      .string()
      .max(40, { error: 'registration.error.not_found' satisfies Key })
      .nullish()
      .transform((value) => value ?? null),
    // Set when the buyer chose to pay by invoice: their invoicing details (src/lib/invoice/checkout.ts).
    invoice: invoiceBuyerInput.nullish().transform((value) => value ?? null),
  })
  .superRefine((value, ctx) => {
    if (!value.buyerAttends && !value.buyer) {
      ctx.addIssue({ code: 'custom', path: ['buyer', 'name'], message: 'registration.field.nameRequired' });
    }
    const seen = new Map<string, number>();
    value.attendees.forEach((attendee, index) => {
      if (seen.has(attendee.email)) {
        ctx.addIssue({
          code: 'custom',
          path: ['attendees', index, 'email'],
          message: 'registration.field.emailDuplicate' satisfies Key,
        });
      } else seen.set(attendee.email, index);
    });
  })
  .transform((value) => ({
    ticketTypeId: value.ticketTypeId,
    buyerAttends: value.buyerAttends,
    // The buyer who attends is attendee 1; the schema guarantees one exists.
    buyer: value.buyer ?? { name: value.attendees[0]!.name, email: value.attendees[0]!.email },
    attendees: value.attendees,
    joinWaitlist: value.joinWaitlist,
    offer: value.offer,
    ...(value.submissionKey === null ? {} : { submissionKey: value.submissionKey }),
    ...(value.accessCode === null ? {} : { accessCode: value.accessCode }),
    ...(value.invoice === null ? {} : { invoice: value.invoice }),
  }));
export type RegistrationInput = z.output<typeof registrationInput>;

// ── The form ───────────────────────────────────────────────────────────────

/** The names of an attendee fieldset's inputs: `attendees.<index>.<field>`. */
export const ATTENDEE_FIELDS = [
  'name',
  'email',
  'organisation',
  'sector',
  'jobTitle',
  'municipality',
  'dietaryNeeds',
  'accessibilityNeeds',
  'consentShareContact',
  'consentNewsletter',
] as const;
export type AttendeeField = (typeof ATTENDEE_FIELDS)[number];

export function attendeeFieldName(index: number, field: AttendeeField): string {
  return `attendees.${index}.${field}`;
}

const CHECKED = new Set(['on', 'true', '1', 'yes']);

/** How many attendee fieldsets a posted form holds: its `count`, within 1..MAX_ATTENDEES_PER_FORM. */
export function countFrom(value: unknown, fallback = 1): number {
  const parsed = typeof value === 'string' && /^\d{1,4}$/.test(value.trim()) ? Number(value.trim()) : fallback;
  return Math.min(MAX_ATTENDEES_PER_FORM, Math.max(1, parsed));
}

type FormSource = Pick<FormData, 'get'>;

function text(form: FormSource, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === 'string' ? value : undefined;
}

/** The raw attendee values of fieldset `index`, for the schema or to fill the form in again. */
export function attendeeFromForm(form: FormSource, index: number): Record<AttendeeField, string | boolean | undefined> {
  return {
    name: text(form, attendeeFieldName(index, 'name')),
    email: text(form, attendeeFieldName(index, 'email')),
    organisation: text(form, attendeeFieldName(index, 'organisation')),
    sector: text(form, attendeeFieldName(index, 'sector')) || undefined,
    jobTitle: text(form, attendeeFieldName(index, 'jobTitle')),
    municipality: text(form, attendeeFieldName(index, 'municipality')),
    dietaryNeeds: text(form, attendeeFieldName(index, 'dietaryNeeds')),
    accessibilityNeeds: text(form, attendeeFieldName(index, 'accessibilityNeeds')),
    consentShareContact: CHECKED.has(text(form, attendeeFieldName(index, 'consentShareContact')) ?? ''),
    consentNewsletter: CHECKED.has(text(form, attendeeFieldName(index, 'consentNewsletter')) ?? ''),
  };
}

/**
 * A posted registration form as the schema's input. Inputs are named like
 * `attendees.2.email`, so a validation issue's path is the very name of the
 * field it belongs to.
 */
export function registrationFromForm(form: FormSource): unknown {
  const buyerAttends = text(form, 'buyerAttends') !== 'false';
  const count = countFrom(text(form, 'count'));
  return {
    ticketTypeId: text(form, 'ticketTypeId') ?? '',
    buyerAttends,
    buyer: buyerAttends ? undefined : { name: text(form, 'buyer.name'), email: text(form, 'buyer.email') },
    attendees: Array.from({ length: count }, (_, index) => attendeeFromForm(form, index)),
    joinWaitlist: CHECKED.has(text(form, 'joinWaitlist') ?? ''),
    offer: text(form, 'offer') || null,
    submissionKey: text(form, 'submissionKey') || null,
    accessCode: text(form, 'accessCode') || null,
    invoice: paymentMethodFromForm(form) === 'invoice' ? invoiceFromForm(form) : null,
  };
}

/** The action's input: FormData in, a checked registration out. */
export const registrationForm = z.instanceof(FormData).transform(registrationFromForm).pipe(registrationInput);

/** A field name for each issue path (`attendees.0.email`), with its message key; the first issue per field wins. */
export function fieldErrorsFrom(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): Map<string, string> {
  const errors = new Map<string, string>();
  for (const issue of issues) {
    const field = issue.path.map(String).join('.') || 'form';
    if (!errors.has(field)) errors.set(field, issue.message);
  }
  return errors;
}

export const joinWaitlistInput = z.object({
  ticketTypeId: z.uuid({ error: 'registration.field.ticketTypeRequired' satisfies Key }),
  name: nameField,
  email: emailField,
  // A type shown only with its code is waitlisted only with it (private.join_waitlist checks).
  accessCode: z
    .string()
    .trim()
    .max(40, { error: 'registration.error.not_found' satisfies Key })
    .optional(),
});
export type JoinWaitlistInput = z.output<typeof joinWaitlistInput>;

// ── Refusals across the action boundary ─────────────────────────────────────

/** A registration refused, as the action answers it: the code, and the attendee it concerns (0-based). */
export type RegisterRefusal = Refused<
  RegisterRejection | 'unavailable' | 'payment_failed' | 'answer_required',
  { attendee?: number; question?: Question }
>;

const atAttendee = (
  refusal: RegisterRefusal,
  status: RefusalStatus,
  formMessage: MessageKey,
  fieldMessage: MessageKey,
): RefusalWords =>
  refusal.attendee === undefined
    ? { status, message: formMessage }
    : { status, message: fieldMessage, field: `attendees.${refusal.attendee}.email` };

/** Every refusal of the register action, with its status and words: the one place for them. */
export const REGISTER_REFUSALS: RefusalRules<RegisterRefusal> = {
  not_found: { status: 404, message: 'registration.error.not_found' },
  event_started: { status: 409, message: 'registration.error.event_started' },
  not_on_sale: { status: 409, message: 'registration.error.not_on_sale' },
  too_many: { status: 400, message: 'registration.error.too_many' },
  payment_unavailable: { status: 409, message: 'registration.error.payment_unavailable' },
  duplicate_attendee: (refusal) =>
    atAttendee(refusal, 400, 'registration.error.duplicate_attendee', 'registration.field.emailDuplicate'),
  // Worded like a passing fault, never "this address has a ticket": the answer must not tell (the holder is emailed).
  already_registered: { status: 409, message: 'registration.error.already_registered' },
  sold_out: { status: 409, message: 'registration.error.sold_out' },
  offer_invalid: { status: 410, message: 'registration.error.offer_invalid' },
  invoice_unavailable: { status: 409, message: 'invoiceCheckout.error.invoice_unavailable' },
  unavailable: { status: 503, message: 'registration.error.unavailable' },
  payment_failed: { status: 503, message: 'registration.error.payment_failed' },
  // A question the event requires (its registration settings), left unanswered.
  answer_required: (refusal) =>
    refusal.attendee === undefined || refusal.question === undefined
      ? { status: 400, message: 'registration.error.unavailable' }
      : {
          status: 400,
          message: `settings.answer.${refusal.question}`,
          field: attendeeFieldName(refusal.attendee, QUESTION_FIELDS[refusal.question]),
        },
};

export type WaitlistRefusal = Refused<'not_found' | 'event_started' | 'seats_available' | 'unavailable'>;

/** Every refusal of the join-waitlist action. */
export const WAITLIST_REFUSALS: RefusalRules<WaitlistRefusal> = {
  not_found: { status: 404, message: 'registration.error.unavailable' },
  event_started: { status: 409, message: 'registration.error.unavailable' },
  seats_available: { status: 409, message: 'registration.waitlist.seatsAvailable' },
  unavailable: { status: 503, message: 'registration.error.unavailable' },
};

// ── Rules the pages show ───────────────────────────────────────────────────

export interface TicketTypeState {
  priceOre: number;
  capacity: number;
  sold: number;
  salesStart: Date | null;
  salesEnd: Date | null;
}

export type Availability =
  | { kind: 'available'; seatsLeft: number }
  | { kind: 'sold_out' }
  | { kind: 'not_yet'; opensAt: Date }
  | { kind: 'ended' }
  | { kind: 'payment_unavailable' };

/** Whether a ticket type can be bought now, and how many seats are left. */
export function availabilityOf(
  type: TicketTypeState,
  now: Date,
  eventStartsAt: Date,
  onlinePayment: boolean,
): Availability {
  if (now >= eventStartsAt || (type.salesEnd && now >= type.salesEnd)) return { kind: 'ended' };
  if (type.salesStart && now < type.salesStart) return { kind: 'not_yet', opensAt: type.salesStart };
  if (type.priceOre > 0 && !onlinePayment) return { kind: 'payment_unavailable' };
  const seatsLeft = Math.max(0, type.capacity - type.sold);
  return seatsLeft === 0 ? { kind: 'sold_out' } : { kind: 'available', seatsLeft };
}

/** The VAT contained in a price that includes it (25 % moms is a fifth of the price). */
export function vatIncluded(totalOre: number, vatPercent: number): number {
  return Math.round((totalOre * vatPercent) / (100 + vatPercent));
}

/** Attendees may cancel until the event's deadline, or its start when it has none. */
export function cancellationDeadline(event: { cancellationDeadline: Date | null; startsAt: Date }): Date {
  return event.cancellationDeadline ?? event.startsAt;
}

export function canCancel(
  ticket: { status: TicketStatus },
  event: { cancellationDeadline: Date | null; startsAt: Date },
  now: Date,
): boolean {
  return ticket.status === 'valid' && now < cancellationDeadline(event);
}

export function isSector(value: unknown): value is Sector {
  return typeof value === 'string' && (SECTORS as readonly string[]).includes(value);
}
