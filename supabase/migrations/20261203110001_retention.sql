-- Retention: how long an event keeps its attendees' personal data after the
-- day. The organiser sets the months (default 12); a server job then
-- anonymises the event once: names, addresses, organisations, job titles and
-- needs leave tickets and orders; waitlist places, calendar feeds, attendee
-- and exhibitor roles and solution contacts go. What the organiser reports on
-- stays: tickets with their type, sector and municipality, check-ins,
-- bookings and the numbers built on them.
--
-- Organisers change the months through private.set_retention (optimistic
-- concurrency on events.version); the job runs private.anonymise_due_events
-- (service role only), idempotent, so several servers may run it at once.

alter table public.events
  add column retention_months smallint not null default 12 check (retention_months between 1 and 120),
  -- When the job anonymised the event's attendees; never again after that.
  add column personal_data_anonymised_at timestamptz;

-- The job's mark is not an organiser's edit: it must not invalidate open forms.
drop trigger events_version on public.events;
create trigger events_version before update on public.events
  for each row execute function private.bump_version('personal_data_anonymised_at');
drop trigger events_audit on public.events;
create trigger events_audit after insert or update or delete on public.events
  for each row execute function private.audit_row_change('id', 'id', 'name', 'personal_data_anonymised_at');

-- The day personal data goes: the event's last day plus the months, at the
-- start of the next day in the event's own time zone (a whole day after the
-- end, never mid-afternoon of the last day).
create or replace function private.retention_ends_at(p_ends_at timestamptz, p_timezone text, p_months integer)
returns timestamptz
language sql
immutable
set search_path = ''
as $$
  select ((date_trunc('day', p_ends_at at time zone p_timezone) + interval '1 day'
           + make_interval(months => p_months)) at time zone p_timezone)
$$;
revoke execute on function private.retention_ends_at(timestamptz, text, integer) from public;
grant execute on function private.retention_ends_at(timestamptz, text, integer) to authenticated, service_role;

-- Codes: saved, out_of_range, changed_elsewhere, not_authorised.
create or replace function private.set_retention(p_event_id uuid, p_months integer, p_version integer)
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
  elsif p_months is null or p_months not between 1 and 120 then
    return jsonb_build_object('code', 'out_of_range');
  end if;
  update public.events set retention_months = p_months
   where id = p_event_id and version = p_version
  returning version into v_version;
  if not found then
    return jsonb_build_object('code', 'changed_elsewhere');
  end if;
  return jsonb_build_object('code', 'saved', 'months', p_months, 'version', v_version);
end
$$;
revoke execute on function private.set_retention(uuid, integer, integer) from public;
grant execute on function private.set_retention(uuid, integer, integer) to authenticated;

-- Anonymises one event's attendees, now. Returns what it did.
create or replace function private.anonymise_event(p_event_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_tickets integer;
  v_orders integer;
  v_waitlist integer;
  v_roles integer;
  v_solutions integer;
begin
  -- One run at a time per event; a second finds the mark and does nothing.
  perform 1 from public.events e where e.id = p_event_id and e.personal_data_anonymised_at is null for update;
  if not found then
    return jsonb_build_object('anonymised', false);
  end if;

  update public.tickets t
     set attendee_name = null, attendee_email = null, organisation_name = null, job_title = null,
         dietary_needs = null, accessibility_needs = null,
         consent_share_contact = false, consent_newsletter = false,
         holder_user_id = null, anonymised_at = coalesce(t.anonymised_at, now())
   where t.event_id = p_event_id
     and (t.anonymised_at is null or t.attendee_name is not null or t.organisation_name is not null
          or t.holder_user_id is not null);
  get diagnostics v_tickets = row_count;

  update public.orders o
     set buyer_name = null, buyer_email = null, buyer_user_id = null, anonymised_at = coalesce(o.anonymised_at, now())
   where o.event_id = p_event_id and (o.anonymised_at is null or o.buyer_user_id is not null);
  get diagnostics v_orders = row_count;

  delete from public.waitlist_entries w where w.event_id = p_event_id;
  get diagnostics v_waitlist = row_count;

  delete from public.calendar_feeds f where f.event_id = p_event_id;

  delete from public.event_roles r
   where r.event_id = p_event_id and r.role in ('attendee', 'exhibitor_member');
  get diagnostics v_roles = row_count;

  update public.solutions s
     set contact_name = null, contact_email = null, contact_phone = null, contact_erased_at = now()
   where s.event_id = p_event_id and s.contact_erased_at is null;
  get diagnostics v_solutions = row_count;
  delete from public.solution_team_members m where m.event_id = p_event_id;

  update public.events set personal_data_anonymised_at = now() where id = p_event_id;

  return jsonb_build_object(
    'anonymised', true, 'tickets', v_tickets, 'orders', v_orders, 'waitlist_entries', v_waitlist,
    'roles', v_roles, 'solutions', v_solutions);
end
$$;
revoke execute on function private.anonymise_event(uuid) from public;
grant execute on function private.anonymise_event(uuid) to service_role;

-- The job: every event whose retention has run out and that is not anonymised yet.
create or replace function private.anonymise_due_events(p_now timestamptz default now())
returns table (event_id uuid, result jsonb)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_event uuid;
begin
  for v_event in
    select e.id from public.events e
     where e.personal_data_anonymised_at is null
       and private.retention_ends_at(e.ends_at, e.timezone, e.retention_months) <= p_now
     order by e.ends_at
       for update skip locked
  loop
    event_id := v_event;
    result := private.anonymise_event(v_event);
    return next;
  end loop;
end
$$;
revoke execute on function private.anonymise_due_events(timestamptz) from public;
grant execute on function private.anonymise_due_events(timestamptz) to service_role;
