-- Booking a seat, cancelling it, and passing freed seats down the waitlist.
-- Every decision happens here, in one transaction per call, under row locks:
-- the caller's ticket row serialises one attendee's concurrent clicks, and the
-- session row serialises everyone's claims on its seats. Refusals return a
-- code and write nothing.
--
-- Result codes (jsonb `code`): confirmed, waitlisted, already_booked,
-- not_found, not_bookable, past, not_open, closed, no_ticket, clash,
-- limit_reached, swap_full; cancelled, not_cancellable; offer_claimed,
-- offer_expired.

-- The caller's valid ticket for the event, locked until the transaction ends;
-- NULL when they hold none.
create or replace function private.lock_caller_ticket(p_event_id uuid) returns uuid
language sql
set search_path = ''
as $$
  -- The sub-selects run once, so the two indexes on holder and email answer.
  select t.id from public.tickets t
   where t.event_id = p_event_id and t.status = 'valid'
     and (t.holder_user_id = (select auth.uid()) or t.attendee_email = (select private.current_email()))
   order by (t.holder_user_id = (select auth.uid())) desc nulls last, t.created_at
   limit 1
   for update
$$;

-- Gives free seats of a session to the first in line, in order: at once, or
-- as an offer with a deadline, as the event says. The session row must be
-- locked by the caller. Returns how many seats were given.
create or replace function private.fill_free_seats(p_session_id uuid) returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_session record;
  v_next uuid;
  v_given integer := 0;
begin
  select s.seats_taken, s.capacity, e.booking_waitlist_mode as mode, e.booking_offer_minutes as minutes
    into v_session
    from public.sessions s join public.events e on e.id = s.event_id
   where s.id = p_session_id
     for update of s;
  while v_session.seats_taken < v_session.capacity loop
    select b.id into v_next
      from public.bookings b join public.tickets t on t.id = b.ticket_id and t.status = 'valid'
     where b.session_id = p_session_id and b.status = 'waitlisted'
     order by b.waitlist_number
     limit 1
       for update of b;
    exit when not found;
    if v_session.mode = 'offer' then
      update public.bookings set status = 'offered', seat_notice_due = true,
             offer_expires_at = now() + make_interval(mins => v_session.minutes)
       where id = v_next;
    else
      update public.bookings set status = 'confirmed', confirmed_at = now(), seat_notice_due = true
       where id = v_next;
    end if;
    update public.sessions set seats_taken = seats_taken + 1 where id = p_session_id;
    v_session.seats_taken := v_session.seats_taken + 1;
    v_given := v_given + 1;
  end loop;
  return v_given;
end
$$;

-- Cancels one active booking; a seat it held goes down the waitlist.
create or replace function private.cancel_active_booking(p_booking_id uuid) returns boolean
language plpgsql
set search_path = ''
as $$
declare
  v_booking record;
begin
  select b.session_id, b.status into v_booking
    from public.bookings b where b.id = p_booking_id and b.status <> 'cancelled'
     for update;
  if not found then
    return false;
  end if;
  perform 1 from public.sessions s where s.id = v_booking.session_id for update;
  update public.bookings set status = 'cancelled', cancelled_at = now(), seat_notice_due = false
   where id = p_booking_id;
  if v_booking.status in ('confirmed', 'offered') then
    update public.sessions set seats_taken = seats_taken - 1 where id = v_booking.session_id;
    perform private.fill_free_seats(v_booking.session_id);
  end if;
  return true;
end
$$;

-- A result with `notices_due` added: whether some seat from a waitlist still
-- awaits its email, so the caller queues it in this transaction.
create or replace function private.with_notices(p_result jsonb) returns jsonb
language sql
stable
set search_path = ''
as $$
  select p_result || jsonb_build_object('notices_due', exists (select 1 from public.bookings b where b.seat_notice_due))
$$;

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
  v_number integer;
  v_booking uuid;
begin
  select s.id, s.kind, s.starts_at, s.ends_at, s.booking_required, e.status as event_status,
         e.booking_opens_at, e.booking_closes_at, e.max_gallery_rounds_per_attendee as max_rounds
    into v_session
    from public.sessions s join public.events e on e.id = s.event_id
   where s.id = p_session_id and s.event_id = p_event_id;
  if not found or v_session.event_status <> 'published' then
    return jsonb_build_object('code', 'not_found');
  elsif not v_session.booking_required then
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

  -- Everyone's claims on this session's seats queue here.
  perform 1 from public.sessions s where s.id = p_session_id for update;
  -- Seats freed by a raised capacity go to the waitlist before any newcomer.
  perform private.fill_free_seats(p_session_id);
  select s.seats_taken < s.capacity into v_seat_free from public.sessions s where s.id = p_session_id;

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

-- The caller cancels one of their bookings (a seat, an offer or a place in line).
create or replace function private.cancel_booking(p_booking_id uuid) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_booking record;
begin
  select b.event_id, b.status, s.starts_at into v_booking
    from public.bookings b join public.sessions s on s.id = b.session_id
   where b.id = p_booking_id;
  if not found or private.lock_caller_ticket(v_booking.event_id) is distinct from
       (select b.ticket_id from public.bookings b where b.id = p_booking_id) then
    return jsonb_build_object('code', 'not_found');
  elsif v_booking.starts_at <= now() then
    return jsonb_build_object('code', 'past');
  elsif not private.cancel_active_booking(p_booking_id) then
    return jsonb_build_object('code', 'not_cancellable');
  end if;
  return private.with_notices(jsonb_build_object('code', 'cancelled', 'booking_id', p_booking_id));
end
$$;

-- The caller takes a seat they were offered, before its deadline.
create or replace function private.claim_booking_offer(p_booking_id uuid) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_booking record;
begin
  select b.event_id, b.ticket_id, b.status, b.offer_expires_at into v_booking
    from public.bookings b where b.id = p_booking_id;
  if not found or private.lock_caller_ticket(v_booking.event_id) is distinct from v_booking.ticket_id then
    return jsonb_build_object('code', 'not_found');
  end if;
  update public.bookings set status = 'confirmed', confirmed_at = now(), offer_expires_at = null
   where id = p_booking_id and status = 'offered' and offer_expires_at > now();
  if not found then
    return jsonb_build_object('code', 'offer_expired');
  end if;
  return jsonb_build_object('code', 'offer_claimed', 'booking_id', p_booking_id);
end
$$;

-- The job: offers past their deadline lapse and their seats pass on.
-- Returns how many lapsed.
create or replace function private.expire_booking_offers(p_limit integer default 100) returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid;
  v_count integer := 0;
begin
  for v_id in
    select b.id from public.bookings b
     where b.status = 'offered' and b.offer_expires_at <= now()
     order by b.offer_expires_at
     limit p_limit
       for update skip locked
  loop
    if private.cancel_active_booking(v_id) then
      v_count := v_count + 1;
    end if;
  end loop;
  return v_count;
end
$$;

-- The caller's bookings at an event, cancelled ones included, with the place
-- in line of each waitlisted one (which counts other people's bookings, so
-- RLS alone could not give it).
create or replace function private.my_bookings(p_event_id uuid)
returns table (
  booking_id uuid, session_id uuid, status public.booking_status, waitlist_place integer,
  offer_expires_at timestamptz, version integer, updated_at timestamptz
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
         b.offer_expires_at, b.version, b.updated_at
    from public.bookings b join public.tickets t on t.id = b.ticket_id
   where b.event_id = p_event_id and (select auth.uid()) is not null
     and (t.holder_user_id = (select auth.uid()) or t.attendee_email = (select private.current_email()))
$$;

revoke execute on function private.lock_caller_ticket(uuid) from public, anon, authenticated;
revoke execute on function private.with_notices(jsonb) from public, anon, authenticated;
revoke execute on function private.fill_free_seats(uuid) from public, anon, authenticated;
revoke execute on function private.cancel_active_booking(uuid) from public, anon, authenticated;
revoke execute on function private.book_session(uuid, uuid, boolean) from public, anon;
revoke execute on function private.cancel_booking(uuid) from public, anon;
revoke execute on function private.claim_booking_offer(uuid) from public, anon;
revoke execute on function private.expire_booking_offers(integer) from public, anon, authenticated;
revoke execute on function private.my_bookings(uuid) from public, anon;
grant execute on function private.book_session(uuid, uuid, boolean) to authenticated, service_role;
grant execute on function private.cancel_booking(uuid) to authenticated, service_role;
grant execute on function private.claim_booking_offer(uuid) to authenticated, service_role;
grant execute on function private.expire_booking_offers(integer) to service_role;
grant execute on function private.my_bookings(uuid) to authenticated, service_role;
