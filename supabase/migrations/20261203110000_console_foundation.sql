-- The organiser console's two shared rules, for every table an organiser edits.
--
-- 1. Optimistic concurrency. Each editable row carries a `version` that rises
--    by one whenever an editable column changes. A console form carries the
--    version it showed; the write is `update … where id = $1 and version = $2`,
--    and no row means someone else saved first: the second organiser is told,
--    never silently overwritten. Counters that attendees move (seats taken,
--    tickets sold, calendar versions) are named in the trigger's arguments and
--    do not count as edits, so a booking rush never invalidates an open form.
--
-- 2. The audit log. Every change a signed-in person makes to those tables is
--    recorded — who, when, which row, before → after of the changed columns —
--    by a trigger, so no code path can forget it. The log is append-only:
--    nobody (the service role included) holds UPDATE or DELETE on it, and
--    organisers read only their own events' entries. Changes without a person
--    (migrations, the seed, server jobs) are not recorded.
--
-- A new organiser-editable table joins both with three lines:
--   alter table public.x add column version integer not null default 1 check (version > 0);
--   create trigger x_version before update on public.x
--     for each row execute function private.bump_version('counter_a', …);
--   create trigger x_audit after insert or update or delete on public.x
--     for each row execute function private.audit_row_change('event_id', 'id', 'name', 'counter_a', …);

-- ---------------------------------------------------------------------------
-- Versions
-- ---------------------------------------------------------------------------

-- Arguments: the columns that are not edits (besides version and updated_at).
-- Generated columns must be listed too: a BEFORE trigger sees them as NULL.
create or replace function private.bump_version() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_ignored text[] := array['version', 'updated_at'] || tg_argv;
begin
  if (to_jsonb(new) - v_ignored) is distinct from (to_jsonb(old) - v_ignored) then
    new.version := old.version + 1;
  else
    -- Nobody sets a version by hand: a write that edits nothing keeps it.
    new.version := old.version;
  end if;
  return new;
end
$$;
revoke execute on function private.bump_version() from public;

alter table public.events add column version integer not null default 1 check (version > 0);
alter table public.tracks add column version integer not null default 1 check (version > 0);
alter table public.rooms add column version integer not null default 1 check (version > 0);
alter table public.sessions add column version integer not null default 1 check (version > 0);
alter table public.speakers add column version integer not null default 1 check (version > 0);
alter table public.ticket_types add column version integer not null default 1 check (version > 0);

create trigger events_version before update on public.events
  for each row execute function private.bump_version();
create trigger tracks_version before update on public.tracks
  for each row execute function private.bump_version();
create trigger rooms_version before update on public.rooms
  for each row execute function private.bump_version();
create trigger sessions_version before update on public.sessions
  for each row execute function private.bump_version(
    'seats_taken', 'waitlist_issued', 'no_shows_released_at', 'calendar_version',
    -- Generated from kind and capacity (if it ever becomes a plain column, drop it here).
    'booking_required');
create trigger speakers_version before update on public.speakers
  for each row execute function private.bump_version();
create trigger ticket_types_version before update on public.ticket_types
  for each row execute function private.bump_version('sold');

-- ---------------------------------------------------------------------------
-- The audit log
-- ---------------------------------------------------------------------------

create type public.audit_action as enum ('insert', 'update', 'delete');

-- No foreign keys on purpose: an entry outlives the row it describes, and an
-- entry written while an event or a user is being deleted (cascades fire the
-- trigger) must not fail that deletion. The actor is a bare id: the console
-- shows the person's address while the account exists, "a deleted user" after.
create table public.audit_log (
  id bigint generated always as identity primary key,
  event_id uuid not null,
  actor_id uuid not null,
  -- Wall-clock time: several changes in one transaction keep their order.
  at timestamptz not null default clock_timestamp(),
  table_name text not null,
  -- The row's key columns ({"id": …} or e.g. {"session_id": …, "speaker_id": …}).
  row_key jsonb not null,
  -- A human name for the row at the time (a session's title, a room's name).
  row_label text,
  action public.audit_action not null,
  -- insert: after only; delete: before only (whole rows);
  -- update: before and after of the changed columns only.
  before jsonb,
  after jsonb
);
create index audit_log_event_at_idx on public.audit_log (event_id, at desc, id desc);
create index audit_log_actor_idx on public.audit_log (actor_id);

alter table public.audit_log enable row level security;
revoke all on table public.audit_log from anon, authenticated, service_role;
grant select on table public.audit_log to authenticated, service_role;

create policy "Organisers can read their events' audit log"
  on public.audit_log for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

-- Arguments: the column holding the event's id ('id' on events), the key
-- columns joined by commas, the label column (or ''), then the columns that
-- are not edits. Security definer: the API roles cannot write the log
-- themselves, only through this trigger.
create or replace function private.audit_row_change() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_actor uuid := (select auth.uid());
  v_event_column text := tg_argv[0];
  v_key_columns text[] := string_to_array(tg_argv[1], ',');
  v_label_column text := nullif(tg_argv[2], '');
  v_ignored text[] := array['version', 'updated_at'] || coalesce(tg_argv[3:], '{}');
  v_new jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
  v_old jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
  v_row jsonb := coalesce(v_new, v_old);
  v_before jsonb;
  v_after jsonb;
  v_column text;
begin
  if v_actor is null then
    return null;
  end if;

  if tg_op = 'UPDATE' then
    v_before := '{}';
    v_after := '{}';
    for v_column in select jsonb_object_keys(v_new) loop
      if v_column <> all (v_ignored) and (v_new -> v_column) is distinct from (v_old -> v_column) then
        v_before := v_before || jsonb_build_object(v_column, v_old -> v_column);
        v_after := v_after || jsonb_build_object(v_column, v_new -> v_column);
      end if;
    end loop;
    if v_after = '{}' then
      return null;
    end if;
  else
    v_before := v_old;
    v_after := v_new;
  end if;

  insert into public.audit_log (event_id, actor_id, table_name, row_key, row_label, action, before, after)
  values (
    (v_row ->> v_event_column)::uuid,
    v_actor,
    tg_table_name,
    (select jsonb_object_agg(k, v_row -> k) from unnest(v_key_columns) as k),
    case when v_label_column is not null then v_row ->> v_label_column end,
    lower(tg_op)::public.audit_action,
    v_before,
    v_after
  );
  return null;
end
$$;
revoke execute on function private.audit_row_change() from public;

create trigger events_audit after insert or update or delete on public.events
  for each row execute function private.audit_row_change('id', 'id', 'name');
create trigger tracks_audit after insert or update or delete on public.tracks
  for each row execute function private.audit_row_change('event_id', 'id', 'name');
create trigger rooms_audit after insert or update or delete on public.rooms
  for each row execute function private.audit_row_change('event_id', 'id', 'name');
create trigger sessions_audit after insert or update or delete on public.sessions
  for each row execute function private.audit_row_change(
    'event_id', 'id', 'title', 'seats_taken', 'waitlist_issued', 'no_shows_released_at', 'calendar_version',
    'booking_required');
create trigger speakers_audit after insert or update or delete on public.speakers
  for each row execute function private.audit_row_change('event_id', 'id', 'name');
create trigger session_speakers_audit after insert or update or delete on public.session_speakers
  for each row execute function private.audit_row_change('event_id', 'session_id,speaker_id', '');
create trigger ticket_types_audit after insert or update or delete on public.ticket_types
  for each row execute function private.audit_row_change('event_id', 'id', 'name', 'sold');
create trigger event_roles_audit after insert or update or delete on public.event_roles
  for each row execute function private.audit_row_change('event_id', 'event_id,user_id,role', 'role');
create trigger gallery_presentations_audit after insert or update or delete on public.gallery_presentations
  for each row execute function private.audit_row_change('event_id', 'id', '');
