-- The email outbox moves onto the one job queue (private.jobs). An email is a
-- job in queue 'email' whose id is also its private.outbox_emails row, which
-- keeps what is sent (recipient, template, data) and what the provider
-- answered; the job keeps when and how often it is tried. Every row keeps its
-- id, key and state, so a message pending before this migration is sent once
-- after it, and one a worker holds keeps its lease token.

insert into private.jobs (id, queue, idempotency_key, status, attempts, max_attempts, due_at, lease_token,
                          last_attempt_at, last_error, created_at, finished_at)
select o.id, 'email', o.idempotency_key,
       case o.status when 'sending' then 'running' when 'sent' then 'done' else o.status end,
       o.attempts, o.max_attempts, o.next_attempt_at, o.lease_token, o.last_attempt_at, o.last_error,
       o.created_at, o.finished_at
  from private.outbox_emails o;

drop trigger outbox_emails_guard on private.outbox_emails;
drop function private.guard_outbox_email_update();
drop function private.enqueue_email(text, text, text, text, jsonb, boolean);
drop function private.claim_outbox_emails(integer, interval);
drop function private.mark_outbox_email_sent(uuid, text);
drop function private.record_outbox_email_failure(uuid, uuid, text, interval);
drop function private.purge_finished_outbox_emails(interval, interval);
drop index private.outbox_emails_due_idx;
drop index private.outbox_emails_finished_idx;

alter table private.outbox_emails
  drop constraint outbox_emails_due_while_open,
  drop constraint outbox_emails_lease_while_sending,
  drop constraint outbox_emails_sent_has_time,
  drop constraint outbox_emails_finished_has_time,
  drop constraint outbox_emails_data_kept_until_finished,
  drop constraint outbox_emails_attempts_within_limit,
  drop column status,
  drop column attempts,
  drop column max_attempts,
  drop column next_attempt_at,
  drop column lease_token,
  drop column last_attempt_at,
  drop column last_error,
  drop column finished_at,
  -- The job's key, kept here for lookups by key.
  add constraint outbox_emails_job_fk foreign key (id) references private.jobs (id) on delete cascade,
  -- Erased only when the job is finished (the guard below checks that).
  add constraint outbox_emails_data_kept_unless_sensitive check (template_data is not null or sensitive),
  add constraint outbox_emails_sent_has_time check (provider_message_id is null or sent_at is not null);

-- What is sent never changes; the data of a sensitive message may be erased
-- once its job is finished; the provider's answer is written once.
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
     and not (new.template_data is null and old.sensitive
              and exists (select 1 from private.jobs j where j.id = old.id and j.status in ('done', 'dead'))) then
    raise exception 'outbox email %: its data may only be erased, and only when it is finished', old.id
      using errcode = 'check_violation';
  end if;
  if old.sent_at is not null and (new.sent_at, new.provider_message_id) is distinct from (old.sent_at, old.provider_message_id) then
    raise exception 'outbox email % is sent; its record is final', old.id
      using errcode = 'check_violation';
  end if;
  return new;
end
$$;

create trigger outbox_emails_guard before update on private.outbox_emails
  for each row execute function private.guard_outbox_email_update();

-- A sign-in link does not outlive its message: erased when the job finishes,
-- however it finishes (sent, given up, or its lease ran out on the last try).
create or replace function private.erase_finished_email_secrets() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  update private.outbox_emails o set template_data = null
   where o.id = new.id and o.sensitive and o.template_data is not null;
  return null;
end
$$;

create trigger jobs_email_finished after update of status on private.jobs
  for each row
  when (new.queue = 'email' and new.status in ('done', 'dead') and old.status in ('pending', 'running'))
  execute function private.erase_finished_email_secrets();

-- A message removed (a person's data erased) takes its job with it.
create or replace function private.delete_email_job() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  delete from private.jobs j where j.id = old.id;
  return null;
end
$$;

create trigger outbox_emails_delete_job after delete on private.outbox_emails
  for each row execute function private.delete_email_job();

-- Queues one email: a job in queue 'email' and its message. Returns the id
-- and whether this call created it (the same key twice queues one email).
-- `p_run_at` sends it later (a thank-you the morning after); `p_batch_id`
-- groups a broadcast's messages for private.job_batch_progress.
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
    from private.enqueue_job('email', p_idempotency_key, '{}', p_run_at, 8, p_batch_id) q;
  if v_job.created then
    insert into private.outbox_emails (id, idempotency_key, recipient, language, template, template_data, sensitive)
    values (v_job.id, p_idempotency_key, p_recipient, p_language, p_template, p_template_data, p_sensitive);
  end if;
  return query select v_job.id, v_job.created;
end
$$;

-- Claims due emails (private.claim_jobs) with what the worker needs to send them.
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
   order by j.due_at, j.id
$$;

-- The provider accepted the message: the job is done and the answer kept, in
-- one transaction. False when the job was already finished.
create or replace function private.mark_outbox_email_sent(p_id uuid, p_provider_message_id text)
returns boolean
language plpgsql
set search_path = ''
as $$
begin
  if not private.complete_job(p_id) then
    return false;
  end if;
  update private.outbox_emails o set sent_at = now(), provider_message_id = p_provider_message_id
   where o.id = p_id;
  return true;
end
$$;

-- Where each email stands, in the outbox's own words (sending, sent), for
-- support and tests.
create view private.outbox_email_states with (security_invoker = true) as
select o.id, o.idempotency_key, o.recipient, o.language, o.template, o.template_data, o.sensitive,
       case j.status when 'running' then 'sending' when 'done' then 'sent' else j.status end as status,
       j.attempts, j.max_attempts, j.due_at as next_attempt_at, j.lease_token, j.last_attempt_at, j.last_error,
       o.provider_message_id, o.created_at, o.sent_at, j.finished_at, j.batch_id
  from private.outbox_emails o
  join private.jobs j on j.id = o.id;
revoke all on private.outbox_email_states from public, anon, authenticated;
grant select on private.outbox_email_states to service_role;

revoke execute on function private.guard_outbox_email_update() from public, anon, authenticated;
revoke execute on function private.erase_finished_email_secrets() from public, anon, authenticated;
revoke execute on function private.delete_email_job() from public, anon, authenticated;
revoke execute on function private.enqueue_email(text, text, text, text, jsonb, boolean, timestamptz, uuid)
  from public, anon, authenticated;
revoke execute on function private.claim_outbox_emails(integer, interval) from public, anon, authenticated;
revoke execute on function private.mark_outbox_email_sent(uuid, text) from public, anon, authenticated;
grant execute on function private.enqueue_email(text, text, text, text, jsonb, boolean, timestamptz, uuid) to service_role;
grant execute on function private.claim_outbox_emails(integer, interval) to service_role;
grant execute on function private.mark_outbox_email_sent(uuid, text) to service_role;
