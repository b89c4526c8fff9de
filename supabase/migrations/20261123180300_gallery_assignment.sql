-- Organisers place accepted solutions in gallery rounds. At most three per
-- round (unique (session_id, position) with position 1..3), and no exhibitor
-- in two places at once: each presentation carries its round's time range,
-- kept in sync with the session, under an exclusion constraint. Both hold
-- under concurrency because Postgres checks them at insert.

alter table public.gallery_presentations add column during tstzrange;

update public.gallery_presentations p
   set during = tstzrange(s.starts_at, s.ends_at, '[)')
  from public.sessions s
 where s.id = p.session_id;

alter table public.gallery_presentations
  alter column during set not null,
  add constraint gallery_presentations_solution_in_one_place exclude using gist (
    solution_id with =,
    during with &&
  );

create or replace function private.set_presentation_during() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  select tstzrange(s.starts_at, s.ends_at, '[)') into new.during
    from public.sessions s where s.id = new.session_id;
  return new;
end
$$;
revoke execute on function private.set_presentation_during() from public;

create trigger gallery_presentations_set_during before insert or update of session_id, during on public.gallery_presentations
  for each row execute function private.set_presentation_during();

create or replace function private.sync_presentation_during() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  update public.gallery_presentations
     set during = tstzrange(new.starts_at, new.ends_at, '[)')
   where session_id = new.id;
  return null;
end
$$;
revoke execute on function private.sync_presentation_during() from public;

create trigger sessions_sync_presentation_during after update of starts_at, ends_at on public.sessions
  for each row execute function private.sync_presentation_during();

create or replace function private.solution_is_accepted(p_solution_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from public.solutions s where s.id = p_solution_id and s.status = 'accepted')
$$;
revoke execute on function private.solution_is_accepted(uuid) from public;
grant execute on function private.solution_is_accepted(uuid) to authenticated, service_role;

grant insert (event_id, session_id, solution_id, position), delete on table public.gallery_presentations to authenticated;

create policy "Organisers can read the presentations in their events"
  on public.gallery_presentations for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Team members can read where their solutions present"
  on public.gallery_presentations for select
  to authenticated
  using (private.is_solution_member(solution_id));

create policy "Organisers can assign accepted solutions to rounds in their events"
  on public.gallery_presentations for insert
  to authenticated
  with check (private.has_event_role(event_id, 'organiser') and private.solution_is_accepted(solution_id));

create policy "Organisers can take solutions out of rounds in their events"
  on public.gallery_presentations for delete
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

-- Organisers plan rounds before the event is published; exhibitors see the
-- rounds they present in.
create or replace function private.presents_in_session(p_session_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.gallery_presentations p
    join public.solution_team_members m on m.solution_id = p.solution_id
    where p.session_id = p_session_id and m.user_id = (select auth.uid()) and m.accepted_at is not null
  )
$$;
revoke execute on function private.presents_in_session(uuid) from public;
grant execute on function private.presents_in_session(uuid) to authenticated, service_role;

create policy "Organisers can read the sessions of their events"
  on public.sessions for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Exhibitors can read the rounds they present in"
  on public.sessions for select
  to authenticated
  using (private.presents_in_session(id));
