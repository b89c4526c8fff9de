-- The organisers' report (/konsol/<event>/rapport): registrations per day
-- against capacity, by ticket type, sector and municipality; fill, waitlists
-- and no-shows per session and gallery round; the check-in curve; email
-- delivery. Every function here answers aggregates for ONE event and only to
-- that event's organisers: security definer (the outbox is the service role's
-- and check-in staff may read check-ins, so RLS alone would say too much),
-- each beginning with the organiser check; anyone else gets no rows. Callers
-- run them through asUser, so auth.uid() is the signed-in organiser.
--
-- Emails carry their event from now on: private.outbox_emails.event_id, set
-- on insert from the ids in the idempotency key (see private.email_event_of_key)
-- and filled in below for the emails already queued. Sign-in emails and other
-- mail about no event stay without one.

-- ------------------------------------------------------------ emails' event

alter table private.outbox_emails
  add column event_id uuid references public.events (id) on delete set null;
create index outbox_emails_event_idx on private.outbox_emails (event_id) where event_id is not null;

-- The event an email is about, from the ids in its idempotency key
-- ('order-confirmation/<order>', 'booking-seat/<booking>/<v>',
-- 'schedule-change/<ticket>/…', 'thank-you/<event>/…', 'retry:<email>', …):
-- the first id that names an event, an order, a ticket, a booking, a
-- waitlist place, a solution, a team invitation or an earlier email. Primary-key
-- lookups only; NULL when no id names anything of an event.
create or replace function private.email_event_of_key(p_key text) returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_id uuid;
  v_event uuid;
begin
  for v_id in
    select m[1]::uuid
      from regexp_matches(p_key, '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})', 'gi') as m
  loop
    select coalesce(
      (select e.id from public.events e where e.id = v_id),
      (select o.event_id from public.orders o where o.id = v_id),
      (select t.event_id from public.tickets t where t.id = v_id),
      (select b.event_id from public.bookings b where b.id = v_id),
      (select w.event_id from public.waitlist_entries w where w.id = v_id),
      (select s.event_id from public.solutions s where s.id = v_id),
      (select i.event_id from public.team_invitations i where i.id = v_id),
      (select x.event_id from private.outbox_emails x where x.id = v_id)
    ) into v_event;
    if v_event is not null then
      return v_event;
    end if;
  end loop;
  return null;
end
$$;

create or replace function private.set_outbox_email_event() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.event_id is null then
    new.event_id := private.email_event_of_key(new.idempotency_key);
  end if;
  return new;
end
$$;

create trigger outbox_emails_event before insert on private.outbox_emails
  for each row execute function private.set_outbox_email_event();

update private.outbox_emails set event_id = private.email_event_of_key(idempotency_key) where event_id is null;

revoke execute on function private.email_event_of_key(text) from public, anon, authenticated;
revoke execute on function private.set_outbox_email_event() from public, anon, authenticated;

-- ------------------------------------------------------------ the figures

-- The steering group's figures: registered against capacity, checked in,
-- waiting, and how many organisations and municipalities came.
create or replace function private.report_overview(p_event_id uuid)
returns table (
  registered integer, capacity integer, cancelled integer, checked_in integer, waitlisted integer,
  organisations integer, municipalities integer
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return;
  end if;
  return query
  select
    (select count(*)::integer from public.tickets t where t.event_id = p_event_id and t.status = 'valid'),
    (select coalesce(sum(tt.capacity), 0)::integer from public.ticket_types tt where tt.event_id = p_event_id),
    (select count(*)::integer from public.tickets t where t.event_id = p_event_id and t.status = 'cancelled'),
    (select count(distinct c.ticket_id)::integer
       from public.check_ins c join public.tickets t on t.id = c.ticket_id
      where c.event_id = p_event_id and c.result = 'ok' and c.undone_at is null and t.status = 'valid'),
    (select count(*)::integer from public.waitlist_entries w
      where w.event_id = p_event_id and w.status in ('waiting', 'offered')),
    (select count(distinct lower(btrim(t.organisation_name)))::integer from public.tickets t
      where t.event_id = p_event_id and t.status = 'valid' and t.organisation_name is not null),
    (select count(distinct lower(btrim(t.municipality)))::integer from public.tickets t
      where t.event_id = p_event_id and t.status = 'valid' and t.municipality is not null);
end
$$;

-- Registered attendees (valid tickets) by the day they registered, in the
-- event's time zone; days without registrations are left out.
create or replace function private.report_registrations_per_day(p_event_id uuid)
returns table (day date, registrations integer)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return;
  end if;
  return query
  select (t.created_at at time zone e.timezone)::date as day, count(*)::integer
    from public.tickets t join public.events e on e.id = t.event_id
   where t.event_id = p_event_id and t.status = 'valid'
   group by 1 order by 1;
end
$$;

create or replace function private.report_ticket_types(p_event_id uuid)
returns table (id uuid, name text, name_en text, capacity integer, registered integer, reserved integer)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return;
  end if;
  return query
  select tt.id, tt.name, tt.name_en, tt.capacity,
         count(t.id) filter (where t.status = 'valid')::integer,
         count(t.id) filter (where t.status = 'reserved')::integer
    from public.ticket_types tt
    left join public.tickets t on t.ticket_type_id = tt.id
   where tt.event_id = p_event_id
   group by tt.id
   order by tt.position, tt.name;
end
$$;

-- Per sector: attendees, how many organisations they came from, and how many
-- of them checked in. Every sector, also those nobody chose.
create or replace function private.report_sectors(p_event_id uuid)
returns table (sector public.sector, registered integer, organisations integer, checked_in integer)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return;
  end if;
  return query
  select s.sector,
         count(t.id)::integer,
         count(distinct lower(btrim(t.organisation_name)))::integer,
         count(t.id) filter (where exists (
           select 1 from public.check_ins c
            where c.ticket_id = t.id and c.result = 'ok' and c.undone_at is null))::integer
    from unnest(enum_range(null::public.sector)) as s(sector)
    left join public.tickets t on t.event_id = p_event_id and t.status = 'valid' and t.sector = s.sector
   group by s.sector
   order by s.sector;
end
$$;

-- Attendees per municipality as they wrote it (case and spaces folded), most
-- first; NULL for those who gave none.
create or replace function private.report_municipalities(p_event_id uuid)
returns table (municipality text, registered integer)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return;
  end if;
  return query
  select min(btrim(t.municipality)), count(*)::integer
    from public.tickets t
   where t.event_id = p_event_id and t.status = 'valid'
   group by lower(btrim(t.municipality))
   order by 2 desc, 1 nulls last;
end
$$;

-- Per session that takes bookings or has a capacity (cancelled ones left
-- out): seats and bookings, the waitlist, who came to the door and the
-- no-shows. A no-show is a seat held at the start (a confirmed booking, or
-- one released because its holder was not scanned) whose ticket was never
-- scanned at that session's door; counted only where staff scanned anyone at
-- it (`door_scanned`), since otherwise nobody knows. `released` counts the
-- seats the no-show job gave away.
create or replace function private.report_sessions(p_event_id uuid)
returns table (
  id uuid, title text, title_en text, kind public.session_kind, starts_at timestamptz,
  capacity integer, booked integer, released integer, waitlisted integer, offered integer,
  attended integer, door_scanned boolean, no_shows integer
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return;
  end if;
  return query
  with b as (
    select bk.session_id,
           count(*) filter (where bk.status = 'confirmed') as confirmed,
           count(*) filter (where bk.status = 'waitlisted') as waitlisted,
           count(*) filter (where bk.status = 'offered') as offered,
           count(*) filter (where bk.cancel_reason = 'no_show') as released,
           count(*) filter (
             where (bk.status = 'confirmed' or bk.cancel_reason = 'no_show')
               and not exists (select 1 from public.session_check_ins sc
                                where sc.session_id = bk.session_id and sc.ticket_id = bk.ticket_id)) as no_shows
      from public.bookings bk
     where bk.event_id = p_event_id
     group by bk.session_id
  ), a as (
    select sc.session_id, count(*) as attended
      from public.session_check_ins sc
     where sc.event_id = p_event_id
     group by sc.session_id
  )
  select s.id, s.title, s.title_en, s.kind, s.starts_at, s.capacity,
         coalesce(b.confirmed, 0)::integer, coalesce(b.released, 0)::integer,
         coalesce(b.waitlisted, 0)::integer, coalesce(b.offered, 0)::integer,
         coalesce(a.attended, 0)::integer, a.attended is not null,
         case when a.attended is not null then coalesce(b.no_shows, 0)::integer else 0 end
    from public.sessions s
    left join b on b.session_id = s.id
    left join a on a.session_id = s.id
   where s.event_id = p_event_id and s.cancelled_at is null
     and (s.capacity is not null or b.session_id is not null)
   order by s.starts_at, s.title;
end
$$;

-- Arrivals at the door (first valid check-in per ticket, by the device's scan
-- time) in buckets of p_minutes, from the first arrival to the last.
create or replace function private.report_checkin_curve(p_event_id uuid, p_minutes integer default 15)
returns table (bucket timestamptz, arrivals integer)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.has_event_role(p_event_id, 'organiser') or p_minutes not between 1 and 240 then
    return;
  end if;
  return query
  with firsts as (
    select min(c.scanned_at) as at
      from public.check_ins c
     where c.event_id = p_event_id and c.result = 'ok' and c.undone_at is null
     group by c.ticket_id
  )
  select to_timestamp(floor(extract(epoch from f.at) / (p_minutes * 60)) * (p_minutes * 60)) as bucket,
         count(*)::integer
    from firsts f
   group by 1 order by 1;
end
$$;

-- The event's emails by kind and delivery state.
create or replace function private.report_email_delivery(p_event_id uuid)
returns table (template text, queued integer, sending integer, sent integer, failed integer)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return;
  end if;
  return query
  select o.template,
         count(*) filter (where j.status = 'pending')::integer,
         count(*) filter (where j.status = 'running')::integer,
         count(*) filter (where j.status = 'done')::integer,
         count(*) filter (where j.status = 'dead')::integer
    from private.outbox_emails o join private.jobs j on j.id = o.id
   where o.event_id = p_event_id
   group by o.template
   order by o.template;
end
$$;

revoke execute on function private.report_overview(uuid) from public, anon;
revoke execute on function private.report_registrations_per_day(uuid) from public, anon;
revoke execute on function private.report_ticket_types(uuid) from public, anon;
revoke execute on function private.report_sectors(uuid) from public, anon;
revoke execute on function private.report_municipalities(uuid) from public, anon;
revoke execute on function private.report_sessions(uuid) from public, anon;
revoke execute on function private.report_checkin_curve(uuid, integer) from public, anon;
revoke execute on function private.report_email_delivery(uuid) from public, anon;
grant execute on function private.report_overview(uuid) to authenticated;
grant execute on function private.report_registrations_per_day(uuid) to authenticated;
grant execute on function private.report_ticket_types(uuid) to authenticated;
grant execute on function private.report_sectors(uuid) to authenticated;
grant execute on function private.report_municipalities(uuid) to authenticated;
grant execute on function private.report_sessions(uuid) to authenticated;
grant execute on function private.report_checkin_curve(uuid, integer) to authenticated;
grant execute on function private.report_email_delivery(uuid) to authenticated;
