-- Personal calendar subscriptions (webcal): a secret token per ticket that a
-- calendar app polls without signing in. Only the token's SHA-256 is stored;
-- issuing a new token revokes the old one, and revoking ends the feed.

create table public.calendar_feeds (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null,
  ticket_id uuid not null,
  token_hash bytea not null unique check (length(token_hash) = 32),
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  constraint calendar_feeds_ticket_same_event foreign key (event_id, ticket_id)
    references public.tickets (event_id, id) on delete cascade
);
create unique index calendar_feeds_one_active_per_ticket on public.calendar_feeds (ticket_id)
  where revoked_at is null;
create index calendar_feeds_event_idx on public.calendar_feeds (event_id);

alter table public.calendar_feeds enable row level security;
revoke all on table public.calendar_feeds from anon, authenticated;
grant select (id, event_id, ticket_id, created_at, revoked_at) on table public.calendar_feeds to authenticated;
grant all on table public.calendar_feeds to service_role;

create policy "Attendees can see the calendar feeds of their own tickets"
  on public.calendar_feeds for select
  to authenticated
  using (ticket_id in (
    select t.id from public.tickets t
     where t.holder_user_id = (select auth.uid()) or t.attendee_email = (select private.current_email())));

-- A new feed for the caller's ticket at the event; any older one stops
-- working. Returns the feed's id, or NULL without a valid ticket.
create or replace function private.issue_calendar_feed(p_event_id uuid, p_token_hash bytea) returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_ticket uuid;
  v_feed uuid;
begin
  v_ticket := private.lock_caller_ticket(p_event_id);
  if v_ticket is null then
    return null;
  end if;
  update public.calendar_feeds set revoked_at = now() where ticket_id = v_ticket and revoked_at is null;
  insert into public.calendar_feeds (event_id, ticket_id, token_hash)
  values (p_event_id, v_ticket, p_token_hash)
  returning id into v_feed;
  return v_feed;
end
$$;

-- Ends the caller's feed at the event. Returns whether there was one.
create or replace function private.revoke_calendar_feed(p_event_id uuid) returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_ticket uuid;
begin
  v_ticket := private.lock_caller_ticket(p_event_id);
  update public.calendar_feeds set revoked_at = now() where ticket_id = v_ticket and revoked_at is null;
  return found;
end
$$;

-- What a feed shows: the bookings of its ticket, cancelled ones included (a
-- calendar must learn that an entry was cancelled); a live feed without
-- bookings gives one row with booking_id NULL. Empty for an unknown or revoked
-- token. Callable by anon: the token is the credential.
create or replace function private.calendar_feed_bookings(p_token_hash bytea)
returns table (
  event_id uuid, booking_id uuid, session_id uuid, status public.booking_status, version integer,
  updated_at timestamptz, language text
)
language sql
stable
security definer
set search_path = ''
as $$
  select f.event_id, b.id, b.session_id, b.status, b.version, b.updated_at, o.language
    from public.calendar_feeds f
    join public.tickets t on t.id = f.ticket_id
    join public.orders o on o.id = t.order_id
    left join public.bookings b on b.ticket_id = f.ticket_id
   where f.token_hash = p_token_hash and f.revoked_at is null
$$;

revoke execute on function private.issue_calendar_feed(uuid, bytea) from public, anon;
revoke execute on function private.revoke_calendar_feed(uuid) from public, anon;
revoke execute on function private.calendar_feed_bookings(bytea) from public;
grant execute on function private.issue_calendar_feed(uuid, bytea) to authenticated, service_role;
grant execute on function private.revoke_calendar_feed(uuid) to authenticated, service_role;
grant execute on function private.calendar_feed_bookings(bytea) to anon, authenticated, service_role;
