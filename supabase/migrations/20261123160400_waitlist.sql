-- The waitlist of an event, per ticket type. When a seat of that type frees up
-- it is held for the first person waiting (an offer, emailed with a link) for
-- the event's waitlist_offer_hours; accepted, it becomes their ticket; left
-- to expire, it passes to the next person, and when nobody waits any more
-- the seat is released for sale.
--
-- Lifecycle, never backwards:
--   waiting → offered | cancelled
--   offered → accepted | expired | cancelled
-- The offer link's token is stored only as its SHA-256.

create type public.waitlist_status as enum ('waiting', 'offered', 'accepted', 'expired', 'cancelled');

create table public.waitlist_entries (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null,
  ticket_type_id uuid not null,
  user_id uuid references auth.users (id) on delete set null,
  name text not null check (length(trim(name)) between 1 and 200),
  email text not null check (email = lower(email) and email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(email) <= 254),
  language text not null default 'da' check (language in ('da', 'en')),
  status public.waitlist_status not null default 'waiting',
  offered_at timestamptz,
  offer_expires_at timestamptz,
  -- Set when the offer email was queued (with the token it carries).
  offer_token_hash bytea unique check (octet_length(offer_token_hash) = 32),
  offer_notified_at timestamptz,
  accepted_order_id uuid references public.orders (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint waitlist_entries_type_same_event foreign key (event_id, ticket_type_id)
    references public.ticket_types (event_id, id) on delete cascade,
  constraint waitlist_entries_offer_has_deadline
    check (status not in ('offered', 'accepted') or (offered_at is not null and offer_expires_at is not null))
);
-- One place in line per address per event.
create unique index waitlist_entries_one_per_email on public.waitlist_entries (event_id, email)
  where status in ('waiting', 'offered');
-- Who is next: the oldest waiting entry of a type.
create index waitlist_entries_queue_idx on public.waitlist_entries (ticket_type_id, created_at, id)
  where status = 'waiting';
create index waitlist_entries_offer_expiry_idx on public.waitlist_entries (offer_expires_at)
  where status = 'offered';
create index waitlist_entries_user_idx on public.waitlist_entries (user_id) where user_id is not null;
create index waitlist_entries_email_idx on public.waitlist_entries (email);

create trigger waitlist_entries_touch before update on public.waitlist_entries
  for each row execute function private.touch_updated_at();

create or replace function private.guard_waitlist_entry_update() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (new.id, new.event_id, new.ticket_type_id, new.created_at)
     is distinct from (old.id, old.event_id, old.ticket_type_id, old.created_at) then
    raise exception 'waitlist entry %: its identity never changes', old.id using errcode = 'check_violation';
  end if;
  if new.status is distinct from old.status and not (
       (old.status = 'waiting' and new.status in ('offered', 'cancelled'))
    or (old.status = 'offered' and new.status in ('accepted', 'expired', 'cancelled'))
  ) then
    raise exception 'waitlist entry % is % and cannot become %', old.id, old.status, new.status
      using errcode = 'check_violation';
  end if;
  return new;
end
$$;
revoke execute on function private.guard_waitlist_entry_update() from public;

create trigger waitlist_entries_guard before update on public.waitlist_entries
  for each row execute function private.guard_waitlist_entry_update();

alter table public.waitlist_entries enable row level security;
revoke all on table public.waitlist_entries from anon, authenticated;
grant select (
  id, event_id, ticket_type_id, user_id, name, email, language, status, offered_at, offer_expires_at,
  accepted_order_id, created_at, updated_at
) on table public.waitlist_entries to authenticated;
grant all on table public.waitlist_entries to service_role;

create policy "People can read their own waitlist entries"
  on public.waitlist_entries for select
  to authenticated
  using (user_id = (select auth.uid()) or email = (select private.current_email()));

create policy "Organisers can read the waitlists of their events"
  on public.waitlist_entries for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));
