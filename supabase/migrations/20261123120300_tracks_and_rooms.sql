-- Themed tracks (temaspor) and the rooms of the venue.

create table public.tracks (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (id) on delete cascade,
  slug public.slug not null,
  name text not null check (length(trim(name)) between 1 and 200),
  name_en text,
  description text,
  description_en text,
  colour text not null default '#1f4e79' check (colour ~ '^#[0-9a-fA-F]{6}$'),
  host_name text,
  position integer not null default 0,
  created_at timestamptz not null default now(),
  unique (event_id, slug),
  unique (event_id, id)
);

alter table public.tracks enable row level security;
revoke all on table public.tracks from anon, authenticated;
grant select on table public.tracks to anon, authenticated;
grant all on table public.tracks to service_role;

create policy "Tracks of published events are readable by everyone"
  on public.tracks for select
  to anon, authenticated
  using (private.event_is_public(event_id));

create table public.rooms (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (id) on delete cascade,
  name text not null check (length(trim(name)) between 1 and 120),
  name_en text,
  capacity integer not null check (capacity > 0),
  location_note text,
  location_note_en text,
  position integer not null default 0,
  created_at timestamptz not null default now(),
  unique (event_id, name),
  unique (event_id, id)
);

alter table public.rooms enable row level security;
revoke all on table public.rooms from anon, authenticated;
grant select on table public.rooms to anon, authenticated;
grant all on table public.rooms to service_role;

create policy "Rooms of published events are readable by everyone"
  on public.rooms for select
  to anon, authenticated
  using (private.event_is_public(event_id));
