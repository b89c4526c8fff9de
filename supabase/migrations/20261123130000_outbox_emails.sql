-- The transactional outbox for email. The request that causes an email inserts
-- a row here in its own transaction, so the row commits (or rolls back) with
-- the change it reports; a worker sends it after commit. The table lives in
-- `private`, which the API does not expose, and only the service role may
-- touch it: callers running as anon or authenticated switch to service_role
-- for the one insert (see src/lib/mail/outbox.server.ts).
--
-- Lifecycle: pending → sending → sent | dead, with sending → pending for a
-- retry after a failure. `next_attempt_at` is when a row is next due: for a
-- pending row the (backed-off) time of its next attempt, for a sending row the
-- end of the claiming worker's lease, after which another worker may take it
-- over. Sent and dead are final; a trigger refuses every way back.

create table private.outbox_emails (
  id uuid primary key default gen_random_uuid(),
  -- Chosen by the caller (e.g. 'order-confirmation/<ticket id>'); enqueueing
  -- the same key twice queues one email, and it is sent to the provider as its
  -- Idempotency-Key on every attempt.
  idempotency_key text not null unique check (idempotency_key ~ '^[A-Za-z0-9._:/@+-]+$' and length(idempotency_key) <= 256),
  recipient text not null check (recipient ~ '^[^@\s]+@[^@\s]+$' and length(recipient) <= 254),
  language text not null check (language in ('da', 'en')),
  template text not null check (template in ('sign-in', 'order-confirmation', 'waitlist-offer', 'cancellation')),
  -- Erased (set to null) when the message is finished if it holds a secret,
  -- such as a sign-in link and code.
  template_data jsonb check (jsonb_typeof(template_data) = 'object'),
  sensitive boolean not null default false,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'dead')),
  attempts integer not null default 0 check (attempts >= 0),
  max_attempts integer not null default 8 check (max_attempts between 1 and 20),
  next_attempt_at timestamptz default now(),
  -- Identifies the current claim; only its holder may report a failure.
  lease_token uuid,
  last_attempt_at timestamptz,
  last_error text check (length(last_error) <= 2000),
  provider_message_id text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  finished_at timestamptz,
  constraint outbox_emails_due_while_open
    check ((status in ('pending', 'sending')) = (next_attempt_at is not null)),
  constraint outbox_emails_lease_while_sending check ((status = 'sending') = (lease_token is not null)),
  constraint outbox_emails_sent_has_time check ((status = 'sent') = (sent_at is not null)),
  constraint outbox_emails_finished_has_time check ((status in ('sent', 'dead')) = (finished_at is not null)),
  constraint outbox_emails_data_kept_until_finished
    check (template_data is not null or (sensitive and status in ('sent', 'dead'))),
  constraint outbox_emails_attempts_within_limit check (attempts <= max_attempts)
);
-- The worker's one query: open rows by due time.
create index outbox_emails_due_idx on private.outbox_emails (next_attempt_at)
  where status in ('pending', 'sending');
create index outbox_emails_finished_idx on private.outbox_emails (finished_at)
  where status in ('sent', 'dead');

alter table private.outbox_emails enable row level security;
revoke all on table private.outbox_emails from public, anon, authenticated;
grant select, insert, update, delete on table private.outbox_emails to service_role;

create policy "Outbox emails are handled by the service role only"
  on private.outbox_emails for all
  to service_role
  using (true)
  with check (true);

-- State never goes backwards, whoever writes: the functions below, a future
-- one, or someone at a psql prompt.
create or replace function private.guard_outbox_email_update() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (new.id, new.idempotency_key, new.recipient, new.language, new.template, new.sensitive, new.created_at)
     is distinct from
     (old.id, old.idempotency_key, old.recipient, old.language, old.template, old.sensitive, old.created_at) then
    raise exception 'outbox email %: only its delivery state may change', old.id
      using errcode = 'check_violation';
  end if;
  if new.template_data is distinct from old.template_data
     and not (new.template_data is null and old.sensitive and new.status in ('sent', 'dead')) then
    raise exception 'outbox email %: its data may only be erased, and only when it is finished', old.id
      using errcode = 'check_violation';
  end if;
  if new.attempts < old.attempts or new.max_attempts <> old.max_attempts then
    raise exception 'outbox email %: attempts never decrease', old.id
      using errcode = 'check_violation';
  end if;
  if old.status in ('sent', 'dead') and new.status <> old.status then
    raise exception 'outbox email % is % and cannot become %', old.id, old.status, new.status
      using errcode = 'check_violation';
  end if;
  if old.status = 'sent' and (new.sent_at, new.provider_message_id) is distinct from (old.sent_at, old.provider_message_id) then
    raise exception 'outbox email % is sent; its record is final', old.id
      using errcode = 'check_violation';
  end if;
  -- A retry goes back to pending only after an attempt was made.
  if old.status = 'sending' and new.status = 'pending' and new.attempts = 0 then
    raise exception 'outbox email %: a retry follows an attempt', old.id
      using errcode = 'check_violation';
  end if;
  return new;
end
$$;

create trigger outbox_emails_guard before update on private.outbox_emails
  for each row execute function private.guard_outbox_email_update();

-- Queues one email. Returns the row's id and whether this call created it:
-- the same idempotency key twice queues one email. Notifies listening workers,
-- which Postgres delivers only if the transaction commits.
create or replace function private.enqueue_email(
  p_idempotency_key text,
  p_recipient text,
  p_language text,
  p_template text,
  p_template_data jsonb,
  p_sensitive boolean default false
) returns table (id uuid, created boolean)
language plpgsql
set search_path = ''
as $$
declare
  v_id uuid;
begin
  insert into private.outbox_emails (idempotency_key, recipient, language, template, template_data, sensitive)
  values (p_idempotency_key, p_recipient, p_language, p_template, p_template_data, p_sensitive)
  on conflict (idempotency_key) do nothing
  returning outbox_emails.id into v_id;
  if v_id is not null then
    perform pg_notify('samspil_outbox', v_id::text);
    return query select v_id, true;
  else
    return query select o.id, false from private.outbox_emails o where o.idempotency_key = p_idempotency_key;
  end if;
end
$$;

-- Claims up to p_limit due emails for one worker: pending rows whose time has
-- come, and sending rows whose worker's lease ran out (it crashed or hung).
-- `skip locked` lets several workers on several servers claim at once without
-- ever taking the same row. Each claim counts as an attempt, so a message
-- that crashes its worker every time still reaches its limit. A row whose
-- lease ran out after its last allowed attempt is dead-lettered, not retried.
create or replace function private.claim_outbox_emails(p_limit integer, p_lease interval)
returns setof private.outbox_emails
language plpgsql
set search_path = ''
as $$
begin
  if p_limit not between 1 and 1000 or p_lease < interval '1 second' then
    raise exception 'claim_outbox_emails: limit must be 1..1000 and the lease at least a second'
      using errcode = 'invalid_parameter_value';
  end if;

  update private.outbox_emails o
     set status = 'dead', next_attempt_at = null, lease_token = null, finished_at = now(),
         template_data = case when o.sensitive then null else o.template_data end,
         last_error = left(concat_ws('; ', o.last_error, 'lease expired after the last attempt'), 2000)
   where o.id in (
     select e.id from private.outbox_emails e
      where e.status = 'sending' and e.next_attempt_at <= now() and e.attempts >= e.max_attempts
      for update skip locked);

  return query
  update private.outbox_emails o
     set status = 'sending',
         attempts = o.attempts + 1,
         next_attempt_at = now() + p_lease,
         lease_token = gen_random_uuid(),
         last_attempt_at = now()
   where o.id in (
     select e.id from private.outbox_emails e
      where e.status in ('pending', 'sending') and e.next_attempt_at <= now() and e.attempts < e.max_attempts
      order by e.next_attempt_at, e.id
      limit p_limit
      for update skip locked)
  returning o.*;
end
$$;

-- Records that the provider accepted the message. A success is the truth
-- whoever reports it, even a worker whose lease another has since taken over,
-- so it is accepted from any open state; a finished row is left as it is.
create or replace function private.mark_outbox_email_sent(p_id uuid, p_provider_message_id text)
returns boolean
language sql
set search_path = ''
as $$
  with done as (
    update private.outbox_emails o
       set status = 'sent', sent_at = now(), finished_at = now(), next_attempt_at = null, lease_token = null,
           provider_message_id = p_provider_message_id,
           template_data = case when o.sensitive then null else o.template_data end
     where o.id = p_id and o.status in ('pending', 'sending')
    returning 1)
  select exists (select 1 from done)
$$;

-- Records a failed attempt by the current lease holder: back to pending after
-- p_retry_in, or dead when p_retry_in is null (a permanent error) or the row
-- has used its attempts. A report from a worker that lost its lease changes
-- nothing. Returns the new status, or null when nothing changed.
create or replace function private.record_outbox_email_failure(
  p_id uuid,
  p_lease_token uuid,
  p_error text,
  p_retry_in interval
) returns text
language sql
set search_path = ''
as $$
  update private.outbox_emails o
     set status = case when p_retry_in is null or o.attempts >= o.max_attempts then 'dead' else 'pending' end,
         next_attempt_at = case when p_retry_in is null or o.attempts >= o.max_attempts then null
                                else now() + greatest(p_retry_in, interval '0') end,
         finished_at = case when p_retry_in is null or o.attempts >= o.max_attempts then now() end,
         template_data = case when o.sensitive and (p_retry_in is null or o.attempts >= o.max_attempts)
                              then null else o.template_data end,
         lease_token = null,
         last_error = left(coalesce(p_error, 'unknown error'), 2000)
   where o.id = p_id and o.status = 'sending' and o.lease_token = p_lease_token
  returning o.status
$$;

-- Finished messages hold personal data; keep them only as long as support needs.
create or replace function private.purge_finished_outbox_emails(p_sent_before interval, p_dead_before interval)
returns integer
language sql
set search_path = ''
as $$
  with gone as (
    delete from private.outbox_emails o
     where (o.status = 'sent' and o.finished_at < now() - p_sent_before)
        or (o.status = 'dead' and o.finished_at < now() - p_dead_before)
    returning 1)
  select count(*)::integer from gone
$$;

revoke execute on function private.guard_outbox_email_update() from public, anon, authenticated;
revoke execute on function private.enqueue_email(text, text, text, text, jsonb, boolean) from public, anon, authenticated;
revoke execute on function private.claim_outbox_emails(integer, interval) from public, anon, authenticated;
revoke execute on function private.mark_outbox_email_sent(uuid, text) from public, anon, authenticated;
revoke execute on function private.record_outbox_email_failure(uuid, uuid, text, interval) from public, anon, authenticated;
revoke execute on function private.purge_finished_outbox_emails(interval, interval) from public, anon, authenticated;
grant execute on function private.enqueue_email(text, text, text, text, jsonb, boolean) to service_role;
grant execute on function private.claim_outbox_emails(integer, interval) to service_role;
grant execute on function private.mark_outbox_email_sent(uuid, text) to service_role;
grant execute on function private.record_outbox_email_failure(uuid, uuid, text, interval) to service_role;
grant execute on function private.purge_finished_outbox_emails(interval, interval) to service_role;
