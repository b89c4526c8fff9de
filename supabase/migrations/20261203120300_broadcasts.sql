-- Email to attendees: an organiser writes a broadcast (Danish, optionally
-- English; markdown), picks a segment of the event's people, sees the count,
-- and sends. Sending queues one outbox email per person in one set-based
-- statement, so 2,000 recipients queue in milliseconds; the outbox worker then
-- delivers them like every other email (its rate, its retries).
--
-- Lifecycle of a broadcast: draft → queued (once; private.queue_broadcast
-- locks the row, and a second send finds it queued and sends nothing).
-- Lifecycle of a recipient: queued → sent | failed, and failed → queued
-- again when an organiser retries the failed (a new job under a new key; the
-- old dead job stays dead). One row per broadcast and address (a unique
-- constraint), so nobody gets one broadcast twice, whatever races or crashes.
--
-- Unsubscribing: every broadcast and reminder carries a link /afmeld/<token>,
-- the token being the event and address signed with HMAC-SHA256 under a
-- secret kept here. Following it (and confirming) records the address in
-- public.email_unsubscribes; later broadcasts and reminders to that event
-- skip it. Essential emails (tickets, changes, sign-in) are not affected.
--
-- Personal data: recipients (name, address) and unsubscribes (address). Both
-- go when the person's ticket is anonymised (retention, erasure) and when
-- their account is deleted.

create extension if not exists pgcrypto with schema extensions;

-- The two new templates join the outbox's list (read from the existing
-- constraint, in either printed form, so other migrations' templates stay).
do $$
declare
  v_names text[];
  v_new text;
begin
  select array_agg(distinct name order by name)
    into v_names
    from pg_constraint c,
         regexp_matches(pg_get_constraintdef(c.oid), '''([^'']+)''', 'g') as m,
         unnest(case when m[1] like '{%}' then string_to_array(trim(both '{}' from m[1]), ',') else array[m[1]] end) as name
   where c.conrelid = 'private.outbox_emails'::regclass
     and c.conname = 'outbox_emails_template_check';
  if v_names is null then
    raise exception 'outbox_emails_template_check not found';
  end if;
  foreach v_new in array array['broadcast', 'event-reminder'] loop
    if not v_new = any (v_names) then
      v_names := v_names || array[v_new];
    end if;
  end loop;
  alter table private.outbox_emails drop constraint outbox_emails_template_check;
  execute format(
    'alter table private.outbox_emails add constraint outbox_emails_template_check check (template = any (%L::text[]))',
    v_names
  );
end
$$;

-- /afmeld/<token> is a top-level page (the unsubscribe link), so no event may
-- take the slug `afmeld`. Same constraint name (mapped to "slug reserved" by
-- private.event_refusal), its list read from the constraint as it stands.
do $$
declare
  v_names text[];
begin
  select array_agg(distinct name order by name)
    into v_names
    from pg_constraint c,
         regexp_matches(pg_get_constraintdef(c.oid), '''([^'']+)''', 'g') as m,
         unnest(case when m[1] like '{%}' then string_to_array(trim(both '{}' from m[1]), ',') else array[m[1]] end) as name
   where c.conrelid = 'public.events'::regclass
     and c.conname = 'events_slug_check';
  if v_names is null then
    raise exception 'events_slug_check not found';
  end if;
  if not 'afmeld' = any (v_names) then
    v_names := v_names || array['afmeld'];
  end if;
  alter table public.events drop constraint events_slug_check;
  execute format('alter table public.events add constraint events_slug_check check (slug <> all (%L::text[]))', v_names);
end
$$;

-- The reminder the day before is mailed once per event, like the thank-you.
alter table private.event_mailings drop constraint event_mailings_kind_check;
alter table private.event_mailings add constraint event_mailings_kind_check check (kind in ('thank-you', 'reminder'));

-- ---------------------------------------------------------------------------
-- Broadcasts
-- ---------------------------------------------------------------------------

create table public.broadcasts (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (id) on delete cascade,
  subject_da text not null check (length(trim(subject_da)) between 1 and 200 and subject_da !~ '[\r\n]'),
  body_da text not null check (length(trim(body_da)) between 1 and 20000),
  -- English is optional; without it English speakers get the Danish text.
  subject_en text check (length(trim(subject_en)) between 1 and 200 and subject_en !~ '[\r\n]'),
  body_en text check (length(trim(body_en)) between 1 and 20000),
  segment text not null check (segment in
    ('everyone', 'ticket_type', 'session', 'sector', 'checked_in', 'not_checked_in', 'waitlisted')),
  -- The ticket type's or session's id, or the sector's name; the audience is
  -- always read within the event, so a stray id only means nobody.
  segment_ref text check (length(segment_ref) <= 100),
  status text not null default 'draft' check (status in ('draft', 'queued')),
  recipients integer check (recipients >= 0),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  queued_at timestamptz,
  queued_by uuid references auth.users (id) on delete set null,
  version integer not null default 1 check (version > 0),
  unique (event_id, id),
  constraint broadcasts_english_whole check ((subject_en is null) = (body_en is null)),
  constraint broadcasts_segment_ref check ((segment in ('ticket_type', 'session', 'sector')) = (segment_ref is not null)),
  constraint broadcasts_queued_whole check ((status = 'queued') = (queued_at is not null and recipients is not null))
);
create index broadcasts_event_idx on public.broadcasts (event_id, created_at desc);

create trigger broadcasts_touch before update on public.broadcasts
  for each row execute function private.touch_updated_at();
create trigger broadcasts_version before update on public.broadcasts
  for each row execute function private.bump_version('status', 'recipients', 'queued_at', 'queued_by');
create trigger broadcasts_audit after insert or update or delete on public.broadcasts
  for each row execute function private.audit_row_change('event_id', 'id', 'subject_da');

-- A queued broadcast is history: its text and audience never change again.
create or replace function private.guard_broadcast_update() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.status = 'queued' and (
       new.status <> 'queued'
       or (new.subject_da, new.body_da, new.subject_en, new.body_en, new.segment, new.segment_ref, new.event_id)
          is distinct from
          (old.subject_da, old.body_da, old.subject_en, old.body_en, old.segment, old.segment_ref, old.event_id)) then
    raise exception 'broadcast % is sent and cannot change', old.id using errcode = 'check_violation';
  end if;
  return new;
end
$$;
revoke execute on function private.guard_broadcast_update() from public;
create trigger broadcasts_guard before update on public.broadcasts
  for each row execute function private.guard_broadcast_update();

alter table public.broadcasts enable row level security;
revoke all on table public.broadcasts from public, anon, authenticated;
grant select on table public.broadcasts to authenticated;
grant insert (event_id, subject_da, body_da, subject_en, body_en, segment, segment_ref)
  on table public.broadcasts to authenticated;
grant update (subject_da, body_da, subject_en, body_en, segment, segment_ref) on table public.broadcasts to authenticated;
grant delete on table public.broadcasts to authenticated;
grant all on table public.broadcasts to service_role;

create policy "Organisers can read their event's broadcasts"
  on public.broadcasts for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can write drafts to their event's attendees"
  on public.broadcasts for insert
  to authenticated
  with check (private.has_event_role(event_id, 'organiser') and status = 'draft'
              and created_by = (select auth.uid()));

create policy "Organisers can edit their event's drafts"
  on public.broadcasts for update
  to authenticated
  using (private.has_event_role(event_id, 'organiser') and status = 'draft')
  with check (private.has_event_role(event_id, 'organiser') and status = 'draft');

create policy "Organisers can delete their event's drafts"
  on public.broadcasts for delete
  to authenticated
  using (private.has_event_role(event_id, 'organiser') and status = 'draft');

-- ---------------------------------------------------------------------------
-- Recipients
-- ---------------------------------------------------------------------------

create table public.broadcast_recipients (
  id uuid primary key default gen_random_uuid(),
  broadcast_id uuid not null,
  event_id uuid not null,
  email text not null check (email = lower(email) and length(email) <= 254),
  name text not null check (length(name) <= 200),
  language text not null check (language in ('da', 'en')),
  status text not null default 'queued' check (status in ('queued', 'sent', 'failed')),
  -- The outbox job of the current attempt (no foreign key: finished jobs are
  -- purged after a while, and the outcome is kept here).
  job_id uuid not null unique default gen_random_uuid(),
  attempt smallint not null default 1 check (attempt between 1 and 100),
  last_error text check (length(last_error) <= 2000),
  finished_at timestamptz,
  -- The one constraint that makes a broadcast reach each address once.
  constraint broadcast_recipients_once unique (broadcast_id, email),
  constraint broadcast_recipients_same_event foreign key (event_id, broadcast_id)
    references public.broadcasts (event_id, id) on delete cascade,
  constraint broadcast_recipients_finished_has_time check ((status = 'queued') = (finished_at is null))
);
-- Progress counts a broadcast's rows through the unique (broadcast_id, email) index; no
-- index per status, so the bulk insert has fewer to maintain.

alter table public.broadcast_recipients enable row level security;
revoke all on table public.broadcast_recipients from public, anon, authenticated;
grant select on table public.broadcast_recipients to authenticated;
grant all on table public.broadcast_recipients to service_role;

create policy "Organisers can read who their event's broadcasts went to"
  on public.broadcast_recipients for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

-- ---------------------------------------------------------------------------
-- Unsubscribes and the signed link
-- ---------------------------------------------------------------------------

create table public.email_unsubscribes (
  event_id uuid not null references public.events (id) on delete cascade,
  email text not null check (email = lower(email) and length(email) <= 254),
  unsubscribed_at timestamptz not null default now(),
  primary key (event_id, email)
);

alter table public.email_unsubscribes enable row level security;
revoke all on table public.email_unsubscribes from public, anon, authenticated;
grant select on table public.email_unsubscribes to authenticated;
grant all on table public.email_unsubscribes to service_role;

create policy "Organisers can read who unsubscribed from their event's emails"
  on public.email_unsubscribes for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create table private.email_link_secrets (
  name text primary key check (name in ('unsubscribe')),
  secret bytea not null check (octet_length(secret) >= 32)
);
alter table private.email_link_secrets enable row level security;
revoke all on table private.email_link_secrets from public, anon, authenticated;
insert into private.email_link_secrets (name, secret) values ('unsubscribe', extensions.gen_random_bytes(32));

create or replace function private.base64url(p_bytes bytea) returns text
language sql
immutable
set search_path = ''
as $$
  select translate(encode(p_bytes, 'base64'), E'+/=\n', '-_')
$$;

create or replace function private.unbase64url(p_text text) returns bytea
language sql
immutable
set search_path = ''
as $$
  select decode(rpad(translate(p_text, '-_', '+/'), ((length(p_text) + 3) / 4) * 4, '='), 'base64')
$$;

-- <base64url("event id:address")>.<base64url(HMAC-SHA256 of it)>. The
-- secret is a parameter so that a batch reads it once (a plain SQL function,
-- inlined into the batch's query).
create or replace function private.sign_unsubscribe(p_event_id uuid, p_email text, p_secret bytea) returns text
language sql
immutable
set search_path = ''
as $$
  select private.base64url(convert_to(p_event_id::text || ':' || lower(p_email), 'UTF8')) || '.'
      || private.base64url(extensions.hmac(convert_to(p_event_id::text || ':' || lower(p_email), 'UTF8'), p_secret, 'sha256'))
$$;

create or replace function private.unsubscribe_token(p_event_id uuid, p_email text) returns text
language sql
stable
security definer
set search_path = ''
as $$
  select private.sign_unsubscribe(p_event_id, p_email, s.secret)
    from private.email_link_secrets s where s.name = 'unsubscribe'
$$;

-- Reads (and with p_apply records) an unsubscribe link. Answers 'invalid'
-- for anything not signed by us; otherwise the event, the address and
-- whether it is unsubscribed (now). Anyone holding the link may use it: it is
-- the recipient's own, like a List-Unsubscribe one-click link.
create or replace function private.unsubscribe_by_token(p_token text, p_apply boolean)
returns table (code text, event_id uuid, email text, unsubscribed boolean)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_payload text;
  v_event uuid;
  v_email text;
begin
  if p_token is null or length(p_token) > 800 or p_token !~ '^[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{43}$' then
    return query select 'invalid'::text, null::uuid, null::text, false;
    return;
  end if;
  begin
    v_payload := convert_from(private.unbase64url(split_part(p_token, '.', 1)), 'UTF8');
  exception when others then
    return query select 'invalid'::text, null::uuid, null::text, false;
    return;
  end;
  if v_payload !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:[^\s:]+@[^\s]+$'
     or private.unsubscribe_token(split_part(v_payload, ':', 1)::uuid, substr(v_payload, 38)) is distinct from p_token then
    return query select 'invalid'::text, null::uuid, null::text, false;
    return;
  end if;
  v_event := split_part(v_payload, ':', 1)::uuid;
  v_email := substr(v_payload, 38);
  if not exists (select 1 from public.events e where e.id = v_event) then
    return query select 'invalid'::text, null::uuid, null::text, false;
    return;
  end if;
  if p_apply then
    insert into public.email_unsubscribes (event_id, email) values (v_event, v_email) on conflict do nothing;
  end if;
  return query select 'ok'::text, v_event, v_email,
    exists (select 1 from public.email_unsubscribes u where u.event_id = v_event and u.email = v_email);
end
$$;

-- ---------------------------------------------------------------------------
-- Audiences
-- ---------------------------------------------------------------------------

-- The people of one segment of an event, one row per address (the earliest
-- ticket names them and gives the language of its order), minus those who
-- unsubscribed. 'waitlisted' is the event's waitlist and ticket holders in
-- line for a session.
create or replace function private.broadcast_audience(p_event_id uuid, p_segment text, p_ref text)
returns table (email text, name text, language text, ticket_id uuid)
language sql
stable
set search_path = ''
as $$
  select distinct on (a.email) a.email, a.name, a.language, a.ticket_id
    from (
      select t.attendee_email as email, t.attendee_name as name, o.language, t.id as ticket_id,
             coalesce(t.issued_at, t.created_at) as since
        from public.tickets t
        join public.orders o on o.id = t.order_id
       where t.event_id = p_event_id and t.status = 'valid' and t.attendee_email is not null
         and case p_segment
               when 'everyone' then true
               when 'ticket_type' then t.ticket_type_id::text = p_ref
               when 'sector' then t.sector::text = p_ref
               when 'session' then exists (
                 select 1 from public.bookings b
                  where b.ticket_id = t.id and b.session_id::text = p_ref and b.status = 'confirmed')
               when 'checked_in' then exists (
                 select 1 from public.check_ins c where c.ticket_id = t.id and c.result = 'ok' and c.undone_at is null)
               when 'not_checked_in' then not exists (
                 select 1 from public.check_ins c where c.ticket_id = t.id and c.result = 'ok' and c.undone_at is null)
               when 'waitlisted' then exists (
                 select 1 from public.bookings b where b.ticket_id = t.id and b.status in ('waitlisted', 'offered'))
               else false
             end
      union all
      select w.email, w.name, w.language, null::uuid, w.created_at
        from public.waitlist_entries w
       where p_segment = 'waitlisted' and w.event_id = p_event_id and w.status in ('waiting', 'offered')
    ) a
   where not exists (
     select 1 from public.email_unsubscribes u where u.event_id = p_event_id and u.email = a.email)
   order by a.email, a.ticket_id is null, a.since
$$;

-- How many a segment reaches now, for the organiser before sending.
create or replace function private.broadcast_audience_count(p_event_id uuid, p_segment text, p_ref text)
returns integer
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return null;
  end if;
  return (select count(*)::integer from private.broadcast_audience(p_event_id, p_segment, p_ref));
end
$$;

-- ---------------------------------------------------------------------------
-- Sending
-- ---------------------------------------------------------------------------

-- Queues an outbox email for every recipient of a broadcast whose current
-- attempt has no job yet: one INSERT … SELECT into the queue and one into the
-- outbox. Each email's key names the broadcast, the recipient and the attempt.
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
    insert into private.jobs (id, queue, idempotency_key, batch_id)
    select x.job_id, 'email', x.key, p_broadcast_id from batch x
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

-- Sends a draft: locks it, writes one recipient row per address of its
-- segment, queues their emails, marks it queued — one transaction. A second
-- call (a double click, a retried request, another organiser) waits for the
-- lock and answers 'already_queued' with nothing sent.
create or replace function private.queue_broadcast(p_broadcast_id uuid, p_origin text)
returns table (code text, recipients integer)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_broadcast public.broadcasts;
  v_count integer;
begin
  if p_origin is null or p_origin !~ '^https?://[^/\s]+$' then
    raise exception 'queue_broadcast: the origin must be scheme://host' using errcode = 'invalid_parameter_value';
  end if;
  select * into v_broadcast from public.broadcasts b where b.id = p_broadcast_id for update;
  if not found or not private.has_event_role(v_broadcast.event_id, 'organiser') then
    return query select 'not_found'::text, 0;
    return;
  end if;
  if v_broadcast.status <> 'draft' then
    return query select 'already_queued'::text, v_broadcast.recipients;
    return;
  end if;

  insert into public.broadcast_recipients (broadcast_id, event_id, email, name, language)
  select v_broadcast.id, v_broadcast.event_id, a.email, left(a.name, 200), a.language
    from private.broadcast_audience(v_broadcast.event_id, v_broadcast.segment, v_broadcast.segment_ref) a
  on conflict on constraint broadcast_recipients_once do nothing;

  v_count := private.enqueue_broadcast_emails(v_broadcast.id, p_origin);
  update public.broadcasts
     set status = 'queued', queued_at = now(), queued_by = (select auth.uid()), recipients = v_count
   where id = v_broadcast.id;
  return query select 'queued'::text, v_count;
end
$$;

-- Tries the failed recipients of a queued broadcast again: each gets a new
-- attempt (a new job under a new key); the dead job stays as it was. Under
-- the broadcast's lock, so two clicks retry once.
create or replace function private.retry_failed_broadcast(p_broadcast_id uuid, p_origin text)
returns table (code text, retried integer)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_broadcast public.broadcasts;
begin
  if p_origin is null or p_origin !~ '^https?://[^/\s]+$' then
    raise exception 'retry_failed_broadcast: the origin must be scheme://host' using errcode = 'invalid_parameter_value';
  end if;
  select * into v_broadcast from public.broadcasts b where b.id = p_broadcast_id for update;
  if not found or not private.has_event_role(v_broadcast.event_id, 'organiser') then
    return query select 'not_found'::text, 0;
    return;
  end if;
  if v_broadcast.status <> 'queued' then
    return query select 'not_queued'::text, 0;
    return;
  end if;
  update public.broadcast_recipients r
     set status = 'queued', job_id = gen_random_uuid(), attempt = r.attempt + 1, last_error = null, finished_at = null
   where r.broadcast_id = p_broadcast_id and r.status = 'failed' and r.attempt < 100;
  return query select 'retried'::text, private.enqueue_broadcast_emails(p_broadcast_id, p_origin);
end
$$;

-- A broadcast email's job finished: its recipient row keeps the outcome
-- (the job itself is purged after a while).
create or replace function private.record_broadcast_outcome() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.broadcast_recipients r
     set status = case when new.status = 'done' then 'sent' else 'failed' end,
         last_error = case when new.status = 'dead' then new.last_error end,
         finished_at = new.finished_at
   where r.job_id = new.id and r.status = 'queued';
  return null;
end
$$;

create trigger jobs_broadcast_outcome after update of status on private.jobs
  for each row
  when (new.queue = 'email' and new.status in ('done', 'dead') and old.status in ('pending', 'running')
        and new.idempotency_key like 'broadcast/%')
  execute function private.record_broadcast_outcome();

-- ---------------------------------------------------------------------------
-- The reminder the day before
-- ---------------------------------------------------------------------------

create table public.event_reminders (
  event_id uuid primary key references public.events (id) on delete cascade,
  enabled boolean not null default false,
  -- Wall-clock time on the day before the event, in the event's time zone.
  send_at_local time not null default '16:00',
  -- Filled by the job that sent it (once: private.event_mailings holds the claim).
  sent_at timestamptz,
  sent_recipients integer check (sent_recipients >= 0),
  updated_at timestamptz not null default now(),
  version integer not null default 1 check (version > 0)
);
create trigger event_reminders_touch before update on public.event_reminders
  for each row execute function private.touch_updated_at();
create trigger event_reminders_version before update on public.event_reminders
  for each row execute function private.bump_version('sent_at', 'sent_recipients');
create trigger event_reminders_audit after insert or update or delete on public.event_reminders
  for each row execute function private.audit_row_change('event_id', 'event_id', '');

alter table public.event_reminders enable row level security;
revoke all on table public.event_reminders from public, anon, authenticated;
grant select on table public.event_reminders to authenticated;
grant insert (event_id, enabled, send_at_local) on table public.event_reminders to authenticated;
grant update (enabled, send_at_local) on table public.event_reminders to authenticated;
grant all on table public.event_reminders to service_role;

create policy "Organisers can read their event's reminder setting"
  on public.event_reminders for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can set their event's reminder"
  on public.event_reminders for insert
  to authenticated
  with check (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can change their event's reminder"
  on public.event_reminders for update
  to authenticated
  using (private.has_event_role(event_id, 'organiser'))
  with check (private.has_event_role(event_id, 'organiser'));

-- When the reminder goes: the set time on the day before the event starts, in its time zone.
create or replace function private.reminder_due_at(p_starts_at timestamptz, p_timezone text, p_time time)
returns timestamptz
language sql
immutable
set search_path = ''
as $$
  select ((date_trunc('day', p_starts_at at time zone p_timezone) - interval '1 day' + p_time) at time zone p_timezone)
$$;

-- Queues the reminder to every ticket holder of an event (one per address,
-- minus the unsubscribed): their own programme (confirmed seats, in order)
-- and their ticket's link, in their order's language. Set-based, like a
-- broadcast. The caller has claimed the event in private.event_mailings in
-- the same transaction.
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
begin
  if p_origin is null or p_origin !~ '^https?://[^/\s]+$' then
    raise exception 'queue_event_reminders: the origin must be scheme://host' using errcode = 'invalid_parameter_value';
  end if;
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
                               || private.sign_unsubscribe(p_event_id, a.email, k.secret)) as data
      from private.broadcast_audience(p_event_id, 'everyone', null) a
      join public.events e on e.id = p_event_id
      join private.email_link_secrets k on k.name = 'unsubscribe'
  ), queued as (
    insert into private.jobs (id, queue, idempotency_key)
    select x.job_id, 'email', x.key from batch x
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

-- ---------------------------------------------------------------------------
-- Personal data
-- ---------------------------------------------------------------------------

-- A ticket anonymised (retention, erasure) takes its address's broadcast
-- history and unsubscribe of that event with it; a deleted account, all of them.
create or replace function private.forget_broadcast_person() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_table_name = 'tickets' then
    delete from public.broadcast_recipients r where r.event_id = old.event_id and r.email = old.attendee_email;
    delete from public.email_unsubscribes u where u.event_id = old.event_id and u.email = old.attendee_email;
  else
    delete from public.broadcast_recipients r where r.email = lower(old.email);
    delete from public.email_unsubscribes u where u.email = lower(old.email);
  end if;
  return null;
end
$$;
revoke execute on function private.forget_broadcast_person() from public;

create trigger tickets_forget_broadcasts after update of anonymised_at on public.tickets
  for each row
  when (old.anonymised_at is null and new.anonymised_at is not null and old.attendee_email is not null)
  execute function private.forget_broadcast_person();
create trigger users_forget_broadcasts after delete on auth.users
  for each row
  when (old.email is not null)
  execute function private.forget_broadcast_person();
create index email_unsubscribes_email_idx on public.email_unsubscribes (email);
create index broadcast_recipients_address_idx on public.broadcast_recipients (email);

-- ---------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------

revoke execute on function private.base64url(bytea) from public, anon, authenticated;
revoke execute on function private.unbase64url(text) from public, anon, authenticated;
revoke execute on function private.unsubscribe_token(uuid, text) from public, anon, authenticated;
revoke execute on function private.sign_unsubscribe(uuid, text, bytea) from public, anon, authenticated;
revoke execute on function private.unsubscribe_by_token(text, boolean) from public;
revoke execute on function private.broadcast_audience(uuid, text, text) from public, anon, authenticated;
revoke execute on function private.broadcast_audience_count(uuid, text, text) from public, anon;
revoke execute on function private.enqueue_broadcast_emails(uuid, text) from public, anon, authenticated;
revoke execute on function private.queue_broadcast(uuid, text) from public, anon;
revoke execute on function private.retry_failed_broadcast(uuid, text) from public, anon;
revoke execute on function private.record_broadcast_outcome() from public, anon, authenticated;
revoke execute on function private.reminder_due_at(timestamptz, text, time) from public, anon, authenticated;
revoke execute on function private.queue_event_reminders(uuid, text) from public, anon, authenticated;

grant execute on function private.unsubscribe_by_token(text, boolean) to anon, authenticated, service_role;
grant execute on function private.broadcast_audience_count(uuid, text, text) to authenticated;
grant execute on function private.queue_broadcast(uuid, text) to authenticated;
grant execute on function private.retry_failed_broadcast(uuid, text) to authenticated;
grant execute on function private.unsubscribe_token(uuid, text) to service_role;
grant execute on function private.broadcast_audience(uuid, text, text) to service_role;
grant execute on function private.reminder_due_at(timestamptz, text, time) to service_role;
grant execute on function private.queue_event_reminders(uuid, text) to service_role;
