-- Checking tickets in, at the door and at a session's door, and what
-- check-in devices may read: the attendee search and the offline pack.
-- Every function answers for one event and only to its check-in staff and
-- organisers. A check-in locks the ticket row, so two devices scanning the
-- same ticket at once are decided one after the other, and a device's nonce
-- makes each scan count once however often its queue is synced.
--
-- Verdict codes (jsonb `code`): ok, already_checked_in, cancelled, revoked,
-- unpaid, wrong_event, unknown_ticket, not_authorised; for undo: undone,
-- not_found, not_undoable, already_undone, not_authorised.

-- A gate of the event by name, created on first use; NULL for a caller who is
-- not the event's check-in staff or organiser. Its own short transaction
-- (the caller's), before any ticket is locked.
create or replace function private.checkin_gate(p_event_id uuid, p_name text) returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  if not private.has_event_role(p_event_id, 'organiser', 'checkin_staff') then
    return null;
  end if;
  insert into public.checkin_gates (event_id, name) values (p_event_id, trim(p_name))
  on conflict (event_id, name) do nothing
  returning id into v_id;
  if v_id is null then
    select g.id into v_id from public.checkin_gates g where g.event_id = p_event_id and g.name = trim(p_name);
  end if;
  return v_id;
end
$$;

-- The verdict a stored check-in stands for; `replay` when the scan's nonce
-- had been recorded before (a re-synced queue).
create or replace function private.check_in_verdict(p_check_in_id uuid, p_replay boolean) returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
           'code', case c.result when 'ok' then 'ok' when 'duplicate' then 'already_checked_in' else c.result::text end,
           'check_in_id', c.id,
           'ticket_id', c.ticket_id,
           'replay', p_replay,
           'name', t.attendee_name,
           'organisation', t.organisation_name,
           'scanned_at', c.scanned_at,
           'recorded_at', c.recorded_at,
           'undone_at', c.undone_at)
         || case when c.result = 'ok' then jsonb_build_object('bookings', coalesce((
              select jsonb_agg(jsonb_build_object('session_id', s.id, 'title', s.title, 'title_en', s.title_en,
                                                  'starts_at', s.starts_at, 'ends_at', s.ends_at, 'room', r.name)
                               order by s.starts_at)
                from public.bookings b
                join public.sessions s on s.id = b.session_id
                left join public.rooms r on r.id = s.room_id
               where b.ticket_id = c.ticket_id and b.status = 'confirmed'
                 and (s.starts_at at time zone 'Europe/Copenhagen')::date
                     = (c.scanned_at at time zone 'Europe/Copenhagen')::date), '[]'::jsonb))
            else '{}'::jsonb end
         || case when c.result = 'duplicate' then jsonb_build_object(
              'conflict', c.conflict,
              'first', (select jsonb_build_object('check_in_id', f.id, 'scanned_at', f.scanned_at,
                                                  'recorded_at', f.recorded_at, 'gate', g.name, 'device', f.device,
                                                  'undone_at', f.undone_at)
                          from public.check_ins f left join public.checkin_gates g on g.id = f.gate_id
                         where f.id = c.duplicate_of))
            else '{}'::jsonb end
    from public.check_ins c
    join public.tickets t on t.id = c.ticket_id
   where c.id = p_check_in_id
$$;

create or replace function private.check_in(
  p_event_id uuid,
  p_ticket_id uuid,
  p_revision integer,
  p_gate_id uuid,
  p_device text,
  p_nonce uuid,
  p_scanned_at timestamptz
) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_ticket record;
  v_existing uuid;
  v_first record;
  v_result public.check_in_result;
  v_id uuid;
begin
  if not private.has_event_role(p_event_id, 'organiser', 'checkin_staff') then
    return jsonb_build_object('code', 'not_authorised');
  end if;

  select t.id, t.status, t.revision into v_ticket
    from public.tickets t
   where t.id = p_ticket_id and t.event_id = p_event_id
     for update;
  if not found then
    return jsonb_build_object(
      'code', case when exists (select 1 from public.tickets t where t.id = p_ticket_id) then 'wrong_event'
                   else 'unknown_ticket' end,
      'ticket_id', p_ticket_id);
  end if;

  -- A scan synced before: its verdict then, and nothing new.
  select c.id into v_existing from public.check_ins c where c.event_id = p_event_id and c.nonce = p_nonce;
  if found then
    return private.check_in_verdict(v_existing, true);
  end if;

  if v_ticket.status = 'cancelled' then
    v_result := 'cancelled';
  elsif p_revision < v_ticket.revision then
    v_result := 'revoked';
  elsif v_ticket.status <> 'valid' then
    v_result := 'unpaid';
  else
    select c.id, c.recorded_at into v_first
      from public.check_ins c
     where c.ticket_id = p_ticket_id and c.result = 'ok' and c.undone_at is null;
    v_result := case when found then 'duplicate' else 'ok' end;
  end if;

  insert into public.check_ins (event_id, ticket_id, gate_id, device, nonce, scanned_at, recorded_by, result,
                                revision, duplicate_of, conflict)
  values (p_event_id, p_ticket_id, p_gate_id, p_device, p_nonce, coalesce(p_scanned_at, now()), (select auth.uid()),
          v_result, p_revision,
          case when v_result = 'duplicate' then v_first.id end,
          -- The device scanned before the first check-in reached us: it could
          -- not have known (offline), so both showed green.
          v_result = 'duplicate' and coalesce(p_scanned_at, now()) < v_first.recorded_at)
  on conflict (event_id, nonce) do nothing
  returning id into v_id;
  if v_id is null then
    -- The nonce was recorded meanwhile, by a scan of another ticket.
    select c.id into v_existing from public.check_ins c where c.event_id = p_event_id and c.nonce = p_nonce;
    return private.check_in_verdict(v_existing, true);
  end if;
  return private.check_in_verdict(v_id, false);
end
$$;

-- An organiser takes back a mistaken check-in; the ticket can then be checked in again.
create or replace function private.undo_check_in(p_check_in_id uuid) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_check_in record;
begin
  select c.event_id, c.ticket_id into v_check_in from public.check_ins c where c.id = p_check_in_id;
  if not found then
    return jsonb_build_object('code', 'not_found');
  elsif not private.has_event_role(v_check_in.event_id, 'organiser') then
    return jsonb_build_object('code', 'not_authorised');
  end if;
  -- The ticket first, in the same order as private.check_in.
  perform 1 from public.tickets t where t.id = v_check_in.ticket_id for update;
  select c.id, c.result, c.undone_at into v_check_in from public.check_ins c where c.id = p_check_in_id for update;
  if v_check_in.result <> 'ok' then
    return jsonb_build_object('code', 'not_undoable');
  elsif v_check_in.undone_at is not null then
    return jsonb_build_object('code', 'already_undone', 'undone_at', v_check_in.undone_at);
  end if;
  update public.check_ins set undone_at = now(), undone_by = (select auth.uid()) where id = p_check_in_id;
  return jsonb_build_object('code', 'undone', 'check_in_id', p_check_in_id);
end
$$;

-- Attendance at a session's door. Refusals are not stored; a re-synced nonce
-- answers `ok` with `replay`.
create or replace function private.check_in_session(
  p_event_id uuid,
  p_session_id uuid,
  p_ticket_id uuid,
  p_revision integer,
  p_nonce uuid,
  p_at timestamptz
) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_ticket record;
  v_id uuid;
  v_existing record;
begin
  if not private.has_event_role(p_event_id, 'organiser', 'checkin_staff') then
    return jsonb_build_object('code', 'not_authorised');
  end if;
  if not exists (select 1 from public.sessions s where s.id = p_session_id and s.event_id = p_event_id) then
    return jsonb_build_object('code', 'unknown_session');
  end if;
  select t.status, t.revision, t.attendee_name, t.organisation_name into v_ticket
    from public.tickets t where t.id = p_ticket_id and t.event_id = p_event_id;
  if not found then
    return jsonb_build_object(
      'code', case when exists (select 1 from public.tickets t where t.id = p_ticket_id) then 'wrong_event'
                   else 'unknown_ticket' end);
  end if;
  select c.id, c.ticket_id, c.at into v_existing
    from public.session_check_ins c where c.event_id = p_event_id and c.nonce = p_nonce;
  if found then
    return jsonb_build_object('code', 'ok', 'replay', true, 'ticket_id', v_existing.ticket_id, 'at', v_existing.at);
  elsif v_ticket.status = 'cancelled' then
    return jsonb_build_object('code', 'cancelled');
  elsif p_revision < v_ticket.revision then
    return jsonb_build_object('code', 'revoked');
  elsif v_ticket.status <> 'valid' then
    return jsonb_build_object('code', 'unpaid');
  end if;
  insert into public.session_check_ins (event_id, session_id, ticket_id, nonce, at, recorded_by)
  values (p_event_id, p_session_id, p_ticket_id, p_nonce, coalesce(p_at, now()), (select auth.uid()))
  on conflict do nothing
  returning id into v_id;
  if v_id is null then
    select c.at into v_existing from public.session_check_ins c
     where c.session_id = p_session_id and c.ticket_id = p_ticket_id;
    if found then
      return jsonb_build_object('code', 'already_checked_in', 'at', v_existing.at,
                                'name', v_ticket.attendee_name, 'organisation', v_ticket.organisation_name);
    end if;
    return jsonb_build_object('code', 'ok', 'replay', true);
  end if;
  return jsonb_build_object('code', 'ok', 'replay', false, 'name', v_ticket.attendee_name,
                            'organisation', v_ticket.organisation_name);
end
$$;

-- Manual search at the desk: by name, organisation, ticket reference
-- ("ORDERREF-2") or ticket id. Nothing for a caller who is not the event's
-- check-in staff or organiser.
create or replace function private.checkin_attendees(p_event_id uuid, p_query text, p_limit integer default 25)
returns table (
  ticket_id uuid,
  name text,
  organisation text,
  reference text,
  status public.ticket_status,
  revision integer,
  checked_in_at timestamptz,
  gate text
)
language sql
stable
security definer
set search_path = ''
as $$
  with q as (
    select trim(p_query) as raw,
           '%' || replace(replace(replace(trim(p_query), '\', '\\'), '%', '\%'), '_', '\_') || '%' as pattern
  )
  select t.id, t.attendee_name, t.organisation_name, o.reference || '-' || t.position, t.status, t.revision,
         c.scanned_at, g.name
    from q, public.tickets t
    join public.orders o on o.id = t.order_id
    left join public.check_ins c on c.ticket_id = t.id and c.result = 'ok' and c.undone_at is null
    left join public.checkin_gates g on g.id = c.gate_id
   where t.event_id = p_event_id
     and (select private.has_event_role(p_event_id, 'organiser', 'checkin_staff'))
     and length(q.raw) >= 2
     and (t.attendee_name ilike q.pattern
          or t.organisation_name ilike q.pattern
          or (o.reference || '-' || t.position) ilike q.pattern
          or t.id::text = lower(q.raw))
   order by t.attendee_name, t.id
   limit least(greatest(p_limit, 1), 100)
$$;

-- What a device keeps for scanning offline: every ticket of the event with
-- its state and revision, and whether it is checked in. Nothing for a caller
-- who is not the event's check-in staff or organiser.
create or replace function private.checkin_offline_pack(p_event_id uuid)
returns table (
  ticket_id uuid,
  name text,
  organisation text,
  status public.ticket_status,
  revision integer,
  checked_in_at timestamptz
)
language sql
stable
security definer
set search_path = ''
as $$
  select t.id, t.attendee_name, t.organisation_name, t.status, t.revision, c.scanned_at
    from public.tickets t
    left join public.check_ins c on c.ticket_id = t.id and c.result = 'ok' and c.undone_at is null
   where t.event_id = p_event_id
     and (select private.has_event_role(p_event_id, 'organiser', 'checkin_staff'))
   order by t.id
$$;

revoke execute on function private.checkin_gate(uuid, text) from public;
revoke execute on function private.check_in_verdict(uuid, boolean) from public;
revoke execute on function private.check_in(uuid, uuid, integer, uuid, text, uuid, timestamptz) from public;
revoke execute on function private.undo_check_in(uuid) from public;
revoke execute on function private.check_in_session(uuid, uuid, uuid, integer, uuid, timestamptz) from public;
revoke execute on function private.checkin_attendees(uuid, text, integer) from public;
revoke execute on function private.checkin_offline_pack(uuid) from public;
grant execute on function private.checkin_gate(uuid, text) to authenticated, service_role;
grant execute on function private.check_in(uuid, uuid, integer, uuid, text, uuid, timestamptz) to authenticated, service_role;
grant execute on function private.undo_check_in(uuid) to authenticated, service_role;
grant execute on function private.check_in_session(uuid, uuid, uuid, integer, uuid, timestamptz) to authenticated, service_role;
grant execute on function private.checkin_attendees(uuid, text, integer) to authenticated, service_role;
grant execute on function private.checkin_offline_pack(uuid) to authenticated, service_role;
