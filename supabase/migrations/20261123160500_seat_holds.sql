-- Seats coming back: a pending payment that ran out of time, a cancelled
-- ticket, a waitlist offer nobody took. Every path frees seats through
-- release_seats, which first hands each seat to the next person waiting for
-- that ticket type and only returns the rest to sale. A job calls the expiry
-- functions every few seconds; private.register also calls them before it
-- answers "sold out", so a stale hold never turns a buyer away.
--
-- All of these are internal: executable by the service role (jobs, webhooks)
-- and by the security definer functions that call them, never by the API roles.

create or replace function private.release_seats(p_ticket_type_id uuid, p_count integer)
returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_offer_until timestamptz;
  v_offers integer := 0;
begin
  if p_count is null or p_count < 1 then
    return 0;
  end if;

  -- Offers run for the event's waitlist_offer_hours, but never past its start;
  -- once it has started, nobody is offered anything.
  select least(now() + make_interval(hours => e.waitlist_offer_hours), e.starts_at)
    into v_offer_until
    from public.ticket_types tt
    join public.events e on e.id = tt.event_id
   where tt.id = p_ticket_type_id and e.starts_at > now();

  if v_offer_until is not null then
    update public.waitlist_entries w
       set status = 'offered', offered_at = now(), offer_expires_at = v_offer_until,
           offer_token_hash = null, offer_notified_at = null
     where w.id in (
       select n.id from public.waitlist_entries n
        where n.ticket_type_id = p_ticket_type_id and n.status = 'waiting'
          -- Someone who got a ticket meanwhile is not offered a second one.
          and not exists (
            select 1 from public.tickets t
             where t.event_id = n.event_id and t.attendee_email = n.email and t.status in ('reserved', 'valid'))
        order by n.created_at, n.id
        limit p_count
        for update skip locked);
    get diagnostics v_offers = row_count;
  end if;

  if v_offers < p_count then
    update public.ticket_types tt set sold = tt.sold - (p_count - v_offers) where tt.id = p_ticket_type_id;
  end if;
  return v_offers;
end
$$;

-- Ends a pending order that was not paid: its reserved tickets become expired
-- (the hold ran out) or cancelled (payment failed or was abandoned), and their
-- seats are released. False when the order was no longer pending.
create or replace function private.end_pending_order(p_order_id uuid, p_status public.order_status)
returns boolean
language plpgsql
set search_path = ''
as $$
declare
  v_type uuid;
  v_count integer;
begin
  if p_status not in ('expired', 'cancelled') then
    raise exception 'end_pending_order: a pending order ends expired or cancelled, not %', p_status
      using errcode = 'invalid_parameter_value';
  end if;
  update public.orders o
     set status = p_status, cancelled_at = case when p_status = 'cancelled' then now() end
   where o.id = p_order_id and o.status = 'pending';
  if not found then
    return false;
  end if;
  -- The order row is locked by the update above, so nothing else changes its tickets now.
  for v_type, v_count in
    select t.ticket_type_id, count(*)::integer from public.tickets t
     where t.order_id = p_order_id and t.status = 'reserved'
     group by t.ticket_type_id
  loop
    perform private.release_seats(v_type, v_count);
  end loop;
  update public.tickets t
     set status = case when p_status = 'expired' then 'expired'::public.ticket_status else 'cancelled' end,
         cancelled_at = case when p_status = 'cancelled' then now() end
   where t.order_id = p_order_id and t.status = 'reserved';
  return true;
end
$$;

-- Expires pending orders whose hold has run out, oldest first, a batch at a
-- time. Several servers may run it at once: `skip locked` gives each its own rows.
create or replace function private.release_expired_holds(p_event_id uuid default null, p_limit integer default 500)
returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_order uuid;
  v_count integer := 0;
begin
  for v_order in
    select o.id from public.orders o
     where o.status = 'pending' and o.expires_at <= now()
       and (p_event_id is null or o.event_id = p_event_id)
     order by o.expires_at
     limit p_limit
     for update skip locked
  loop
    if private.end_pending_order(v_order, 'expired') then
      v_count := v_count + 1;
    end if;
  end loop;
  return v_count;
end
$$;

-- Expires waitlist offers nobody accepted in time; each seat passes to the
-- next person waiting, or back to sale.
create or replace function private.expire_waitlist_offers(p_event_id uuid default null, p_limit integer default 500)
returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_entry record;
  v_count integer := 0;
begin
  for v_entry in
    select w.id, w.ticket_type_id from public.waitlist_entries w
     where w.status = 'offered' and w.offer_expires_at <= now()
       and (p_event_id is null or w.event_id = p_event_id)
     order by w.offer_expires_at
     limit p_limit
     for update skip locked
  loop
    update public.waitlist_entries w set status = 'expired' where w.id = v_entry.id;
    perform private.release_seats(v_entry.ticket_type_id, 1);
    v_count := v_count + 1;
  end loop;
  return v_count;
end
$$;

revoke execute on function private.release_seats(uuid, integer) from public, anon, authenticated;
revoke execute on function private.end_pending_order(uuid, public.order_status) from public, anon, authenticated;
revoke execute on function private.release_expired_holds(uuid, integer) from public, anon, authenticated;
revoke execute on function private.expire_waitlist_offers(uuid, integer) from public, anon, authenticated;
grant execute on function private.release_seats(uuid, integer) to service_role;
grant execute on function private.end_pending_order(uuid, public.order_status) to service_role;
grant execute on function private.release_expired_holds(uuid, integer) to service_role;
grant execute on function private.expire_waitlist_offers(uuid, integer) to service_role;
