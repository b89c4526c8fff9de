-- The thank-you email, the morning after the day (09:00 in the event's time
-- zone): one per attendee address with a valid ticket, in the language of
-- their order — thanks and a link to their takeaways for those scanned in at
-- the entrance or at a session door, a kinder variant for the others.
--
-- Exactly once, across restarts and several servers: a job round claims the
-- event by inserting its row into private.event_mailings (the primary key
-- makes a second claim wait for the first and then find it done) and queues
-- every email in the same transaction, each under its own idempotency key.

-- The template joins the outbox's list (read from the existing constraint, so
-- other migrations' templates stay whatever the order).
do $$
declare
  v_names text[];
begin
  -- The constraint reads either "template in ('a', 'b')" or, once rewritten
  -- like this, "template = any ('{a,b}'::text[])": take the names from both.
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
  if not 'thank-you' = any (v_names) then
    v_names := v_names || array['thank-you'];
  end if;
  alter table private.outbox_emails drop constraint outbox_emails_template_check;
  execute format(
    'alter table private.outbox_emails add constraint outbox_emails_template_check check (template = any (%L::text[]))',
    v_names
  );
end
$$;

-- Mailings sent to a whole event once (the thank-you email; later kinds may join).
create table private.event_mailings (
  event_id uuid not null references public.events (id) on delete cascade,
  kind text not null check (kind in ('thank-you')),
  queued_at timestamptz not null default now(),
  recipients integer not null check (recipients >= 0),
  primary key (event_id, kind)
);
alter table private.event_mailings enable row level security;
revoke all on table private.event_mailings from public, anon, authenticated;
grant select, insert, update on table private.event_mailings to service_role;

-- When the thank-you email goes: 09:00 on the day after the event ends, in its time zone.
create or replace function private.thank_you_due_at(p_ends_at timestamptz, p_timezone text)
returns timestamptz
language sql
immutable
set search_path = ''
as $$
  select ((date_trunc('day', p_ends_at at time zone p_timezone) + interval '1 day 9 hours') at time zone p_timezone)
$$;
revoke execute on function private.thank_you_due_at(timestamptz, text) from public;
grant execute on function private.thank_you_due_at(timestamptz, text) to service_role;
