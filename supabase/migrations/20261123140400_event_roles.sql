-- Who does what at an event: organisers, check-in staff, exhibitors' people
-- and attendees. Later policies ask private.has_event_role(event_id, role, …).

create type public.event_role as enum ('organiser', 'checkin_staff', 'exhibitor_member', 'attendee');

create table public.event_roles (
  event_id uuid not null references public.events (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.event_role not null,
  -- NULL when granted by the service role (the `npm run grant` CLI).
  granted_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (event_id, user_id, role)
);
create index event_roles_user_idx on public.event_roles (user_id);
create index event_roles_granted_by_idx on public.event_roles (granted_by) where granted_by is not null;

alter table public.event_roles enable row level security;
revoke all on table public.event_roles from anon, authenticated;
grant select, insert, delete on table public.event_roles to authenticated;
grant all on table public.event_roles to service_role;

-- True when the calling user holds any of the given roles at the event.
-- Security definer so that policies on event_roles itself can call it without
-- recursing; backed by the primary key (event_id, user_id, role).
create or replace function private.has_event_role(p_event_id uuid, variadic p_roles public.event_role[])
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.event_roles r
    where r.event_id = p_event_id
      and r.user_id = (select auth.uid())
      and r.role = any (p_roles)
  )
$$;
revoke execute on function private.has_event_role(uuid, public.event_role[]) from public;
grant execute on function private.has_event_role(uuid, public.event_role[]) to anon, authenticated, service_role;

create policy "Users can read their own event roles"
  on public.event_roles for select
  to authenticated
  using (user_id = (select auth.uid()));

create policy "Organisers can read the roles in their events"
  on public.event_roles for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can grant roles in their events"
  on public.event_roles for insert
  to authenticated
  with check (private.has_event_role(event_id, 'organiser') and granted_by = (select auth.uid()));

create policy "Organisers can revoke roles in their events"
  on public.event_roles for delete
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));
