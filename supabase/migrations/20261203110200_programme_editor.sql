-- The programme editor: an event's organisers write its tracks, rooms,
-- speakers, sessions and who appears in each session, directly under RLS —
-- every policy asks private.has_event_role(event_id, 'organiser') of the row's
-- own event, and the columns an API role may write are granted one by one
-- (never event_id on update, never the counters the booking functions keep).
-- Check-in staff, exhibitors and attendees hold no such policy: their writes
-- change nothing (update/delete) or are refused (insert).
--
-- The rules a form cannot be trusted with are constraints here, so every
-- path meets them and the console can word each by its name: a room hosts
-- one session at a time (sessions_room_not_double_booked), seats already
-- taken stay within the capacity (sessions_seats_within_capacity), a solution
-- presents in one place at a time (gallery_presentations_solution_in_one_place),
-- text has a length limit, and
--   - a session with active bookings (or a gallery round with solutions
--     placed in it) is not deleted — it is cancelled instead — and a room that
--     sessions use is not deleted; a whole event going away still takes all of
--     it along;
--   - booking is the organiser's choice now (`needs_booking`; NULL keeps the
--     old rule: track sessions, workshops and gallery rounds with a capacity),
--     and a session that needs booking has a capacity.

-- An open slot: a "Social Talks"-style space where whoever comes talks.
alter type public.session_kind add value if not exists 'open_slot' after 'networking';

-- ---------------------------------------------------------------------------
-- New fields and text limits
-- ---------------------------------------------------------------------------

alter table public.rooms
  add column accessibility_note text,
  add column accessibility_note_en text;

alter table public.tracks
  add constraint tracks_name_en_length check (length(name_en) <= 200),
  add constraint tracks_description_length check (length(description) <= 4000),
  add constraint tracks_description_en_length check (length(description_en) <= 4000),
  add constraint tracks_host_name_length check (length(host_name) <= 200);

alter table public.rooms
  add constraint rooms_name_en_length check (length(name_en) <= 120),
  add constraint rooms_location_note_length check (length(location_note) <= 500),
  add constraint rooms_location_note_en_length check (length(location_note_en) <= 500),
  add constraint rooms_accessibility_note_length check (length(accessibility_note) <= 2000),
  add constraint rooms_accessibility_note_en_length check (length(accessibility_note_en) <= 2000);

alter table public.speakers
  add constraint speakers_job_title_length check (length(job_title) <= 200),
  add constraint speakers_job_title_en_length check (length(job_title_en) <= 200),
  add constraint speakers_bio_length check (length(bio) <= 8000),
  add constraint speakers_bio_en_length check (length(bio_en) <= 8000),
  add constraint speakers_photo_url_length check (length(photo_url) <= 2000);

alter table public.sessions
  add constraint sessions_title_en_length check (length(title_en) <= 300),
  add constraint sessions_description_length check (length(description) <= 8000),
  add constraint sessions_description_en_length check (length(description_en) <= 8000);

-- ---------------------------------------------------------------------------
-- Booking by choice
-- ---------------------------------------------------------------------------

alter table public.sessions
  -- NULL: the kind decides, as before (track sessions, workshops, gallery rounds).
  add column needs_booking boolean;
-- Recomputed with the organiser's choice; dropped and added again (not SET
-- EXPRESSION) so the migration runs on Postgres 15 too.
alter table public.sessions drop column booking_required;
alter table public.sessions
  add column booking_required boolean not null
    generated always as (
      capacity is not null and coalesce(needs_booking, kind in ('track_session', 'workshop', 'gallery_round'))
    ) stored,
  add constraint sessions_booking_needs_capacity check (needs_booking is not true or capacity is not null);

-- Turning booking off would strand the attendees who hold a seat or a place
-- in line: refused while any booking is active.
create or replace function private.keep_booking_while_booked() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if old.booking_required and not new.booking_required
     and exists (select 1 from public.bookings b where b.session_id = new.id and b.status <> 'cancelled') then
    raise exception 'session % has active bookings', new.id
      using errcode = '23514', constraint = 'sessions_booking_kept_while_booked',
            table = 'sessions', schema = 'public';
  end if;
  return null;
end
$$;
revoke execute on function private.keep_booking_while_booked() from public;

create trigger sessions_keep_booking_while_booked after update of capacity, needs_booking, kind on public.sessions
  for each row execute function private.keep_booking_while_booked();

-- ---------------------------------------------------------------------------
-- Deletion guards
-- ---------------------------------------------------------------------------

-- The row is locked before a BEFORE DELETE trigger runs, and each statement
-- here takes a fresh snapshot, so a booking committed meanwhile is seen.
create or replace function private.refuse_deleting_used_session() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- The event itself is being deleted: everything goes.
  if not exists (select 1 from public.events e where e.id = old.event_id) then
    return old;
  end if;
  if exists (select 1 from public.bookings b where b.session_id = old.id and b.status <> 'cancelled') then
    raise exception 'session % has active bookings', old.id
      using errcode = '23503', constraint = 'sessions_not_deleted_while_booked',
            table = 'sessions', schema = 'public';
  end if;
  if exists (select 1 from public.gallery_presentations p where p.session_id = old.id) then
    raise exception 'gallery round % has solutions placed in it', old.id
      using errcode = '23503', constraint = 'sessions_not_deleted_while_presenting',
            table = 'sessions', schema = 'public';
  end if;
  return old;
end
$$;
revoke execute on function private.refuse_deleting_used_session() from public;

create trigger sessions_refuse_deleting_used before delete on public.sessions
  for each row execute function private.refuse_deleting_used_session();

create or replace function private.refuse_deleting_used_room() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if not exists (select 1 from public.events e where e.id = old.event_id) then
    return old;
  end if;
  if exists (select 1 from public.sessions s where s.room_id = old.id) then
    raise exception 'room % is used by sessions', old.id
      using errcode = '23503', constraint = 'rooms_not_deleted_while_used',
            table = 'rooms', schema = 'public';
  end if;
  return old;
end
$$;
revoke execute on function private.refuse_deleting_used_room() from public;

create trigger rooms_refuse_deleting_used before delete on public.rooms
  for each row execute function private.refuse_deleting_used_room();

-- ---------------------------------------------------------------------------
-- Grants: the editable columns, one by one
-- ---------------------------------------------------------------------------

grant insert (event_id, slug, name, name_en, description, description_en, colour, host_name, position),
      update (slug, name, name_en, description, description_en, colour, host_name, position),
      delete
  on table public.tracks to authenticated;

grant insert (event_id, name, name_en, capacity, location_note, location_note_en,
              accessibility_note, accessibility_note_en, position),
      update (name, name_en, capacity, location_note, location_note_en,
              accessibility_note, accessibility_note_en, position),
      delete
  on table public.rooms to authenticated;

grant insert (event_id, slug, name, job_title, job_title_en, organisation_id, bio, bio_en, photo_url),
      update (slug, name, job_title, job_title_en, organisation_id, bio, bio_en, photo_url),
      delete
  on table public.speakers to authenticated;

grant insert (event_id, slug, kind, title, title_en, description, description_en, starts_at, ends_at,
              room_id, track_id, capacity, needs_booking, discussion_questions, discussion_questions_en),
      update (slug, kind, title, title_en, description, description_en, starts_at, ends_at,
              room_id, track_id, capacity, needs_booking, discussion_questions, discussion_questions_en),
      delete
  on table public.sessions to authenticated;

grant insert (event_id, session_id, speaker_id, role, position),
      update (role, position),
      delete
  on table public.session_speakers to authenticated;

-- ---------------------------------------------------------------------------
-- Policies: organisers of the row's own event
-- ---------------------------------------------------------------------------
-- Reading (drafts included) is granted in 20261203110102_event_console.sql
-- ("Organisers can preview …") and, for sessions, 20261123180300; these write.

create policy "Organisers can add tracks to their events"
  on public.tracks for insert to authenticated
  with check (private.has_event_role(event_id, 'organiser'));
create policy "Organisers can change the tracks of their events"
  on public.tracks for update to authenticated
  using (private.has_event_role(event_id, 'organiser'))
  with check (private.has_event_role(event_id, 'organiser'));
create policy "Organisers can delete the tracks of their events"
  on public.tracks for delete to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can add rooms to their events"
  on public.rooms for insert to authenticated
  with check (private.has_event_role(event_id, 'organiser'));
create policy "Organisers can change the rooms of their events"
  on public.rooms for update to authenticated
  using (private.has_event_role(event_id, 'organiser'))
  with check (private.has_event_role(event_id, 'organiser'));
create policy "Organisers can delete the rooms of their events"
  on public.rooms for delete to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can add speakers to their events"
  on public.speakers for insert to authenticated
  with check (private.has_event_role(event_id, 'organiser'));
create policy "Organisers can change the speakers of their events"
  on public.speakers for update to authenticated
  using (private.has_event_role(event_id, 'organiser'))
  with check (private.has_event_role(event_id, 'organiser'));
create policy "Organisers can delete the speakers of their events"
  on public.speakers for delete to authenticated
  using (private.has_event_role(event_id, 'organiser'));

-- "Organisers can read the sessions of their events" exists (20261123180300).
create policy "Organisers can add sessions to their events"
  on public.sessions for insert to authenticated
  with check (private.has_event_role(event_id, 'organiser'));
create policy "Organisers can change the sessions of their events"
  on public.sessions for update to authenticated
  using (private.has_event_role(event_id, 'organiser'))
  with check (private.has_event_role(event_id, 'organiser'));
create policy "Organisers can delete the sessions of their events"
  on public.sessions for delete to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can add speakers to the sessions of their events"
  on public.session_speakers for insert to authenticated
  with check (private.has_event_role(event_id, 'organiser'));
create policy "Organisers can change speakers' roles in the sessions of their events"
  on public.session_speakers for update to authenticated
  using (private.has_event_role(event_id, 'organiser'))
  with check (private.has_event_role(event_id, 'organiser'));
create policy "Organisers can take speakers out of the sessions of their events"
  on public.session_speakers for delete to authenticated
  using (private.has_event_role(event_id, 'organiser'));

-- ---------------------------------------------------------------------------
-- Speakers' organisations
-- ---------------------------------------------------------------------------

-- Organisations are shared across events and readable once public; an
-- organiser names one for a speaker by name (and sector, to add a new one).
-- Answers NULL when the caller does not organise the event, or when no
-- organisation has the name and no sector was given to create it.
create or replace function private.speaker_organisation(p_event_id uuid, p_name text, p_sector public.sector)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_name text := btrim(p_name);
  v_id uuid;
begin
  if not private.has_event_role(p_event_id, 'organiser') or v_name = '' or length(v_name) > 200 then
    return null;
  end if;
  select o.id into v_id
    from public.organisations o
   where lower(o.name) = lower(v_name) and (p_sector is null or o.sector = p_sector)
   order by o.created_at, o.id
   limit 1;
  if v_id is null and p_sector is not null then
    insert into public.organisations (name, sector) values (v_name, p_sector)
    on conflict (lower(name), sector) do nothing
    returning id into v_id;
    if v_id is null then
      select o.id into v_id from public.organisations o where lower(o.name) = lower(v_name) and o.sector = p_sector;
    end if;
  end if;
  return v_id;
end
$$;
revoke execute on function private.speaker_organisation(uuid, text, public.sector) from public;
grant execute on function private.speaker_organisation(uuid, text, public.sector) to authenticated;

-- Organisers read them through "Organisers can read the organisations in their
-- events" (20261203110102_event_console.sql).
