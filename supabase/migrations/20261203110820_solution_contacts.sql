-- "Contact the team": an attendee writes to the team behind a solution they
-- met in the gallery, and neither side's address is revealed until the team
-- answers. The message goes to the solution's contact by email with a reply
-- link (a 32-byte random token; only its SHA-256 is stored). Answering on that
-- page sends the reply to the attendee together with the contact's name and
-- address (answering is consent), and shows the team what the attendee chose
-- to share (name and organisation, email). One contact per attendee and
-- solution; answered once.
--
-- Lifecycle: sent → answered (answered_at, reply set once; never undone).
-- Personal data: the attendee's message and the team's reply. Deleting the
-- attendee's account deletes the row (cascade on sender_user_id).

create table public.solution_contacts (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null,
  solution_id uuid not null,
  sender_user_id uuid not null references auth.users (id) on delete cascade,
  sender_ticket_id uuid not null,
  message text not null check (length(trim(message)) between 1 and 2000),
  share_name boolean not null default true,
  share_email boolean not null default false,
  reply_token_hash bytea not null unique check (octet_length(reply_token_hash) = 32),
  created_at timestamptz not null default now(),
  answered_at timestamptz,
  reply text check (length(trim(reply)) between 1 and 4000),
  unique (sender_user_id, solution_id),
  constraint solution_contacts_solution_same_event foreign key (event_id, solution_id)
    references public.solutions (event_id, id) on delete cascade,
  constraint solution_contacts_ticket_same_event foreign key (event_id, sender_ticket_id)
    references public.tickets (event_id, id) on delete cascade,
  constraint solution_contacts_answer_whole check ((answered_at is null) = (reply is null))
);
create index solution_contacts_solution_idx on public.solution_contacts (solution_id);
create index solution_contacts_ticket_idx on public.solution_contacts (sender_ticket_id);

create or replace function private.guard_solution_contact_update() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (new.id, new.event_id, new.solution_id, new.sender_user_id, new.sender_ticket_id, new.message,
      new.share_name, new.share_email, new.reply_token_hash, new.created_at)
     is distinct from
     (old.id, old.event_id, old.solution_id, old.sender_user_id, old.sender_ticket_id, old.message,
      old.share_name, old.share_email, old.reply_token_hash, old.created_at) then
    raise exception 'solution contact %: only the answer may be set', old.id using errcode = 'check_violation';
  end if;
  if old.answered_at is not null and (new.answered_at, new.reply) is distinct from (old.answered_at, old.reply) then
    raise exception 'solution contact % is answered for good', old.id using errcode = 'check_violation';
  end if;
  return new;
end
$$;
revoke execute on function private.guard_solution_contact_update() from public;

create trigger solution_contacts_guard before update on public.solution_contacts
  for each row execute function private.guard_solution_contact_update();

alter table public.solution_contacts enable row level security;
revoke all on table public.solution_contacts from anon, authenticated;
-- Never the token hash: the reply link is the team's, not the sender's.
grant select (id, event_id, solution_id, sender_user_id, message, share_name, share_email, created_at, answered_at, reply)
  on table public.solution_contacts to authenticated;
grant all on table public.solution_contacts to service_role;

create policy "Attendees can read the contacts they sent"
  on public.solution_contacts for select
  to authenticated
  using (sender_user_id = (select auth.uid()));

-- Sends a contact from the caller: they must hold a valid ticket for the
-- solution's event and have met the solution in a gallery round (attended, or
-- booked where nobody was scanned: private.my_attendance), and the solution
-- must have a contact. Returns a code ('ok', 'not_met', 'no_contact',
-- 'already_contacted'), and
-- on 'ok' the contact's id and the address the server emails (never shown).
create or replace function private.contact_solution_team(
  p_solution_id uuid,
  p_message text,
  p_share_name boolean,
  p_share_email boolean,
  p_reply_token_hash bytea
) returns table (code text, contact_id uuid, recipient text)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_solution public.solutions%rowtype;
  v_ticket uuid;
  v_id uuid;
begin
  select * into v_solution from public.solutions s where s.id = p_solution_id and s.status = 'accepted';
  if not found or (select auth.uid()) is null then
    return query select 'not_met'::text, null::uuid, null::text;
    return;
  end if;
  select a.ticket_id into v_ticket
    from private.my_attendance(v_solution.event_id) a
    join public.gallery_presentations gp on gp.session_id = a.session_id and gp.solution_id = p_solution_id
   limit 1;
  if v_ticket is null then
    return query select 'not_met'::text, null::uuid, null::text;
    return;
  end if;
  -- The contact erased their data and the team has named nobody new yet.
  if v_solution.contact_email is null then
    return query select 'no_contact'::text, null::uuid, null::text;
    return;
  end if;
  insert into public.solution_contacts (event_id, solution_id, sender_user_id, sender_ticket_id, message,
                                        share_name, share_email, reply_token_hash)
  values (v_solution.event_id, p_solution_id, (select auth.uid()), v_ticket, p_message,
          p_share_name, p_share_email, p_reply_token_hash)
  on conflict (sender_user_id, solution_id) do nothing
  returning id into v_id;
  if v_id is null then
    return query select 'already_contacted'::text, null::uuid, null::text;
    return;
  end if;
  return query select 'ok'::text, v_id, v_solution.contact_email;
end
$$;
revoke execute on function private.contact_solution_team(uuid, text, boolean, boolean, bytea) from public, anon;
grant execute on function private.contact_solution_team(uuid, text, boolean, boolean, bytea) to authenticated, service_role;

-- What the reply page shows for a token: the message, the solution and event,
-- and — once answered — what the sender chose to share. Callable by anon: the
-- token is the credential. No row for an unknown token.
create or replace function private.solution_contact_by_token(p_token_hash bytea)
returns table (
  contact_id uuid, event_id uuid, solution_id uuid, solution_title text, solution_title_en text,
  event_name text, event_name_en text, message text, created_at timestamptz, answered_at timestamptz,
  reply text, sender_name text, sender_organisation text, sender_email text
)
language sql
stable
security definer
set search_path = ''
as $$
  select c.id, c.event_id, c.solution_id, s.title, s.title_en, e.name, e.name_en, c.message, c.created_at,
         c.answered_at, c.reply,
         case when c.answered_at is not null and c.share_name then t.attendee_name end,
         case when c.answered_at is not null and c.share_name then t.organisation_name end,
         case when c.answered_at is not null and c.share_email then t.attendee_email end
    from public.solution_contacts c
    join public.solutions s on s.id = c.solution_id
    join public.events e on e.id = c.event_id
    join public.tickets t on t.id = c.sender_ticket_id
   where c.reply_token_hash = p_token_hash
$$;
revoke execute on function private.solution_contact_by_token(bytea) from public;
grant execute on function private.solution_contact_by_token(bytea) to anon, authenticated, service_role;

-- The team's answer, once: locks the contact, records the reply, and returns
-- what the email to the sender needs (their address and language, the
-- solution's contact). 'unknown' for a bad token, 'already_answered' after.
create or replace function private.answer_solution_contact(p_token_hash bytea, p_reply text)
returns table (code text, contact_id uuid, sender_email text, sender_language text, event_slug text,
               solution_title text, solution_title_en text, event_name text, event_name_en text,
               contact_name text, contact_email text)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_contact public.solution_contacts%rowtype;
begin
  select * into v_contact from public.solution_contacts c where c.reply_token_hash = p_token_hash for update;
  if not found then
    return query select 'unknown'::text, null::uuid, null::text, null::text, null::text, null::text, null::text,
                        null::text, null::text, null::text, null::text;
    return;
  end if;
  if v_contact.answered_at is not null then
    return query select 'already_answered'::text, v_contact.id, null::text, null::text, null::text, null::text,
                        null::text, null::text, null::text, null::text, null::text;
    return;
  end if;
  update public.solution_contacts set answered_at = now(), reply = p_reply where id = v_contact.id;
  return query
    select 'ok'::text, v_contact.id, t.attendee_email, o.language::text, e.slug::text, s.title, s.title_en, e.name, e.name_en,
           coalesce(s.contact_name, s.title), s.contact_email
      from public.tickets t
      join public.orders o on o.id = t.order_id
      join public.solutions s on s.id = v_contact.solution_id
      join public.events e on e.id = v_contact.event_id
     where t.id = v_contact.sender_ticket_id;
end
$$;
revoke execute on function private.answer_solution_contact(bytea, text) from public;
grant execute on function private.answer_solution_contact(bytea, text) to anon, authenticated, service_role;

-- The two emails of the relay join the outbox's list (read from the existing
-- constraint, so other migrations' templates stay whatever the order).
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
  if not 'solution-contact' = any (v_names) then
    v_names := v_names || array['solution-contact'];
  end if;
  if not 'solution-contact-reply' = any (v_names) then
    v_names := v_names || array['solution-contact-reply'];
  end if;
  alter table private.outbox_emails drop constraint outbox_emails_template_check;
  execute format(
    'alter table private.outbox_emails add constraint outbox_emails_template_check check (template = any (%L::text[]))',
    v_names
  );
end
$$;
