-- The organisers' live check-in dashboard: one snapshot of the door as jsonb,
-- and a cheap version of it that a poller compares to tell whether anything
-- changed. Both answer only to the event's organisers (null for anyone else):
-- the dashboard lists who came in, and its undo buttons are an organiser's
-- (private.undo_check_in). Check-in staff have their own counts in the door app.
--
-- Arrivals are bucketed by scanned_at (the device's clock, never in the future;
-- see trustedScanTime), not recorded_at: a device that was offline for twenty
-- minutes uploads its queue in one burst, and the chart should show when people
-- walked in, not when the Wi-Fi came back. Buckets are wall-clock minutes in the
-- event's time zone (Europe/Copenhagen unless set), so a bar labelled 08:55 holds
-- 08:55–08:59 local time also across a DST change.

-- Everything a snapshot depends on, in a few index-backed aggregates: any new
-- check-in, refusal, undo, session attendance, ticket or confirmed booking
-- changes it. Text, compared for equality only.
create or replace function private.checkin_dashboard_version(p_event_id uuid) returns text
language sql
stable
security definer
set search_path = ''
as $$
  select case when private.has_event_role(p_event_id, 'organiser') then
    concat_ws(':',
      (select concat_ws('/', count(*), count(c.undone_at),
                        extract(epoch from max(c.recorded_at)), extract(epoch from max(c.undone_at)))
         from public.check_ins c where c.event_id = p_event_id),
      (select count(*) from public.session_check_ins s where s.event_id = p_event_id),
      (select count(*) from public.tickets t where t.event_id = p_event_id and t.status = 'valid'),
      (select count(*) from public.bookings b where b.event_id = p_event_id and b.status = 'confirmed'))
  end
$$;

create or replace function private.checkin_dashboard(p_event_id uuid, p_bucket_minutes integer default 5)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_event record;
  v_bucket interval;
  v_day date;
  v_result jsonb;
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return null;
  end if;
  select e.id, e.timezone, e.starts_at, e.ends_at into v_event from public.events e where e.id = p_event_id;
  if not found then
    return null;
  end if;
  v_bucket := make_interval(mins => case when p_bucket_minutes between 1 and 60 then p_bucket_minutes else 5 end);
  -- The day at the door: today while the event runs, else its first day.
  v_day := case
    when (now() at time zone v_event.timezone)::date
         between (v_event.starts_at at time zone v_event.timezone)::date
             and (v_event.ends_at at time zone v_event.timezone)::date
    then (now() at time zone v_event.timezone)::date
    else (v_event.starts_at at time zone v_event.timezone)::date
  end;

  with c as materialized (
    -- The event's check-ins once (check_ins_event_recorded_idx), ~1 row per ticket.
    select c.id, c.ticket_id, c.gate_id, c.device, c.result, c.conflict, c.scanned_at, c.recorded_at, c.undone_at,
           c.result = 'ok' and c.undone_at is null as active,
           -- Local wall time, binned from midnight.
           date_bin(v_bucket, c.scanned_at at time zone v_event.timezone, timestamp '2000-01-01') as bucket
      from public.check_ins c
     where c.event_id = p_event_id
  ),
  arrivals as (
    select c.bucket, count(*) as n from c where c.active group by c.bucket
  ),
  span as (
    -- At most a day of buckets, should a device's clock have been far behind.
    select greatest(min(a.bucket), max(a.bucket) - interval '24 hours') as first, max(a.bucket) as last from arrivals a
  ),
  buckets as (
    select b.local, coalesce(a.n, 0) as n
      from span, generate_series(span.first, span.last, v_bucket) as b(local)
      left join arrivals a on a.bucket = b.local
     where span.first is not null
  ),
  gates as (
    select c.gate_id, g.name,
           count(*) filter (where c.active) as checked_in,
           count(*) filter (where c.result = 'duplicate') as duplicates,
           count(*) filter (where c.result in ('cancelled', 'revoked', 'unpaid')) as refused
      from c left join public.checkin_gates g on g.id = c.gate_id
     group by c.gate_id, g.name
  ),
  sessions as (
    select s.id, s.title, s.title_en, s.starts_at, s.ends_at, r.name as room,
           coalesce(s.capacity, r.capacity) as capacity,
           (select count(*) from public.bookings b where b.session_id = s.id and b.status = 'confirmed') as booked,
           (select count(*) from public.session_check_ins a where a.session_id = s.id) as attended
      from public.sessions s
      left join public.rooms r on r.id = s.room_id
     where s.event_id = p_event_id
       and (s.starts_at at time zone v_event.timezone)::date = v_day
  ),
  recent as (
    select c.id, c.ticket_id, t.attendee_name, t.organisation_name, g.name as gate, c.device,
           c.scanned_at, c.recorded_at, c.undone_at
      from c
      join public.tickets t on t.id = c.ticket_id
      left join public.checkin_gates g on g.id = c.gate_id
     where c.result = 'ok'
     order by c.recorded_at desc, c.id
     limit 20
  )
  select jsonb_build_object(
    'event_id', p_event_id,
    'time_zone', v_event.timezone,
    'bucket_minutes', extract(epoch from v_bucket)::integer / 60,
    'day', v_day,
    'generated_at', now(),
    'version', private.checkin_dashboard_version(p_event_id),
    'registered', (select count(*) from public.tickets t where t.event_id = p_event_id and t.status = 'valid'),
    'checked_in', (select count(*) from c where c.active),
    'undone', (select count(*) from c where c.undone_at is not null),
    'duplicates', (select count(*) from c where c.result = 'duplicate'),
    'conflicts', (select count(*) from c where c.conflict),
    'refusals', jsonb_build_object(
      'cancelled', (select count(*) from c where c.result = 'cancelled'),
      'revoked', (select count(*) from c where c.result = 'revoked'),
      'unpaid', (select count(*) from c where c.result = 'unpaid')),
    'arrivals', coalesce((
      select jsonb_agg(jsonb_build_object('start', b.local at time zone v_event.timezone, 'count', b.n) order by b.local)
        from buckets b), '[]'::jsonb),
    'gates', coalesce((
      select jsonb_agg(jsonb_build_object('id', g.gate_id, 'name', g.name, 'checked_in', g.checked_in,
                                          'duplicates', g.duplicates, 'refused', g.refused)
                       order by g.name nulls last)
        from gates g), '[]'::jsonb),
    'sessions', coalesce((
      select jsonb_agg(jsonb_build_object('id', s.id, 'title', s.title, 'title_en', s.title_en,
                                          'starts_at', s.starts_at, 'ends_at', s.ends_at, 'room', s.room,
                                          'capacity', s.capacity, 'booked', s.booked, 'attended', s.attended)
                       order by s.starts_at, s.title)
        from sessions s), '[]'::jsonb),
    'recent', coalesce((
      select jsonb_agg(jsonb_build_object('id', r.id, 'ticket_id', r.ticket_id, 'name', r.attendee_name,
                                          'organisation', r.organisation_name, 'gate', r.gate, 'device', r.device,
                                          'scanned_at', r.scanned_at, 'recorded_at', r.recorded_at,
                                          'undone_at', r.undone_at)
                       order by r.recorded_at desc, r.id)
        from recent r), '[]'::jsonb))
    into v_result;
  return v_result;
end
$$;

revoke execute on function private.checkin_dashboard_version(uuid) from public;
revoke execute on function private.checkin_dashboard(uuid, integer) from public;
grant execute on function private.checkin_dashboard_version(uuid) to authenticated, service_role;
grant execute on function private.checkin_dashboard(uuid, integer) to authenticated, service_role;
