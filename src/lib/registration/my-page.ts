// My page's input schemas (pure): the attendee-details form reuses the
// registration form's fieldset, named `attendees.0.<field>`, so its issues
// land at the same fields.
import { z } from 'zod';
import type { RegistrationMessageKey } from '../i18n/dictionary/registration.ts';
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
