-- Payments with Stripe Checkout: the webhook's deduplication log, refunds as
-- requests that a worker executes after commit, and the one fulfilment
-- function the webhook and the success page both call. All of it belongs to
-- the service role; the API roles reach refunds only through
-- private.cancel_ticket (a later migration).

-- Every Stripe event handled, by id: a redelivered event finds its row and
-- changes nothing. The row is written in the same transaction as the
-- handling, so an event whose handling failed is handled again on retry.
create table private.stripe_webhook_events (
  id text primary key check (id ~ '^evt_[A-Za-z0-9_]{1,250}$'),
  type text not null check (length(type) between 1 and 100),
  livemode boolean not null,
  stripe_created_at timestamptz not null,
  received_at timestamptz not null default now()
);
create index stripe_webhook_events_received_idx on private.stripe_webhook_events (received_at);

alter table private.stripe_webhook_events enable row level security;
revoke all on table private.stripe_webhook_events from public, anon, authenticated;
grant select, insert, delete on table private.stripe_webhook_events to service_role;

create policy "Webhook events are handled by the service role only"
  on private.stripe_webhook_events for all
  to service_role
  using (true)
  with check (true);

-- Refunds. A use case records the request in its own transaction (so it
-- exists exactly when the cancellation does); a worker claims it after commit
-- and calls Stripe with the request's id as the Idempotency-Key, so however
-- often it is retried, the money goes back once.
--
-- Lifecycle: pending → sending → succeeded | failed, with sending → pending
-- for a retry. succeeded and failed are final.
create table private.refund_requests (
  id uuid primary key default gen_random_uuid(),
  order_id uuid not null references public.orders (id) on delete cascade,
  ticket_id uuid references public.tickets (id) on delete set null,
  -- One refund per cause: 'cancel:<ticket>', 'late-payment:<order>', …
  idempotency_key text not null unique check (idempotency_key ~ '^[a-z-]+:[0-9a-f-]{36}$'),
  payment_intent_id text not null check (length(payment_intent_id) between 1 and 255),
  amount_ore integer not null check (amount_ore > 0),
  reason text not null check (reason in ('cancellation', 'late_payment', 'payment_mismatch', 'charge_without_order')),
  status text not null default 'pending' check (status in ('pending', 'sending', 'succeeded', 'failed')),
  attempts integer not null default 0 check (attempts >= 0),
  max_attempts integer not null default 10 check (max_attempts between 1 and 50),
  next_attempt_at timestamptz default now(),
  lease_token uuid,
  stripe_refund_id text,
  last_error text check (length(last_error) <= 2000),
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  constraint refund_requests_due_while_open check ((status in ('pending', 'sending')) = (next_attempt_at is not null)),
  constraint refund_requests_lease_while_sending check ((status = 'sending') = (lease_token is not null)),
  constraint refund_requests_succeeded_has_refund check ((status = 'succeeded') = (stripe_refund_id is not null)),
  constraint refund_requests_finished_has_time check ((status in ('succeeded', 'failed')) = (finished_at is not null))
);
create index refund_requests_due_idx on private.refund_requests (next_attempt_at) where status in ('pending', 'sending');
create index refund_requests_order_idx on private.refund_requests (order_id);

alter table private.refund_requests enable row level security;
revoke all on table private.refund_requests from public, anon, authenticated;
grant select, insert, update on table private.refund_requests to service_role;

create policy "Refunds are handled by the service role only"
  on private.refund_requests for all
  to service_role
  using (true)
  with check (true);

create or replace function private.guard_refund_request_update() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (new.id, new.order_id, new.idempotency_key, new.payment_intent_id, new.amount_ore, new.reason, new.created_at)
     is distinct from
     (old.id, old.order_id, old.idempotency_key, old.payment_intent_id, old.amount_ore, old.reason, old.created_at) then
    raise exception 'refund request %: only its execution state may change', old.id using errcode = 'check_violation';
  end if;
  if old.status in ('succeeded', 'failed') and new.status <> old.status then
    raise exception 'refund request % is % and cannot become %', old.id, old.status, new.status
      using errcode = 'check_violation';
  end if;
  if new.attempts < old.attempts then
    raise exception 'refund request %: attempts never decrease', old.id using errcode = 'check_violation';
  end if;
  return new;
end
$$;
revoke execute on function private.guard_refund_request_update() from public;

create trigger refund_requests_guard before update on private.refund_requests
  for each row execute function private.guard_refund_request_update();

-- Records a refund to make; the same key twice records one. Returns its id,
-- or NULL when the order has no card payment to refund.
create or replace function private.request_refund(
  p_order_id uuid,
  p_ticket_id uuid,
  p_amount_ore integer,
  p_reason text,
  p_idempotency_key text
) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_payment_intent text;
  v_id uuid;
begin
  select o.payment_intent_id into v_payment_intent from public.orders o where o.id = p_order_id;
  if v_payment_intent is null or p_amount_ore is null or p_amount_ore <= 0 then
    return null;
  end if;
  insert into private.refund_requests (order_id, ticket_id, idempotency_key, payment_intent_id, amount_ore, reason)
  values (p_order_id, p_ticket_id, p_idempotency_key, v_payment_intent, p_amount_ore, p_reason)
  on conflict (idempotency_key) do nothing
  returning id into v_id;
  if v_id is null then
    select r.id into v_id from private.refund_requests r where r.idempotency_key = p_idempotency_key;
  end if;
  return v_id;
end
$$;

-- Claims due refunds for one worker (several may run at once: skip locked).
create or replace function private.claim_refund_requests(p_limit integer, p_lease interval)
returns setof private.refund_requests
language plpgsql
set search_path = ''
as $$
begin
  if p_limit not between 1 and 1000 or p_lease < interval '1 second' then
    raise exception 'claim_refund_requests: limit must be 1..1000 and the lease at least a second'
      using errcode = 'invalid_parameter_value';
  end if;
  update private.refund_requests r
     set status = 'failed', next_attempt_at = null, lease_token = null, finished_at = now(),
         last_error = left(concat_ws('; ', r.last_error, 'lease expired after the last attempt'), 2000)
   where r.id in (
     select q.id from private.refund_requests q
      where q.status = 'sending' and q.next_attempt_at <= now() and q.attempts >= q.max_attempts
      for update skip locked);
  return query
  update private.refund_requests r
     set status = 'sending', attempts = r.attempts + 1, next_attempt_at = now() + p_lease,
         lease_token = gen_random_uuid()
   where r.id in (
     select q.id from private.refund_requests q
      where q.status in ('pending', 'sending') and q.next_attempt_at <= now() and q.attempts < q.max_attempts
      order by q.next_attempt_at, q.id
      limit p_limit
      for update skip locked)
  returning r.*;
end
$$;

-- Stripe accepted the refund. The order's refunded amount follows the sum of
-- its succeeded refunds (and never shrinks: charge.refunded may have raised it).
create or replace function private.complete_refund_request(p_id uuid, p_stripe_refund_id text)
returns boolean
language plpgsql
set search_path = ''
as $$
declare
  v_order uuid;
begin
  update private.refund_requests r
     set status = 'succeeded', stripe_refund_id = p_stripe_refund_id, finished_at = now(),
         next_attempt_at = null, lease_token = null
   where r.id = p_id and r.status in ('pending', 'sending')
  returning r.order_id into v_order;
  if v_order is null then
    return false;
  end if;
  update public.orders o
     set refunded_ore = least(o.total_ore, greatest(o.refunded_ore, (
       select coalesce(sum(r.amount_ore), 0)::integer from private.refund_requests r
        where r.order_id = v_order and r.status = 'succeeded')))
   where o.id = v_order;
  return true;
end
$$;

-- A failed attempt by the lease holder: retry after p_retry_in, or give up
-- (p_retry_in NULL, or no attempts left). Returns the new status.
create or replace function private.record_refund_failure(p_id uuid, p_lease_token uuid, p_error text, p_retry_in interval)
returns text
language sql
set search_path = ''
as $$
  update private.refund_requests r
     set status = case when p_retry_in is null or r.attempts >= r.max_attempts then 'failed' else 'pending' end,
         next_attempt_at = case when p_retry_in is null or r.attempts >= r.max_attempts then null
                                else now() + greatest(p_retry_in, interval '0') end,
         finished_at = case when p_retry_in is null or r.attempts >= r.max_attempts then now() end,
         lease_token = null,
         last_error = left(coalesce(p_error, 'unknown error'), 2000)
   where r.id = p_id and r.status = 'sending' and r.lease_token = p_lease_token
  returning r.status
$$;

-- Remembers the Checkout Session that pays for a pending order.
create or replace function private.attach_checkout_session(p_order_id uuid, p_session_id text)
returns boolean
language sql
set search_path = ''
as $$
  with attached as (
    update public.orders o set checkout_session_id = p_session_id
     where o.id = p_order_id and o.status = 'pending' and o.checkout_session_id is null
    returning 1)
  select exists (select 1 from attached)
$$;

-- The one fulfilment: a Checkout Session for the order was paid. Idempotent,
-- whoever calls it how often (the webhook, its retries, the success page).
--   fulfilled        the tickets are valid now; queue the confirmation
--   already_paid     nothing to do
--   refund_required  the money came, but the order cannot be honoured (its
--                    seats were released and sold, it was cancelled, or the
--                    amount is wrong): the refund is recorded (refund_request_id)
--   already_refunded nothing to do
--   unknown_order    no such order, or a session that is not the order's
create or replace function private.fulfil_order(
  p_order_id uuid,
  p_session_id text,
  p_payment_intent_id text,
  p_amount_ore integer,
  p_currency text
) returns table (result text, refund_request_id uuid)
language plpgsql
set search_path = ''
as $$
#variable_conflict use_column
declare
  v_order record;
  v_type uuid;
  v_count integer;
  v_retaken boolean := true;
  v_refund uuid;
begin
  select o.id, o.status, o.total_ore, o.checkout_session_id, o.payment_intent_id
    into v_order
    from public.orders o
   where o.id = p_order_id
     for update;
  if not found or (v_order.checkout_session_id is not null and v_order.checkout_session_id <> p_session_id) then
    return query select 'unknown_order', null::uuid;
    return;
  end if;
  if v_order.status = 'paid' then
    return query select 'already_paid', null::uuid;
    return;
  end if;
  if v_order.status = 'refunded' then
    return query select 'already_refunded', null::uuid;
    return;
  end if;

  update public.orders o
     set checkout_session_id = coalesce(o.checkout_session_id, p_session_id),
         payment_intent_id = coalesce(o.payment_intent_id, p_payment_intent_id)
   where o.id = p_order_id;

  if p_amount_ore is distinct from v_order.total_ore or lower(p_currency) is distinct from 'dkk' then
    perform private.end_pending_order(p_order_id, 'cancelled');
    v_refund := private.request_refund(p_order_id, null, p_amount_ore, 'payment_mismatch', 'payment-mismatch:' || p_order_id);
    update public.orders o set status = 'refunded' where o.id = p_order_id;
    return query select 'refund_required', v_refund;
    return;
  end if;

  if v_order.status = 'expired' then
    -- The hold ran out before the payment came: take the seats again if they are still free.
    begin
      for v_type, v_count in
        select t.ticket_type_id, count(*)::integer from public.tickets t
         where t.order_id = p_order_id and t.status = 'expired'
         group by t.ticket_type_id
         order by t.ticket_type_id
      loop
        update public.ticket_types tt set sold = tt.sold + v_count
         where tt.id = v_type and tt.sold + v_count <= tt.capacity;
        if not found then
          raise exception using errcode = 'P0001', message = 'seats taken';
        end if;
      end loop;
      update public.tickets t set status = 'valid', issued_at = now()
       where t.order_id = p_order_id and t.status = 'expired';
    exception when raise_exception or unique_violation then
      -- Sold out meanwhile, or an attendee registered again since: nothing above happened.
      v_retaken := false;
    end;
  end if;

  if v_order.status = 'pending' or (v_order.status = 'expired' and v_retaken) then
    update public.tickets t set status = 'valid', issued_at = now()
     where t.order_id = p_order_id and t.status = 'reserved';
    update public.orders o set status = 'paid', paid_at = now(), expires_at = null where o.id = p_order_id;
    return query select 'fulfilled', null::uuid;
    return;
  end if;

  -- Expired and sold meanwhile, or cancelled: the money goes back.
  v_refund := private.request_refund(p_order_id, null, p_amount_ore, 'late_payment', 'late-payment:' || p_order_id);
  update public.orders o set status = 'refunded' where o.id = p_order_id;
  return query select 'refund_required', v_refund;
end
$$;

-- Stripe reports a refund on a charge (ours, or one made in the Dashboard).
-- The order's refunded amount rises to Stripe's figure; a full refund of a
-- paid order cancels its remaining tickets and releases their seats.
create or replace function private.record_charge_refund(p_payment_intent_id text, p_amount_refunded integer)
returns text
language plpgsql
set search_path = ''
as $$
declare
  v_order record;
  v_type uuid;
  v_count integer;
begin
  select o.id, o.status, o.total_ore into v_order
    from public.orders o where o.payment_intent_id = p_payment_intent_id
     for update;
  if not found then
    return 'unknown_order';
  end if;
  update public.orders o
     set refunded_ore = least(o.total_ore, greatest(o.refunded_ore, p_amount_refunded))
   where o.id = v_order.id;
  if v_order.status = 'paid' and p_amount_refunded >= v_order.total_ore then
    for v_type, v_count in
      select t.ticket_type_id, count(*)::integer from public.tickets t
       where t.order_id = v_order.id and t.status = 'valid'
       group by t.ticket_type_id
    loop
      perform private.release_seats(v_type, v_count);
    end loop;
    update public.tickets t set status = 'cancelled', cancelled_at = now()
     where t.order_id = v_order.id and t.status = 'valid';
    update public.orders o set status = 'refunded', cancelled_at = now() where o.id = v_order.id;
    return 'order_refunded';
  end if;
  return 'recorded';
end
$$;

-- A pending order whose payment failed, was abandoned, or could not start.
create or replace function private.cancel_pending_order(p_order_id uuid)
returns boolean
language sql
set search_path = ''
as $$ select private.end_pending_order(p_order_id, 'cancelled') $$;

-- A pending order whose Checkout Session expired.
create or replace function private.expire_pending_order(p_order_id uuid)
returns boolean
language sql
set search_path = ''
as $$ select private.end_pending_order(p_order_id, 'expired') $$;

revoke execute on function private.guard_refund_request_update() from anon, authenticated;
revoke execute on function private.request_refund(uuid, uuid, integer, text, text) from public, anon, authenticated;
revoke execute on function private.claim_refund_requests(integer, interval) from public, anon, authenticated;
revoke execute on function private.complete_refund_request(uuid, text) from public, anon, authenticated;
revoke execute on function private.record_refund_failure(uuid, uuid, text, interval) from public, anon, authenticated;
revoke execute on function private.attach_checkout_session(uuid, text) from public, anon, authenticated;
revoke execute on function private.fulfil_order(uuid, text, text, integer, text) from public, anon, authenticated;
revoke execute on function private.record_charge_refund(text, integer) from public, anon, authenticated;
revoke execute on function private.cancel_pending_order(uuid) from public, anon, authenticated;
revoke execute on function private.expire_pending_order(uuid) from public, anon, authenticated;
grant execute on function private.request_refund(uuid, uuid, integer, text, text) to service_role;
grant execute on function private.claim_refund_requests(integer, interval) to service_role;
grant execute on function private.complete_refund_request(uuid, text) to service_role;
grant execute on function private.record_refund_failure(uuid, uuid, text, interval) to service_role;
grant execute on function private.attach_checkout_session(uuid, text) to service_role;
grant execute on function private.fulfil_order(uuid, text, text, integer, text) to service_role;
grant execute on function private.record_charge_refund(text, integer) to service_role;
grant execute on function private.cancel_pending_order(uuid) to service_role;
grant execute on function private.expire_pending_order(uuid) to service_role;
