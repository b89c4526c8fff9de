-- SEQUENCE that calendar apps can trust (RFC 5545 §3.8.7.4): for each
-- attendee's entry of a session it only grows, and it changes only when what
-- that attendee sees changes. Until now it was derived from timestamps:
-- now() is the transaction's start, so a cancellation that waited on a lock
-- could carry an older time (and a lower SEQUENCE) than the confirmed copy
-- published while it waited, and every booking touched sessions.updated_at
-- (seats_taken), raising SEQUENCE in every attendee's calendar.
--
-- Now it is a sum of two counters that Postgres bumps under the row locks
-- it already takes:
--   sessions.calendar_version   what everyone sees of the session: title,
--                               description, times, room, link, venue
--   bookings.calendar_sequence  what this ticket sees of its booking(s) of the
--                               session: confirmed, or cancelled after being
--                               confirmed; carried over to a new booking of
--                               the same ticket and session, so a rebooking
--                               continues from the cancellation
-- A session's own .ics uses calendar_version alone; a personal entry (my
-- programme, the feed) uses calendar_version + calendar_sequence.
--
-- Booking times written on a change (updated_at, confirmed_at, cancelled_at)
-- are now the clock time after the row lock, not the transaction's start, so
-- a swap that waited for a lock no longer records a cancellation before the
-- booking's creation.

-- Existing sessions start above any SEQUENCE published so far (the seconds
-- from 2026-01-01 to a change, which cannot lie after this migration); new
-- sessions were never published that way and start at 1. A stable default
-- is evaluated once for the existing rows, without rewriting them.
alter table public.sessions
  add column calendar_version integer not null
    default (floor(extract(epoch from now() - timestamptz '2026-01-01 00:00:00+00')) + 1)::integer
    check (calendar_version > 0);
alter table public.sessions alter column calendar_version set default 1;

alter table public.bookings
  add column calendar_sequence integer not null default 0 check (calendar_sequence >= 0);

-- Existing bookings: each confirmation and each cancellation of a confirmed
-- seat counted once, in the order the ticket's bookings of the session were
-- made; times put in order (a lock-delayed swap could write them backwards).
with counted as (
  select b.id,
         sum((b.confirmed_at is not null)::integer
             + (b.confirmed_at is not null and b.status = 'cancelled')::integer)
           over (partition by b.ticket_id, b.session_id order by b.created_at, b.id) as sequence
    from public.bookings b
)
update public.bookings b
   set calendar_sequence = counted.sequence,
       confirmed_at = greatest(b.confirmed_at, b.created_at),
       cancelled_at = greatest(b.cancelled_at, b.confirmed_at, b.created_at)
  from counted
 where counted.id = b.id
   and (counted.sequence <> 0 or b.confirmed_at < b.created_at
        or b.cancelled_at < greatest(b.confirmed_at, b.created_at));

alter table public.bookings
  add constraint bookings_times_in_order
    check (confirmed_at >= created_at and cancelled_at >= coalesce(confirmed_at, created_at));

-- The attendee may read the counter, like version.
grant select (calendar_sequence) on table public.bookings to authenticated;

-- As in 20261123170100, plus: times of a change from the clock (the row is
-- locked by now, so they are never before a change committed earlier), and
-- the calendar counter bumped when the calendar's view of the booking
-- changes. The counter is never written directly.
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
  new.updated_at := clock_timestamp();
  if (new.status, new.offer_expires_at) is distinct from (old.status, old.offer_expires_at) then
    new.version := old.version + 1;
  end if;
  new.calendar_sequence := old.calendar_sequence;
  if new.status is distinct from old.status then
    if new.status = 'confirmed' then
      new.confirmed_at := new.updated_at;
    elsif new.status = 'cancelled' then
      new.cancelled_at := new.updated_at;
    end if;
    -- Waiting and offered places are not in a calendar, nor is a cancelled
    -- one that never had a seat.
    if new.status = 'confirmed' or old.status = 'confirmed' then
      new.calendar_sequence := old.calendar_sequence + 1;
    end if;
  end if;
  return new;
end
$$;

-- A new booking continues the counter of the ticket's earlier bookings of the
-- session (all cancelled: one active booking per ticket and session), so a
-- seat booked again after a cancellation gets a higher SEQUENCE than the
-- cancelled copy. Inserts happen under the caller's ticket lock.
create or replace function private.number_booking_for_calendar() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.calendar_sequence := coalesce(
    (select max(b.calendar_sequence) from public.bookings b
      where b.ticket_id = new.ticket_id and b.session_id = new.session_id), 0)
    + (new.status = 'confirmed')::integer;
  return new;
end
$$;
revoke execute on function private.number_booking_for_calendar() from public;

create trigger bookings_number_for_calendar before insert on public.bookings
  for each row execute function private.number_booking_for_calendar();

-- What everyone sees of a session changed: its calendar version grows. Seat
-- counts, waitlist numbers and check-in markers are not seen in a calendar.
-- The version only grows, and only by the rules here and below.
create or replace function private.bump_session_calendar_version() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.calendar_version := greatest(
    new.calendar_version,
    old.calendar_version + case
      when (new.title, new.title_en, new.description, new.description_en, new.starts_at, new.ends_at,
            new.room_id, new.slug)
           is distinct from (old.title, old.title_en, old.description, old.description_en, old.starts_at,
                             old.ends_at, old.room_id, old.slug)
      then 1 else 0 end);
  return new;
end
$$;
revoke execute on function private.bump_session_calendar_version() from public;

create trigger sessions_calendar_version before update on public.sessions
  for each row execute function private.bump_session_calendar_version();

-- A session's entry shows its room's name and the event's venue and slug
-- (LOCATION, URL): renaming them changes every entry that shows them.
create or replace function private.bump_calendar_of_room() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  update public.sessions set calendar_version = calendar_version + 1 where room_id = new.id;
  return null;
end
$$;
revoke execute on function private.bump_calendar_of_room() from public;

create trigger rooms_calendar_version after update of name, name_en on public.rooms
  for each row when ((new.name, new.name_en) is distinct from (old.name, old.name_en))
  execute function private.bump_calendar_of_room();

create or replace function private.bump_calendar_of_event() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  update public.sessions set calendar_version = calendar_version + 1 where event_id = new.id;
  return null;
end
$$;
revoke execute on function private.bump_calendar_of_event() from public;

create trigger events_calendar_version after update of venue_name, slug on public.events
  for each row when ((new.venue_name, new.slug) is distinct from (old.venue_name, old.slug))
  execute function private.bump_calendar_of_event();

-- The personal entries of some tickets: per session, the booking a calendar
-- shows (confirmed, or cancelled after having a seat) and its SEQUENCE. With
-- one ticket the latest booking has the highest counter; a confirmed one
-- wins over a cancelled one when a person holds two tickets.
create or replace function private.calendar_entries_of_tickets(p_ticket_ids uuid[])
returns table (session_id uuid, cancelled boolean, sequence integer)
language sql
stable
set search_path = ''
as $$
  select distinct on (b.session_id) b.session_id, b.status = 'cancelled', s.calendar_version + b.calendar_sequence
    from public.bookings b join public.sessions s on s.id = b.session_id
   where b.ticket_id = any (p_ticket_ids)
     and (b.status = 'confirmed' or (b.status = 'cancelled' and b.confirmed_at is not null))
   order by b.session_id, (b.status = 'confirmed') desc, b.calendar_sequence desc
$$;
revoke execute on function private.calendar_entries_of_tickets(uuid[]) from public, anon, authenticated;

-- The caller's calendar entries at an event (my programme).
create or replace function private.my_calendar_entries(p_event_id uuid)
returns table (session_id uuid, cancelled boolean, sequence integer)
language sql
stable
security definer
set search_path = ''
as $$
  select e.session_id, e.cancelled, e.sequence
    from private.calendar_entries_of_tickets(array(
           select t.id from public.tickets t
            where t.event_id = p_event_id and (select auth.uid()) is not null
              and (t.holder_user_id = (select auth.uid()) or t.attendee_email = (select private.current_email()))
         )) e
$$;

-- What a feed shows: its ticket's calendar entries; a live feed without any
-- gives one row with session_id NULL. Empty for an unknown or revoked token.
-- Callable by anon: the token is the credential.
create or replace function private.calendar_feed_entries(p_token_hash bytea)
returns table (event_id uuid, language text, session_id uuid, cancelled boolean, sequence integer)
language sql
stable
security definer
set search_path = ''
as $$
  select f.event_id, o.language, e.session_id, e.cancelled, e.sequence
    from public.calendar_feeds f
    join public.tickets t on t.id = f.ticket_id
    join public.orders o on o.id = t.order_id
    left join lateral private.calendar_entries_of_tickets(array[f.ticket_id]) e on true
   where f.token_hash = p_token_hash and f.revoked_at is null
$$;

revoke execute on function private.my_calendar_entries(uuid) from public, anon;
revoke execute on function private.calendar_feed_entries(bytea) from public;
grant execute on function private.my_calendar_entries(uuid) to authenticated, service_role;
grant execute on function private.calendar_feed_entries(bytea) to anon, authenticated, service_role;

-- Replaced by calendar_feed_entries (its SEQUENCE came from timestamps).
drop function private.calendar_feed_bookings(bytea);
