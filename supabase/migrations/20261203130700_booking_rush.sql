-- Bookings in a rush (#16): the hot gallery round.
--
-- Measured first (bench/booking.ts; notes in docs/ARCHITECTURE.md, "Booking
-- in a rush"): on 2 cores, 1,000 bookings of ONE round ran at about the same
-- rate as 1,000 spread over ten rounds once each booking transaction went to
-- Postgres in one write (src/lib/db/db.server.ts, asUserInOneTrip). The
-- session row lock was not itself the ceiling; the round trip to a busy Node
-- process that the lock was held across was. So the seat stays one guarded
-- counter under the session row lock (no per-seat rows), and this migration
-- only trims the locked stretch of private.book_session and adds the check
-- that a one-write transaction carries its caller's deadline with it.

-- Raises query_canceled (57014, read as "the database did not answer in
-- time") when the caller's deadline has passed: sent just before the COMMIT of
-- a one-write transaction, it rolls back a transaction the server only reached
-- after the caller had given up and answered 503. (The app server's clock and
-- the database's are both NTP-synchronised; a skew only moves the edge.)
create or replace function private.commit_before(p_deadline timestamptz) returns void
language plpgsql
set search_path = ''
as $$
begin
  if clock_timestamp() > p_deadline then
    raise exception 'the caller gave up at %', p_deadline using errcode = 'query_canceled';
  end if;
end
$$;
revoke execute on function private.commit_before(timestamptz) from public;
grant execute on function private.commit_before(timestamptz) to anon, authenticated, service_role;

-- As in 20261203110300, except under the session lock: the locking statement
-- reads whether the session was cancelled and whether a seat is free, and the
-- waitlist is only asked to fill seats when one is free (fill_free_seats gives
-- nothing otherwise). Same answers, same order, fewer statements while
-- everyone else waits.
create or replace function private.book_session(p_event_id uuid, p_session_id uuid, p_swap boolean default false)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_session record;
  v_ticket uuid;
  v_existing record;
  v_clash record;
  v_gallery_count integer;
  v_seat_free boolean;
  v_cancelled boolean;
  v_number integer;
  v_booking uuid;
begin
  select s.id, s.kind, s.starts_at, s.ends_at, s.booking_required, s.cancelled_at, e.status as event_status,
         e.booking_opens_at, e.booking_closes_at, e.max_gallery_rounds_per_attendee as max_rounds
    into v_session
    from public.sessions s join public.events e on e.id = s.event_id
   where s.id = p_session_id and s.event_id = p_event_id;
  if not found or v_session.event_status <> 'published' then
    return jsonb_build_object('code', 'not_found');
  elsif not v_session.booking_required or v_session.cancelled_at is not null then
    return jsonb_build_object('code', 'not_bookable');
  elsif v_session.starts_at <= now() then
    return jsonb_build_object('code', 'past');
  elsif v_session.booking_opens_at is not null and now() < v_session.booking_opens_at then
    return jsonb_build_object('code', 'not_open', 'opens_at', v_session.booking_opens_at);
  elsif v_session.booking_closes_at is not null and now() >= v_session.booking_closes_at then
    return jsonb_build_object('code', 'closed');
  end if;

  v_ticket := private.lock_caller_ticket(p_event_id);
  if v_ticket is null then
    return jsonb_build_object('code', 'no_ticket');
  end if;

  select b.id, b.status into v_existing
    from public.bookings b
   where b.session_id = p_session_id and b.ticket_id = v_ticket and b.status <> 'cancelled';
  if found then
    return jsonb_build_object('code', 'already_booked', 'booking_id', v_existing.id, 'status', v_existing.status);
  end if;

  -- One active booking (seat, offer or place in line) per time slot.
  select s.id, s.slug, s.title, s.title_en into v_clash
    from public.bookings b join public.sessions s on s.id = b.session_id
   where b.ticket_id = v_ticket and b.status <> 'cancelled'
     and tstzrange(s.starts_at, s.ends_at, '[)') && tstzrange(v_session.starts_at, v_session.ends_at, '[)')
   order by s.starts_at
   limit 1;
  if found and not p_swap then
    return jsonb_build_object('code', 'clash', 'clash_session_id', v_clash.id, 'clash_slug', v_clash.slug,
                              'clash_title', v_clash.title, 'clash_title_en', v_clash.title_en);
  end if;

  if v_session.kind = 'gallery_round' and v_session.max_rounds is not null then
    select count(*) into v_gallery_count
      from public.bookings b join public.sessions s on s.id = b.session_id
     where b.ticket_id = v_ticket and b.status <> 'cancelled' and s.kind = 'gallery_round'
       -- What a swap gives up does not count.
       and not (p_swap and tstzrange(s.starts_at, s.ends_at, '[)') && tstzrange(v_session.starts_at, v_session.ends_at, '[)'));
    if v_gallery_count >= v_session.max_rounds then
      return jsonb_build_object('code', 'limit_reached', 'limit', v_session.max_rounds);
    end if;
  end if;

  -- Everyone's claims on this session's seats queue here: from this lock to
  -- the end of the transaction is the one serial stretch of a rush, so it
  -- reads what it needs in the locking statement and does no more than needed.
  select s.cancelled_at is not null, s.seats_taken < s.capacity into v_cancelled, v_seat_free
    from public.sessions s where s.id = p_session_id
     for update;
  -- Cancelled while this call waited for the lock.
  if v_cancelled then
    return jsonb_build_object('code', 'not_bookable');
  end if;
  -- Seats freed by a raised capacity go to the waitlist before any newcomer;
  -- with no seat free there is nothing to give.
  if v_seat_free then
    if private.fill_free_seats(p_session_id) > 0 then
      select s.seats_taken < s.capacity into v_seat_free from public.sessions s where s.id = p_session_id;
    end if;
  end if;

  if v_clash.id is not null then
    -- A swap trades a held place for a seat, never for a place in line.
    if not v_seat_free then
      return jsonb_build_object('code', 'swap_full');
    end if;
    perform private.cancel_active_booking(b.id)
       from public.bookings b join public.sessions s on s.id = b.session_id
      where b.ticket_id = v_ticket and b.status <> 'cancelled'
        and tstzrange(s.starts_at, s.ends_at, '[)') && tstzrange(v_session.starts_at, v_session.ends_at, '[)');
  end if;

  if v_seat_free then
    update public.sessions set seats_taken = seats_taken + 1 where id = p_session_id;
    insert into public.bookings (event_id, session_id, ticket_id, status, confirmed_at)
    values (p_event_id, p_session_id, v_ticket, 'confirmed', now())
    returning id into v_booking;
    return private.with_notices(jsonb_build_object('code', 'confirmed', 'booking_id', v_booking,
                                                   'swapped_session_id', v_clash.id));
  end if;

  update public.sessions set waitlist_issued = waitlist_issued + 1 where id = p_session_id
  returning waitlist_issued into v_number;
  insert into public.bookings (event_id, session_id, ticket_id, status, waitlist_number)
  values (p_event_id, p_session_id, v_ticket, 'waitlisted', v_number)
  returning id into v_booking;
  return private.with_notices(jsonb_build_object('code', 'waitlisted', 'booking_id', v_booking,
    'position', (select count(*) from public.bookings b
                  where b.session_id = p_session_id and b.status = 'waitlisted' and b.waitlist_number <= v_number)));
end
$$;
