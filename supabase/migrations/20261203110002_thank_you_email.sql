-- The thank-you email, the morning after the day (09:00 in the event's time
-- zone): one per attendee address with a valid ticket, in the language of
-- their order — thanks and a link to their takeaways for those scanned in at
-- the entrance or at a session door, a kinder variant for the others.
--
-- Exactly once, across restarts and several servers: a job round claims the
-- event by inserting its row into private.event_mailings (the primary key
-- makes a second claim wait for the first and then find it done) and queues
-- every email in the same transaction, each under its own idempotency key.

-- The outbox's list of templates becomes a table. Until now each migration
-- that added a template rewrote the check constraint from its own reading of
-- the constraint's text, which breaks once Postgres prints the list as one
-- array literal (the second rewrite read it as a single name). A table needs
-- no rewriting: a migration that adds a template now says only
--   insert into private.email_templates (name) values ('my-template') on conflict do nothing;
-- and tests/db/mail-outbox.test.ts proves the table and the code's list agree.
create table private.email_templates (
  name text primary key check (name ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$')
);
alter table private.email_templates enable row level security;
revoke all on table private.email_templates from public, anon, authenticated;
grant select on table private.email_templates to service_role;

-- The names the constraint allows today, whichever way Postgres prints them
-- (ARRAY['a'::text, …] or '{a,b}'::text[]): every lower-case word but the
-- column's name and the type's.
insert into private.email_templates (name)
select distinct m[1]
  from pg_constraint c,
       regexp_matches(pg_get_constraintdef(c.oid), '([a-z][a-z0-9]*(?:-[a-z0-9]+)*)', 'g') as m
 where c.conrelid = 'private.outbox_emails'::regclass
   and c.conname = 'outbox_emails_template_check'
   and m[1] not in ('template', 'text');
insert into private.email_templates (name) values ('thank-you') on conflict do nothing;

alter table private.outbox_emails drop constraint outbox_emails_template_check;
alter table private.outbox_emails
  add constraint outbox_emails_template_known foreign key (template) references private.email_templates (name);

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
