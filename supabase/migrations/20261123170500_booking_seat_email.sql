-- The email that tells someone on a session's waitlist that a seat is theirs
-- (or is held for them until a deadline).
alter table private.outbox_emails drop constraint outbox_emails_template_check;
alter table private.outbox_emails add constraint outbox_emails_template_check
  check (template in ('sign-in', 'order-confirmation', 'waitlist-offer', 'cancellation', 'booking-seat'));
