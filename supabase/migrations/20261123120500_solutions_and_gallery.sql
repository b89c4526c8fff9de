-- Solutions shown in the solution gallery (løsningsgalleri), their partner
-- organisations, and the presentations that place them in gallery rounds.

create type public.solution_status as enum ('draft', 'submitted', 'changes_requested', 'accepted', 'rejected', 'withdrawn');

create table public.solutions (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (id) on delete cascade,
  slug public.slug not null,
  title text not null check (length(trim(title)) between 1 and 200),
  title_en text,
  summary text not null check (length(trim(summary)) between 1 and 4000),
  summary_en text,
  target_group text,
  target_group_en text,
  results text,
  results_en text,
  link_url text check (link_url ~ '^https?://'),
  theme_tags text[] not null default '{}',
  award_nominee boolean not null default false,
  contact_name text not null check (length(trim(contact_name)) between 1 and 200),
  -- Personal data: never granted to anon (column privileges below).
  contact_email text not null check (contact_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  contact_phone text,
  status public.solution_status not null default 'draft',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (event_id, slug),
  unique (event_id, id)
);
create index solutions_event_status_idx on public.solutions (event_id, status);

create trigger solutions_touch before update on public.solutions
  for each row execute function private.touch_updated_at();

alter table public.solutions enable row level security;
revoke all on table public.solutions from anon, authenticated;
grant select (
  id, event_id, slug, title, title_en, summary, summary_en, target_group, target_group_en,
  results, results_en, link_url, theme_tags, award_nominee, contact_name, status, created_at, updated_at
) on table public.solutions to anon, authenticated;
grant all on table public.solutions to service_role;

create policy "Accepted solutions of published events are readable by everyone"
  on public.solutions for select
  to anon, authenticated
  using (status = 'accepted' and private.event_is_public(event_id));

create type public.partner_role as enum ('lead', 'partner');

create table public.solution_partners (
  event_id uuid not null,
  solution_id uuid not null,
  organisation_id uuid not null references public.organisations (id) on delete restrict,
  role public.partner_role not null default 'partner',
  position integer not null default 0,
  primary key (solution_id, organisation_id),
  foreign key (event_id, solution_id) references public.solutions (event_id, id) on delete cascade
);
create index solution_partners_organisation_idx on public.solution_partners (organisation_id);
create unique index solution_partners_one_lead on public.solution_partners (solution_id) where role = 'lead';

alter table public.solution_partners enable row level security;
revoke all on table public.solution_partners from anon, authenticated;
grant select on table public.solution_partners to anon, authenticated;
grant all on table public.solution_partners to service_role;

create or replace function private.solution_is_public(p_solution_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.solutions s
    join public.events e on e.id = s.event_id
    where s.id = p_solution_id and s.status = 'accepted' and e.status = 'published'
  )
$$;
revoke execute on function private.solution_is_public(uuid) from public;
grant execute on function private.solution_is_public(uuid) to anon, authenticated, service_role;

create policy "Partners of public solutions are readable by everyone"
  on public.solution_partners for select
  to anon, authenticated
  using (private.solution_is_public(solution_id));

create table public.gallery_presentations (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null,
  session_id uuid not null,
  -- Pinned to 'gallery_round' through the foreign key below, so a
  -- presentation can only hang off a gallery round.
  session_kind public.session_kind not null default 'gallery_round' check (session_kind = 'gallery_round'),
  solution_id uuid not null,
  -- A round holds up to three solutions, presented in order.
  position smallint not null check (position between 1 and 3),
  created_at timestamptz not null default now(),
  unique (session_id, position),
  unique (session_id, solution_id),
  foreign key (event_id, session_id, session_kind) references public.sessions (event_id, id, kind) on delete cascade,
  foreign key (event_id, solution_id) references public.solutions (event_id, id) on delete cascade
);
create index gallery_presentations_solution_idx on public.gallery_presentations (solution_id);

alter table public.gallery_presentations enable row level security;
revoke all on table public.gallery_presentations from anon, authenticated;
grant select on table public.gallery_presentations to anon, authenticated;
grant all on table public.gallery_presentations to service_role;

create policy "Presentations of public solutions are readable by everyone"
  on public.gallery_presentations for select
  to anon, authenticated
  using (private.solution_is_public(solution_id));

-- Organisations become public once they partner a public solution or a
-- speaker of a published event belongs to them.
create or replace function private.organisation_is_public(p_organisation_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.solution_partners sp
    join public.solutions s on s.id = sp.solution_id
    join public.events e on e.id = s.event_id
    where sp.organisation_id = p_organisation_id and s.status = 'accepted' and e.status = 'published'
  ) or exists (
    select 1
    from public.speakers sp
    join public.events e on e.id = sp.event_id
    where sp.organisation_id = p_organisation_id and e.status = 'published'
  )
$$;
revoke execute on function private.organisation_is_public(uuid) from public;
grant execute on function private.organisation_is_public(uuid) to anon, authenticated, service_role;

grant select (id, name, name_en, sector, website_url) on table public.organisations to anon, authenticated;

create policy "Organisations in published events are readable by everyone"
  on public.organisations for select
  to anon, authenticated
  using (private.organisation_is_public(id));
