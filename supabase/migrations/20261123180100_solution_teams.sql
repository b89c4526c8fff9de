-- Who stands behind a solution: its owner (who submitted it) and the
-- colleagues they invite by email. Team members read and edit the solution
-- while the call is open; an invitation counts once its user has accepted it.

alter table public.solutions
  add column owner_user_id uuid default auth.uid() references auth.users (id) on delete set null,
  add column evidence text check (length(evidence) <= 4000),
  add column links text[] not null default '{}' check (
    cardinality(links) <= 5
    and (cardinality(links) = 0 or array_to_string(links, ' ') ~ '^https?://\S+( https?://\S+)*$')
  ),
  -- Partner organisations as the exhibitor entered them: [{ "name": …, "sector": … }].
  -- They become organisations and solution_partners when the solution is accepted.
  add column partners jsonb not null default '[]' check (jsonb_typeof(partners) = 'array' and jsonb_array_length(partners) <= 12);
create index solutions_owner_idx on public.solutions (owner_user_id) where owner_user_id is not null;

grant select (evidence, links, partners) on table public.solutions to anon, authenticated;

create type public.solution_team_role as enum ('owner', 'member');

create table public.solution_team_members (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null,
  solution_id uuid not null,
  role public.solution_team_role not null default 'member',
  invited_email text not null check (invited_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(invited_email) <= 254),
  -- NULL until the invited person signs in and accepts.
  user_id uuid references auth.users (id) on delete cascade,
  invited_by uuid default auth.uid() references auth.users (id) on delete set null,
  accepted_at timestamptz,
  created_at timestamptz not null default now(),
  foreign key (event_id, solution_id) references public.solutions (event_id, id) on delete cascade,
  constraint solution_team_members_accepted_has_user check ((accepted_at is null) = (user_id is null))
);
create unique index solution_team_members_email_key on public.solution_team_members (solution_id, lower(invited_email));
create unique index solution_team_members_user_key on public.solution_team_members (solution_id, user_id);
create unique index solution_team_members_one_owner on public.solution_team_members (solution_id) where role = 'owner';
create index solution_team_members_user_idx on public.solution_team_members (user_id) where user_id is not null;
create index solution_team_members_email_idx on public.solution_team_members (lower(invited_email)) where user_id is null;
create index solution_team_members_invited_by_idx on public.solution_team_members (invited_by) where invited_by is not null;

alter table public.solution_team_members enable row level security;
revoke all on table public.solution_team_members from anon, authenticated;
grant select on table public.solution_team_members to authenticated;
grant insert (event_id, solution_id, invited_email) on table public.solution_team_members to authenticated;
grant delete on table public.solution_team_members to authenticated;
grant all on table public.solution_team_members to service_role;

-- True when the calling user is an accepted member (or the owner) of the solution.
create or replace function private.is_solution_member(p_solution_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.solution_team_members m
    where m.solution_id = p_solution_id and m.user_id = (select auth.uid()) and m.accepted_at is not null
  )
$$;
revoke execute on function private.is_solution_member(uuid) from public;
grant execute on function private.is_solution_member(uuid) to authenticated, service_role;

create or replace function private.is_solution_owner(p_solution_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.solution_team_members m
    where m.solution_id = p_solution_id and m.user_id = (select auth.uid()) and m.role = 'owner'
  )
$$;
revoke execute on function private.is_solution_owner(uuid) from public;
grant execute on function private.is_solution_owner(uuid) to authenticated, service_role;

create policy "Team members can read their team"
  on public.solution_team_members for select
  to authenticated
  using (private.is_solution_member(solution_id));

create policy "Invited people can read their invitations"
  on public.solution_team_members for select
  to authenticated
  using (user_id is null and lower(invited_email) = lower((select auth.jwt()) ->> 'email'));

create policy "Organisers can read the teams in their events"
  on public.solution_team_members for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Team members can invite colleagues to their solutions"
  on public.solution_team_members for insert
  to authenticated
  with check (
    private.is_solution_member(solution_id) and role = 'member' and user_id is null and accepted_at is null
    and invited_by = (select auth.uid())
  );

create policy "Owners can remove members from their solutions"
  on public.solution_team_members for delete
  to authenticated
  using (role = 'member' and private.is_solution_owner(solution_id));

-- The submitter becomes the owner in the same statement that creates the solution.
create or replace function private.add_solution_owner() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if new.owner_user_id is not null then
    insert into public.solution_team_members (event_id, solution_id, role, invited_email, user_id, invited_by, accepted_at)
    select new.event_id, new.id, 'owner', coalesce(u.email, new.contact_email), u.id, u.id, now()
    from auth.users u where u.id = new.owner_user_id;
  end if;
  return null;
end
$$;
revoke execute on function private.add_solution_owner() from public;

create trigger solutions_add_owner after insert on public.solutions
  for each row execute function private.add_solution_owner();

-- Accepts every open invitation addressed to the caller's email; returns how many.
create or replace function private.accept_solution_invitations() returns integer
language plpgsql security definer
set search_path = ''
as $$
declare
  v_count integer;
begin
  if (select auth.uid()) is null or nullif((select auth.jwt() ->> 'email'), '') is null then
    return 0;
  end if;
  update public.solution_team_members m
     set user_id = (select auth.uid()), accepted_at = now()
   where m.user_id is null
     and lower(m.invited_email) = lower((select auth.jwt()) ->> 'email')
     and not exists (
       select 1 from public.solution_team_members o
       where o.solution_id = m.solution_id and o.user_id = (select auth.uid())
     );
  get diagnostics v_count = row_count;
  return v_count;
end
$$;
revoke execute on function private.accept_solution_invitations() from public;
grant execute on function private.accept_solution_invitations() to authenticated, service_role;

-- Exhibitors: propose, read and edit their own solutions.
grant insert (
  event_id, slug, title, summary, target_group, results, evidence, links, partners, link_url,
  award_nominee, contact_name, contact_email, contact_phone, status
) on table public.solutions to authenticated;
grant update (
  title, summary, target_group, results, evidence, links, partners, link_url,
  award_nominee, contact_name, contact_email, contact_phone, status
) on table public.solutions to authenticated;

create policy "Signed-in users can propose solutions while the call is open"
  on public.solutions for insert
  to authenticated
  with check (
    owner_user_id = (select auth.uid()) and status in ('draft', 'submitted') and private.call_is_open(event_id)
  );

-- The owner clause lets INSERT … RETURNING see the row before the owner trigger has run.
create policy "Team members can read their solutions"
  on public.solutions for select
  to authenticated
  using (owner_user_id = (select auth.uid()) or private.is_solution_member(id));

create policy "Team members can edit their solutions while the call is open"
  on public.solutions for update
  to authenticated
  using (
    status in ('draft', 'submitted', 'changes_requested')
    and private.is_solution_member(id) and private.call_is_open(event_id)
  )
  with check (
    status in ('draft', 'submitted', 'changes_requested', 'withdrawn')
    and private.is_solution_member(id) and private.call_is_open(event_id)
  );

create policy "Organisers can read the solutions of their events"
  on public.solutions for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

-- Contact details are column-protected from the API roles; members and
-- organisers read them through here.
create or replace function private.solution_contact(p_solution_id uuid)
returns table (contact_email text, contact_phone text)
language sql stable security definer
set search_path = ''
as $$
  select s.contact_email, s.contact_phone
  from public.solutions s
  where s.id = p_solution_id
    and (private.is_solution_member(s.id) or private.has_event_role(s.event_id, 'organiser'))
$$;
revoke execute on function private.solution_contact(uuid) from public;
grant execute on function private.solution_contact(uuid) to authenticated, service_role;
