-- The call for solutions' emails: received, changes requested, accepted,
-- rejected, and the invitation to a solution's team.
alter table private.outbox_emails drop constraint outbox_emails_template_check;
alter table private.outbox_emails add constraint outbox_emails_template_check
  check (template in (
    'sign-in', 'order-confirmation', 'waitlist-offer', 'cancellation', 'booking-seat',
    'solution-received', 'solution-changes-requested', 'solution-accepted', 'solution-rejected', 'solution-invitation'
  ));
