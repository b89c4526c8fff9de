-- Ticket types: what a seat at an event costs and for whom. Prices are integer
-- øre including VAT (moms); 0 is a free ticket.
--
-- `sold` counts every seat taken: issued tickets, tickets held by a pending
-- payment, and seats held for a waitlist offer. It only changes through the
-- guarded updates in private.register and private.release_seats, so
-- `sold <= capacity` is never broken, however many register at once; the
-- check constraint is the backstop.

create type public.ticket_audience as enum ('public_sector', 'private', 'student', 'other');

create table public.ticket_types (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (id) on delete cascade,
  slug public.slug not null,
  name text not null check (length(trim(name)) between 1 and 120),
  name_en text check (length(trim(name_en)) between 1 and 120),
  description text check (length(description) <= 2000),
  description_en text check (length(description_en) <= 2000),
  audience public.ticket_audience not null,
  -- At most 100.000 kr.
  price_ore integer not null check (price_ore between 0 and 10000000),
  vat_percent smallint not null default 25 check (vat_percent in (0, 25)),
  capacity integer not null check (capacity between 0 and 100000),
  sold integer not null default 0 check (sold >= 0),
  -- NULL: on sale from publication / until the event starts.
  sales_start timestamptz,
  sales_end timestamptz,
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (event_id, slug),
  unique (event_id, id),
  constraint ticket_types_sold_within_capacity check (sold <= capacity),
  constraint ticket_types_sales_window check (sales_end is null or sales_start is null or sales_end > sales_start)
);
create index ticket_types_event_idx on public.ticket_types (event_id, position);

create trigger ticket_types_touch before update on public.ticket_types
  for each row execute function private.touch_updated_at();

alter table public.ticket_types enable row level security;
revoke all on table public.ticket_types from anon, authenticated;
grant select on table public.ticket_types to anon, authenticated;
grant all on table public.ticket_types to service_role;

create policy "Ticket types of published events are readable by everyone"
  on public.ticket_types for select
  to anon, authenticated
  using (private.event_is_public(event_id));

create policy "Organisers can read the ticket types of their events"
  on public.ticket_types for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));
