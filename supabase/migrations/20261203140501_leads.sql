-- Exhibitor leads (#14 item 2): a solution's team scans a visitor's ticket at
-- its gallery round; a lead is stored only when the visitor has consented to
-- share their details with exhibitors (tickets.consent_share_contact, which
-- only the attendee sets: 20261203140500_exhibitor_consent.sql).
--
-- Lifecycle:
--   private.capture_lead  → a row (once per team and visitor: a second scan,
--                            at any round, finds the first)
--   team edits note/interest; team or visitor deletes (private.withdraw_lead)
--   the consent withdrawn (or the ticket anonymised) → every lead of the ticket goes
--   events.lead_retention_days after the event's end → private.delete_expired_leads (retention job)
--
-- Who sees a lead: the solution's accepted team members only. Organisers do
-- not: the visitor consented to share with the teams that scan them, not with
-- the organiser, and the notes are the team's own (the organiser already has
-- the registration data for its own purposes). The visitor sees which teams
-- hold their details (private.my_leads) and withdraws them.
--
-- The details are copied at the scan (name, organisation, job title, email):
-- the team's list and export are a plain read under RLS, and they never
-- outlive the consent (see the trigger at the end).

alter table public.events
  add column lead_retention_days smallint not null default 60 check (lead_retention_days between 1 and 365);

create type public.lead_interest as enum ('low', 'medium', 'high');

create table public.leads (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null,
  solution_id uuid not null,
  -- The gallery round the scan was made at; kept when the round goes (set null).
  session_id uuid,
  ticket_id uuid not null,
  scanned_by uuid references auth.users (id) on delete set null,
  attendee_name text not null check (length(attendee_name) between 1 and 200),
  attendee_email text not null check (length(attendee_email) <= 254),
  organisation_name text check (length(organisation_name) <= 200),
  job_title text check (length(job_title) <= 200),
  interest public.lead_interest,
  note text check (length(note) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- One lead per team and visitor, however often they are scanned.
  unique (solution_id, ticket_id),
  foreign key (event_id, solution_id) references public.solutions (event_id, id) on delete cascade,
  foreign key (event_id, ticket_id) references public.tickets (event_id, id) on delete cascade,
  foreign key (event_id, session_id) references public.sessions (event_id, id) on delete set null (session_id)
);
create index leads_solution_idx on public.leads (solution_id, created_at desc);
create index leads_ticket_idx on public.leads (ticket_id);
create index leads_event_idx on public.leads (event_id);
create index leads_session_idx on public.leads (session_id) where session_id is not null;
create index leads_scanned_by_idx on public.leads (scanned_by) where scanned_by is not null;

create trigger leads_touch before update on public.leads
  for each row execute function private.touch_updated_at();

alter table public.leads enable row level security;
revoke all on table public.leads from anon, authenticated;
grant select on table public.leads to authenticated;
grant update (interest, note) on table public.leads to authenticated;
grant delete on table public.leads to authenticated;
grant all on table public.leads to service_role;

create policy "Team members can read their solution's leads"
  on public.leads for select
  to authenticated
  using (private.is_solution_member(solution_id));

create policy "Team members can note their solution's leads"
  on public.leads for update
  to authenticated
  using (private.is_solution_member(solution_id))
  with check (private.is_solution_member(solution_id));

create policy "Team members can delete their solution's leads"
  on public.leads for delete
  to authenticated
  using (private.is_solution_member(solution_id));

-- ---------------------------------------------------------------------------
-- Scanning
-- ---------------------------------------------------------------------------

-- The ticket is named either by a code whose signature the server verified
-- for this solution's event (p_ticket_id + p_revision), or by its short
-- reference as typed (p_order_reference + p_position). Codes:
--   created | already            (+ name)  a lead exists now
--   no_consent                   nothing stored: the visitor has not consented
--   not_member | wrong_round     the caller is not on this team / it does not present in that round
--   unknown_ticket               no such ticket in this event (a forged or another event's reference)
--   revoked | not_valid          an older code of a re-issued ticket / a cancelled or unpaid ticket
create or replace function private.capture_lead(
  p_solution_id uuid,
  p_session_id uuid,
  p_ticket_id uuid,
  p_revision integer,
  p_order_reference text,
  p_position integer
) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_event_id uuid;
  v_ticket record;
  v_lead uuid;
begin
  if not private.is_solution_member(p_solution_id) then
    return jsonb_build_object('code', 'not_member');
  end if;
  select gp.event_id into v_event_id
    from public.gallery_presentations gp
   where gp.solution_id = p_solution_id and gp.session_id = p_session_id;
  if v_event_id is null then
    return jsonb_build_object('code', 'wrong_round');
  end if;

  -- Locked against a simultaneous withdrawal: it waits for this lead and then deletes it,
  -- or it went first and this reads the consent as withdrawn.
  select t.id, t.revision, t.status, t.consent_share_contact, t.anonymised_at,
         t.attendee_name, t.attendee_email, t.organisation_name, t.job_title
    into v_ticket
    from public.tickets t
    left join public.orders o on o.id = t.order_id
   where t.event_id = v_event_id
     and (case when p_ticket_id is not null then t.id = p_ticket_id
               else o.reference = upper(p_order_reference) and t.position = p_position end)
     for share of t;
  if not found then
    return jsonb_build_object('code', 'unknown_ticket');
  end if;
  if p_ticket_id is not null and p_revision is distinct from v_ticket.revision then
    return jsonb_build_object('code', 'revoked');
  end if;
  if v_ticket.status <> 'valid' then
    return jsonb_build_object('code', 'not_valid');
  end if;
  if not v_ticket.consent_share_contact or v_ticket.anonymised_at is not null then
    return jsonb_build_object('code', 'no_consent');
  end if;

  insert into public.leads (event_id, solution_id, session_id, ticket_id, scanned_by,
                            attendee_name, attendee_email, organisation_name, job_title)
  values (v_event_id, p_solution_id, p_session_id, v_ticket.id, auth.uid(),
          v_ticket.attendee_name, v_ticket.attendee_email, v_ticket.organisation_name, v_ticket.job_title)
  on conflict (solution_id, ticket_id) do nothing
  returning id into v_lead;
  return jsonb_build_object(
    'code', case when v_lead is null then 'already' else 'created' end,
    'name', v_ticket.attendee_name,
    'leadId', coalesce(v_lead, (select l.id from public.leads l
                                  where l.solution_id = p_solution_id and l.ticket_id = v_ticket.id)));
end
$$;
revoke execute on function private.capture_lead(uuid, uuid, uuid, integer, text, integer) from public;
grant execute on function private.capture_lead(uuid, uuid, uuid, integer, text, integer) to authenticated;

-- ---------------------------------------------------------------------------
-- The visitor's side
-- ---------------------------------------------------------------------------

-- Which teams hold the caller's details: every lead on a ticket the caller holds.
create or replace function private.my_leads()
returns table (lead_id uuid, event_name text, event_name_en text, solution_title text, solution_title_en text,
               created_at timestamptz, retention_ends_at timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  select l.id, e.name, e.name_en, s.title, s.title_en, l.created_at,
         e.ends_at + make_interval(days => e.lead_retention_days)
    from public.leads l
    join public.tickets t on t.id = l.ticket_id
    join public.solutions s on s.id = l.solution_id
    join public.events e on e.id = l.event_id
   where (select auth.uid()) is not null
     and (t.holder_user_id = (select auth.uid()) or t.attendee_email = (select private.current_email()))
   order by e.starts_at desc, l.created_at
$$;
revoke execute on function private.my_leads() from public;
grant execute on function private.my_leads() to authenticated;

-- Takes the caller's details back from one team: the lead is deleted. Returns whether one was.
create or replace function private.withdraw_lead(p_lead_id uuid) returns boolean
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.leads l
   using public.tickets t
   where l.id = p_lead_id and t.id = l.ticket_id
     and (select auth.uid()) is not null
     and (t.holder_user_id = (select auth.uid()) or t.attendee_email = (select private.current_email()));
  return found;
end
$$;
revoke execute on function private.withdraw_lead(uuid) from public;
grant execute on function private.withdraw_lead(uuid) to authenticated;

-- The consent gone (withdrawn, the ticket anonymised or passed on): so are the leads made with it.
create or replace function private.drop_leads_without_consent() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.leads l where l.ticket_id = new.id;
  return null;
end
$$;
revoke execute on function private.drop_leads_without_consent() from public;

-- No column list: a BEFORE trigger clears the consent when the attendee changes, outside the SET list.
create trigger tickets_consent_withdrawn after update on public.tickets
  for each row when (old.consent_share_contact and not new.consent_share_contact)
  execute function private.drop_leads_without_consent();

-- ---------------------------------------------------------------------------
-- Retention
-- ---------------------------------------------------------------------------

-- Codes: saved, out_of_range, changed_elsewhere, not_authorised (as private.set_retention).
create or replace function private.set_lead_retention(p_event_id uuid, p_days integer, p_version integer)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_version integer;
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return jsonb_build_object('code', 'not_authorised');
  elsif p_days is null or p_days not between 1 and 365 then
    return jsonb_build_object('code', 'out_of_range');
  end if;
  update public.events set lead_retention_days = p_days
   where id = p_event_id and version = p_version
  returning version into v_version;
  if not found then
    return jsonb_build_object('code', 'changed_elsewhere');
  end if;
  return jsonb_build_object('code', 'saved', 'days', p_days, 'version', v_version);
end
$$;
revoke execute on function private.set_lead_retention(uuid, integer, integer) from public;
grant execute on function private.set_lead_retention(uuid, integer, integer) to authenticated;

-- How many leads the teams of an event hold: the organisers see the number, never the leads.
create or replace function private.event_lead_count(p_event_id uuid) returns integer
language sql
stable
security definer
set search_path = ''
as $$
  select case when private.has_event_role(p_event_id, 'organiser')
              then (select count(*)::int from public.leads l where l.event_id = p_event_id) end
$$;
revoke execute on function private.event_lead_count(uuid) from public;
grant execute on function private.event_lead_count(uuid) to authenticated;

-- Deletes every lead whose event ended more than its lead_retention_days before p_now; returns how many.
-- Idempotent, so every server's retention job may run it.
create or replace function private.delete_expired_leads(p_now timestamptz) returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_count integer;
begin
  delete from public.leads l
   using public.events e
   where e.id = l.event_id
     and e.ends_at + make_interval(days => e.lead_retention_days) <= p_now;
  get diagnostics v_count = row_count;
  return v_count;
end
$$;
revoke execute on function private.delete_expired_leads(timestamptz) from public;
grant execute on function private.delete_expired_leads(timestamptz) to service_role;
