-- Rehearsal at the door ("Øvelsestilstand"), and the true reason for a code
-- refused for its time window.
--
-- Tickets' codes are valid from 24 hours before the event, so staff could not
-- rehearse the day before. While an organiser has switched rehearsal on, the
-- door app and the API accept scans as practice: the code's signature and the
-- ticket's state are judged as usual, its time window is not, and nothing is
-- recorded — no check-in, no session attendance, no held scan. A scan the
-- device made as practice stays practice even if it reaches the server after
-- rehearsal was switched off. Switching it is an edit of the event (its
-- version and the audit log record who did it and when). A rehearsal ends by
-- itself when the event begins, so a switch left on cannot swallow the day's
-- real check-ins; it cannot be switched on after that.

alter table public.events add column checkin_rehearsal_since timestamptz;

comment on column public.events.checkin_rehearsal_since is
  'When an organiser switched door rehearsal on; NULL when off. While on, door scans are practice and record nothing.';

-- Whether the event's door is in rehearsal. For the event's check-in staff and
-- organisers (anyone else reads false); read with every scan, so it is a
-- primary-key look-up.
create or replace function private.checkin_rehearsal_on(p_event_id uuid) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce((
    select e.checkin_rehearsal_since is not null and now() < e.starts_at
      from public.events e
     where e.id = p_event_id and private.has_event_role(p_event_id, 'organiser', 'checkin_staff')), false)
$$;

-- Switches rehearsal on or off; the event's organisers only.
create or replace function private.set_checkin_rehearsal(p_event_id uuid, p_on boolean) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_since timestamptz;
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return jsonb_build_object('code', 'not_authorised');
  end if;
  if p_on and exists (select 1 from public.events e where e.id = p_event_id and now() >= e.starts_at) then
    return jsonb_build_object('code', 'event_started');
  end if;
  update public.events
     set checkin_rehearsal_since = case when p_on then coalesce(checkin_rehearsal_since, now()) end
   where id = p_event_id
  returning checkin_rehearsal_since into v_since;
  return jsonb_build_object('code', 'saved', 'since', v_since);
end
$$;

-- What a ticket's state says about a scan of it, without recording anything:
-- `cancelled`, `revoked` (a code older than the ticket's current revision: a
-- re-issued or transferred ticket), `unpaid`, `wrong_event`, `unknown_ticket`
-- or `ok`, with the attendee's name. Used for practice scans and to give a
-- code refused for its time window its true reason (a cancelled ticket is
-- cancelled, not "not valid yet"). The event's check-in staff and organisers only.
create or replace function private.checkin_ticket_state(p_event_id uuid, p_ticket_id uuid, p_revision integer)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_ticket record;
begin
  if not private.has_event_role(p_event_id, 'organiser', 'checkin_staff') then
    return jsonb_build_object('code', 'not_authorised');
  end if;
  select t.id, t.status, t.revision, t.attendee_name, t.organisation_name into v_ticket
    from public.tickets t
   where t.id = p_ticket_id and t.event_id = p_event_id;
  if not found then
    return jsonb_build_object(
      'code', case when exists (select 1 from public.tickets t where t.id = p_ticket_id) then 'wrong_event'
                   else 'unknown_ticket' end,
      'ticket_id', p_ticket_id);
  end if;
  return jsonb_build_object(
    'code', case when v_ticket.status = 'cancelled' then 'cancelled'
                 when p_revision < v_ticket.revision then 'revoked'
                 when v_ticket.status <> 'valid' then 'unpaid'
                 else 'ok' end,
    'ticket_id', p_ticket_id,
    'name', v_ticket.attendee_name,
    'organisation', v_ticket.organisation_name);
end
$$;

revoke execute on function private.checkin_rehearsal_on(uuid) from public;
revoke execute on function private.set_checkin_rehearsal(uuid, boolean) from public;
revoke execute on function private.checkin_ticket_state(uuid, uuid, integer) from public;
grant execute on function private.checkin_rehearsal_on(uuid) to authenticated, service_role;
grant execute on function private.set_checkin_rehearsal(uuid, boolean) to authenticated, service_role;
grant execute on function private.checkin_ticket_state(uuid, uuid, integer) to authenticated, service_role;
