-- Materials: files (slides, reports, pictures) and links (video, report,
-- repository) attached to a session or a solution, by the event's organisers
-- (also on behalf of speakers) or by the solution's team. Each has a
-- visibility:
--   public            everyone, once the event (and the solution) is public;
--   ticket_holders    signed-in people with a valid ticket to the event;
--   session_attendees people with a valid ticket who booked (confirmed) or
--                     were scanned into the session — for a solution, into a
--                     gallery round it presents in.
-- Files live in the storage port (src/lib/storage/) under `storage_key`; a
-- reader gets a short-lived signed link only after RLS here let the row
-- through. Deleting a row — by hand, or by the cascade of a session, solution
-- or event — queues the file's deletion from storage (private.forget_stored_object,
-- job queue 'storage-delete'), so a removed file is gone even when the
-- request that removed it died before it could delete it.

create type public.material_visibility as enum ('public', 'ticket_holders', 'session_attendees');

create table public.materials (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (id) on delete cascade,
  session_id uuid,
  solution_id uuid,
  title text not null check (length(trim(title)) between 1 and 200),
  title_en text check (length(trim(title_en)) between 1 and 200),
  visibility public.material_visibility not null default 'public',
  -- A link …
  link_url text check (link_url ~ '^https?://[^\s]+$' and length(link_url) <= 2000),
  -- … or a file in storage.
  storage_key text unique check (storage_key ~ '^materials/[0-9a-f-]{36}/[0-9a-f-]{36}\.[a-z0-9]{2,5}$'),
  content_type text check (length(content_type) <= 200),
  byte_size bigint check (byte_size > 0),
  download_name text check (length(download_name) between 1 and 120),
  added_by uuid default auth.uid() references auth.users (id) on delete set null,
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint materials_session_same_event foreign key (event_id, session_id)
    references public.sessions (event_id, id) on delete cascade,
  constraint materials_solution_same_event foreign key (event_id, solution_id)
    references public.solutions (event_id, id) on delete cascade,
  constraint materials_one_subject check (num_nonnulls(session_id, solution_id) = 1),
  constraint materials_file_or_link check (num_nonnulls(link_url, storage_key) = 1),
  constraint materials_file_described check (
    storage_key is null or (content_type is not null and byte_size is not null and download_name is not null))
);
create index materials_session_idx on public.materials (session_id, created_at) where session_id is not null;
create index materials_solution_idx on public.materials (solution_id, created_at) where solution_id is not null;
create index materials_event_idx on public.materials (event_id);
create index materials_added_by_idx on public.materials (added_by) where added_by is not null;

create trigger materials_touch before update on public.materials
  for each row execute function private.touch_updated_at();
create trigger materials_version before update on public.materials
  for each row execute function private.bump_version();
create trigger materials_audit after insert or update or delete on public.materials
  for each row execute function private.audit_row_change('event_id', 'id', 'title');

-- A file leaves storage after the row that named it is gone (or names another):
-- a job of the one queue, so it happens after the commit, once, with retries.
-- Argument: the column that holds the storage key. Any table with files uses it.
create or replace function private.forget_stored_object() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_old text := to_jsonb(old) ->> tg_argv[0];
  v_new text := case when tg_op = 'UPDATE' then to_jsonb(new) ->> tg_argv[0] end;
begin
  if v_old is not null and v_old is distinct from v_new then
    perform private.enqueue_job('storage-delete', v_old, jsonb_build_object('key', v_old));
  end if;
  return null;
end
$$;
revoke execute on function private.forget_stored_object() from public;

create trigger materials_forget_file after delete or update of storage_key on public.materials
  for each row execute function private.forget_stored_object('storage_key');

-- Whether the caller may see a material: organisers of the event and the
-- solution's team always; others as the visibility says, and only once the
-- event (and the solution) is public.
create or replace function private.may_read_material(
  p_event_id uuid,
  p_session_id uuid,
  p_solution_id uuid,
  p_visibility public.material_visibility
) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when private.has_event_role(p_event_id, 'organiser') then true
    when p_solution_id is not null and (select auth.uid()) is not null
      and private.is_solution_member(p_solution_id) then true
    when not private.event_is_public(p_event_id) then false
    when p_solution_id is not null and not private.solution_is_public(p_solution_id) then false
    when p_visibility = 'public' then true
    when (select auth.uid()) is null then false
    when p_visibility = 'ticket_holders' then exists (
      select 1 from public.tickets t
      where t.event_id = p_event_id and t.status = 'valid'
        and (t.holder_user_id = (select auth.uid()) or t.attendee_email = (select private.current_email())))
    else exists (
      select 1
      from public.tickets t
      where t.event_id = p_event_id and t.status = 'valid'
        and (t.holder_user_id = (select auth.uid()) or t.attendee_email = (select private.current_email()))
        and (
          exists (
            select 1 from public.bookings b
            where b.ticket_id = t.id and b.status = 'confirmed'
              and (b.session_id = p_session_id
                or b.session_id in (select gp.session_id from public.gallery_presentations gp
                                    where gp.solution_id = p_solution_id)))
          or exists (
            select 1 from public.session_check_ins c
            where c.ticket_id = t.id
              and (c.session_id = p_session_id
                or c.session_id in (select gp.session_id from public.gallery_presentations gp
                                    where gp.solution_id = p_solution_id)))))
  end
$$;
revoke execute on function private.may_read_material(uuid, uuid, uuid, public.material_visibility) from public;
grant execute on function private.may_read_material(uuid, uuid, uuid, public.material_visibility)
  to anon, authenticated, service_role;

-- Who may attach and remove: the event's organisers (for any session or
-- solution of theirs, speakers' materials included) and a solution's team.
create or replace function private.may_edit_material(p_event_id uuid, p_solution_id uuid) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.has_event_role(p_event_id, 'organiser')
    or (p_solution_id is not null and private.is_solution_member(p_solution_id))
$$;
revoke execute on function private.may_edit_material(uuid, uuid) from public;
grant execute on function private.may_edit_material(uuid, uuid) to authenticated, service_role;

alter table public.materials enable row level security;
revoke all on table public.materials from anon, authenticated;
grant select on table public.materials to anon, authenticated;
grant insert (event_id, session_id, solution_id, title, title_en, visibility, link_url, storage_key, content_type,
  byte_size, download_name) on table public.materials to authenticated;
grant update (title, title_en, visibility) on table public.materials to authenticated;
grant delete on table public.materials to authenticated;
grant all on table public.materials to service_role;

create policy "Materials are readable as their visibility says"
  on public.materials for select
  to anon, authenticated
  using (private.may_read_material(event_id, session_id, solution_id, visibility));

create policy "Organisers and solution teams can attach materials"
  on public.materials for insert
  to authenticated
  with check (added_by = (select auth.uid()) and private.may_edit_material(event_id, solution_id));

create policy "Organisers and solution teams can change their materials"
  on public.materials for update
  to authenticated
  using (private.may_edit_material(event_id, solution_id))
  with check (private.may_edit_material(event_id, solution_id));

create policy "Organisers and solution teams can remove their materials"
  on public.materials for delete
  to authenticated
  using (private.may_edit_material(event_id, solution_id));
