-- Events in the organiser console: create one from blank or as a copy of a
-- previous one, edit what the public pages show, and move it through its
-- lifecycle draft → published → archived.
--
-- * Public: published and archived events (an archived event stays readable,
--   but is over: private.register and private.book_session already accept
--   only published events, and the call for solutions closes with it).
-- * Organisers read their own drafts and everything in them (the preview of
--   the public pages), and edit their events' public fields; the slug is
--   chosen once (no column privilege to change it).
-- * private.create_event and private.copy_event check that the caller may
--   create events for the organisation (event_creator, 20261203110101) and
--   make the caller the new event's organiser, in one transaction.
-- * A copy takes the settings, tracks, rooms, ticket types, the session
--   skeleton (gallery rounds included) with every date moved by the same
--   number of days in the event's time zone; never people (speakers,
--   roles), solutions, orders, tickets, bookings or check-ins. Rows are copied
--   column by column as JSON, so a setting column added later is copied too;
--   the counters of what attendees did start again from their defaults.

-- ---------------------------------------------------------------------------
-- Archived events stay public
-- ---------------------------------------------------------------------------

drop policy "Published events are readable by everyone" on public.events;
create policy "Published and archived events are readable by everyone"
  on public.events for select
  to anon, authenticated
  using (status in ('published', 'archived'));

create or replace function private.event_is_public(p_event_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.events e where e.id = p_event_id and e.status in ('published', 'archived')
  )
$$;

create or replace function private.solution_is_public(p_solution_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.solutions s
    join public.events e on e.id = s.event_id
    where s.id = p_solution_id and s.status = 'accepted' and e.status in ('published', 'archived')
  )
$$;

create or replace function private.organisation_is_public(p_organisation_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.solution_partners sp
    join public.solutions s on s.id = sp.solution_id
    join public.events e on e.id = s.event_id
    where sp.organisation_id = p_organisation_id and s.status = 'accepted' and e.status in ('published', 'archived')
  ) or exists (
    select 1
    from public.speakers sp
    join public.events e on e.id = sp.event_id
    where sp.organisation_id = p_organisation_id and e.status in ('published', 'archived')
  )
$$;

-- An archived event takes no more solutions, whatever its call window says.
create or replace function private.call_is_open(p_event_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.events e
    where e.id = p_event_id and e.status <> 'archived'
      and now() >= e.call_opens_at and now() < e.call_closes_at
  )
$$;

-- ---------------------------------------------------------------------------
-- What organisers may change, and how far
-- ---------------------------------------------------------------------------

-- The public fields had no length limits beyond the name's; a console form
-- must not store a 10,000-character tagline.
alter table public.events
  add constraint events_name_en_length check (length(name_en) <= 200),
  add constraint events_theme_length check (length(theme) <= 200 and length(theme_en) <= 200),
  add constraint events_tagline_length check (length(tagline) <= 300 and length(tagline_en) <= 300),
  add constraint events_description_length check (length(description) <= 10000 and length(description_en) <= 10000),
  add constraint events_venue_length check (
    length(trim(venue_name)) between 1 and 200 and length(venue_address) <= 300),
  add constraint events_organiser_name_length check (length(trim(organiser_name)) between 1 and 200),
  add constraint events_contact_email_length check (length(contact_email) <= 254),
  add constraint events_accessibility_url_length check (length(accessibility_statement_url) <= 500),
  -- /konsol/ny creates an event: no event may be called "ny" in the console.
  add constraint events_slug_console_reserved check (slug not in ('ny'));

-- The lifecycle only moves forward: draft → published → archived. A time
-- zone must be one Postgres knows (the column's check only sees its shape).
create or replace function private.guard_event_update() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.status is distinct from old.status
     and not (old.status = 'draft' and new.status = 'published')
     and not (old.status = 'published' and new.status = 'archived') then
    raise exception 'an event moves from % to % only forward (draft → published → archived)', old.status, new.status
      using errcode = '23514', constraint = 'events_status_forward';
  end if;
  if new.timezone is distinct from old.timezone
     and not exists (select 1 from pg_catalog.pg_timezone_names where name = new.timezone) then
    raise exception 'unknown time zone %', new.timezone using errcode = '23514', constraint = 'events_timezone_known';
  end if;
  return new;
end
$$;
revoke execute on function private.guard_event_update() from public;

create trigger events_guard before update on public.events
  for each row execute function private.guard_event_update();

-- A new venue bumps the calendar version of the event's sessions
-- (20261203101000): as the organiser, who may not update sessions directly,
-- that trigger must run as its owner. It touches only the event's own sessions.
alter function private.bump_calendar_of_event() security definer;

grant update (
  name, name_en, theme, theme_en, tagline, tagline_en, description, description_en,
  starts_at, ends_at, timezone, venue_name, venue_address, organiser_name,
  contact_email, accessibility_statement_url, status
) on table public.events to authenticated;

create policy "Organisers can edit their own events"
  on public.events for update
  to authenticated
  using (private.has_event_role(id, 'organiser'))
  with check (private.has_event_role(id, 'organiser'));

-- ---------------------------------------------------------------------------
-- The preview: organisers read everything their own pages show
-- ---------------------------------------------------------------------------

create policy "Organisers can preview the tracks of their events"
  on public.tracks for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can preview the rooms of their events"
  on public.rooms for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can preview the speakers of their events"
  on public.speakers for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can preview the speaker appearances of their events"
  on public.session_speakers for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can read the partners of solutions in their events"
  on public.solution_partners for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

-- An organisation that partners a solution, or employs a speaker, in an
-- event the caller organises.
create or replace function private.organisation_in_my_events(p_organisation_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.solution_partners sp
     where sp.organisation_id = p_organisation_id and private.has_event_role(sp.event_id, 'organiser')
  ) or exists (
    select 1 from public.speakers s
     where s.organisation_id = p_organisation_id and private.has_event_role(s.event_id, 'organiser')
  ) or exists (
    select 1 from public.events e
     where e.organisation_id = p_organisation_id and private.has_event_role(e.id, 'organiser')
  )
$$;
revoke execute on function private.organisation_in_my_events(uuid) from public;
grant execute on function private.organisation_in_my_events(uuid) to authenticated, service_role;

create policy "Organisers can read the organisations in their events"
  on public.organisations for select
  to authenticated
  using (private.organisation_in_my_events(id));

-- ---------------------------------------------------------------------------
-- Creating events
-- ---------------------------------------------------------------------------

-- What a refused insert of an event means, as the console's code.
create or replace function private.event_refusal(p_constraint text) returns text
language sql immutable
set search_path = ''
as $$
  select case
    when p_constraint = 'events_slug_key' then 'slug_taken'
    when p_constraint in ('events_slug_check', 'events_slug_console_reserved') then 'slug_reserved'
    when p_constraint = 'slug_check' then 'slug_invalid'
    when p_constraint = 'events_ends_after_start' then 'ends_before_start'
    when p_constraint in ('events_name_check', 'events_name_en_length') then 'name_invalid'
    when p_constraint in ('events_venue_length', 'events_venue_name_check') then 'venue_invalid'
    when p_constraint in ('events_timezone_check', 'events_timezone_known') then 'timezone_invalid'
    else 'invalid'
  end
$$;
revoke execute on function private.event_refusal(text) from public;

-- A new, empty draft event for an organisation the caller creates events
-- for; the caller becomes its organiser. Answers {code: 'created', id, slug}
-- or a refusal code: not_allowed, slug_taken, slug_reserved, slug_invalid,
-- ends_before_start, name_invalid, venue_invalid, timezone_invalid.
create or replace function private.create_event(
  p_organisation_id uuid,
  p_slug text,
  p_name text,
  p_name_en text,
  p_starts_at timestamptz,
  p_ends_at timestamptz,
  p_timezone text,
  p_venue_name text
) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
  v_organisation_name text;
  v_id uuid := gen_random_uuid();
  v_constraint text;
begin
  if v_user is null or not private.is_event_creator(p_organisation_id) then
    return jsonb_build_object('code', 'not_allowed');
  end if;
  if not exists (select 1 from pg_catalog.pg_timezone_names where name = p_timezone) then
    return jsonb_build_object('code', 'timezone_invalid');
  end if;
  select o.name into v_organisation_name from public.organisations o where o.id = p_organisation_id;
  begin
    insert into public.events (id, slug, name, name_en, starts_at, ends_at, timezone, venue_name,
                               organiser_name, organisation_id, status)
    values (v_id, p_slug, p_name, nullif(p_name_en, ''), p_starts_at, p_ends_at, p_timezone, p_venue_name,
            v_organisation_name, p_organisation_id, 'draft');
  exception when unique_violation or check_violation or not_null_violation then
    get stacked diagnostics v_constraint = constraint_name;
    return jsonb_build_object('code', private.event_refusal(v_constraint));
  end;
  insert into public.event_roles (event_id, user_id, role, granted_by) values (v_id, v_user, 'organiser', v_user);
  return jsonb_build_object('code', 'created', 'id', v_id, 'slug', p_slug);
end
$$;
revoke execute on function private.create_event(uuid, text, text, text, timestamptz, timestamptz, text, text) from public;
grant execute on function private.create_event(uuid, text, text, text, timestamptz, timestamptz, text, text)
  to authenticated;

-- A row as JSON with every timestamptz column moved by p_days days in the
-- time zone p_timezone (so 09:00 stays 09:00 across a daylight-saving
-- change), leaving NULLs alone.
create or replace function private.shift_row_times(p_table regclass, p_row jsonb, p_days integer, p_timezone text)
returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_column text;
  v_row jsonb := p_row;
begin
  for v_column in
    select a.attname from pg_catalog.pg_attribute a
     where a.attrelid = p_table and a.attnum > 0 and not a.attisdropped
       and a.atttypid = 'pg_catalog.timestamptz'::pg_catalog.regtype
  loop
    if jsonb_typeof(v_row -> v_column) = 'string' then
      v_row := jsonb_set(v_row, array[v_column], to_jsonb(
        (((v_row ->> v_column)::timestamptz at time zone p_timezone) + make_interval(days => p_days))
          at time zone p_timezone));
    end if;
  end loop;
  return v_row;
end
$$;
revoke execute on function private.shift_row_times(regclass, jsonb, integer, text) from public;

-- Inserts a row given as JSON, naming only the columns the JSON has: the
-- others (ids dropped on purpose, counters, created_at) get their defaults.
create or replace function private.insert_json_row(p_table regclass, p_row jsonb) returns void
language plpgsql
set search_path = ''
as $$
declare
  v_columns text;
begin
  select string_agg(quote_ident(a.attname), ', ' order by a.attnum) into v_columns
    from pg_catalog.pg_attribute a
   where a.attrelid = p_table and a.attnum > 0 and not a.attisdropped
     and a.attgenerated = '' and a.attidentity = '' and p_row ? a.attname;
  execute format('insert into %s (%s) select %s from jsonb_populate_record(null::%s, $1)',
                 p_table, v_columns, v_columns, p_table)
    using p_row;
end
$$;
revoke execute on function private.insert_json_row(regclass, jsonb) from public;

-- Next year's day from last year's: a draft copy of an event the caller
-- organises, for an organisation the caller creates events for, starting on
-- p_starts_on (the source's times of day kept). Answers like create_event,
-- plus not_found when the caller does not organise the source.
create or replace function private.copy_event(
  p_source_event_id uuid,
  p_organisation_id uuid,
  p_slug text,
  p_name text,
  p_name_en text,
  p_starts_on date
) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
  v_source public.events;
  v_id uuid := gen_random_uuid();
  v_days integer;
  v_ids jsonb := '{}';
  v_row jsonb;
  v_new uuid;
  v_constraint text;
  v_organisation_name text;
  -- Never copied: keys, what is set anew, and what attendees did.
  c_common text[] := array['id', 'event_id', 'created_at', 'updated_at', 'version'];
begin
  if v_user is null or not private.is_event_creator(p_organisation_id) then
    return jsonb_build_object('code', 'not_allowed');
  end if;
  select * into v_source from public.events e
   where e.id = p_source_event_id and private.has_event_role(e.id, 'organiser');
  if not found then
    return jsonb_build_object('code', 'not_found');
  end if;
  select o.name into v_organisation_name from public.organisations o where o.id = p_organisation_id;
  v_days := p_starts_on - (v_source.starts_at at time zone v_source.timezone)::date;

  v_row := private.shift_row_times('public.events', to_jsonb(v_source), v_days, v_source.timezone)
    - c_common - array['slug', 'name', 'name_en', 'status', 'organisation_id']
    || jsonb_build_object('id', v_id, 'slug', p_slug, 'name', p_name, 'name_en', nullif(p_name_en, ''),
                          'status', 'draft', 'organisation_id', p_organisation_id,
                          'organiser_name', coalesce(v_organisation_name, v_source.organiser_name));
  begin
    perform private.insert_json_row('public.events', v_row);
  exception when unique_violation or check_violation or not_null_violation then
    get stacked diagnostics v_constraint = constraint_name;
    return jsonb_build_object('code', private.event_refusal(v_constraint));
  end;
  insert into public.event_roles (event_id, user_id, role, granted_by) values (v_id, v_user, 'organiser', v_user);

  for v_row in select to_jsonb(t) from public.tracks t where t.event_id = p_source_event_id order by t.position, t.slug loop
    v_new := gen_random_uuid();
    v_ids := v_ids || jsonb_build_object(v_row ->> 'id', v_new);
    perform private.insert_json_row('public.tracks',
      private.shift_row_times('public.tracks', v_row, v_days, v_source.timezone) - c_common
        || jsonb_build_object('id', v_new, 'event_id', v_id));
  end loop;

  for v_row in select to_jsonb(r) from public.rooms r where r.event_id = p_source_event_id order by r.position, r.name loop
    v_new := gen_random_uuid();
    v_ids := v_ids || jsonb_build_object(v_row ->> 'id', v_new);
    perform private.insert_json_row('public.rooms',
      private.shift_row_times('public.rooms', v_row, v_days, v_source.timezone) - c_common
        || jsonb_build_object('id', v_new, 'event_id', v_id));
  end loop;

  for v_row in select to_jsonb(tt) from public.ticket_types tt where tt.event_id = p_source_event_id loop
    perform private.insert_json_row('public.ticket_types',
      private.shift_row_times('public.ticket_types', v_row, v_days, v_source.timezone) - c_common - 'sold'
        || jsonb_build_object('event_id', v_id));
  end loop;

  -- The skeleton: every session with its kind, times, room, track, capacity
  -- and texts; not who speaks, nor who booked or presents.
  for v_row in select to_jsonb(s) from public.sessions s where s.event_id = p_source_event_id order by s.starts_at loop
    perform private.insert_json_row('public.sessions',
      private.shift_row_times('public.sessions', v_row, v_days, v_source.timezone)
        - c_common - array['seats_taken', 'waitlist_issued', 'no_shows_released_at', 'calendar_version']
        || jsonb_build_object('event_id', v_id,
                              'room_id', v_ids -> (v_row ->> 'room_id'),
                              'track_id', v_ids -> (v_row ->> 'track_id')));
  end loop;

  return jsonb_build_object('code', 'created', 'id', v_id, 'slug', p_slug);
end
$$;
revoke execute on function private.copy_event(uuid, uuid, text, text, text, date) from public;
grant execute on function private.copy_event(uuid, uuid, text, text, text, date) to authenticated;
