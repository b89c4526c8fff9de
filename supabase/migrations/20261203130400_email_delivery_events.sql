-- What happened to an email after the provider accepted it: Resend's signed
-- webhook (src/pages/api/webhooks/resend.ts) reports delivered, bounced and
-- complained (marked as spam) per message, matched to the outbox row by the
-- provider's message id, which the worker stores when Resend accepts it.
--
-- Rules, held here rather than in TypeScript:
-- - Each webhook message (its svix-id) changes something once: its id is
--   recorded in the transaction that applies it, and the same id again
--   answers 'duplicate' with nothing changed, even when the two race.
-- - A delivery state never regresses: delivered → bounced | complained, and
--   bounced and complained are final (a delivered reported after a bounce
--   changes nothing). Triggers on the outbox row and on the broadcast
--   recipient refuse a step back from anyone.
-- - An address that bounced permanently or complained is suppressed: later
--   broadcasts and reminders leave it out (private.broadcast_audience).
--   Essential emails (tickets, sign-in) still go.
--
-- Personal data: suppressions hold an address; they go when the person's
-- account is deleted (the users trigger of 20261203120300 now clears them
-- too). Webhook records hold no address, only ids.

-- ---------------------------------------------------------------------------
-- Delivery state on the outbox row
-- ---------------------------------------------------------------------------

alter table private.outbox_emails
  add column delivery text check (delivery in ('delivered', 'bounced', 'complained')),
  add column delivery_at timestamptz,
  add column delivery_detail text check (length(delivery_detail) <= 1000),
  add constraint outbox_emails_delivery_has_time check ((delivery is null) = (delivery_at is null)),
  add constraint outbox_emails_delivery_after_send check (delivery is null or provider_message_id is not null);

-- The webhook finds its email by the provider's id.
create index outbox_emails_provider_message_idx on private.outbox_emails (provider_message_id)
  where provider_message_id is not null;
create index outbox_emails_delivery_idx on private.outbox_emails (event_id, delivery_at desc)
  where delivery in ('bounced', 'complained');

-- Order of delivery states; equal ranks never replace each other.
create or replace function private.delivery_rank(p_state text) returns integer
language sql
immutable
set search_path = ''
as $$
  select case p_state
           when 'queued' then 0
           when 'failed' then 1
           when 'sent' then 1
           when 'delivered' then 2
           when 'bounced' then 3
           when 'complained' then 3
           else 0
         end
$$;

create or replace function private.guard_outbox_email_delivery() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.delivery is distinct from old.delivery
     and private.delivery_rank(new.delivery) <= private.delivery_rank(old.delivery) then
    raise exception 'outbox email %: delivery % cannot follow %', old.id, new.delivery, old.delivery
      using errcode = 'check_violation';
  end if;
  return new;
end
$$;

create trigger outbox_emails_delivery_forward before update of delivery on private.outbox_emails
  for each row execute function private.guard_outbox_email_delivery();

-- ---------------------------------------------------------------------------
-- Broadcast recipients: delivered, bounced, complained
-- ---------------------------------------------------------------------------

alter table public.broadcast_recipients drop constraint broadcast_recipients_status_check;
alter table public.broadcast_recipients add constraint broadcast_recipients_status_check
  check (status in ('queued', 'sent', 'failed', 'delivered', 'bounced', 'complained'));

-- failed → queued is a retry (private.retry_failed_broadcast); once the
-- provider reported on a message, its recipient only moves forward.
create or replace function private.guard_broadcast_recipient_delivery() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.status is distinct from old.status
     and old.status in ('delivered', 'bounced', 'complained')
     and private.delivery_rank(new.status) <= private.delivery_rank(old.status) then
    raise exception 'broadcast recipient %: % cannot follow %', old.id, new.status, old.status
      using errcode = 'check_violation';
  end if;
  return new;
end
$$;

create trigger broadcast_recipients_delivery_forward before update of status on public.broadcast_recipients
  for each row execute function private.guard_broadcast_recipient_delivery();

-- ---------------------------------------------------------------------------
-- Webhook messages seen, and suppressed addresses
-- ---------------------------------------------------------------------------

create table private.email_webhook_events (
  -- The svix-id header: the same for every retry of one message.
  id text primary key check (length(id) between 1 and 200),
  type text not null check (length(type) <= 100),
  provider_message_id text not null check (length(provider_message_id) <= 200),
  outbox_email_id uuid,
  received_at timestamptz not null default now()
);
alter table private.email_webhook_events enable row level security;
revoke all on table private.email_webhook_events from public, anon, authenticated;
grant all on table private.email_webhook_events to service_role;

create table private.email_suppressions (
  email text primary key check (email = lower(email) and length(email) <= 254),
  reason text not null check (reason in ('bounced', 'complained')),
  provider_message_id text check (length(provider_message_id) <= 200),
  created_at timestamptz not null default now()
);
alter table private.email_suppressions enable row level security;
revoke all on table private.email_suppressions from public, anon, authenticated;
grant all on table private.email_suppressions to service_role;

-- ---------------------------------------------------------------------------
-- Recording one webhook message
-- ---------------------------------------------------------------------------

-- Codes: applied (the state moved forward), unchanged (a new message that
-- would not move it: delivered after bounced), duplicate (this webhook id was
-- recorded before), unknown (no email with this provider id — perhaps not
-- recorded as sent yet; nothing is recorded, so a retry of the webhook may
-- find it), ignored (a type we do not follow). p_permanent: a bounce the
-- provider calls permanent, which suppresses the address.
create or replace function private.record_email_delivery(
  p_webhook_id text,
  p_type text,
  p_provider_message_id text,
  p_occurred_at timestamptz,
  p_detail text,
  p_permanent boolean
) returns table (code text, email_id uuid, delivery text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_state text := case p_type
                    when 'email.delivered' then 'delivered'
                    when 'email.bounced' then 'bounced'
                    when 'email.complained' then 'complained'
                  end;
  v_email record;
  v_changed boolean := false;
begin
  if p_webhook_id is null or length(p_webhook_id) not between 1 and 200
     or p_provider_message_id is null or length(p_provider_message_id) not between 1 and 200 then
    raise exception 'record_email_delivery: webhook id and message id are required' using errcode = 'invalid_parameter_value';
  end if;
  if v_state is null then
    return query select 'ignored'::text, null::uuid, null::text;
    return;
  end if;
  -- The row lock puts every message about one email in line, so the
  -- duplicate check and the rank comparison see each other's commits.
  select o.id, o.recipient, o.delivery into v_email
    from private.outbox_emails o
   where o.provider_message_id = p_provider_message_id
   order by o.created_at desc
   limit 1
   for update;
  if not found then
    return query select 'unknown'::text, null::uuid, null::text;
    return;
  end if;
  insert into private.email_webhook_events (id, type, provider_message_id, outbox_email_id)
  values (p_webhook_id, p_type, p_provider_message_id, v_email.id)
  on conflict (id) do nothing;
  if not found then
    return query select 'duplicate'::text, v_email.id, v_email.delivery;
    return;
  end if;
  if private.delivery_rank(v_state) > private.delivery_rank(v_email.delivery) then
    update private.outbox_emails o
       set delivery = v_state,
           delivery_at = coalesce(p_occurred_at, now()),
           delivery_detail = left(p_detail, 1000)
     where o.id = v_email.id;
    update public.broadcast_recipients r
       set status = v_state,
           last_error = case when v_state = 'bounced' then left(coalesce(p_detail, 'bounced'), 2000) else r.last_error end
     where r.job_id = v_email.id
       and private.delivery_rank(r.status) < private.delivery_rank(v_state);
    v_changed := true;
  end if;
  if v_state = 'complained' or (v_state = 'bounced' and coalesce(p_permanent, true)) then
    insert into private.email_suppressions (email, reason, provider_message_id)
    values (lower(v_email.recipient), v_state, p_provider_message_id)
    on conflict (email) do nothing;
  end if;
  return query select case when v_changed then 'applied' else 'unchanged' end,
                      v_email.id,
                      case when v_changed then v_state else v_email.delivery end;
end
$$;

-- ---------------------------------------------------------------------------
-- Audiences leave out suppressed addresses
-- ---------------------------------------------------------------------------

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
     and not exists (
     select 1 from private.email_suppressions s where s.email = lower(a.email))
   order by a.email, a.ticket_id is null, a.since
$$;

-- ---------------------------------------------------------------------------
-- The operations page: the event's bounced and complained emails
-- ---------------------------------------------------------------------------

create or replace function private.bounced_emails_of(p_event_id uuid, p_limit integer default 200)
returns table (
  id uuid, template text, recipient text, language text, delivery text, delivery_detail text,
  delivery_at timestamptz, suppressed boolean
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
  select o.id, o.template, o.recipient, o.language, o.delivery, o.delivery_detail, o.delivery_at,
         exists (select 1 from private.email_suppressions s where s.email = lower(o.recipient))
    from private.outbox_emails o
   where o.event_id = p_event_id and o.delivery in ('bounced', 'complained')
   order by o.delivery_at desc, o.id
   limit least(greatest(p_limit, 1), 1000);
end
$$;

-- ---------------------------------------------------------------------------
-- Broadcast emails name their event (the key's first id is the broadcast's),
-- so the operations page and the report count them with the event's emails.
-- ---------------------------------------------------------------------------

create or replace function private.email_event_of_key(p_key text) returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_id uuid;
  v_event uuid;
begin
  for v_id in
    select m[1]::uuid
      from regexp_matches(p_key, '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})', 'gi') as m
  loop
    select coalesce(
      (select bc.event_id from public.broadcasts bc where bc.id = v_id),
      (select e.id from public.events e where e.id = v_id),
      (select o.event_id from public.orders o where o.id = v_id),
      (select t.event_id from public.tickets t where t.id = v_id),
      (select b.event_id from public.bookings b where b.id = v_id),
      (select w.event_id from public.waitlist_entries w where w.id = v_id),
      (select s.event_id from public.solutions s where s.id = v_id),
      (select i.event_id from public.team_invitations i where i.id = v_id),
      (select x.event_id from private.outbox_emails x where x.id = v_id)
    ) into v_event;
    if v_event is not null then
      return v_event;
    end if;
  end loop;
  return null;
end
$$;
revoke execute on function private.email_event_of_key(text) from public, anon, authenticated;

update private.outbox_emails set event_id = private.email_event_of_key(idempotency_key)
 where event_id is null and idempotency_key like 'broadcast/%';

-- ---------------------------------------------------------------------------
-- Personal data: a deleted account takes its suppression with it
-- ---------------------------------------------------------------------------

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
    delete from private.email_suppressions s where s.email = lower(old.email);
  end if;
  return null;
end
$$;

-- ---------------------------------------------------------------------------
-- Grants
-- ---------------------------------------------------------------------------

revoke execute on function private.delivery_rank(text) from public, anon, authenticated;
grant execute on function private.delivery_rank(text) to service_role;
revoke execute on function private.guard_outbox_email_delivery() from public, anon, authenticated;
revoke execute on function private.guard_broadcast_recipient_delivery() from public, anon, authenticated;
revoke execute on function private.record_email_delivery(text, text, text, timestamptz, text, boolean)
  from public, anon, authenticated;
grant execute on function private.record_email_delivery(text, text, text, timestamptz, text, boolean) to service_role;
revoke execute on function private.broadcast_audience(uuid, text, text) from public, anon, authenticated;
revoke execute on function private.bounced_emails_of(uuid, integer) from public, anon;
grant execute on function private.bounced_emails_of(uuid, integer) to authenticated;
revoke execute on function private.forget_broadcast_person() from public;
