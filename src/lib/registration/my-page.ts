// My page's input schemas (pure): the attendee-details form reuses the
// registration form's fieldset, named `attendees.0.<field>`, so its issues
// land at the same fields.
import { z } from 'zod';
import type { RegistrationMessageKey } from '../i18n/dictionary/registration.ts';
import { type Question, QUESTION_FIELDS } from '../settings/questions.ts';
import type { Refused, RefusalRules } from '../site/refusal.ts';
import { attendeeDetails, attendeeFromForm } from './registration.ts';

const UUID = z.uuid();

export const ticketIdInput = z.object({ ticketId: UUID });

export const attendeeDetailsForm = z
  .instanceof(FormData)
  .transform((form): unknown => {
    const ticketId = form.get('ticketId');
    const values = attendeeFromForm(form, 0);
    return { ticketId: typeof ticketId === 'string' ? ticketId : '', attendees: [values] };
  })
  .pipe(z.object({ ticketId: UUID, attendees: z.tuple([attendeeDetails]) }));

export const deleteAccountInput = z.object({
  confirm: z.literal('on', { error: 'myPage.delete.confirmRequired' satisfies RegistrationMessageKey }),
});

/** A route parameter that can be a ticket id: checked before any query, which would fail on a malformed uuid. */
export function parseTicketId(value: string | undefined): string | null {
  return value !== undefined && UUID.safeParse(value).success ? value.toLowerCase() : null;
}

// ── Refusals across the action boundary ─────────────────────────────────────

/** A change to one's own ticket refused: it is not (or no longer) there. */
export type MyTicketRefusal = Refused<'not_found' | 'answer_required', { question?: Question }>;

/** Correcting details or making a new QR code: the ticket page's refusals. */
export const MY_TICKET_REFUSALS: RefusalRules<MyTicketRefusal> = {
  not_found: { status: 404, message: 'myPage.error.unavailable' },
  // A question the event requires, emptied.
  answer_required: (refusal) =>
    refusal.question === undefined
      ? { status: 400, message: 'myPage.error.unavailable' }
      : {
          status: 400,
          message: `settings.answer.${refusal.question}`,
          field: `attendees.0.${QUESTION_FIELDS[refusal.question]}`,
        },
};

export type CancelRefusal = Refused<'not_found' | 'not_cancellable' | 'deadline_passed'>;

/** Every refusal of cancelling one's own ticket. */
export const CANCEL_REFUSALS: RefusalRules<CancelRefusal> = {
  not_found: { status: 404, message: 'myPage.cancel.error.not_found' },
  not_cancellable: { status: 409, message: 'myPage.cancel.error.not_cancellable' },
  deadline_passed: { status: 409, message: 'myPage.cancel.error.deadline_passed' },
};
