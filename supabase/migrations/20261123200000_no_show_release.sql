-- No-show release: an organiser may let the seats of attendees who have not
-- turned up at a session's door go to its waitlist, N minutes after the
-- session starts. Only sessions where staff evidently scan at the door (at
-- least one attendance recorded) are touched: where nobody scans, nobody
-- can be told apart from a no-show. Each session is released once, so those
-- who get the freed seats (and who are still walking over) keep them.
--
-- The release runs as a server job (private.release_no_shows, service role
-- only); organisers change the setting through private.set_no_show_release.

alter table public.events
  -- NULL: never release. Otherwise minutes after a session's start.
  add column no_show_release_minutes integer check (no_show_release_minutes between 1 and 120);

alter table public.sessions
  -- When the no-shows' seats were released; never again after that.
  add column no_shows_released_at timestamptz;

alter table public.bookings
  -- Why a booking was cancelled, when not by its attendee: 'no_show' (the
  -- seat went to the waitlist because the attendee was not scanned in in time).
  add column cancel_reason text check (cancel_reason in ('no_show')),
  add constraint bookings_reason_only_when_cancelled check (cancel_reason is null or status = 'cancelled');
-- The attendee sees why their seat is gone (the table's other columns are granted in 20261123170100).
grant select (cancel_reason) on table public.bookings to authenticated;

-- The organiser sets (or clears, with NULL) the minutes. Codes: saved,
-- out_of_range, not_authorised.
create or replace function private.set_no_show_release(p_event_id uuid, p_minutes integer) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return jsonb_build_object('code', 'not_authorised');
  elsif p_minutes is not null and p_minutes not between 1 and 120 then
    return jsonb_build_object('code', 'out_of_range');
  end if;
  update public.events set no_show_release_minutes = p_minutes where id = p_event_id;
  return jsonb_build_object('code', 'saved', 'minutes', p_minutes);
end
$$;

-- The job: for each session due (started at least N minutes ago, not ended,
-- scanned at, not released yet), every confirmed booking whose ticket has
-- not been scanned in is cancelled with reason 'no_show', and the freed
-- seats go down the waitlist (private.fill_free_seats; the seat emails are
-- queued by the caller, like after private.expire_booking_offers). Several
-- servers may run it at once: a session is taken with `skip locked`, and its
-- marker makes a second run a no-op. Returns how many bookings were released.
create or replace function private.release_no_shows(p_now timestamptz default now(), p_limit integer default 20)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_session record;
  v_ids uuid[];
  v_released integer := 0;
begin
  for v_session in
    select s.id
      from public.sessions s join public.events e on e.id = s.event_id
     where e.no_show_release_minutes is not null and e.status = 'published'
       and s.no_shows_released_at is null and s.booking_required
       and p_now >= s.starts_at + make_interval(mins => e.no_show_release_minutes)
       and p_now < s.ends_at
       and exists (select 1 from public.session_check_ins c where c.session_id = s.id)
     order by s.starts_at, s.id
     limit p_limit
       for update of s skip locked
  loop
    -- The no-shows' bookings, locked without waiting: an attendee cancelling
    -- holds their booking and then waits for the session row we hold, so
    -- waiting here could deadlock. The session is tried again next round.
    begin
      v_ids := array(
        select b.id from public.bookings b
         where b.session_id = v_session.id and b.status = 'confirmed'
           and not exists (select 1 from public.session_check_ins c
                            where c.session_id = b.session_id and c.ticket_id = b.ticket_id)
         order by b.id
           for update of b nowait);
    exception when lock_not_available then
      v_ids := null;
    end;
    continue when v_ids is null;

    update public.bookings set status = 'cancelled', cancelled_at = now(), cancel_reason = 'no_show',
                               seat_notice_due = false
     where id = any (v_ids);
    update public.sessions set seats_taken = seats_taken - cardinality(v_ids), no_shows_released_at = now()
     where id = v_session.id;
    perform private.fill_free_seats(v_session.id);
    v_released := v_released + cardinality(v_ids);
  end loop;
  return v_released;
end
$$;

-- Which of the scanned (session, ticket) pairs have a confirmed booking, for
-- the door staff's "not booked" hint. Nothing for a caller who is not the
-- event's check-in staff or organiser.
create or replace function private.session_scan_bookings(p_event_id uuid, p_session_ids uuid[], p_ticket_ids uuid[])
returns table (session_id uuid, ticket_id uuid)
language sql
stable
security definer
set search_path = ''
as $$
  select distinct b.session_id, b.ticket_id
    from unnest(p_session_ids, p_ticket_ids) as p (session_id, ticket_id)
    join public.bookings b on b.session_id = p.session_id and b.ticket_id = p.ticket_id
   where b.event_id = p_event_id and b.status = 'confirmed'
     and (select private.has_event_role(p_event_id, 'organiser', 'checkin_staff'))
$$;

revoke execute on function private.set_no_show_release(uuid, integer) from public;
revoke execute on function private.release_no_shows(timestamptz, integer) from public, anon, authenticated;
revoke execute on function private.session_scan_bookings(uuid, uuid[], uuid[]) from public;
grant execute on function private.set_no_show_release(uuid, integer) to authenticated, service_role;
grant execute on function private.release_no_shows(timestamptz, integer) to service_role;
grant execute on function private.session_scan_bookings(uuid, uuid[], uuid[]) to authenticated, service_role;
