-- The one job queue. Every piece of work a server does after a commit — an
-- email, a refund, and next thank-you emails, reminders, retention, broadcasts
-- — is a row here, enqueued in the transaction that causes it and run later by
-- whichever server instance claims it. Kinds of work are told apart by
-- `queue`; what a job needs is its `payload`, or a row of its own kind's table
-- that shares the job's id (private.outbox_emails, private.refund_requests).
--
-- Why our own SQL and not a job library: the app has one driver (postgres.js)
-- and its schema lives in supabase/migrations, applied the same way to the
-- embedded Postgres and to Supabase. graphile-worker and pg-boss each bring
-- node-postgres, install and migrate their own schema at run time, and wake
-- workers with LISTEN, which Supabase's transaction-mode pooler cannot hold;
-- pgmq (Supabase Queues) is an extension the embedded Postgres does not ship.
-- What we need is small: the functions below. None uses session state (no
-- LISTEN, no session advisory lock, no prepared statement needed), so they work
-- through a transaction-mode pooler.
--
-- Lifecycle: pending → running → done | dead, with running → pending for a
-- retry after a failure. `due_at` is when a row is next due: for a pending row
-- the time it may run (scheduled work, or a backed-off retry), for a running
-- row the end of its worker's lease, after which any worker may take it over.
-- Done and dead are final; a trigger refuses every way back.
create table private.jobs (
  id uuid primary key default gen_random_uuid(),
  queue text not null check (queue ~ '^[a-z][a-z0-9-]{0,39}$'),
  -- Chosen by the caller ('order-confirmation/<ticket id>', 'cancel:<ticket id>');
  -- the same key twice in a queue is one job. It is also what a job sends a
  -- provider as its Idempotency-Key, on every attempt.
  idempotency_key text not null
    check (idempotency_key ~ '^[A-Za-z0-9._:/@+-]+$' and length(idempotency_key) <= 256),
  payload jsonb not null default '{}' check (jsonb_typeof(payload) = 'object'),
  -- Jobs enqueued together (a broadcast, a morning's thank-you emails), for a progress read.
  batch_id uuid,
  status text not null default 'pending' check (status in ('pending', 'running', 'done', 'dead')),
  attempts integer not null default 0 check (attempts >= 0),
  max_attempts integer not null default 8 check (max_attempts between 1 and 50),
  due_at timestamptz default now(),
  -- Identifies the current claim; only its holder may report a failure.
  lease_token uuid,
  last_attempt_at timestamptz,
  last_error text check (length(last_error) <= 2000),
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  constraint jobs_one_per_key unique (queue, idempotency_key),
  constraint jobs_due_while_open check ((status in ('pending', 'running')) = (due_at is not null)),
  constraint jobs_lease_while_running check ((status = 'running') = (lease_token is not null)),
  constraint jobs_finished_has_time check ((status in ('done', 'dead')) = (finished_at is not null)),
  constraint jobs_attempts_within_limit check (attempts <= max_attempts)
);
-- The claim's one query: a queue's open rows by due time.
create index jobs_due_idx on private.jobs (queue, due_at) where status in ('pending', 'running');
-- The progress read counts a batch's rows by status through this index.
create index jobs_batch_idx on private.jobs (batch_id, status) where batch_id is not null;
create index jobs_finished_idx on private.jobs (queue, finished_at) where status in ('done', 'dead');

alter table private.jobs enable row level security;
revoke all on table private.jobs from public, anon, authenticated;
grant select, insert, update, delete on table private.jobs to service_role;

create policy "Jobs are handled by the service role only"
  on private.jobs for all
  to service_role
  using (true)
  with check (true);

-- State never goes backwards, whoever writes: the functions below, a future
-- one, or someone at a psql prompt.
create or replace function private.guard_job_update() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (new.id, new.queue, new.idempotency_key, new.batch_id, new.max_attempts, new.created_at)
     is distinct from
     (old.id, old.queue, old.idempotency_key, old.batch_id, old.max_attempts, old.created_at) then
    raise exception 'job %: only its run state may change', old.id using errcode = 'check_violation';
  end if;
  if new.payload is distinct from old.payload and not (new.payload = '{}' and new.status in ('done', 'dead')) then
    raise exception 'job %: its payload may only be erased, and only when it is finished', old.id
      using errcode = 'check_violation';
  end if;
  if new.attempts < old.attempts then
    raise exception 'job %: attempts never decrease', old.id using errcode = 'check_violation';
  end if;
  if old.status in ('done', 'dead') and new.status <> old.status then
    raise exception 'job % is % and cannot become %', old.id, old.status, new.status
      using errcode = 'check_violation';
  end if;
  -- A retry goes back to pending only after an attempt was made.
  if old.status = 'running' and new.status = 'pending' and new.attempts = 0 then
    raise exception 'job %: a retry follows an attempt', old.id using errcode = 'check_violation';
  end if;
  return new;
end
$$;

create trigger jobs_guard before update on private.jobs
  for each row execute function private.guard_job_update();

-- Enqueues one job in the caller's transaction: it exists exactly when that
-- transaction commits. The same (queue, key) twice is one job: the second
-- call (a retried request, a racing one, which waits for the first to commit)
-- gets the existing id and `created` false. `p_run_at` schedules the job.
-- Notifies listening workers of due work, which Postgres delivers only if the
-- transaction commits; nothing depends on it (workers poll).
create or replace function private.enqueue_job(
  p_queue text,
  p_idempotency_key text,
  p_payload jsonb default '{}',
  p_run_at timestamptz default null,
  p_max_attempts integer default 8,
  p_batch_id uuid default null
) returns table (id uuid, created boolean)
language plpgsql
set search_path = ''
as $$
declare
  v_id uuid;
begin
  insert into private.jobs (queue, idempotency_key, payload, due_at, max_attempts, batch_id)
  values (p_queue, p_idempotency_key, coalesce(p_payload, '{}'), coalesce(p_run_at, now()), p_max_attempts, p_batch_id)
  on conflict on constraint jobs_one_per_key do nothing
  returning jobs.id into v_id;
  if v_id is null then
    return query select j.id, false from private.jobs j
                  where j.queue = p_queue and j.idempotency_key = p_idempotency_key;
    return;
  end if;
  if coalesce(p_run_at, now()) <= now() then
    perform pg_notify('samspil_jobs', p_queue);
  end if;
  return query select v_id, true;
end
$$;

-- Claims up to p_limit due jobs of one queue for one worker: pending rows
-- whose time has come, and running rows whose worker's lease ran out (it
-- crashed or hung). `skip locked` lets workers on several servers claim at
-- once without ever taking the same row. Each claim counts as an attempt, so
-- a job that crashes its worker every time still reaches its limit. A row
-- whose lease ran out after its last allowed attempt is dead, not retried.
create or replace function private.claim_jobs(p_queue text, p_limit integer, p_lease interval)
returns setof private.jobs
language plpgsql
set search_path = ''
as $$
begin
  if p_limit not between 1 and 1000 or p_lease < interval '1 second' then
    raise exception 'claim_jobs: limit must be 1..1000 and the lease at least a second'
      using errcode = 'invalid_parameter_value';
  end if;

  update private.jobs j
     set status = 'dead', due_at = null, lease_token = null, finished_at = now(),
         last_error = left(concat_ws('; ', j.last_error, 'lease expired after the last attempt'), 2000)
   where j.id in (
     select q.id from private.jobs q
      where q.queue = p_queue and q.status = 'running' and q.due_at <= now() and q.attempts >= q.max_attempts
      for update skip locked);

  return query
  update private.jobs j
     set status = 'running',
         attempts = j.attempts + 1,
         due_at = now() + p_lease,
         lease_token = gen_random_uuid(),
         last_attempt_at = now()
   where j.id in (
     select q.id from private.jobs q
      where q.queue = p_queue and q.status in ('pending', 'running') and q.due_at <= now()
        and q.attempts < q.max_attempts
      order by q.due_at, q.id
      limit p_limit
      for update skip locked)
  returning j.*;
end
$$;

-- Records that a job's work was done. Success is the truth whoever reports it,
-- even a worker whose lease another has since taken over, so it is accepted
-- from any open state; a finished job is left as it is (returns false). Kinds
-- that record a result (a provider's id) call this first, in the same
-- transaction, and record only when it returns true.
create or replace function private.complete_job(p_id uuid)
returns boolean
language sql
set search_path = ''
as $$
  with done as (
    update private.jobs j
       set status = 'done', due_at = null, lease_token = null, finished_at = now()
     where j.id = p_id and j.status in ('pending', 'running')
    returning 1)
  select exists (select 1 from done)
$$;

-- Records a failed attempt by the current lease holder: back to pending after
-- p_retry_in (the caller's backoff), or dead when p_retry_in is null (a
-- permanent error) or the job has used its attempts. A report from a worker
-- that lost its lease changes nothing. Returns the new status, or null when
-- nothing changed.
create or replace function private.fail_job(p_id uuid, p_lease_token uuid, p_error text, p_retry_in interval)
returns text
language sql
set search_path = ''
as $$
  update private.jobs j
     set status = case when p_retry_in is null or j.attempts >= j.max_attempts then 'dead' else 'pending' end,
         due_at = case when p_retry_in is null or j.attempts >= j.max_attempts then null
                       else now() + greatest(p_retry_in, interval '0') end,
         finished_at = case when p_retry_in is null or j.attempts >= j.max_attempts then now() end,
         lease_token = null,
         last_error = left(coalesce(p_error, 'unknown error'), 2000)
   where j.id = p_id and j.status = 'running' and j.lease_token = p_lease_token
  returning j.status
$$;

-- How far a batch has come, for a progress bar: one count over the batch's index, no
-- counter row that every worker would have to update.
create or replace function private.job_batch_progress(p_batch_id uuid)
returns table (total integer, pending integer, running integer, done integer, dead integer)
language sql
stable
set search_path = ''
as $$
  select count(*)::integer,
         count(*) filter (where j.status = 'pending')::integer,
         count(*) filter (where j.status = 'running')::integer,
         count(*) filter (where j.status = 'done')::integer,
         count(*) filter (where j.status = 'dead')::integer
    from private.jobs j
   where j.batch_id = p_batch_id
$$;

-- Finished jobs of one queue, once nobody needs them; rows of a kind's own
-- table go with them, or block the purge where they must be kept (refunds).
create or replace function private.purge_finished_jobs(p_queue text, p_done_before interval, p_dead_before interval)
returns integer
language sql
set search_path = ''
as $$
  with gone as (
    delete from private.jobs j
     where j.queue = p_queue
       and ((j.status = 'done' and j.finished_at < now() - p_done_before)
         or (j.status = 'dead' and j.finished_at < now() - p_dead_before))
    returning 1)
  select count(*)::integer from gone
$$;

revoke execute on function private.guard_job_update() from public, anon, authenticated;
revoke execute on function private.enqueue_job(text, text, jsonb, timestamptz, integer, uuid) from public, anon, authenticated;
revoke execute on function private.claim_jobs(text, integer, interval) from public, anon, authenticated;
revoke execute on function private.complete_job(uuid) from public, anon, authenticated;
revoke execute on function private.fail_job(uuid, uuid, text, interval) from public, anon, authenticated;
revoke execute on function private.job_batch_progress(uuid) from public, anon, authenticated;
revoke execute on function private.purge_finished_jobs(text, interval, interval) from public, anon, authenticated;
grant execute on function private.enqueue_job(text, text, jsonb, timestamptz, integer, uuid) to service_role;
grant execute on function private.claim_jobs(text, integer, interval) to service_role;
grant execute on function private.complete_job(uuid) to service_role;
grant execute on function private.fail_job(uuid, uuid, text, interval) to service_role;
grant execute on function private.job_batch_progress(uuid) to service_role;
grant execute on function private.purge_finished_jobs(text, interval, interval) to service_role;
