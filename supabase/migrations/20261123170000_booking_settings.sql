-- Booking settings: when attendees may book seats in sessions, how many
-- gallery rounds each may take, and what happens when a seat frees up.
--
-- A session needs booking exactly when it is a track session, a workshop or a
-- gallery round with a capacity; keynotes, panels, breaks and sessions
-- without a capacity are open to everyone with a ticket.

create type public.booking_waitlist_mode as enum (
  -- The first in line gets the freed seat at once and is told by email.
  'auto_promote',
  -- The first in line is offered the seat and must claim it before a deadline.
  'offer'
);

alter table public.events
  -- NULL: booking is open as soon as the programme is published.
  add column booking_opens_at timestamptz,
  -- NULL: each session can be booked until it starts.
  add column booking_closes_at timestamptz,
  -- NULL: no limit.
  add column max_gallery_rounds_per_attendee integer check (max_gallery_rounds_per_attendee between 1 and 50),
  add column booking_waitlist_mode public.booking_waitlist_mode not null default 'auto_promote',
  add column booking_offer_minutes integer not null default 120 check (booking_offer_minutes between 5 and 10080),
  add constraint events_booking_window_in_order
    check (booking_opens_at is null or booking_closes_at is null or booking_opens_at < booking_closes_at);

alter table public.sessions
  add column booking_required boolean not null
    generated always as (kind in ('track_session', 'workshop', 'gallery_round') and capacity is not null) stored,
  -- Seats held by confirmed bookings and by open offers; only the booking
  -- functions change it, in the same statement that changes a booking.
  add column seats_taken integer not null default 0 check (seats_taken >= 0),
  -- The last waitlist number handed out; numbers are issued 1, 2, 3, … with no gaps.
  add column waitlist_issued integer not null default 0 check (waitlist_issued >= 0),
  add constraint sessions_seats_within_capacity check (capacity is null or seats_taken <= capacity);
