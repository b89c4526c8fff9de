-- The schedule grid's writes: moving or resizing a session (new start, end,
-- room), cancelling one, and preparing such changes to publish together; and
-- a capacity raised promoting from the waitlist at once.
--
-- Prepared, then published (the choice, written down in docs/ARCHITECTURE.md):
--   * An event that is not published (a draft) has no audience: a change is
--     applied at once and nobody is told.
--   * On a published event a change is first *prepared*: a row in
--     public.session_drafts (the new start, end and room, or "cancel"), shown
--     in the organiser's grid and nowhere else. `private.publish_schedule`
--     applies every prepared change of the event in one transaction and
--     returns, per affected ticket, the list of what changed for it; the
--     caller queues ONE email per ticket for the whole batch in that same
--     transaction. Publishing twice publishes nothing the second time: the
--     drafts are consumed under a lock on the event.
--   * A capacity raise is never held back (it only gives seats): the trigger
--     below promotes the first in line at once, and their seat emails go out
--     as every other promotion's do (bookings.seat_notice_due).
--
-- Concurrency: a change carries the session's `version` (20261203110000) and
-- the version of the session's draft it saw (0: none); either having moved on
-- is `changed_elsewhere`. Publishing refuses the whole batch when a prepared
-- session changed since it was prepared. Schedule writes of one event are
-- serialised by a `for no key update` lock on the event row (which does not
-- block bookings, whose foreign keys take only `for key share`).
--
-- Result codes (jsonb `code`): applied, staged, unchanged, discarded,
-- published, nothing_to_publish, not_found, changed_elsewhere,
-- already_cancelled, end_before_start, room_double_booked.

-- ---------------------------------------------------------------------------
-- Cancelled sessions
-- ---------------------------------------------------------------------------

alter table public.sessions
  -- NULL: on. A cancelled session stays cancelled (the trigger below).
  add column cancelled_at timestamptz;

-- A cancelled session no longer holds its room; the check may wait until the
-- end of a statement batch, so publishing can swap two sessions' rooms.
alter table public.sessions drop constraint sessions_room_not_double_booked;
alter table public.sessions add constraint sessions_room_not_double_booked exclude using gist (
  room_id with =,
  tstzrange(starts_at, ends_at, '[)') with &&
) where (room_id is not null and cancelled_at is null) deferrable initially immediate;

create or replace function private.guard_session_cancellation() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.cancelled_at is not null and new.cancelled_at is distinct from old.cancelled_at then
    raise exception 'session % is cancelled and stays so', old.id using errcode = 'check_violation';
  end if;
  return new;
end
$$;
revoke execute on function private.guard_session_cancellation() from public;

create trigger sessions_cancellation_final before update of cancelled_at on public.sessions
  for each row execute function private.guard_session_cancellation();

-- Why a booking was cancelled: its session was.
alter table public.bookings drop constraint bookings_cancel_reason_check;
alter table public.bookings add constraint bookings_cancel_reason_check
  check (cancel_reason in ('no_show', 'session_cancelled'));

-- As in 20261203101000, plus: cancelling a session changes what its entry shows.
create or replace function private.bump_session_calendar_version() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.calendar_version := greatest(
    new.calendar_version,
    old.calendar_version + case
      when (new.title, new.title_en, new.description, new.description_en, new.starts_at, new.ends_at,
            new.room_id, new.slug, new.cancelled_at)
           is distinct from (old.title, old.title_en, old.description, old.description_en, old.starts_at,
                             old.ends_at, old.room_id, old.slug, old.cancelled_at)
      then 1 else 0 end);
  return new;
end
$$;

-- ---------------------------------------------------------------------------
-- A raised capacity promotes from the waitlist at once
-- ---------------------------------------------------------------------------

-- Whoever raises it (the session editor, SQL, a future API): the freed seats
-- go to the first in line in the same transaction, and their emails are due
-- (bookings.seat_notice_due; queued by the caller or the booking job).
-- Security definer: the organiser's role may not write bookings itself.
create or replace function private.fill_seats_after_capacity_raise() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.fill_free_seats(new.id);
  return null;
end
$$;
revoke execute on function private.fill_seats_after_capacity_raise() from public, anon, authenticated;

create trigger sessions_capacity_raised after update of capacity on public.sessions
  for each row when (new.capacity > old.capacity and new.booking_required and new.cancelled_at is null)
  execute function private.fill_seats_after_capacity_raise();

-- ---------------------------------------------------------------------------
-- Prepared changes
-- ---------------------------------------------------------------------------

create table public.session_drafts (
  session_id uuid primary key,
  event_id uuid not null,
  -- The session's version the change was prepared against.
  base_version integer not null check (base_version > 0),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  room_id uuid,
  cancel boolean not null default false,
  prepared_by uuid,
  prepared_at timestamptz not null default now(),
  version integer not null default 1 check (version > 0),
  constraint session_drafts_session_same_event foreign key (event_id, session_id)
    references public.sessions (event_id, id) on delete cascade,
  constraint session_drafts_room_same_event foreign key (event_id, room_id)
    references public.rooms (event_id, id) on delete cascade,
  constraint session_drafts_ends_after_start check (ends_at > starts_at)
);
create index session_drafts_event_idx on public.session_drafts (event_id);
create index session_drafts_room_idx on public.session_drafts (room_id) where room_id is not null;

create trigger session_drafts_version before update on public.session_drafts
  for each row execute function private.bump_version('prepared_at');
create trigger session_drafts_audit after insert or update or delete on public.session_drafts
  for each row execute function private.audit_row_change('event_id', 'session_id', '', 'prepared_at');

alter table public.session_drafts enable row level security;
revoke all on table public.session_drafts from anon, authenticated;
grant select on table public.session_drafts to authenticated;
grant all on table public.session_drafts to service_role;

-- Writes go through the functions below, which check the same role.
create policy "Organisers can read the prepared changes of their events"
  on public.session_drafts for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

-- The schedule as it will be once the prepared changes are published: each
-- session of the event with its prepared start, end, room and cancellation.
create or replace function private.effective_sessions(p_event_id uuid)
returns table (id uuid, starts_at timestamptz, ends_at timestamptz, room_id uuid, cancelled boolean)
language sql
stable
set search_path = ''
as $$
  select s.id, coalesce(d.starts_at, s.starts_at), coalesce(d.ends_at, s.ends_at),
         case when d.session_id is null then s.room_id else d.room_id end,
         s.cancelled_at is not null or coalesce(d.cancel, false)
    from public.sessions s left join public.session_drafts d on d.session_id = s.id
   where s.event_id = p_event_id
$$;
revoke execute on function private.effective_sessions(uuid) from public, anon, authenticated;

-- Cancels a session now: every active booking (a seat, an offer, a place in
-- line) is cancelled with reason 'session_cancelled' and nobody is promoted.
-- Returns the cancelled bookings' ids. The session row must be locked.
create or replace function private.cancel_session_now(p_session_id uuid) returns uuid[]
language plpgsql
set search_path = ''
as $$
declare
  v_ids uuid[];
begin
  with cancelled as (
    update public.bookings set status = 'cancelled', cancel_reason = 'session_cancelled', seat_notice_due = false,
                               offer_expires_at = null
     where session_id = p_session_id and status <> 'cancelled'
    returning id
  )
  select coalesce(array_agg(id), '{}') into v_ids from cancelled;
  update public.sessions set cancelled_at = now(), seats_taken = 0 where id = p_session_id;
  return v_ids;
end
$$;
revoke execute on function private.cancel_session_now(uuid) from public, anon, authenticated;

-- One change to one session, by an organiser of its event: new start, end and
-- room, or (p_cancel) a cancellation. Applied at once on an event that is not
-- published; prepared (a draft) on a published one.
create or replace function private.change_session(
  p_session_id uuid,
  p_version integer,
  p_draft_version integer,
  p_starts_at timestamptz,
  p_ends_at timestamptz,
  p_room_id uuid,
  p_cancel boolean default false
) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_session record;
  v_draft record;
  v_clash record;
  v_published boolean;
  v_version integer;
begin
  select s.id, s.event_id, s.version, s.cancelled_at, s.starts_at, s.ends_at, s.room_id
    into v_session
    from public.sessions s where s.id = p_session_id;
  if not found or not private.has_event_role(v_session.event_id, 'organiser') then
    return jsonb_build_object('code', 'not_found');
  end if;
  select e.status = 'published' into v_published
    from public.events e where e.id = v_session.event_id for no key update;
  select s.version, s.cancelled_at into v_session.version, v_session.cancelled_at
    from public.sessions s where s.id = p_session_id for update;
  select d.version, d.cancel into v_draft from public.session_drafts d where d.session_id = p_session_id for update;

  if v_session.cancelled_at is not null then
    return jsonb_build_object('code', 'already_cancelled');
  elsif v_session.version <> p_version or coalesce(v_draft.version, 0) <> p_draft_version then
    return jsonb_build_object('code', 'changed_elsewhere');
  end if;

  if p_cancel then
    p_starts_at := coalesce(p_starts_at, v_session.starts_at);
    p_ends_at := coalesce(p_ends_at, v_session.ends_at);
    p_room_id := v_session.room_id;
  else
    if p_starts_at is null or p_ends_at is null or p_ends_at <= p_starts_at then
      return jsonb_build_object('code', 'end_before_start');
    end if;
    if p_room_id is not null and not exists (
         select 1 from public.rooms r where r.id = p_room_id and r.event_id = v_session.event_id) then
      return jsonb_build_object('code', 'not_found');
    end if;
    -- The room at the new time, in the schedule as it will be.
    select o.id, s.title, s.title_en, o.starts_at, o.ends_at into v_clash
      from private.effective_sessions(v_session.event_id) o join public.sessions s on s.id = o.id
     where o.id <> p_session_id and p_room_id is not null and o.room_id = p_room_id and not o.cancelled
       and tstzrange(o.starts_at, o.ends_at, '[)') && tstzrange(p_starts_at, p_ends_at, '[)')
     order by o.starts_at
     limit 1;
    if found then
      return jsonb_build_object('code', 'room_double_booked', 'clash_title', v_clash.title,
                                'clash_title_en', v_clash.title_en,
                                'clash_starts_at', v_clash.starts_at, 'clash_ends_at', v_clash.ends_at);
    end if;
  end if;

  if not v_published then
    begin
      if p_cancel then
        perform private.cancel_session_now(p_session_id);
      else
        update public.sessions set starts_at = p_starts_at, ends_at = p_ends_at, room_id = p_room_id
         where id = p_session_id;
      end if;
    exception when exclusion_violation then
      return jsonb_build_object('code', 'room_double_booked');
    end;
    delete from public.session_drafts where session_id = p_session_id;
    select s.version into v_version from public.sessions s where s.id = p_session_id;
    return jsonb_build_object('code', 'applied', 'version', v_version);
  end if;

  if not p_cancel and (p_starts_at, p_ends_at, p_room_id) is not distinct from
                      (v_session.starts_at, v_session.ends_at, v_session.room_id) then
    delete from public.session_drafts where session_id = p_session_id;
    return jsonb_build_object('code', 'unchanged');
  end if;
  insert into public.session_drafts as d (session_id, event_id, base_version, starts_at, ends_at, room_id, cancel,
                                          prepared_by)
  values (p_session_id, v_session.event_id, p_version, p_starts_at, p_ends_at, p_room_id, p_cancel, (select auth.uid()))
  on conflict (session_id) do update
    set base_version = excluded.base_version, starts_at = excluded.starts_at, ends_at = excluded.ends_at,
        room_id = excluded.room_id, cancel = excluded.cancel, prepared_by = excluded.prepared_by,
        prepared_at = now()
  returning d.version into v_version;
  return jsonb_build_object('code', 'staged', 'draft_version', v_version);
end
$$;

-- Drops one prepared change (p_session_id) or, with NULL, all of the event's.
create or replace function private.discard_session_drafts(p_event_id uuid, p_session_id uuid, p_draft_version integer)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_count integer;
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return jsonb_build_object('code', 'not_found');
  end if;
  perform 1 from public.events e where e.id = p_event_id for no key update;
  if p_session_id is null then
    delete from public.session_drafts where event_id = p_event_id;
  else
    delete from public.session_drafts
     where event_id = p_event_id and session_id = p_session_id and version = p_draft_version;
    get diagnostics v_count = row_count;
    if v_count = 0 then
      return jsonb_build_object('code', 'changed_elsewhere');
    end if;
  end if;
  return jsonb_build_object('code', 'discarded');
end
$$;

-- Publishes every prepared change of the event at once. Returns `published`
-- with `sessions` (how many changed) and `notices`: per ticket that held an
-- active booking (a seat, an offer or a place in line) in a changed session,
-- its attendee, language and the items — moved (old and new time and room,
-- and another active booking of theirs the new time overlaps, if any) or
-- cancelled. Nothing is written when any prepared session changed since.
create or replace function private.publish_schedule(p_event_id uuid) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_stale record;
  v_old jsonb;
  v_cancelled uuid[] := '{}';
  v_id uuid;
  v_count integer;
  v_notices jsonb;
  v_affected jsonb;
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return jsonb_build_object('code', 'not_found');
  end if;
  perform 1 from public.events e where e.id = p_event_id for no key update;
  perform 1 from public.sessions s join public.session_drafts d on d.session_id = s.id
   where d.event_id = p_event_id
   order by s.id
     for update of s, d;
  select count(*) into v_count from public.session_drafts d where d.event_id = p_event_id;
  if v_count = 0 then
    return jsonb_build_object('code', 'nothing_to_publish');
  end if;
  select s.title, s.title_en into v_stale
    from public.sessions s join public.session_drafts d on d.session_id = s.id
   where d.event_id = p_event_id and (s.version <> d.base_version or s.cancelled_at is not null)
   limit 1;
  if found then
    return jsonb_build_object('code', 'changed_elsewhere', 'title', v_stale.title, 'title_en', v_stale.title_en);
  end if;

  -- What each changed session was, for the emails.
  select jsonb_object_agg(s.id, jsonb_build_object('starts_at', s.starts_at, 'ends_at', s.ends_at,
                                                   'room_id', s.room_id))
    into v_old
    from public.sessions s join public.session_drafts d on d.session_id = s.id
   where d.event_id = p_event_id;

  -- Who held what before anything changes (cancelling clears it).
  select coalesce(jsonb_agg(jsonb_build_object('ticket_id', b.ticket_id, 'session_id', b.session_id,
                                               'booking_status', b.status)), '[]')
    into v_affected
    from public.bookings b join public.session_drafts d on d.session_id = b.session_id
   where d.event_id = p_event_id and b.status <> 'cancelled';

  begin
    set constraints public.sessions_room_not_double_booked deferred;
    update public.sessions s set starts_at = d.starts_at, ends_at = d.ends_at, room_id = d.room_id
      from public.session_drafts d
     where d.session_id = s.id and d.event_id = p_event_id and not d.cancel;
    for v_id in select d.session_id from public.session_drafts d where d.event_id = p_event_id and d.cancel loop
      perform private.cancel_session_now(v_id);
      v_cancelled := v_cancelled || v_id;
    end loop;
    set constraints public.sessions_room_not_double_booked immediate;
  exception when exclusion_violation then
    return jsonb_build_object('code', 'room_double_booked');
  end;
  delete from public.session_drafts d where d.event_id = p_event_id;

  select coalesce(jsonb_agg(n order by n ->> 'email', n ->> 'ticket_id'), '[]') into v_notices
    from (
      select jsonb_build_object(
               'ticket_id', t.id, 'email', t.attendee_email, 'name', t.attendee_name, 'language', o.language,
               'items', jsonb_agg(jsonb_build_object(
                 'session_id', s.id, 'slug', s.slug, 'title', s.title, 'title_en', s.title_en,
                 'cancelled', s.id = any (v_cancelled),
                 'booking_status', a.booking_status,
                 'old_starts_at', v_old -> s.id::text ->> 'starts_at',
                 'old_ends_at', v_old -> s.id::text ->> 'ends_at',
                 'old_room', old_room.name, 'old_room_en', old_room.name_en,
                 'starts_at', s.starts_at, 'ends_at', s.ends_at,
                 'room', r.name, 'room_en', r.name_en,
                 'clash_title', clash.title, 'clash_title_en', clash.title_en
               ) order by s.starts_at, s.id)) as n
        from jsonb_to_recordset(v_affected) as a (ticket_id uuid, session_id uuid, booking_status text)
        join public.tickets t on t.id = a.ticket_id
        join public.orders o on o.id = t.order_id
        join public.sessions s on s.id = a.session_id
        left join public.rooms r on r.id = s.room_id
        left join public.rooms old_room on old_room.id = (v_old -> s.id::text ->> 'room_id')::uuid
        left join lateral (
          select o2.title, o2.title_en
            from public.bookings b2 join public.sessions o2 on o2.id = b2.session_id
           where b2.ticket_id = a.ticket_id and b2.status <> 'cancelled' and b2.session_id <> s.id
             and o2.cancelled_at is null and not (s.id = any (v_cancelled))
             and tstzrange(o2.starts_at, o2.ends_at, '[)') && tstzrange(s.starts_at, s.ends_at, '[)')
           order by o2.starts_at, o2.id
           limit 1
        ) clash on true
       where t.status = 'valid' and t.attendee_email is not null
       group by t.id, t.attendee_email, t.attendee_name, o.language
    ) per_ticket (n);

  return jsonb_build_object('code', 'published', 'sessions', v_count, 'notices', v_notices);
end
$$;

-- What the organiser's grid shows: every session of the event with its
-- prepared change, its track and how many hold a booking.
create or replace function private.schedule_sessions(p_event_id uuid)
returns table (
  id uuid, slug text, kind public.session_kind, title text, title_en text, starts_at timestamptz,
  ends_at timestamptz, room_id uuid, track_name text, track_name_en text, track_colour text, capacity integer,
  seats_taken integer, booking_required boolean, version integer, cancelled_at timestamptz,
  draft_version integer, draft_starts_at timestamptz, draft_ends_at timestamptz, draft_room_id uuid,
  draft_cancel boolean
)
language sql
stable
security definer
set search_path = ''
as $$
  select s.id, s.slug::text, s.kind, s.title, s.title_en, s.starts_at, s.ends_at, s.room_id,
         t.name, t.name_en, t.colour, s.capacity, s.seats_taken, s.booking_required, s.version, s.cancelled_at,
         d.version, d.starts_at, d.ends_at, d.room_id, d.cancel
    from public.sessions s
    left join public.tracks t on t.id = s.track_id
    left join public.session_drafts d on d.session_id = s.id
   where s.event_id = p_event_id and private.has_event_role(p_event_id, 'organiser')
   order by s.starts_at, s.id
$$;

create or replace function private.schedule_rooms(p_event_id uuid)
returns table (id uuid, name text, name_en text, capacity integer, "position" integer)
language sql
stable
security definer
set search_path = ''
as $$
  select r.id, r.name, r.name_en, r.capacity, r.position
    from public.rooms r
   where r.event_id = p_event_id and private.has_event_role(p_event_id, 'organiser')
   order by r.position, r.name
$$;

revoke execute on function private.change_session(uuid, integer, integer, timestamptz, timestamptz, uuid, boolean)
  from public, anon;
revoke execute on function private.discard_session_drafts(uuid, uuid, integer) from public, anon;
revoke execute on function private.publish_schedule(uuid) from public, anon;
revoke execute on function private.schedule_sessions(uuid) from public, anon;
revoke execute on function private.schedule_rooms(uuid) from public, anon;
grant execute on function private.change_session(uuid, integer, integer, timestamptz, timestamptz, uuid, boolean)
  to authenticated, service_role;
grant execute on function private.discard_session_drafts(uuid, uuid, integer) to authenticated, service_role;
grant execute on function private.publish_schedule(uuid) to authenticated, service_role;
grant execute on function private.schedule_sessions(uuid) to authenticated, service_role;
grant execute on function private.schedule_rooms(uuid) to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Booking refuses a cancelled session
-- ---------------------------------------------------------------------------

-- As in 20261123170200, plus: a cancelled session is not bookable. (A
-- cancellation locks the session row and cancels every booking; a booking
-- that commits first is cancelled with the rest, one that waits finds the
-- session cancelled when it locks the row below — see the check there.)
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

  -- Everyone's claims on this session's seats queue here.
  perform 1 from public.sessions s where s.id = p_session_id for update;
  -- Cancelled while this call waited for the lock.
  if exists (select 1 from public.sessions s where s.id = p_session_id and s.cancelled_at is not null) then
    return jsonb_build_object('code', 'not_bookable');
  end if;
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


-- ---------------------------------------------------------------------------
-- The email that tells an attendee what a publication changed for them
-- ---------------------------------------------------------------------------

-- Added to the outbox's list as 20261203100702 does: read from the existing
-- constraint, so other migrations' templates stay whatever the order. Since
-- 20261203100702 the list reads back as one array literal ('{a,b}'::text[]),
-- which is split into its names.
do $$
declare
  v_names text[];
begin
  select array_agg(distinct name order by name)
    into v_names
    from pg_constraint c,
         regexp_matches(pg_get_constraintdef(c.oid), '''([^'']+)''', 'g') as m,
         unnest(case when m[1] like '{%}' then string_to_array(btrim(m[1], '{}'), ',') else array[m[1]] end)
           as name
   where c.conrelid = 'private.outbox_emails'::regclass
     and c.conname = 'outbox_emails_template_check';
  if v_names is null then
    raise exception 'outbox_emails_template_check not found';
  end if;
  if not 'schedule-change' = any (v_names) then
    v_names := v_names || array['schedule-change'];
  end if;
  alter table private.outbox_emails drop constraint outbox_emails_template_check;
  execute format(
    'alter table private.outbox_emails add constraint outbox_emails_template_check check (template = any (%L::text[]))',
    v_names
  );
end
$$;
