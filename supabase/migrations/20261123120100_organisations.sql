-- Organisations and the fixed Danish sector taxonomy used in every report.

create type public.sector as enum (
  'kommune',
  'region',
  'stat',
  'privat_virksomhed',
  'civilsamfund',
  'fond',
  'forskning_uddannelse'
);

create table public.organisations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(trim(name)) between 1 and 200),
  name_en text,
  sector public.sector not null,
  website_url text check (website_url ~ '^https?://'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index organisations_name_sector_key on public.organisations (lower(name), sector);

create trigger organisations_touch before update on public.organisations
  for each row execute function private.touch_updated_at();

alter table public.organisations enable row level security;
revoke all on table public.organisations from anon, authenticated;
grant all on table public.organisations to service_role;
-- Read policy in the events migration: an organisation is public once it
-- appears in a published event.
