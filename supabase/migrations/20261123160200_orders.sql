-- Orders: one buyer, one ticket type, one or more attendees (a colleague often
-- registers a whole team). A free order is paid the moment it is made; a paid
-- one is pending, holding its seats, until Stripe reports the payment or the
-- hold expires.
--
-- Lifecycle, never backwards (a trigger refuses anything else):
--   pending → paid | expired | cancelled
--   expired → paid        a late payment whose seats could be taken again
--   expired → refunded    a late payment whose seats were sold meanwhile
--   paid    → cancelled | refunded   every ticket in it cancelled
--   cancelled → refunded  a payment that completed after the order was cancelled
-- refunded is final, and so is cancelled for a free order.

create type public.order_status as enum ('pending', 'paid', 'expired', 'cancelled', 'refunded');

-- Eight characters of Crockford base32 (no I, L, O, U): easy to read aloud.
create or replace function private.new_order_reference() returns text
language plpgsql
volatile
set search_path = ''
as $$
declare
  -- Bytes 10–15 of a version 4 UUID are all random, and so are 0–5.
  v_bytes bytea := uuid_send(gen_random_uuid());
  v_alphabet constant text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  v_reference text := '';
  v_index integer;
begin
  foreach v_index in array array[0, 1, 2, 3, 10, 11, 12, 13] loop
    v_reference := v_reference || substr(v_alphabet, (get_byte(v_bytes, v_index) % 32) + 1, 1);
  end loop;
  return v_reference;
end
$$;
revoke execute on function private.new_order_reference() from public, anon, authenticated;
-- The column default runs as whoever inserts: the service role may insert orders.
grant execute on function private.new_order_reference() to service_role;

create table public.orders (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (id) on delete cascade,
  reference text not null unique default private.new_order_reference()
    check (reference ~ '^[0-9A-HJKMNP-TV-Z]{8}$'),
  -- The signed-in user who placed it, if any; anonymous buyers are found by email.
  buyer_user_id uuid references auth.users (id) on delete set null,
  buyer_name text check (length(trim(buyer_name)) between 1 and 200),
  buyer_email text check (buyer_email = lower(buyer_email) and buyer_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(buyer_email) <= 254),
  language text not null default 'da' check (language in ('da', 'en')),
  status public.order_status not null,
  total_ore integer not null check (total_ore between 0 and 1000000000),
  refunded_ore integer not null default 0,
  -- While pending: when the held seats are released.
  expires_at timestamptz,
  paid_at timestamptz,
  cancelled_at timestamptz,
  payment_provider text check (payment_provider in ('stripe')),
  checkout_session_id text unique check (length(checkout_session_id) between 1 and 255),
  payment_intent_id text check (length(payment_intent_id) between 1 and 255),
  -- Set when the confirmation emails (with each ticket's QR code) were queued.
  -- Rendering QR codes takes tens of milliseconds a ticket, so it happens in a
  -- job after the commit, never on the registration's path; a paid order with
  -- this NULL is the job's to-do list, and survives a crash.
  confirmation_queued_at timestamptz,
  anonymised_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (event_id, id),
  constraint orders_refund_within_total check (refunded_ore between 0 and total_ore),
  constraint orders_pending_expires check (status <> 'pending' or expires_at is not null),
  constraint orders_free_never_pending check (status <> 'pending' or total_ore > 0),
  constraint orders_paid_has_time check (status not in ('paid') or paid_at is not null),
  constraint orders_paid_online_has_provider
    check (total_ore = 0 or status not in ('paid') or payment_provider is not null),
  constraint orders_buyer_known_until_anonymised
    check (anonymised_at is not null or (buyer_name is not null and buyer_email is not null))
);
create index orders_buyer_user_idx on public.orders (buyer_user_id) where buyer_user_id is not null;
create index orders_buyer_email_idx on public.orders (buyer_email) where buyer_email is not null;
create index orders_event_idx on public.orders (event_id, created_at);
-- The release job's one query: pending orders by expiry.
create index orders_pending_expiry_idx on public.orders (expires_at) where status = 'pending';
create index orders_confirmation_due_idx on public.orders (paid_at)
  where status = 'paid' and confirmation_queued_at is null;
create index orders_payment_intent_idx on public.orders (payment_intent_id) where payment_intent_id is not null;

create trigger orders_touch before update on public.orders
  for each row execute function private.touch_updated_at();

create or replace function private.guard_order_update() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (new.id, new.event_id, new.reference, new.total_ore, new.created_at)
     is distinct from (old.id, old.event_id, old.reference, old.total_ore, old.created_at) then
    raise exception 'order %: its identity and total never change', old.id using errcode = 'check_violation';
  end if;
  if new.refunded_ore < old.refunded_ore then
    raise exception 'order %: refunds never shrink', old.id using errcode = 'check_violation';
  end if;
  if new.status is distinct from old.status and not (
       (old.status = 'pending' and new.status in ('paid', 'expired', 'cancelled'))
    or (old.status = 'expired' and new.status in ('paid', 'refunded'))
    or (old.status = 'paid' and new.status in ('cancelled', 'refunded'))
    or (old.status = 'cancelled' and new.status = 'refunded')
  ) then
    raise exception 'order % is % and cannot become %', old.id, old.status, new.status
      using errcode = 'check_violation';
  end if;
  if old.checkout_session_id is not null and new.checkout_session_id is distinct from old.checkout_session_id then
    raise exception 'order %: its checkout session never changes', old.id using errcode = 'check_violation';
  end if;
  if old.confirmation_queued_at is not null and new.confirmation_queued_at is distinct from old.confirmation_queued_at then
    raise exception 'order %: its confirmation was queued once, for good', old.id using errcode = 'check_violation';
  end if;
  if old.anonymised_at is not null and (new.buyer_name, new.buyer_email) is distinct from (null::text, null::text) then
    raise exception 'order %: an anonymised buyer stays anonymous', old.id using errcode = 'check_violation';
  end if;
  return new;
end
$$;
revoke execute on function private.guard_order_update() from public;

create trigger orders_guard before update on public.orders
  for each row execute function private.guard_order_update();

alter table public.orders enable row level security;
revoke all on table public.orders from anon, authenticated;
-- Buyers read their orders; every change goes through the functions in later
-- migrations (security definer) or the service role (webhooks, jobs).
grant select on table public.orders to authenticated;
grant all on table public.orders to service_role;

create policy "Buyers can read their own orders"
  on public.orders for select
  to authenticated
  using (buyer_user_id = (select auth.uid()) or buyer_email = (select private.current_email()));

create policy "Organisers can read the orders of their events"
  on public.orders for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));
