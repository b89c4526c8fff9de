-- What an attendee's takeaways and certificate are built from: the sessions
-- and gallery rounds they attended, and whether they were there at all.
--
-- The rule (attended vs booked):
--   * a session check-in (scanned at the session's door) → 'attended';
--   * a confirmed seat without a check-in, in a session where staff scanned
--     nobody at all → 'booked': nobody recorded attendance there, so the seat
--     is the best we know;
--   * a confirmed seat in a session where others were scanned but not this
--     attendee → left out: they did not come.
-- Attendees cannot read session_check_ins (staff only), so these functions
-- read them as definer and return only the caller's own rows.

create or replace function private.my_attendance(p_event_id uuid)
returns table (ticket_id uuid, session_id uuid, status text, scanned_at timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  with mine as (
    select t.id from public.tickets t
     where t.event_id = p_event_id and t.status = 'valid' and (select auth.uid()) is not null
       and (t.holder_user_id = (select auth.uid()) or t.attendee_email = (select private.current_email()))
  )
  select c.ticket_id, c.session_id, 'attended'::text, c.at
    from public.session_check_ins c
   where c.ticket_id in (select id from mine)
  union all
  select b.ticket_id, b.session_id, 'booked'::text, null::timestamptz
    from public.bookings b
   where b.ticket_id in (select id from mine)
     and b.status = 'confirmed'
     and not exists (select 1 from public.session_check_ins c where c.session_id = b.session_id)
$$;
revoke execute on function private.my_attendance(uuid) from public, anon;
grant execute on function private.my_attendance(uuid) to authenticated, service_role;

-- Whether the caller was checked in at the event: at a door (an 'ok' scan
-- not undone) or at any session's door. A certificate needs this.
create or replace function private.i_was_checked_in(p_event_id uuid) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  with mine as (
    select t.id from public.tickets t
     where t.event_id = p_event_id and t.status = 'valid' and (select auth.uid()) is not null
       and (t.holder_user_id = (select auth.uid()) or t.attendee_email = (select private.current_email()))
  )
  select exists (
    select 1 from public.check_ins c
     where c.ticket_id in (select id from mine) and c.result = 'ok' and c.undone_at is null
  ) or exists (
    select 1 from public.session_check_ins c where c.ticket_id in (select id from mine)
  )
$$;
revoke execute on function private.i_was_checked_in(uuid) from public, anon;
grant execute on function private.i_was_checked_in(uuid) to authenticated, service_role;

-- The verify page and the reply page live at the site's root (/bevis/<token>,
-- /svar/<token>): no event may take those slugs. A constraint of its own so
-- it stands beside whatever else restricts slugs.
alter table public.events
  add constraint events_slug_not_takeaways_route check (slug not in ('bevis', 'svar'));
