-- private.check_in raised "record v_first is not assigned yet" for a ticket
-- that was cancelled or whose code was revoked (a transferred or re-issued
-- ticket's old QR code): the verdict's insert reads v_first, which only the
-- branch of a valid ticket assigned. So the door answered 500 instead of
-- "revoked". Same function as in 20261123220100_check_in_conflict_other_device.sql,
-- with v_first assigned before any branch.

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
