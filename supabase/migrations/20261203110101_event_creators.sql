-- Who may create events: people granted `event_creator` on an organisation,
-- so an installation is not open to every signed-in person. The first one is
-- granted by `npm run grant -- <email> event_creator <organisation>` (the
-- service role); an event created by one belongs to that organisation, and its
-- creator becomes the event's first organiser (private.create_event and
-- private.copy_event, 20261203110102_event_console.sql).

create type public.organisation_role as enum ('event_creator');

create table public.organisation_roles (
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.organisation_role not null,
  -- NULL when granted by the service role (the `npm run grant` CLI).
  granted_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (organisation_id, user_id, role)
);
create index organisation_roles_user_idx on public.organisation_roles (user_id);
create index organisation_roles_granted_by_idx on public.organisation_roles (granted_by) where granted_by is not null;

alter table public.organisation_roles enable row level security;
revoke all on table public.organisation_roles from anon, authenticated;
grant select on table public.organisation_roles to authenticated;
grant all on table public.organisation_roles to service_role;

create policy "Users can read their own organisation roles"
  on public.organisation_roles for select
  to authenticated
  using (user_id = (select auth.uid()));

-- True when the caller may create events for the organisation. Security
-- definer so that functions and policies ask without reading the table
-- through its policies; backed by the primary key.
create or replace function private.is_event_creator(p_organisation_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.organisation_roles r
     where r.organisation_id = p_organisation_id
       and r.user_id = (select auth.uid())
       and r.role = 'event_creator'
  )
$$;
revoke execute on function private.is_event_creator(uuid) from public;
grant execute on function private.is_event_creator(uuid) to authenticated, service_role;

-- An event creator sees the organisations they create events for (a fresh
-- installation's organisation is public nowhere yet).
create policy "Event creators can read their organisations"
  on public.organisations for select
  to authenticated
  using (private.is_event_creator(id));

-- The organisation an event was created for (NULL for events made before
-- the console, e.g. the seeded demo).
alter table public.events add column organisation_id uuid references public.organisations (id) on delete set null;
create index events_organisation_idx on public.events (organisation_id) where organisation_id is not null;
