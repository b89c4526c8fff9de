-- Attendees cancel themselves until the event's cancellation deadline (or its
-- start): the ticket is cancelled, its seat goes to the waitlist or back on
-- sale, and a paid ticket's price is recorded as a refund that a worker
-- executes after commit. The buyer who registered a colleague may cancel that
-- colleague's ticket too. Re-issuing a ticket bumps its revision, so the old
-- QR code stops working at the door.

-- Cancels one valid ticket; with p_refund, records the refund of its price.
-- The order ends (cancelled, or refunded when money went back) with its last
-- ticket. Returns the refund request, if any.
create or replace function private.cancel_valid_ticket(p_ticket_id uuid, p_refund boolean)
returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_ticket record;
  v_refund uuid;
begin
  update public.tickets t set status = 'cancelled', cancelled_at = now()
   where t.id = p_ticket_id and t.status = 'valid'
  returning t.id, t.order_id, t.ticket_type_id, t.price_ore into v_ticket;
  if not found then
    return null;
  end if;
  perform private.release_seats(v_ticket.ticket_type_id, 1);
  if p_refund and v_ticket.price_ore > 0 then
    v_refund := private.request_refund(v_ticket.order_id, v_ticket.id, v_ticket.price_ore, 'cancellation', 'cancel:' || v_ticket.id);
  end if;
  if not exists (select 1 from public.tickets t where t.order_id = v_ticket.order_id and t.status in ('reserved', 'valid')) then
    update public.orders o
       set status = case when exists (select 1 from private.refund_requests r where r.order_id = o.id)
                         then 'refunded'::public.order_status else 'cancelled' end,
           cancelled_at = now()
     where o.id = v_ticket.order_id and o.status = 'paid';
  end if;
  return v_refund;
end
$$;

-- True when the caller holds the ticket or bought it.
create or replace function private.may_manage_ticket(p_ticket_id uuid)
returns boolean
language sql
stable
set search_path = ''
as $$
  select exists (
    select 1 from public.tickets t join public.orders o on o.id = t.order_id
     where t.id = p_ticket_id
       and (t.holder_user_id = auth.uid() or t.attendee_email = private.current_email()
            or o.buyer_user_id = auth.uid() or o.buyer_email = private.current_email()))
$$;

-- The attendee's (or their buyer's) cancellation. Result codes: ok,
-- not_found (no such ticket of the caller's), not_cancellable (not a valid
-- ticket), deadline_passed.
create or replace function private.cancel_ticket(p_ticket_id uuid)
returns table (result text, refund_request_id uuid, refund_ore integer)
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  v_ticket record;
  v_refund uuid;
begin
  if auth.uid() is null or not private.may_manage_ticket(p_ticket_id) then
    return query select 'not_found', null::uuid, null::integer;
    return;
  end if;
  select t.status, t.price_ore, coalesce(e.cancellation_deadline, e.starts_at) as deadline
    into v_ticket
    from public.tickets t
    join public.events e on e.id = t.event_id
   where t.id = p_ticket_id
     for update of t;
  if v_ticket.status <> 'valid' then
    return query select 'not_cancellable', null::uuid, null::integer;
    return;
  end if;
  if now() >= v_ticket.deadline then
    return query select 'deadline_passed', null::uuid, null::integer;
    return;
  end if;
  v_refund := private.cancel_valid_ticket(p_ticket_id, true);
  return query select 'ok', v_refund,
    (select r.amount_ore from private.refund_requests r where r.id = v_refund);
end
$$;

-- A new QR code for a valid ticket; the old one stops working. Returns the
-- new revision, or NULL when the caller may not or the ticket is not valid.
create or replace function private.reissue_ticket(p_ticket_id uuid)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_revision integer;
begin
  if auth.uid() is null or not private.may_manage_ticket(p_ticket_id) then
    return null;
  end if;
  update public.tickets t set revision = t.revision + 1
   where t.id = p_ticket_id and t.status = 'valid'
  returning t.revision into v_revision;
  return v_revision;
end
$$;

revoke execute on function private.cancel_valid_ticket(uuid, boolean) from public, anon, authenticated;
revoke execute on function private.may_manage_ticket(uuid) from public, anon, authenticated;
revoke execute on function private.cancel_ticket(uuid) from public, anon;
revoke execute on function private.reissue_ticket(uuid) from public, anon;
grant execute on function private.cancel_valid_ticket(uuid, boolean) to service_role;
grant execute on function private.may_manage_ticket(uuid) to service_role;
grant execute on function private.cancel_ticket(uuid) to authenticated, service_role;
grant execute on function private.reissue_ticket(uuid) to authenticated, service_role;
