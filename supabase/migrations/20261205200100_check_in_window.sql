-- The check-in window, enforced by Postgres. A ticket's code is valid from
-- 24 hours before its event starts to 12 hours after it ends (ticketValidity
-- in src/lib/tickets/tickets.ts, signed into every code). Until now only the
-- TypeScript path judged it (the code's own window, and the same window for
-- a ticket found at the desk); private.check_in recorded whatever it was
-- given. Now private.check_in refuses, writing nothing, a scan outside the
-- window, judged at the scan's time (an offline scan synced later counts when
-- it was scanned) but never later than now (a device clock running ahead
-- cannot open the doors early). The answer is the same as the TypeScript
-- path's: the ticket's own state first (cancelled, revoked, unpaid), then
-- `not_yet_valid` with `valid_from` or `expired` with `valid_until`.
--
-- While rehearsal is on, private.check_in records nothing either: it answers
-- the ticket's state as practice (`practice: true`), as the TypeScript path
-- does without calling it.
--
-- Check-in staff of an event still in draft could not read the event (the
-- events table shows drafts to organisers only), so the desk and the
-- device's pack had no window for them and let a ticket found by name in at
-- any time, while an organiser got the window. private.checkin_window gives
-- every one of the event's staff and organisers the same window, draft or not.

-- The window the event's ticket codes carry; no row for a caller who is not
-- the event's check-in staff or organiser. The same for drafts.
create or replace function private.checkin_window(p_event_id uuid)
returns table (valid_from timestamptz, valid_until timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  select e.starts_at - interval '24 hours', e.ends_at + interval '12 hours'
    from public.events e
   where e.id = p_event_id and private.has_event_role(p_event_id, 'organiser', 'checkin_staff')
$$;

-- Same function as in 20261203120101_check_in_refused_verdicts.sql, with the
-- rehearsal and the window judged after the ticket's lock and the nonce's
-- replay, before anything is written.
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
  v_at timestamptz;
  v_window record;
  v_state jsonb;
begin
  -- Assigned up front: the insert below reads v_first's fields for every
  -- verdict, and an unassigned record raises instead of reading NULL.
  select null::uuid as id, null::timestamptz as recorded_at, null::text as device into v_first;
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

  -- Rehearsal: the ticket's state, as practice; nothing recorded.
  if private.checkin_rehearsal_on(p_event_id) then
    return private.checkin_ticket_state(p_event_id, p_ticket_id, p_revision) || jsonb_build_object('practice', true);
  end if;

  -- Outside the window: the ticket's own state first, then the window; nothing recorded.
  v_at := least(coalesce(p_scanned_at, now()), now());
  select w.valid_from, w.valid_until into v_window from private.checkin_window(p_event_id) w;
  if v_at < v_window.valid_from or v_at > v_window.valid_until then
    v_state := private.checkin_ticket_state(p_event_id, p_ticket_id, p_revision);
    if v_state ->> 'code' <> 'ok' then
      return v_state;
    end if;
    return v_state || case when v_at < v_window.valid_from
                           then jsonb_build_object('code', 'not_yet_valid', 'valid_from', v_window.valid_from)
                           else jsonb_build_object('code', 'expired', 'valid_until', v_window.valid_until) end;
  end if;

  if v_ticket.status = 'cancelled' then
    v_result := 'cancelled';
  elsif p_revision < v_ticket.revision then
    v_result := 'revoked';
  elsif v_ticket.status <> 'valid' then
    v_result := 'unpaid';
  else
    select c.id, c.recorded_at, c.device into v_first
      from public.check_ins c
     where c.ticket_id = p_ticket_id and c.result = 'ok' and c.undone_at is null;
    v_result := case when found then 'duplicate' else 'ok' end;
  end if;

  insert into public.check_ins (event_id, ticket_id, gate_id, device, nonce, scanned_at, recorded_by, result,
                                revision, duplicate_of, conflict)
  values (p_event_id, p_ticket_id, p_gate_id, p_device, p_nonce, coalesce(p_scanned_at, now()), (select auth.uid()),
          v_result, p_revision,
          case when v_result = 'duplicate' then v_first.id end,
          -- Another device scanned before the first check-in reached us: it
          -- could not have known (offline), so both showed green. The same
          -- device knew (it keeps its own check-ins) and showed amber.
          v_result = 'duplicate' and coalesce(p_scanned_at, now()) < v_first.recorded_at
            and v_first.device <> p_device)
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

revoke execute on function private.checkin_window(uuid) from public;
grant execute on function private.checkin_window(uuid) to authenticated, service_role;
