-- The organisers' operations page (/konsol/<event>/drift): the event's failed
-- emails and why, failed refunds, Stripe checkouts still pending, and a retry
-- for a failed email or refund. What docs/DEPLOY.md used to tell organisers
-- to query by SQL.
--
-- A finished job never moves again (private.jobs only goes forward), so a
-- retry is a NEW job: the same message or refund under the key
-- 'retry:<failed job>', recorded in public.operation_retries. That row is
-- unique per failed job, so a job is retried once however many organisers
-- press the button at once (a retry that fails is itself retried as its own
-- job), and it carries the audit trigger, so the log names who retried what.
-- Everything runs as the organiser (asUser) through security definer functions
-- that first check the organiser role of that event; anyone else gets no rows
-- and 'not_found'.

create table public.operation_retries (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (id) on delete cascade,
  kind text not null check (kind in ('email', 'refund')),
  -- The failed job retried, and the new job doing it again.
  original_id uuid not null unique,
  retry_id uuid not null unique,
  -- For the log: the email's template or the order's reference (no address).
  label text check (length(label) <= 200),
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  created_at timestamptz not null default now()
);
create index operation_retries_event_idx on public.operation_retries (event_id, created_at desc);

alter table public.operation_retries enable row level security;
revoke all on table public.operation_retries from public, anon, authenticated, service_role;
grant select on table public.operation_retries to authenticated, service_role;

create policy "Organisers can read the retries of their events"
  on public.operation_retries for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create trigger operation_retries_audit after insert or update or delete on public.operation_retries
  for each row execute function private.audit_row_change('event_id', 'id', 'label');

-- ------------------------------------------------------------------ emails

-- The event's emails that failed for good, newest first, with the retry
-- made of each (if any) and that retry's state.
create or replace function private.failed_emails_of(p_event_id uuid, p_limit integer default 200)
returns table (
  id uuid, template text, recipient text, language text, attempts integer, last_error text,
  created_at timestamptz, finished_at timestamptz, retryable boolean,
  retry_id uuid, retry_status text, retried_at timestamptz
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return;
  end if;
  return query
  select o.id, o.template, o.recipient, o.language, j.attempts, j.last_error, o.created_at, j.finished_at,
         o.template_data is not null, r.retry_id, rj.status, r.created_at
    from private.outbox_emails o
    join private.jobs j on j.id = o.id
    left join public.operation_retries r on r.original_id = o.id
    left join private.jobs rj on rj.id = r.retry_id
   where o.event_id = p_event_id and j.status = 'dead'
   order by j.finished_at desc, o.id
   limit least(greatest(p_limit, 1), 1000);
end
$$;

-- The event's emails by state: how many wait, are being sent, were sent, failed.
create or replace function private.email_health_of(p_event_id uuid)
returns table (pending integer, sending integer, sent integer, failed integer, failed_unretried integer)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return;
  end if;
  return query
  select count(*) filter (where j.status = 'pending')::integer,
         count(*) filter (where j.status = 'running')::integer,
         count(*) filter (where j.status = 'done')::integer,
         count(*) filter (where j.status = 'dead')::integer,
         count(*) filter (where j.status = 'dead' and not exists (
           select 1 from public.operation_retries r where r.original_id = o.id))::integer
    from private.outbox_emails o join private.jobs j on j.id = o.id
   where o.event_id = p_event_id;
end
$$;

-- Queues a failed email again as a new email with the same message. Codes:
-- ok, not_found (no such failed email of an event I organise), not_failed
-- (still on its way, or sent), already_retried, no_data (a sign-in email,
-- whose link was erased: ask for a new one).
create or replace function private.retry_failed_email(p_event_id uuid, p_email_id uuid)
returns table (code text, retry_id uuid)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_email record;
  v_job_status text;
  v_new record;
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return query select 'not_found'::text, null::uuid;
    return;
  end if;
  select o.* into v_email from private.outbox_emails o where o.id = p_email_id and o.event_id = p_event_id;
  if not found then
    return query select 'not_found'::text, null::uuid;
    return;
  end if;
  -- The job's row lock queues two organisers retrying the same email.
  select j.status into v_job_status from private.jobs j where j.id = p_email_id for update;
  if v_job_status is distinct from 'dead' then
    return query select 'not_failed'::text, null::uuid;
    return;
  end if;
  if exists (select 1 from public.operation_retries r where r.original_id = p_email_id) then
    return query select 'already_retried'::text, null::uuid;
    return;
  end if;
  if v_email.template_data is null then
    return query select 'no_data'::text, null::uuid;
    return;
  end if;
  select q.id, q.created into v_new
    from private.enqueue_email('retry:' || p_email_id::text, v_email.recipient, v_email.language,
                               v_email.template, v_email.template_data, v_email.sensitive) q;
  update private.outbox_emails o set event_id = p_event_id where o.id = v_new.id and o.event_id is null;
  insert into public.operation_retries (event_id, kind, original_id, retry_id, label)
  values (p_event_id, 'email', p_email_id, v_new.id, v_email.template);
  return query select 'ok'::text, v_new.id;
end
$$;

-- Retries every failed email of the event not retried yet; returns how many.
create or replace function private.retry_failed_emails(p_event_id uuid)
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_id uuid;
  v_count integer := 0;
  v_code text;
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return 0;
  end if;
  for v_id in
    select o.id
      from private.outbox_emails o join private.jobs j on j.id = o.id
     where o.event_id = p_event_id and j.status = 'dead' and o.template_data is not null
       and not exists (select 1 from public.operation_retries r where r.original_id = o.id)
     order by o.created_at, o.id
  loop
    select r.code into v_code from private.retry_failed_email(p_event_id, v_id) r;
    if v_code = 'ok' then
      v_count := v_count + 1;
    end if;
  end loop;
  return v_count;
end
$$;

-- ----------------------------------------------------------------- refunds

create or replace function private.failed_refunds_of(p_event_id uuid)
returns table (
  id uuid, order_id uuid, reference text, buyer_name text, amount_ore integer, reason text,
  attempts integer, last_error text, created_at timestamptz, finished_at timestamptz,
  retry_id uuid, retry_status text, retried_at timestamptz
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return;
  end if;
  return query
  select rr.id, o.id, o.reference, o.buyer_name, rr.amount_ore, rr.reason, j.attempts, j.last_error,
         rr.created_at, j.finished_at, r.retry_id,
         case rj.status when 'running' then 'sending' when 'done' then 'succeeded' when 'dead' then 'failed'
                        else rj.status end,
         r.created_at
    from private.refund_requests rr
    join private.jobs j on j.id = rr.id
    join public.orders o on o.id = rr.order_id
    left join public.operation_retries r on r.original_id = rr.id
    left join private.jobs rj on rj.id = r.retry_id
   where o.event_id = p_event_id and j.status = 'dead'
   order by j.finished_at desc, rr.id;
end
$$;

-- Asks for a failed refund again, as a new refund request (a new Stripe
-- idempotency key; Stripe itself refuses to refund more than was paid).
-- Codes as retry_failed_email's.
create or replace function private.retry_failed_refund(p_event_id uuid, p_refund_id uuid)
returns table (code text, retry_id uuid)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_refund record;
  v_job_status text;
  v_new uuid;
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return query select 'not_found'::text, null::uuid;
    return;
  end if;
  select rr.*, o.reference into v_refund
    from private.refund_requests rr join public.orders o on o.id = rr.order_id
   where rr.id = p_refund_id and o.event_id = p_event_id;
  if not found then
    return query select 'not_found'::text, null::uuid;
    return;
  end if;
  select j.status into v_job_status from private.jobs j where j.id = p_refund_id for update;
  if v_job_status is distinct from 'dead' then
    return query select 'not_failed'::text, null::uuid;
    return;
  end if;
  if exists (select 1 from public.operation_retries r where r.original_id = p_refund_id) then
    return query select 'already_retried'::text, null::uuid;
    return;
  end if;
  v_new := private.request_refund(v_refund.order_id, v_refund.ticket_id, v_refund.amount_ore, v_refund.reason,
                                  'retry:' || p_refund_id::text);
  if v_new is null then
    return query select 'no_data'::text, null::uuid;
    return;
  end if;
  insert into public.operation_retries (event_id, kind, original_id, retry_id, label)
  values (p_event_id, 'refund', p_refund_id, v_new, v_refund.reference);
  return query select 'ok'::text, v_new;
end
$$;

-- ---------------------------------------------------- pending Stripe checkouts

-- Paid orders still waiting for Stripe after p_minutes: their seats are held
-- until expires_at. Usually a buyer who left the payment page; many at once
-- may mean the webhook is not arriving.
create or replace function private.pending_checkouts_of(p_event_id uuid, p_minutes integer default 15)
returns table (
  order_id uuid, reference text, buyer_name text, buyer_email text, total_ore integer, tickets integer,
  checkout_session_id text, created_at timestamptz, expires_at timestamptz
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return;
  end if;
  return query
  select o.id, o.reference, o.buyer_name, o.buyer_email, o.total_ore,
         (select count(*)::integer from public.tickets t where t.order_id = o.id),
         o.checkout_session_id, o.created_at, o.expires_at
    from public.orders o
   where o.event_id = p_event_id and o.status = 'pending'
     and o.created_at <= now() - make_interval(mins => greatest(p_minutes, 0))
   order by o.created_at, o.id;
end
$$;

revoke execute on function private.failed_emails_of(uuid, integer) from public, anon;
revoke execute on function private.email_health_of(uuid) from public, anon;
revoke execute on function private.retry_failed_email(uuid, uuid) from public, anon;
revoke execute on function private.retry_failed_emails(uuid) from public, anon;
revoke execute on function private.failed_refunds_of(uuid) from public, anon;
revoke execute on function private.retry_failed_refund(uuid, uuid) from public, anon;
revoke execute on function private.pending_checkouts_of(uuid, integer) from public, anon;
grant execute on function private.failed_emails_of(uuid, integer) to authenticated;
grant execute on function private.email_health_of(uuid) to authenticated;
grant execute on function private.retry_failed_email(uuid, uuid) to authenticated;
grant execute on function private.retry_failed_emails(uuid) to authenticated;
grant execute on function private.failed_refunds_of(uuid) to authenticated;
grant execute on function private.retry_failed_refund(uuid, uuid) to authenticated;
grant execute on function private.pending_checkouts_of(uuid, integer) to authenticated;
