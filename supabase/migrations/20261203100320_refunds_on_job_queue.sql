-- Refunds move onto the one job queue (private.jobs). A refund is a job in
-- queue 'refund' whose id is also its private.refund_requests row, which keeps
-- what is refunded (order, amount, payment) and Stripe's answer; the job keeps
-- when and how often it is tried. Every row keeps its id, key and state, so a
-- refund pending before this migration is made once after it.

insert into private.jobs (id, queue, idempotency_key, status, attempts, max_attempts, due_at, lease_token,
                          last_attempt_at, last_error, created_at, finished_at)
select r.id, 'refund', r.idempotency_key,
       case r.status when 'sending' then 'running' when 'succeeded' then 'done' when 'failed' then 'dead'
                     else r.status end,
       r.attempts, r.max_attempts, r.next_attempt_at, r.lease_token,
       null, -- refunds did not record when they were last tried
       r.last_error, r.created_at, r.finished_at
  from private.refund_requests r;

drop trigger refund_requests_guard on private.refund_requests;
drop function private.guard_refund_request_update();
drop function private.claim_refund_requests(integer, interval);
drop function private.complete_refund_request(uuid, text);
drop function private.record_refund_failure(uuid, uuid, text, interval);
drop index private.refund_requests_due_idx;

alter table private.refund_requests
  drop constraint refund_requests_due_while_open,
  drop constraint refund_requests_lease_while_sending,
  drop constraint refund_requests_succeeded_has_refund,
  drop constraint refund_requests_finished_has_time,
  drop column status,
  drop column attempts,
  drop column max_attempts,
  drop column next_attempt_at,
  drop column lease_token,
  drop column last_error,
  drop column finished_at,
  -- A refund is a financial record: purging finished refund jobs is refused.
  add constraint refund_requests_job_fk foreign key (id) references private.jobs (id) on delete restrict;

-- What is refunded never changes; Stripe's refund id is written once.
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
  if old.stripe_refund_id is not null and new.stripe_refund_id is distinct from old.stripe_refund_id then
    raise exception 'refund request % succeeded; its record is final', old.id using errcode = 'check_violation';
  end if;
  return new;
end
$$;

create trigger refund_requests_guard before update on private.refund_requests
  for each row execute function private.guard_refund_request_update();

-- A refund removed with its order takes its job with it.
create or replace function private.delete_refund_job() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  delete from private.jobs j where j.id = old.id;
  return null;
end
$$;

create trigger refund_requests_delete_job after delete on private.refund_requests
  for each row execute function private.delete_refund_job();

-- Records a refund to make; the same key twice records one. Returns its id,
-- or NULL when the order has no card payment to refund. Ten attempts, backed
-- off by the worker, end within about three hours: well inside Stripe's
-- 24-hour idempotency window.
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
  v_job record;
begin
  select o.payment_intent_id into v_payment_intent from public.orders o where o.id = p_order_id;
  if v_payment_intent is null or p_amount_ore is null or p_amount_ore <= 0 then
    return null;
  end if;
  select q.id, q.created into v_job
    from private.enqueue_job('refund', p_idempotency_key, '{}', null, 10, null) q;
  if v_job.created then
    insert into private.refund_requests (id, order_id, ticket_id, idempotency_key, payment_intent_id, amount_ore, reason)
    values (v_job.id, p_order_id, p_ticket_id, p_idempotency_key, v_payment_intent, p_amount_ore, p_reason);
  end if;
  return v_job.id;
end
$$;

-- Claims due refunds (private.claim_jobs) with what the worker needs to make them.
create or replace function private.claim_refund_requests(p_limit integer, p_lease interval)
returns table (
  id uuid, order_id uuid, payment_intent_id text, amount_ore integer,
  attempts integer, max_attempts integer, lease_token uuid
)
language sql
set search_path = ''
as $$
  select j.id, r.order_id, r.payment_intent_id, r.amount_ore, j.attempts, j.max_attempts, j.lease_token
    from private.claim_jobs('refund', p_limit, p_lease) j
    join private.refund_requests r on r.id = j.id
   order by j.due_at, j.id
$$;

-- Stripe accepted the refund: the job is done and the refund id kept, in one
-- transaction. The order's refunded amount follows the sum of its succeeded
-- refunds (and never shrinks: charge.refunded may have raised it).
create or replace function private.complete_refund_request(p_id uuid, p_stripe_refund_id text)
returns boolean
language plpgsql
set search_path = ''
as $$
declare
  v_order uuid;
begin
  if not private.complete_job(p_id) then
    return false;
  end if;
  update private.refund_requests r set stripe_refund_id = p_stripe_refund_id
   where r.id = p_id
  returning r.order_id into v_order;
  update public.orders o
     set refunded_ore = least(o.total_ore, greatest(o.refunded_ore, (
       select coalesce(sum(r.amount_ore), 0)::integer
         from private.refund_requests r join private.jobs j on j.id = r.id
        where r.order_id = v_order and j.status = 'done')))
   where o.id = v_order;
  return true;
end
$$;

-- Where each refund stands, in the refunds' own words (sending, succeeded,
-- failed), for support and tests.
create view private.refund_request_states with (security_invoker = true) as
select r.id, r.order_id, r.ticket_id, r.idempotency_key, r.payment_intent_id, r.amount_ore, r.reason,
       case j.status when 'running' then 'sending' when 'done' then 'succeeded' when 'dead' then 'failed'
                     else j.status end as status,
       j.attempts, j.max_attempts, j.due_at as next_attempt_at, j.lease_token, r.stripe_refund_id, j.last_error,
       r.created_at, j.finished_at
  from private.refund_requests r
  join private.jobs j on j.id = r.id;
revoke all on private.refund_request_states from public, anon, authenticated;
grant select on private.refund_request_states to service_role;

revoke execute on function private.guard_refund_request_update() from public, anon, authenticated;
revoke execute on function private.delete_refund_job() from public, anon, authenticated;
revoke execute on function private.request_refund(uuid, uuid, integer, text, text) from public, anon, authenticated;
revoke execute on function private.claim_refund_requests(integer, interval) from public, anon, authenticated;
revoke execute on function private.complete_refund_request(uuid, text) from public, anon, authenticated;
grant execute on function private.request_refund(uuid, uuid, integer, text, text) to service_role;
grant execute on function private.claim_refund_requests(integer, interval) to service_role;
grant execute on function private.complete_refund_request(uuid, text) to service_role;
