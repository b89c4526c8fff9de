-- The organisers' registrations: find an attendee among 10,000 tickets, and
-- change a ticket from the console — correct the holder's name and
-- organisation, transfer it to a colleague, cancel it (with or without a
-- refund, through the one refund path), note something about it.
--
-- Search. Names are typed as heard: "Soren", "Søren", "Soeren", "Jørgensen",
-- "Jorgensen", "Aarhus"/"Århus", "Rene"/"René", and misspelt. Both the stored
-- text and the query are folded by private.fold_search (lower case, accents
-- off with `unaccent`, Danish æ/ø/å and their two-letter spellings made one),
-- and a trigram index (pg_trgm) answers "contains" (LIKE) and "sounds
-- like" (word similarity, `<%`) on the folded text. Both extensions ship with
-- the embedded Postgres and are available on Supabase (schema `extensions`).
-- `unaccent()` is only STABLE (its dictionary could change), so the index uses
-- an IMMUTABLE wrapper that names the dictionary and schema explicitly: the
-- usual way to index unaccented text.
--
-- Writes. Every change is a security definer function that checks that the
-- caller organises the ticket's event, locks the ticket row, compares the
-- version the form showed and answers a code as data. They run as the signed-in
-- organiser, so the audit trigger records who did it. Tickets now carry the
-- console's `version` and audit trigger (on updates: registration itself is
-- not an organiser's edit). The audit entries name a person; when the ticket is
-- anonymised (erasure or retention) its entries and notes lose the personal
-- values with it.

create extension if not exists pg_trgm with schema extensions;
create extension if not exists unaccent with schema extensions;

-- Migrations revoke EXECUTE from PUBLIC on new functions (20261123120000), so
-- the extensions' functions a search calls are granted to the API roles. On
-- Supabase they are granted already; a role that may not grant there just
-- leaves it as it is.
do $$
begin
  grant execute on function extensions.unaccent(regdictionary, text) to anon, authenticated, service_role;
  grant execute on function extensions.word_similarity(text, text) to authenticated, service_role;
  grant execute on function extensions.word_similarity_op(text, text) to authenticated, service_role;
  grant execute on function extensions.word_similarity_commutator_op(text, text) to authenticated, service_role;
exception when insufficient_privilege then
  raise notice 'extension functions not granted here: %', sqlerrm;
end
$$;

-- ---------------------------------------------------------------------------
-- Folding and the search index
-- ---------------------------------------------------------------------------

-- Lower case, no accents, and Danish letters one way: æ → ae, ø/oe → o,
-- å/aa → a. The same function folds the query, so "Søren", "Soeren" and
-- "Soren" are the same word; pg_trgm tolerates what folding does not.
create or replace function private.fold_search(p_text text)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select replace(replace(
           extensions.unaccent('extensions.unaccent'::regdictionary, lower(coalesce(p_text, ''))),
           'aa', 'a'), 'oe', 'o')
$$;
revoke execute on function private.fold_search(text) from public;
-- Any role that writes a ticket computes its search text (a generated column).
grant execute on function private.fold_search(text) to anon, authenticated, service_role;

-- What a ticket is found by: holder's name, email and organisation.
create or replace function private.ticket_search_text(p_name text, p_email text, p_organisation text)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select private.fold_search(concat_ws(' ', p_name, p_email, p_organisation))
$$;
revoke execute on function private.ticket_search_text(text, text, text) from public;
grant execute on function private.ticket_search_text(text, text, text) to anon, authenticated, service_role;

-- Stored, so a search that matches thousands never folds their text again.
alter table public.tickets
  add column search_text text generated always as
    (private.ticket_search_text(attendee_name, attendee_email, organisation_name)) stored;
create index tickets_search_trgm_idx on public.tickets using gin (search_text extensions.gin_trgm_ops);
-- The list filters within one event; (event_id, id) exists, these serve the facets.
create index tickets_event_type_idx on public.tickets (event_id, ticket_type_id);
create index orders_reference_trgm_idx on public.orders using gin (reference extensions.gin_trgm_ops);

-- ---------------------------------------------------------------------------
-- Tickets join the console's versions and audit log
-- ---------------------------------------------------------------------------

alter table public.tickets add column version integer not null default 1 check (version > 0);

create trigger tickets_version before update on public.tickets
  for each row execute function private.bump_version('search_text');
-- Updates only, and never the anonymising update itself (its "before" would
-- keep what it erases).
create trigger tickets_audit after update on public.tickets
  for each row when (new.anonymised_at is null)
  execute function private.audit_row_change('event_id', 'id', 'attendee_name', 'search_text');

-- Finds a ticket's entries when they must forget the person.
create index audit_log_ticket_idx on public.audit_log ((coalesce(row_key ->> 'ticket_id', row_key ->> 'id')))
  where table_name in ('tickets', 'attendee_notes', 'outbox_emails', 'refund_requests');

-- An entry the audit trigger cannot write because no row of an audited table
-- changes: a confirmation sent again, a refund requested. Only the functions
-- below call it; the actor is the caller.
create or replace function private.audit_console_action(
  p_event_id uuid, p_table text, p_ticket_id uuid, p_label text, p_after jsonb
) returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.audit_log (event_id, actor_id, table_name, row_key, row_label, action, before, after)
  values (p_event_id, auth.uid(), p_table, jsonb_build_object('ticket_id', p_ticket_id), p_label, 'insert', null,
          p_after);
end
$$;
revoke execute on function private.audit_console_action(uuid, text, uuid, text, jsonb) from public, anon, authenticated;

-- ---------------------------------------------------------------------------
-- Internal notes about an attendee
-- ---------------------------------------------------------------------------

create table public.attendee_notes (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null,
  ticket_id uuid not null,
  author_id uuid default auth.uid() references auth.users (id) on delete set null,
  body text not null check (length(trim(body)) between 1 and 2000),
  created_at timestamptz not null default now(),
  version integer not null default 1 check (version > 0),
  constraint attendee_notes_ticket_same_event foreign key (event_id, ticket_id)
    references public.tickets (event_id, id) on delete cascade
);
create index attendee_notes_ticket_idx on public.attendee_notes (ticket_id, created_at);
create index attendee_notes_author_idx on public.attendee_notes (author_id) where author_id is not null;

create trigger attendee_notes_version before update on public.attendee_notes
  for each row execute function private.bump_version();
create trigger attendee_notes_audit after insert or update or delete on public.attendee_notes
  for each row execute function private.audit_row_change('event_id', 'id,ticket_id', '');

alter table public.attendee_notes enable row level security;
revoke all on table public.attendee_notes from anon, authenticated;
grant select, delete on table public.attendee_notes to authenticated;
grant insert (event_id, ticket_id, body) on table public.attendee_notes to authenticated;
grant all on table public.attendee_notes to service_role;

create policy "Organisers can read the notes about their events' attendees"
  on public.attendee_notes for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can note something about their events' attendees"
  on public.attendee_notes for insert
  to authenticated
  with check (private.has_event_role(event_id, 'organiser') and author_id = (select auth.uid()));

create policy "Organisers can delete their own notes"
  on public.attendee_notes for delete
  to authenticated
  using (private.has_event_role(event_id, 'organiser') and author_id = (select auth.uid()));

-- ---------------------------------------------------------------------------
-- Forgetting: an anonymised ticket's notes go, its entries lose the person
-- ---------------------------------------------------------------------------

create or replace function private.forget_ticket_console_traces() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_personal constant text[] := array[
    'attendee_name', 'attendee_email', 'organisation_name', 'job_title', 'municipality',
    'dietary_needs', 'accessibility_needs', 'body', 'to', 'name', 'email', 'organisation'];
begin
  delete from public.attendee_notes n where n.ticket_id = new.id;
  update public.audit_log a
     set row_label = null,
         before = case when a.before is null then null else a.before - v_personal end,
         after = case when a.after is null then null else a.after - v_personal end
   where coalesce(a.row_key ->> 'ticket_id', a.row_key ->> 'id') = new.id::text
     and a.table_name in ('tickets', 'attendee_notes', 'outbox_emails', 'refund_requests');
  return null;
end
$$;
revoke execute on function private.forget_ticket_console_traces() from public;

create trigger tickets_forget_console_traces after update of anonymised_at on public.tickets
  for each row when (old.anonymised_at is null and new.anonymised_at is not null)
  execute function private.forget_ticket_console_traces();

-- ---------------------------------------------------------------------------
-- The organiser's writes
-- ---------------------------------------------------------------------------

-- Locks the ticket and checks the caller and the version. Codes: not_found
-- (no such ticket in an event the caller organises), changed_elsewhere.
create or replace function private.lock_ticket_for_organiser(p_ticket_id uuid, p_version integer)
returns table (code text, event_id uuid, order_id uuid, status public.ticket_status, price_ore integer,
               attendee_email text)
language plpgsql
set search_path = ''
as $$
#variable_conflict use_column
declare
  v record;
begin
  select t.event_id, t.order_id, t.status, t.price_ore, t.version, t.attendee_email, t.anonymised_at into v
    from public.tickets t where t.id = p_ticket_id for update;
  if not found or not private.has_event_role(v.event_id, 'organiser') or v.anonymised_at is not null then
    return query select 'not_found', null::uuid, null::uuid, null::public.ticket_status, null::integer, null::text;
    return;
  end if;
  if v.version <> p_version then
    return query select 'changed_elsewhere', v.event_id, v.order_id, v.status, v.price_ore, v.attendee_email;
    return;
  end if;
  return query select 'ok', v.event_id, v.order_id, v.status, v.price_ore, v.attendee_email;
end
$$;
revoke execute on function private.lock_ticket_for_organiser(uuid, integer) from public, anon, authenticated;

-- Corrects the holder's name and organisation. Codes: ok, not_found,
-- changed_elsewhere, not_active (cancelled or expired tickets stay as they were).
create or replace function private.correct_ticket_holder(
  p_ticket_id uuid, p_version integer, p_name text, p_organisation text
) returns table (code text, version integer)
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  v record;
  v_version integer;
begin
  select * into v from private.lock_ticket_for_organiser(p_ticket_id, p_version);
  if v.code <> 'ok' then
    return query select v.code, null::integer;
    return;
  end if;
  if v.status not in ('reserved', 'valid') then
    return query select 'not_active', null::integer;
    return;
  end if;
  update public.tickets t
     set attendee_name = trim(p_name), organisation_name = nullif(trim(coalesce(p_organisation, '')), '')
   where t.id = p_ticket_id
  returning t.version into v_version;
  return query select 'ok', v_version;
end
$$;

-- Transfers a valid ticket to a colleague: the new holder's name, email and
-- organisation, nobody's account, no answers or consents of the old holder,
-- and a new revision, so every code issued before is refused at the door at
-- once (online by check_in, offline by the pack's revocation list). Calendar
-- feeds of the old holder stop. Codes: ok, not_found, changed_elsewhere,
-- not_transferable (not valid), checked_in, same_holder, already_has_ticket.
create or replace function private.transfer_ticket(
  p_ticket_id uuid, p_version integer, p_name text, p_email text, p_organisation text
) returns table (code text, version integer, previous_name text, previous_email text)
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  v record;
  v_event record;
  v_previous record;
  v_version integer;
  v_email text := lower(trim(p_email));
begin
  select * into v from private.lock_ticket_for_organiser(p_ticket_id, p_version);
  if v.code <> 'ok' then
    return query select v.code, null::integer, null::text, null::text;
    return;
  end if;
  if v.status <> 'valid' then
    return query select 'not_transferable', null::integer, null::text, null::text;
    return;
  end if;
  if exists (select 1 from public.check_ins c
              where c.ticket_id = p_ticket_id and c.result = 'ok' and c.undone_at is null) then
    return query select 'checked_in', null::integer, null::text, null::text;
    return;
  end if;
  if v.attendee_email = v_email then
    return query select 'same_holder', null::integer, null::text, null::text;
    return;
  end if;
  if exists (select 1 from public.tickets t
              where t.event_id = v.event_id and t.attendee_email = v_email and t.status in ('reserved', 'valid')) then
    return query select 'already_has_ticket', null::integer, null::text, null::text;
    return;
  end if;
  select e.question_dietary, e.question_accessibility into v_event from public.events e where e.id = v.event_id;
  select t.attendee_name, t.attendee_email into v_previous from public.tickets t where t.id = p_ticket_id;
  begin
  update public.tickets t
     set attendee_name = trim(p_name),
         attendee_email = v_email,
         organisation_name = nullif(trim(coalesce(p_organisation, '')), ''),
         holder_user_id = null,
         job_title = null,
         -- The old holder's needs are not the new one's; a required answer
         -- stays answered (empty) until the new holder fills it in.
         dietary_needs = case when v_event.question_dietary = 'required' then '' end,
         accessibility_needs = case when v_event.question_accessibility = 'required' then '' end,
         consent_share_contact = false,
         consent_newsletter = false,
         revision = t.revision + 1
   where t.id = p_ticket_id
  returning t.version into v_version;
  exception when unique_violation then
    -- A ticket for the same address was made meanwhile (tickets_one_active_per_email).
    return query select 'already_has_ticket', null::integer, null::text, null::text;
    return;
  end;
  update public.calendar_feeds f set revoked_at = now() where f.ticket_id = p_ticket_id and f.revoked_at is null;
  return query select 'ok', v_version, v_previous.attendee_name, v_previous.attendee_email;
end
$$;

-- The organiser cancels a valid ticket, through the attendees' own path
-- (private.cancel_valid_ticket: the seat back to the waitlist or on sale,
-- bookings cancelled, the order closed with its last ticket) and, with
-- p_refund, the one refund path (private.request_refund, a job executed after
-- commit, keyed by the ticket: never two refunds of one ticket). No deadline:
-- organisers may cancel at any time. Codes: ok, not_found, changed_elsewhere,
-- not_cancellable.
create or replace function private.organiser_cancel_ticket(p_ticket_id uuid, p_version integer, p_refund boolean)
returns table (code text, order_id uuid, refund_request_id uuid, refund_ore integer)
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  v record;
  v_refund uuid;
  v_amount integer;
begin
  select * into v from private.lock_ticket_for_organiser(p_ticket_id, p_version);
  if v.code <> 'ok' then
    return query select v.code, null::uuid, null::uuid, null::integer;
    return;
  end if;
  if v.status <> 'valid' then
    return query select 'not_cancellable', null::uuid, null::uuid, null::integer;
    return;
  end if;
  v_refund := private.cancel_valid_ticket(p_ticket_id, p_refund);
  if v_refund is not null then
    select r.amount_ore into v_amount from private.refund_requests r where r.id = v_refund;
    perform private.audit_console_action(v.event_id, 'refund_requests', p_ticket_id, null,
      jsonb_build_object('amount_ore', v_amount, 'reason', 'cancellation'));
  end if;
  return query select 'ok', v.order_id, v_refund, v_amount;
end
$$;

-- Records that the organiser sent the confirmation again (the email itself is
-- queued by the caller in the same transaction). Codes: ok, not_found, not_active.
create or replace function private.record_confirmation_resend(p_ticket_id uuid, p_to text)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v record;
begin
  select t.event_id, t.status, t.anonymised_at into v from public.tickets t where t.id = p_ticket_id for share;
  if not found or not private.has_event_role(v.event_id, 'organiser') or v.anonymised_at is not null then
    return 'not_found';
  end if;
  if v.status <> 'valid' then
    return 'not_active';
  end if;
  perform private.audit_console_action(v.event_id, 'outbox_emails', p_ticket_id, null,
    jsonb_build_object('template', 'order-confirmation', 'to', p_to));
  return 'ok';
end
$$;

revoke execute on function private.correct_ticket_holder(uuid, integer, text, text) from public, anon;
revoke execute on function private.transfer_ticket(uuid, integer, text, text, text) from public, anon;
revoke execute on function private.organiser_cancel_ticket(uuid, integer, boolean) from public, anon;
revoke execute on function private.record_confirmation_resend(uuid, text) from public, anon;
grant execute on function private.correct_ticket_holder(uuid, integer, text, text) to authenticated, service_role;
grant execute on function private.transfer_ticket(uuid, integer, text, text, text) to authenticated, service_role;
grant execute on function private.organiser_cancel_ticket(uuid, integer, boolean) to authenticated, service_role;
grant execute on function private.record_confirmation_resend(uuid, text) to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- The email to the former holder of a transferred ticket
-- ---------------------------------------------------------------------------

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
  if not 'ticket-transferred' = any (v_names) then
    v_names := v_names || array['ticket-transferred'];
  end if;
  alter table private.outbox_emails drop constraint outbox_emails_template_check;
  execute format(
    'alter table private.outbox_emails add constraint outbox_emails_template_check check (template = any (%L::text[]))',
    v_names
  );
end
$$;

-- ---------------------------------------------------------------------------
-- The emails an attendee was sent, for the attendee's page
-- ---------------------------------------------------------------------------

create index outbox_emails_recipient_idx on private.outbox_emails (recipient, created_at);

-- The outbox rows to the ticket's holder that are about this ticket: keys name
-- the ticket, its order, one of its bookings or its event (every email key
-- carries the id of what it is about). Organisers of the ticket's event only;
-- what was sent, when and how it went — never the message itself.
create or replace function private.attendee_emails(p_ticket_id uuid)
returns table (id uuid, template text, status text, created_at timestamptz, sent_at timestamptz, recipient text)
language plpgsql
stable
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  v record;
  v_patterns text[];
begin
  select t.event_id, t.order_id, t.attendee_email into v from public.tickets t where t.id = p_ticket_id;
  if not found or v.attendee_email is null or not private.has_event_role(v.event_id, 'organiser') then
    return;
  end if;
  select array['%' || p_ticket_id || '%', '%' || v.order_id || '%', '%' || v.event_id || '%']
         || coalesce(array_agg('%' || b.id || '%'), '{}')
    into v_patterns
    from public.bookings b where b.ticket_id = p_ticket_id;
  return query
    select s.id, s.template, s.status, s.created_at, s.sent_at, s.recipient
      from private.outbox_email_states s
     where s.recipient = v.attendee_email
       and s.idempotency_key like any (v_patterns)
     order by s.created_at desc
     limit 100;
end
$$;
revoke execute on function private.attendee_emails(uuid) from public, anon;
grant execute on function private.attendee_emails(uuid) to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- The registrations table's rows
-- ---------------------------------------------------------------------------

-- The event's tickets matching a search (everything when it is empty), with
-- what the table shows and filters on. For the event's organisers only: the
-- role is checked once, here, instead of by the tickets' policies row by row —
-- policy conditions are not leakproof, so under RLS Postgres may not use the
-- trigram index before them and calls has_event_role for each of 10,000 rows
-- (measured: 1.2–3 s a page, against milliseconds here). A reviewer, check-in
-- staff or another event's organiser gets no row. p_reference: an order
-- reference's first characters, when the search looks like one.
create or replace function private.registration_rows(p_event_id uuid, p_search text, p_reference text)
returns table (
  id uuid, order_id uuid, reference text, "position" smallint, ticket_type_id uuid, type_name text,
  type_name_en text, type_position integer, status public.ticket_status, sector public.sector, municipality text,
  attendee_name text, attendee_email text, organisation_name text, consent_share_contact boolean,
  consent_newsletter boolean, created_at timestamptz, has_dietary boolean, has_accessibility boolean,
  checked_in boolean, similarity real
)
language plpgsql
stable
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  v_folded text := private.fold_search(p_search);
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return;
  end if;
  -- Dynamic, so each search is planned with its own text (a bitmap of the
  -- trigram index), and an empty search with no search at all.
  return query execute format($q$
    select t.id, t.order_id, o.reference, t.position, t.ticket_type_id, tt.name, tt.name_en, tt.position,
           t.status, t.sector, t.municipality, t.attendee_name, t.attendee_email, t.organisation_name,
           t.consent_share_contact, t.consent_newsletter, t.created_at,
           coalesce(trim(t.dietary_needs), '') <> '',
           coalesce(trim(t.accessibility_needs), '') <> '',
           exists (select 1 from public.check_ins c
                    where c.ticket_id = t.id and c.result = 'ok' and c.undone_at is null),
           %s
      from %s
      join public.orders o on o.id = t.order_id
      join public.ticket_types tt on tt.id = t.ticket_type_id
     where t.event_id = $1$q$,
    case when v_folded = '' then 'null::real'
         else 'extensions.word_similarity($2, t.search_text)' end,
    -- The hits first (each branch by its own index), then their rows.
    case when v_folded = '' then 'public.tickets t'
         else $c$(
           select s.id from public.tickets s
            where s.event_id = $1
              and (s.search_text like '%' || $2 || '%' or $2 operator(extensions.<%) s.search_text)
           union
           select t2.id from public.orders o2 join public.tickets t2 on t2.order_id = o2.id
            where $3 is not null and o2.event_id = $1 and o2.reference like $3 || '%'
         ) hits join public.tickets t on t.id = hits.id$c$ end)
    using p_event_id, v_folded, p_reference;
end
$$;
revoke execute on function private.registration_rows(uuid, text, text) from public, anon;
grant execute on function private.registration_rows(uuid, text, text) to authenticated, service_role;
