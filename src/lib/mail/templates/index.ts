// The templates by name. A name here, in the outbox's check constraint and in
// the dev mailbox are the same list; tests/db/mail-outbox.test.ts compares them.
import { bookingReleased } from './booking-released.ts';
import { bookingSeat } from './booking-seat.ts';
import { broadcast } from './broadcast.ts';
import { cancellation } from './cancellation.ts';
import { eventReminder } from './event-reminder.ts';
import { invoiceReminder } from './invoice-reminder.ts';
import { invoiceMail } from './invoice.ts';
import { orderConfirmation } from './order-confirmation.ts';
import { registrationNotice } from './registration-notice.ts';
import { scheduleChange } from './schedule-change.ts';
import { signIn } from './sign-in.ts';
import { solutionContact, solutionContactReply } from './solution-contact.ts';
import { thankYou } from './thank-you.ts';
import { ticketTransferred } from './ticket-transferred.ts';
import { solutionInvitation } from './solution-invitation.ts';
import { solutionAccepted, solutionChangesRequested, solutionReceived, solutionRejected } from './solution-review.ts';
import { teamInvitation } from './team-invitation.ts';
import { waitlistOffer } from './waitlist-offer.ts';

export const TEMPLATES = {
  'sign-in': signIn,
  'order-confirmation': orderConfirmation,
  'waitlist-offer': waitlistOffer,
  cancellation,
  'booking-seat': bookingSeat,
  'solution-received': solutionReceived,
  'solution-changes-requested': solutionChangesRequested,
  'solution-accepted': solutionAccepted,
  'solution-rejected': solutionRejected,
  'solution-invitation': solutionInvitation,
  'booking-released': bookingReleased,
  'registration-notice': registrationNotice,
  'team-invitation': teamInvitation,
  'schedule-change': scheduleChange,
  'solution-contact': solutionContact,
  'solution-contact-reply': solutionContactReply,
  'thank-you': thankYou,
  'ticket-transferred': ticketTransferred,
  broadcast,
  'event-reminder': eventReminder,
  'invoice-reminder': invoiceReminder,
  invoice: invoiceMail,
} as const;

export type { BookingReleasedData } from './booking-released.ts';
export type { BookingSeatData } from './booking-seat.ts';
export type { BroadcastData } from './broadcast.ts';
export type { CancellationData } from './cancellation.ts';
export type { EventReminderData } from './event-reminder.ts';
export type { InvoiceReminderData } from './invoice-reminder.ts';
export type { InvoiceMailData } from './invoice.ts';
export type { OrderConfirmationData } from './order-confirmation.ts';
export type { RegistrationNoticeData } from './registration-notice.ts';
export type { SignInData } from './sign-in.ts';
export type { SolutionContactData, SolutionContactReplyData } from './solution-contact.ts';
export type { SolutionInvitationData } from './solution-invitation.ts';
export type { SolutionNoticeData } from './solution-review.ts';
export type { TeamInvitationData } from './team-invitation.ts';
export type { ThankYouData } from './thank-you.ts';
export type { TicketTransferredData } from './ticket-transferred.ts';
export type { RenderedEmail } from './template.ts';
export type { ScheduleChangeData } from './schedule-change.ts';
export type { WaitlistOfferData } from './waitlist-offer.ts';
