-- Bookings: a ticket's seat (or place in line) in a session that needs booking.
--
-- Lifecycle, never backwards:
--   waitlisted → confirmed | offered | cancelled
--   offered    → confirmed | cancelled
--   confirmed  → cancelled
-- Confirmed and offered bookings hold a seat: sessions.seats_taken is always
-- their count. Rows are written only by the functions in
-- 20261123170200_book_session.sql.

create type public.booking_status as enum ('confirmed', 'waitlisted', 'offered', 'cancelled');

create table public.bookings (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null,
  session_id uuid not null,
  ticket_id uuid not null,
  status public.booking_status not null,
  -- The number drawn when joining the waitlist; the place in line is the
  -- count of waitlisted bookings with a number not above it.
  waitlist_number integer check (waitlist_number > 0),
  offer_expires_at timestamptz,
  -- Bumped on every change; a calendar's SEQUENCE.
  version integer not null default 1 check (version > 0),
  -- A seat came from the waitlist and the email about it is not yet queued.
  seat_notice_due boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  confirmed_at timestamptz,
  cancelled_at timestamptz,
  constraint bookings_session_same_event foreign key (event_id, session_id)
    references public.sessions (event_id, id) on delete cascade,
  constraint bookings_ticket_same_event foreign key (event_id, ticket_id)
    references public.tickets (event_id, id) on delete cascade,
  constraint bookings_waitlisted_has_number check (status <> 'waitlisted' or waitlist_number is not null),
  constraint bookings_offered_has_deadline check (status <> 'offered' or offer_expires_at is not null),
  constraint bookings_confirmed_has_time check (status <> 'confirmed' or confirmed_at is not null),
  constraint bookings_cancelled_has_time check ((status = 'cancelled') = (cancelled_at is not null))
);
-- One active booking per ticket and session: a double click books once.
create unique index bookings_one_active_per_ticket on public.bookings (session_id, ticket_id)
  where status <> 'cancelled';
create unique index bookings_waitlist_number on public.bookings (session_id, waitlist_number)
  where status = 'waitlisted';
create index bookings_ticket_idx on public.bookings (ticket_id) where status <> 'cancelled';
create index bookings_ticket_all_idx on public.bookings (ticket_id);
create index bookings_event_idx on public.bookings (event_id);
create index bookings_offers_due_idx on public.bookings (offer_expires_at) where status = 'offered';
create index bookings_notice_due_idx on public.bookings (updated_at) where seat_notice_due;

create or replace function private.guard_booking_update() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (new.id, new.event_id, new.session_id, new.ticket_id, new.created_at)
     is distinct from (old.id, old.event_id, old.session_id, old.ticket_id, old.created_at) then
    raise exception 'booking %: only its state may change', old.id using errcode = 'check_violation';
  end if;
  if new.status is distinct from old.status and not (
       (old.status = 'waitlisted' and new.status in ('confirmed', 'offered', 'cancelled'))
    or (old.status = 'offered' and new.status in ('confirmed', 'cancelled'))
    or (old.status = 'confirmed' and new.status = 'cancelled')
  ) then
    raise exception 'booking % is % and cannot become %', old.id, old.status, new.status
      using errcode = 'check_violation';
  end if;
  new.updated_at := now();
  if (new.status, new.offer_expires_at) is distinct from (old.status, old.offer_expires_at) then
    new.version := old.version + 1;
  end if;
  return new;
end
$$;
revoke execute on function private.guard_booking_update() from public;

create trigger bookings_guard before update on public.bookings
  for each row execute function private.guard_booking_update();

alter table public.bookings enable row level security;
revoke all on table public.bookings from anon, authenticated;
grant select (id, event_id, session_id, ticket_id, status, waitlist_number, offer_expires_at, version,
              created_at, updated_at, confirmed_at, cancelled_at)
  on table public.bookings to authenticated;
grant all on table public.bookings to service_role;

-- The tickets subquery runs under the tickets policies; the condition keeps it
-- to tickets the caller holds (a buyer does not see a colleague's bookings).
create policy "Attendees can read the bookings of their own tickets"
  on public.bookings for select
  to authenticated
  using (ticket_id in (
    select t.id from public.tickets t
     where t.holder_user_id = (select auth.uid()) or t.attendee_email = (select private.current_email())));

create policy "Organisers can read the bookings of their events"
  on public.bookings for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));
