-- Tickets: one per attendee, with that attendee's own details. The QR code on
-- a ticket is signed over (event, ticket, revision); re-issuing a ticket bumps
-- `revision`, which revokes every older code.
--
-- Lifecycle, never backwards:
--   reserved → valid | expired | cancelled   (a paid order's seat while it is pending)
--   expired  → valid                         (a late payment took the seat again)
--   valid    → cancelled
-- Anonymising (account deletion) erases the personal columns but keeps the
-- row, its type, sector and status, so attendance and sector counts survive.

create type public.ticket_status as enum ('reserved', 'valid', 'expired', 'cancelled');

create table public.tickets (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null,
  order_id uuid not null,
  ticket_type_id uuid not null,
  -- 1..n within the order: "ticket 2 of 3", reference "<order>-2".
  position smallint not null check (position between 1 and 100),
  status public.ticket_status not null,
  revision integer not null default 1 check (revision between 1 and 65535),
  price_ore integer not null check (price_ore >= 0),
  -- Set when the attendee is a signed-in user (or signs in later and edits it).
  holder_user_id uuid references auth.users (id) on delete set null,
  attendee_name text check (length(trim(attendee_name)) between 1 and 200),
  attendee_email text check (attendee_email = lower(attendee_email) and attendee_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(attendee_email) <= 254),
  organisation_name text check (length(trim(organisation_name)) between 1 and 200),
  sector public.sector not null,
  job_title text check (length(trim(job_title)) between 1 and 200),
  municipality text check (length(trim(municipality)) between 1 and 100),
  dietary_needs text check (length(dietary_needs) <= 500),
  accessibility_needs text check (length(accessibility_needs) <= 500),
  -- Consents are opt-in and per attendee, never given by the buyer's checkbox alone.
  consent_share_contact boolean not null default false,
  consent_newsletter boolean not null default false,
  issued_at timestamptz,
  cancelled_at timestamptz,
  anonymised_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (order_id, position),
  unique (event_id, id),
  constraint tickets_order_same_event foreign key (event_id, order_id)
    references public.orders (event_id, id) on delete cascade,
  constraint tickets_type_same_event foreign key (event_id, ticket_type_id)
    references public.ticket_types (event_id, id) on delete restrict,
  constraint tickets_valid_was_issued check (status <> 'valid' or issued_at is not null),
  constraint tickets_cancelled_has_time check ((status = 'cancelled') = (cancelled_at is not null)),
  constraint tickets_attendee_known_until_anonymised
    check (anonymised_at is not null or (attendee_name is not null and attendee_email is not null))
);
-- One seat per person per event: a second active ticket for the same address
-- is refused, whoever registers it.
create unique index tickets_one_active_per_email on public.tickets (event_id, attendee_email)
  where status in ('reserved', 'valid') and attendee_email is not null;
create index tickets_order_idx on public.tickets (order_id);
create index tickets_holder_user_idx on public.tickets (holder_user_id) where holder_user_id is not null;
create index tickets_attendee_email_idx on public.tickets (attendee_email) where attendee_email is not null;
create index tickets_type_idx on public.tickets (ticket_type_id, status);

create trigger tickets_touch before update on public.tickets
  for each row execute function private.touch_updated_at();

create or replace function private.guard_ticket_update() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (new.id, new.event_id, new.order_id, new.ticket_type_id, new.position, new.price_ore, new.created_at)
     is distinct from
     (old.id, old.event_id, old.order_id, old.ticket_type_id, old.position, old.price_ore, old.created_at) then
    raise exception 'ticket %: only its holder details and state may change', old.id using errcode = 'check_violation';
  end if;
  if new.revision < old.revision then
    raise exception 'ticket %: its revision never goes back', old.id using errcode = 'check_violation';
  end if;
  if new.status is distinct from old.status and not (
       (old.status = 'reserved' and new.status in ('valid', 'expired', 'cancelled'))
    or (old.status = 'expired' and new.status = 'valid')
    or (old.status = 'valid' and new.status = 'cancelled')
  ) then
    raise exception 'ticket % is % and cannot become %', old.id, old.status, new.status
      using errcode = 'check_violation';
  end if;
  if old.anonymised_at is not null and (new.attendee_name, new.attendee_email) is distinct from (null::text, null::text) then
    raise exception 'ticket %: an anonymised attendee stays anonymous', old.id using errcode = 'check_violation';
  end if;
  return new;
end
$$;
revoke execute on function private.guard_ticket_update() from public;

create trigger tickets_guard before update on public.tickets
  for each row execute function private.guard_ticket_update();

alter table public.tickets enable row level security;
revoke all on table public.tickets from anon, authenticated;
grant select on table public.tickets to authenticated;
-- Attendees (and the colleague who registered them) may correct the details;
-- never the email, the type, the price or the state.
grant update (
  attendee_name, organisation_name, sector, job_title, municipality, dietary_needs, accessibility_needs,
  consent_share_contact, consent_newsletter
) on table public.tickets to authenticated;
grant all on table public.tickets to service_role;

create policy "Attendees can read their own tickets"
  on public.tickets for select
  to authenticated
  using (holder_user_id = (select auth.uid()) or attendee_email = (select private.current_email()));

-- The orders subquery runs under the orders policies: only the caller's own orders.
create policy "Buyers can read the tickets they bought"
  on public.tickets for select
  to authenticated
  using (order_id in (select o.id from public.orders o));

create policy "Organisers can read the tickets of their events"
  on public.tickets for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Attendees and their buyers can correct the details of active tickets"
  on public.tickets for update
  to authenticated
  using (
    status in ('reserved', 'valid') and anonymised_at is null
    and (holder_user_id = (select auth.uid())
         or attendee_email = (select private.current_email())
         or order_id in (select o.id from public.orders o
                         where o.buyer_user_id = (select auth.uid())
                            or o.buyer_email = (select private.current_email())))
  )
  with check (status in ('reserved', 'valid') and anonymised_at is null);
