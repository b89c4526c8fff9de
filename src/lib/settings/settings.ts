// Ticket, registration, booking and gallery settings in the organiser console:
// the forms (zod, a dictionary key per field), the registration questions,
// and every refusal with its status, words and field. Pure: no I/O; the
// writes are settings.server.ts.
import { z } from 'zod';
import { CHANGED_ELSEWHERE, type ChangedElsewhere } from '../console/concurrency.ts';
import type { SettingsMessageKey } from '../i18n/dictionary/settings.ts';
import type { Refused, RefusalRules } from '../site/refusal.ts';
import {
  checkbox,
  inOrder,
  optionalText,
  optionalWholeNumber,
  priceField,
  requiredText,
  versionField,
  wallClockField,
  wholeNumber,
} from './fields.ts';
import { QUESTION_MODES, type Questions } from './questions.ts';
import {
  askFieldName,
  CALL_FIELD_MODES,
  CALL_FIELDS,
  type CallField,
  type CallFieldMode,
} from '../solutions/call-fields.ts';

export type { Questions };

type Key = SettingsMessageKey;

// ── Forms ──────────────────────────────────────────────────────────────────

export const TICKET_AUDIENCES = ['public_sector', 'private', 'student', 'other'] as const;
export type TicketAudienceChoice = (typeof TICKET_AUDIENCES)[number];

/** An access code: letters, digits and hyphens, 4–40 (the column's check). */
const ACCESS_CODE = /^[A-Za-z0-9-]{4,40}$/;

export const ticketTypeForm = z
  .object({
    event: z.uuid({ error: 'settings.badForm' satisfies Key }),
    // Absent: a new ticket type.
    ticketType: z.uuid({ error: 'settings.badForm' satisfies Key }).optional(),
    version: versionField.optional(),
    name: requiredText(120),
    nameEn: optionalText(120),
    description: optionalText(2000, true),
    descriptionEn: optionalText(2000, true),
    audience: z.enum(TICKET_AUDIENCES, { error: 'settings.ticket.audienceRequired' satisfies Key }),
    price: priceField,
    capacity: wholeNumber(0, 100_000),
    salesStart: wallClockField,
    salesEnd: wallClockField,
    visibility: z.enum(['listed', 'code'], { error: 'settings.badForm' satisfies Key }),
    accessCode: z.string().nullish(),
    maxPerOrder: optionalWholeNumber(1, 100),
  })
  .superRefine(inOrder('salesStart', 'salesEnd'))
  .transform((value, context) => {
    const code = (value.accessCode ?? '').trim();
    if (value.visibility === 'code' && !ACCESS_CODE.test(code)) {
      context.addIssue({
        code: 'custom',
        path: ['accessCode'],
        message: 'settings.ticket.accessCode.invalid' satisfies Key,
      });
      return z.NEVER;
    }
    if (value.ticketType && value.version === undefined) {
      context.addIssue({ code: 'custom', path: ['version'], message: 'settings.badForm' satisfies Key });
      return z.NEVER;
    }
    return { ...value, accessCode: value.visibility === 'code' ? code : null };
  });
export type TicketTypeInput = z.output<typeof ticketTypeForm>;

const questionField = z.enum(QUESTION_MODES, { error: 'settings.badForm' satisfies Key });

export const registrationSettingsForm = z.object({
  event: z.uuid({ error: 'settings.badForm' satisfies Key }),
  version: versionField,
  questionSector: questionField,
  questionMunicipality: questionField,
  questionDietary: questionField,
  questionAccessibility: questionField,
  cancellationDeadline: wallClockField,
  waitlistOfferHours: wholeNumber(1, 336),
  teamOrders: checkbox,
  maxTicketsPerOrder: wholeNumber(1, 100),
});
export type RegistrationSettingsInput = z.output<typeof registrationSettingsForm>;

export const WAITLIST_MODES = ['auto_promote', 'offer'] as const;

export const bookingSettingsForm = z
  .object({
    event: z.uuid({ error: 'settings.badForm' satisfies Key }),
    version: versionField,
    bookingOpensAt: wallClockField,
    bookingClosesAt: wallClockField,
    maxGalleryRounds: optionalWholeNumber(1, 50),
    waitlistMode: z.enum(WAITLIST_MODES, { error: 'settings.badForm' satisfies Key }),
    offerMinutes: wholeNumber(5, 10_080),
    noShowMinutes: optionalWholeNumber(1, 120),
  })
  .superRefine(inOrder('bookingOpensAt', 'bookingClosesAt'));
export type BookingSettingsInput = z.output<typeof bookingSettingsForm>;

export const callSettingsForm = z
  .object({
    event: z.uuid({ error: 'settings.badForm' satisfies Key }),
    version: versionField,
    callOpensAt: wallClockField,
    callClosesAt: wallClockField,
    reviewRubric: optionalText(4000, true),
    reviewRubricEn: optionalText(4000, true),
    slotsPerRound: wholeNumber(1, 3),
    // Which questions the call asks (call-fields.ts): one radio group per field, "askTargetGroup" …
    // Absent (a form without them): the saved choices stay.
    ...(Object.fromEntries(
      CALL_FIELDS.map((field) => [
        askFieldName(field),
        z.enum(CALL_FIELD_MODES, { error: 'settings.badForm' satisfies Key }).optional(),
      ]),
    ) as Record<`ask${Capitalize<CallField>}`, z.ZodOptional<z.ZodEnum<{ [M in CallFieldMode]: M }>>>),
  })
  .superRefine((value, context) => {
    if ((value.callOpensAt === null) !== (value.callClosesAt === null)) {
      const path = value.callOpensAt === null ? 'callOpensAt' : 'callClosesAt';
      context.addIssue({ code: 'custom', path: [path], message: 'settings.call.bothOrNeither' satisfies Key });
    }
  })
  .superRefine(inOrder('callOpensAt', 'callClosesAt'));
export type CallSettingsInput = z.output<typeof callSettingsForm>;

export const galleryLayoutForm = z.object({
  event: z.uuid({ error: 'settings.badForm' satisfies Key }),
  galleries: wholeNumber(1, 20),
  rounds: wholeNumber(1, 12),
  firstStart: wallClockField.refine((value) => value !== null, { error: 'settings.field.required' satisfies Key }),
  minutes: wholeNumber(10, 240),
  gap: wholeNumber(0, 240),
  seats: wholeNumber(1, 10_000),
});
export type GalleryLayoutInput = z.output<typeof galleryLayoutForm>;

/** The rubric as its criteria: one a line, blank lines dropped. */
export function rubricCriteria(text: string | null): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

// ── Refusals ───────────────────────────────────────────────────────────────

/** A settings write refused: the code, and for a time the zone cannot name, its field. */
export type SettingsRefusal =
  | ChangedElsewhere
  | Refused<
      | 'not_found'
      | 'capacity_below_sold'
      | 'code_taken'
      | 'deadline_after_event'
      | 'window_out_of_order'
      | 'call_window_incomplete'
      | 'invalid_time'
      | 'layout_outside_event'
      | 'room_taken'
      | 'rejected',
      { field?: string }
    >;

/** Every refusal of the settings forms, with status, words and field: the one place for them. */
export const SETTINGS_REFUSALS: RefusalRules<SettingsRefusal> = {
  changed_elsewhere: CHANGED_ELSEWHERE,
  not_found: { status: 404, message: 'settings.notFound' },
  capacity_below_sold: { status: 409, message: 'settings.ticket.capacityBelowSold', field: 'capacity' },
  code_taken: { status: 409, message: 'settings.ticket.codeTaken', field: 'accessCode' },
  deadline_after_event: {
    status: 422,
    message: 'settings.registration.deadlineAfterEvent',
    field: 'cancellationDeadline',
  },
  window_out_of_order: (refusal) => ({
    status: 422,
    message: 'settings.field.closeBeforeOpen',
    ...('field' in refusal && refusal.field ? { field: refusal.field } : {}),
  }),
  call_window_incomplete: { status: 422, message: 'settings.call.bothOrNeither', field: 'callClosesAt' },
  invalid_time: (refusal) => ({
    status: 422,
    message: 'settings.field.dateTime',
    ...('field' in refusal && refusal.field ? { field: refusal.field } : {}),
  }),
  layout_outside_event: { status: 422, message: 'settings.gallery.outsideEvent', field: 'firstStart' },
  room_taken: { status: 409, message: 'settings.gallery.roomTaken', field: 'firstStart' },
  rejected: { status: 422, message: 'settings.rejected' },
};

/** A ticket type's slug from its name ("Offentligt ansat" → "offentligt-ansat"); `n` > 1 makes it unique. */
export function ticketSlug(name: string, n = 1): string {
  const base =
    name
      .toLowerCase()
      .replace(/æ/g, 'ae')
      .replace(/ø/g, 'oe')
      .replace(/å/g, 'aa')
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/g, '') || 'billet';
  return n > 1 ? `${base}-${n}` : base;
}
