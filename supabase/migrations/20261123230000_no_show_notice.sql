-- The attendee whose seat was released as a no-show (20261123200000) is told:
-- by email, queued by the release job in the same transaction, and on My
-- programme, which lists the released booking with the reason.
--
-- A trigger marks the booking rather than private.release_no_shows itself, so
-- that the release keeps one definition and any future path that releases a
-- no-show tells the attendee too. It also keeps the minutes the event's
-- setting had at that moment: the organiser may change or clear the setting
-- later, and the message must still say what happened.

alter table public.bookings
  -- Released as a no-show and the email about it is not yet queued.
  add column no_show_notice_due boolean not null default false,
  -- The event's no_show_release_minutes when the seat was released.
  add column no_show_minutes integer check (no_show_minutes between 1 and 120),
  add constraint bookings_no_show_minutes_only_when_released
    check (no_show_minutes is null or cancel_reason = 'no_show');
create index bookings_no_show_notice_due_idx on public.bookings (updated_at) where no_show_notice_due;
-- The attendee may read the minutes, like the reason; the mark is the job's (as seat_notice_due is).
grant select (no_show_minutes) on table public.bookings to authenticated;

create or replace function private.note_no_show_release() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.no_show_notice_due := true;
  new.no_show_minutes := (select e.no_show_release_minutes from public.events e where e.id = new.event_id);
  return new;
end
$$;
revoke execute on function private.note_no_show_release() from public;

-- Only the moment the reason is first set: a later update of the row (there
-- is none today) must not email the attendee again.
create trigger bookings_note_no_show before update of cancel_reason on public.bookings
  for each row when (new.cancel_reason = 'no_show' and old.cancel_reason is distinct from 'no_show')
  execute function private.note_no_show_release();

-- my_bookings gains the reason and the minutes, so a changed return type:
-- dropped and created again with the same grants (20261123170200).
drop function private.my_bookings(uuid);

-- The caller's bookings at an event, cancelled ones included, with the place
-- in line of each waitlisted one (which counts other people's bookings, so
-- RLS alone could not give it), and why a cancelled one was cancelled when
-- it was not by the attendee ('no_show', with the minutes then in force).
create function private.my_bookings(p_event_id uuid)
returns table (
  booking_id uuid, session_id uuid, status public.booking_status, waitlist_place integer,
  offer_expires_at timestamptz, version integer, updated_at timestamptz,
  cancel_reason text, no_show_minutes integer
)
language sql
stable
security definer
set search_path = ''
as $$
  select b.id, b.session_id, b.status,
         case when b.status = 'waitlisted' then
           (select count(*)::integer from public.bookings w
             where w.session_id = b.session_id and w.status = 'waitlisted' and w.waitlist_number <= b.waitlist_number)
         end,
         b.offer_expires_at, b.version, b.updated_at, b.cancel_reason, b.no_show_minutes
    from public.bookings b join public.tickets t on t.id = b.ticket_id
   where b.event_id = p_event_id and (select auth.uid()) is not null
     and (t.holder_user_id = (select auth.uid()) or t.attendee_email = (select private.current_email()))
$$;

revoke execute on function private.my_bookings(uuid) from public, anon;
grant execute on function private.my_bookings(uuid) to authenticated, service_role;

-- The email's template.
alter table private.outbox_emails drop constraint outbox_emails_template_check;
alter table private.outbox_emails add constraint outbox_emails_template_check
  check (template in (
    'sign-in', 'order-confirmation', 'waitlist-offer', 'cancellation', 'booking-seat',
    'solution-received', 'solution-changes-requested', 'solution-accepted', 'solution-rejected', 'solution-invitation',
    'booking-released'
  ));
