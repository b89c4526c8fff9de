-- Priority within a queue. The queue was one line (due time, then id), so a
-- sign-in code enqueued behind a broadcast to 2,000 attendees waited for all of
-- them: at Resend's 2 a second, about 17 minutes. A job now has a priority
-- (0 first), and a claim takes due jobs by priority, then due time. For email
-- the priority follows from the template (private.email_priority): sign-in
-- codes 0, everything a person's own action causes (confirmations, receipts,
-- offers, notices) 1, and bulk mail 2 — broadcasts, reminders and the
-- thank-you the morning after. Nothing else changes: a claim is still one
-- `for update skip locked` update with a lease (exactly once, take-over after a
-- crash), pacing still happens per send, and a batch's progress is still a
-- count by status. Bulk mail waits only while transactional mail is due; a
-- failing sign-in's retry is not due until its backoff has passed.

alter table private.jobs
  add column priority smallint not null default 1 check (priority between 0 and 9);

comment on column private.jobs.priority is
  'Claimed in this order within a queue, 0 first, then by due time. Email: 0 sign-in, 1 transactional, 2 bulk.';

-- The claim's one query: a queue's open rows in claim order.
create index jobs_claim_idx on private.jobs (queue, priority, due_at, id) where status in ('pending', 'running');
drop index private.jobs_due_idx;

-- An email's priority, from its template: the one place that says which mail is urgent and which is bulk.
create or replace function private.email_priority(p_template text) returns smallint
language sql
immutable
set search_path = ''
as $$
  select (case
            when p_template = 'sign-in' then 0
            when p_template in ('broadcast', 'event-reminder', 'thank-you', 'invoice-reminder') then 2
            else 1
          end)::smallint
$$;

-- Email already waiting when this migration runs takes its place in the new order.
update private.jobs j
   set priority = private.email_priority(o.template)
  from private.outbox_emails o
 where o.id = j.id and j.queue = 'email' and j.status in ('pending', 'running');

-- The priority may be changed while a job waits (an operator moving one ahead),
-- never once it has been claimed or has finished.
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
  if new.priority is distinct from old.priority and not (old.status = 'pending' and new.status = 'pending') then
    raise exception 'job %: its priority may change only while it waits', old.id using errcode = 'check_violation';
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

-- Email queued in bulk by SQL inserts its jobs directly, not through
-- enqueue_email: a broadcast's (as in 20261203120300_broadcasts.sql) and the
-- day-before reminder's (as in 20261203140001_award_vote_in_my_data_and_reminder.sql)
-- now carry their template's priority; nothing else changes. (A trigger that set
-- it after the insert would update every row again: 2,000 recipients queued
-- about 0.3 s slower.)
create or replace function private.enqueue_broadcast_emails(p_broadcast_id uuid, p_origin text)
returns integer
language plpgsql
set search_path = ''
-- The batch joins the queue insert's RETURNING back to itself: a nested loop over
-- two unestimated CTE scans is quadratic (seconds for 2,000 rows); a hash join is not.
set enable_nestloop = off
as $$
declare
  v_count integer;
begin
  with batch as (
    select r.job_id,
           'broadcast/' || r.broadcast_id || '/' || r.id || '/' || r.attempt as key,
           r.email,
           r.language,
           jsonb_build_object(
             'recipientName', r.name,
             'eventName', case when r.language = 'en' then coalesce(e.name_en, e.name) else e.name end,
             'subject', case when r.language = 'en' and b.subject_en is not null then b.subject_en else b.subject_da end,
             'body', case when r.language = 'en' and b.body_en is not null then b.body_en else b.body_da end,
             'unsubscribeUrl', p_origin || case when r.language = 'en' then '/en' else '' end || '/afmeld/'
                               || private.sign_unsubscribe(r.event_id, r.email, k.secret)) as data
      from public.broadcast_recipients r
      join public.broadcasts b on b.id = r.broadcast_id
      join public.events e on e.id = b.event_id
      join private.email_link_secrets k on k.name = 'unsubscribe'
     where r.broadcast_id = p_broadcast_id and r.status = 'queued'
       and not exists (select 1 from private.jobs j where j.id = r.job_id)
  ), queued as (
    insert into private.jobs (id, queue, idempotency_key, batch_id, priority)
    select x.job_id, 'email', x.key, p_broadcast_id, private.email_priority('broadcast') from batch x
    returning id
  )
  insert into private.outbox_emails (id, idempotency_key, recipient, language, template, template_data, sensitive)
  select x.job_id, x.key, x.email, x.language, 'broadcast', x.data, false
    from batch x join queued q on q.id = x.job_id;
  get diagnostics v_count = row_count;
  if v_count > 0 then
    perform pg_notify('samspil_jobs', 'email');
  end if;
  return v_count;
end
$$;

create or replace function private.queue_event_reminders(p_event_id uuid, p_origin text)
returns integer
language plpgsql
security definer
set search_path = ''
-- The batch joins the queue insert's RETURNING back to itself: a nested loop over
-- two unestimated CTE scans is quadratic (seconds for 2,000 rows); a hash join is not.
set enable_nestloop = off
as $$
declare
  v_count integer;
  v_award public.awards;
begin
  if p_origin is null or p_origin !~ '^https?://[^/\s]+$' then
    raise exception 'queue_event_reminders: the origin must be scheme://host' using errcode = 'invalid_parameter_value';
  end if;
  -- The award whose vote is still to come or open, if it has nominees.
  select a.* into v_award from public.awards a
   where a.event_id = p_event_id and (a.closes_at is null or a.closes_at > now())
     and exists (select 1 from public.award_nominees n where n.award_id = a.id);
  with batch as materialized (
    select gen_random_uuid() as job_id,
           'event-reminder/' || p_event_id || '/' || a.ticket_id as key,
           a.email,
           a.language,
           jsonb_build_object(
             'recipientName', a.name,
             'eventName', case when a.language = 'en' then coalesce(e.name_en, e.name) else e.name end,
             'venue', e.venue_name,
             'startsAt', to_jsonb(e.starts_at),
             'endsAt', to_jsonb(e.ends_at),
             'timeZone', e.timezone,
             'ticketUrl', p_origin || case when a.language = 'en' then '/en' else '' end
                          || '/min-side/billetter/' || a.ticket_id,
             'programmeUrl', p_origin || case when a.language = 'en' then '/en' else '' end || '/min-side/program',
             'sessions', coalesce((
               select jsonb_agg(jsonb_build_object(
                        'title', case when a.language = 'en' then coalesce(s.title_en, s.title) else s.title end,
                        'startsAt', to_jsonb(s.starts_at),
                        'endsAt', to_jsonb(s.ends_at),
                        'room', r.name) order by s.starts_at, s.id)
                 from public.bookings b
                 join public.sessions s on s.id = b.session_id
                 left join public.rooms r on r.id = s.room_id
                where b.ticket_id = a.ticket_id and b.status = 'confirmed' and s.cancelled_at is null), '[]'::jsonb),
             'unsubscribeUrl', p_origin || case when a.language = 'en' then '/en' else '' end || '/afmeld/'
                               || private.sign_unsubscribe(p_event_id, a.email, k.secret))
           || case when v_award.id is null then '{}'::jsonb
                   else jsonb_build_object(
                     'award', jsonb_build_object(
                       'name', case when a.language = 'en' then coalesce(v_award.name_en, v_award.name) else v_award.name end,
                       'voteUrl', p_origin || case when a.language = 'en' then '/en' else '' end
                                  || '/' || e.slug || '/stem/' || private.sign_award_link(t.id, t.revision)))
              end as data
      from private.broadcast_audience(p_event_id, 'everyone', null) a
      join public.events e on e.id = p_event_id
      join public.tickets t on t.id = a.ticket_id
      join private.email_link_secrets k on k.name = 'unsubscribe'
  ), queued as (
    insert into private.jobs (id, queue, idempotency_key, priority)
    select x.job_id, 'email', x.key, private.email_priority('event-reminder') from batch x
    on conflict on constraint jobs_one_per_key do nothing
    returning id
  )
  insert into private.outbox_emails (id, idempotency_key, recipient, language, template, template_data, sensitive)
  select x.job_id, x.key, x.email, x.language, 'event-reminder', x.data, false
    from batch x join queued q on q.id = x.job_id;
  get diagnostics v_count = row_count;
  if v_count > 0 then
    perform pg_notify('samspil_jobs', 'email');
  end if;
  return v_count;
end
$$;

-- enqueue_job gains p_priority (default 1); the rest is as before.
drop function private.enqueue_job(text, text, jsonb, timestamptz, integer, uuid);
create function private.enqueue_job(
  p_queue text,
  p_idempotency_key text,
  p_payload jsonb default '{}',
  p_run_at timestamptz default null,
  p_max_attempts integer default 8,
  p_batch_id uuid default null,
  p_priority smallint default 1
) returns table (id uuid, created boolean)
language plpgsql
set search_path = ''
as $$
declare
  v_id uuid;
begin
  insert into private.jobs (queue, idempotency_key, payload, due_at, max_attempts, batch_id, priority)
  values (p_queue, p_idempotency_key, coalesce(p_payload, '{}'), coalesce(p_run_at, now()), p_max_attempts, p_batch_id,
          coalesce(p_priority, 1))
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

-- Claims up to p_limit due jobs of one queue, highest priority (lowest
-- number) first, then by due time; otherwise as in 20261203100300_job_queue.sql.
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

  -- Returned in claim order too (an update's own order is arbitrary): the worker performs them in it.
  return query
  with claimed as (
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
        order by q.priority, q.due_at, q.id
        limit p_limit
        for update skip locked)
    returning j.*)
  select c.* from claimed c order by c.priority, c.created_at, c.id;
end
$$;

-- Queues one email with its template's priority; otherwise as before.
create or replace function private.enqueue_email(
  p_idempotency_key text,
  p_recipient text,
  p_language text,
  p_template text,
  p_template_data jsonb,
  p_sensitive boolean default false,
  p_run_at timestamptz default null,
  p_batch_id uuid default null
) returns table (id uuid, created boolean)
language plpgsql
set search_path = ''
as $$
declare
  v_job record;
begin
  select q.id, q.created into v_job
    from private.enqueue_job('email', p_idempotency_key, '{}', p_run_at, 8, p_batch_id,
                             private.email_priority(p_template)) q;
  if v_job.created then
    insert into private.outbox_emails (id, idempotency_key, recipient, language, template, template_data, sensitive)
    values (v_job.id, p_idempotency_key, p_recipient, p_language, p_template, p_template_data, p_sensitive);
  end if;
  return query select v_job.id, v_job.created;
end
$$;

-- Claimed emails are sent in the claim's order: a sign-in first.
create or replace function private.claim_outbox_emails(p_limit integer, p_lease interval)
returns table (
  id uuid, idempotency_key text, recipient text, language text, template text, template_data jsonb,
  attempts integer, max_attempts integer, lease_token uuid
)
language sql
set search_path = ''
as $$
  select j.id, o.idempotency_key, o.recipient, o.language, o.template, o.template_data,
         j.attempts, j.max_attempts, j.lease_token
    from private.claim_jobs('email', p_limit, p_lease) j
    join private.outbox_emails o on o.id = j.id
   order by j.priority, j.created_at, j.id
$$;

revoke execute on function private.email_priority(text) from public, anon, authenticated;
revoke execute on function private.enqueue_job(text, text, jsonb, timestamptz, integer, uuid, smallint)
  from public, anon, authenticated;
grant execute on function private.email_priority(text) to service_role;
grant execute on function private.enqueue_job(text, text, jsonb, timestamptz, integer, uuid, smallint) to service_role;
