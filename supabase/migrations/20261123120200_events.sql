-- Events: one innovation day each. Drafts are invisible to the public.

create type public.event_status as enum ('draft', 'published');

create table public.events (
  id uuid primary key default gen_random_uuid(),
  slug public.slug not null unique
    -- Events live at /<slug>: a slug must not shadow a top-level page.
    check (slug not in ('en', 'da', 'api', 'admin', 'auth', 'min-side', 'checkin', 'login', 'log-ind', 'log-ud',
                        'konsol', 'dev', 'tilgaengelighed', 'robots', 'sitemap', '_astro', 'favicon', '404', '500')),
  name text not null check (length(trim(name)) between 1 and 200),
  name_en text,
  theme text,
  theme_en text,
  tagline text,
  tagline_en text,
  description text,
  description_en text,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  timezone text not null default 'Europe/Copenhagen' check (timezone ~ '^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$'),
  venue_name text not null,
  venue_address text,
  organiser_name text not null,
  contact_email text check (contact_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  expected_attendees integer check (expected_attendees > 0),
  accessibility_statement_url text check (accessibility_statement_url ~ '^(https?://|/)'),
  status public.event_status not null default 'draft',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint events_ends_after_start check (ends_at > starts_at)
);
create index events_published_starts_idx on public.events (starts_at) where status = 'published';

create trigger events_touch before update on public.events
  for each row execute function private.touch_updated_at();

alter table public.events enable row level security;
revoke all on table public.events from anon, authenticated;
grant select on table public.events to anon, authenticated;
grant all on table public.events to service_role;

create policy "Published events are readable by everyone"
  on public.events for select
  to anon, authenticated
  using (status = 'published');

-- Used by the policies of every table that belongs to an event. Security
-- definer so that it reads events without recursing through their policies.
create or replace function private.event_is_public(p_event_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.events e where e.id = p_event_id and e.status = 'published'
  )
$$;
revoke execute on function private.event_is_public(uuid) from public;
grant execute on function private.event_is_public(uuid) to anon, authenticated, service_role;
