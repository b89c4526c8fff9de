-- private.register, faster in a rush (#16):
--
-- * The duplicate check reads tickets_one_active_per_email. Written as
--   `attendee_email in (select … from jsonb_array_elements(…))`, it became a
--   join the planner could not prove the partial index's predicate for, so it
--   read every ticket of the event for every registration (1.6 ms a call
--   after a few thousand; the cost grew with the event).
-- * The seats are claimed last. Every registration of a ticket type queues on
--   its row; the order and its tickets (with their indexes and triggers) are
--   now written before, so the row is held only for the waitlist's check and
--   the commit. A claim that finds no seats rolls the order back (the block's
--   subtransaction), frees expired holds and tries once more, as before.
--   Sold out by what is committed is answered before anything is written.
--
-- The same answers, arguments and grants as 20261203110400_console_settings.

create or replace function private.register(
  p_ticket_type_id uuid,
  p_buyer_name text,
  p_buyer_email text,
  p_language text,
  p_attendees jsonb,
  p_online_payment boolean,
  p_offer_token_hash bytea default null,
  p_access_code text default null
) returns table (
  result text,
  order_id uuid,
  order_reference text,
  order_status public.order_status,
  total_ore integer,
  expires_at timestamptz,
  ticket_ids uuid[],
  detail text
)
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  v_count integer;
  v_type record;
  v_uid uuid := auth.uid();
  v_my_email text := private.current_email();
  v_duplicate text;
  v_offer uuid;
  v_total integer;
  v_order_id uuid;
  v_reference text;
  v_status public.order_status;
  v_expires timestamptz;
  v_tickets uuid[];
  v_stale record;
  v_emails text[];
  v_left integer;
begin
  if jsonb_typeof(p_attendees) is distinct from 'array' or jsonb_array_length(p_attendees) = 0 then
    raise exception 'register: attendees must be a non-empty array' using errcode = 'invalid_parameter_value';
  end if;
  if exists (select 1 from jsonb_array_elements(p_attendees) a where jsonb_typeof(a) <> 'object') then
    raise exception 'register: each attendee must be an object' using errcode = 'invalid_parameter_value';
  end if;
  v_count := jsonb_array_length(p_attendees);

  select tt.id, tt.event_id, tt.price_ore, tt.sales_start, tt.sales_end, tt.access_code,
         least(e.max_tickets_per_order, coalesce(tt.max_per_order, 100), case when e.team_orders then 100 else 1 end)
           as max_per_order,
         e.starts_at
    into v_type
    from public.ticket_types tt
    join public.events e on e.id = tt.event_id
   where tt.id = p_ticket_type_id and e.status = 'published';
  if not found or (v_type.access_code is not null and p_offer_token_hash is null
                   and lower(coalesce(trim(p_access_code), '')) <> lower(v_type.access_code)) then
    return query select 'not_found', null::uuid, null::text, null::public.order_status, null::integer, null::timestamptz, null::uuid[], null::text;
    return;
  end if;
  if now() >= v_type.starts_at then
    return query select 'event_started', null::uuid, null::text, null::public.order_status, null::integer, null::timestamptz, null::uuid[], null::text;
    return;
  end if;
  if (v_type.sales_start is not null and now() < v_type.sales_start) or (v_type.sales_end is not null and now() >= v_type.sales_end) then
    return query select 'not_on_sale', null::uuid, null::text, null::public.order_status, null::integer, null::timestamptz, null::uuid[], null::text;
    return;
  end if;
  if v_count > v_type.max_per_order or (p_offer_token_hash is not null and v_count <> 1) then
    return query select 'too_many', null::uuid, null::text, null::public.order_status, null::integer, null::timestamptz, null::uuid[], null::text;
    return;
  end if;
  v_total := v_type.price_ore * v_count;
  if v_total > 0 and not coalesce(p_online_payment, false) then
    return query select 'payment_unavailable', null::uuid, null::text, null::public.order_status, null::integer, null::timestamptz, null::uuid[], null::text;
    return;
  end if;

  select a.email into v_duplicate
    from (select lower(trim(x ->> 'email')) as email from jsonb_array_elements(p_attendees) x) a
   group by a.email having count(*) > 1
   limit 1;
  if v_duplicate is not null then
    return query select 'duplicate_attendee', null::uuid, null::text, null::public.order_status, null::integer, null::timestamptz, null::uuid[], v_duplicate;
    return;
  end if;

  v_emails := array(select lower(trim(x ->> 'email')) from jsonb_array_elements(p_attendees) x);
  -- By tickets_one_active_per_email (a restriction on its columns and predicate; the IN (subquery)
  -- this was made a join the planner could not prove the partial index for, and it read every
  -- ticket of the event instead).
  select t.attendee_email into v_duplicate
    from public.tickets t
   where t.event_id = v_type.event_id and t.status in ('reserved', 'valid')
     and t.attendee_email is not null and t.attendee_email = any (v_emails)
   limit 1;
  if v_duplicate is not null then
    return query select 'already_registered', null::uuid, null::text, null::public.order_status, null::integer, null::timestamptz, null::uuid[], v_duplicate;
    return;
  end if;

  -- Sold out by what is committed: free what has expired, then look once more. (Read without the
  -- ticket type's lock; the claim below under it is what counts.)
  if p_offer_token_hash is null then
    select tt.capacity - tt.sold into v_left from public.ticket_types tt where tt.id = p_ticket_type_id;
    if v_left < v_count then
      perform private.release_expired_holds(v_type.event_id);
      perform private.expire_waitlist_offers(v_type.event_id);
      select tt.capacity - tt.sold into v_left from public.ticket_types tt where tt.id = p_ticket_type_id;
      if v_left < v_count then
        return query select 'sold_out', null::uuid, null::text, null::public.order_status, null::integer, null::timestamptz, null::uuid[], null::text;
        return;
      end if;
    end if;
  end if;

  -- The order and its tickets first, the seats last: every registration of the type queues on
  -- the ticket type's row, so it is taken as late as it can be and held only for what follows
  -- it (the waitlist's check below, the commit). A claim that finds no seats after all undoes
  -- the order (the block's rollback), frees what has expired and tries once more.
  for v_attempt in 1..2 loop
    begin
      if p_offer_token_hash is not null then
        -- The seat was held for this offer when it was made: take it over.
        update public.waitlist_entries w
           set status = 'accepted'
         where w.offer_token_hash = p_offer_token_hash and w.status = 'offered'
           and w.offer_expires_at > now() and w.ticket_type_id = p_ticket_type_id
        returning w.id into v_offer;
        if v_offer is null then
          return query select 'offer_invalid', null::uuid, null::text, null::public.order_status, null::integer, null::timestamptz, null::uuid[], null::text;
          return;
        end if;
      end if;

      v_status := case when v_total = 0 then 'paid' else 'pending' end;
      v_expires := case when v_total > 0 then now() + private.payment_hold() end;
      insert into public.orders as o (
        event_id, buyer_user_id, buyer_name, buyer_email, language, status, total_ore, expires_at, paid_at, payment_provider
      ) values (
        v_type.event_id, v_uid, nullif(trim(p_buyer_name), ''), lower(trim(p_buyer_email)),
        coalesce(p_language, 'da'), v_status, v_total, v_expires,
        case when v_total = 0 then now() end, case when v_total > 0 then 'stripe' end
      )
      returning o.id, o.reference into v_order_id, v_reference;

      with inserted as (
        insert into public.tickets as t (
          event_id, order_id, ticket_type_id, position, status, price_ore, holder_user_id,
          attendee_name, attendee_email, organisation_name, sector, job_title, municipality,
          dietary_needs, accessibility_needs, consent_share_contact, consent_newsletter, issued_at
        )
        select v_type.event_id, v_order_id, p_ticket_type_id, a.n,
               case when v_total = 0 then 'valid'::public.ticket_status else 'reserved' end,
               v_type.price_ore,
               case when lower(trim(a.x ->> 'email')) = v_my_email then v_uid end,
               nullif(trim(a.x ->> 'name'), ''),
               lower(trim(a.x ->> 'email')),
               nullif(trim(a.x ->> 'organisation'), ''),
               nullif(a.x ->> 'sector', '')::public.sector,
               nullif(trim(a.x ->> 'jobTitle'), ''),
               nullif(trim(a.x ->> 'municipality'), ''),
               nullif(trim(a.x ->> 'dietaryNeeds'), ''),
               nullif(trim(a.x ->> 'accessibilityNeeds'), ''),
               coalesce((a.x ->> 'consentShareContact')::boolean, false),
               coalesce((a.x ->> 'consentNewsletter')::boolean, false),
               case when v_total = 0 then now() end
          from jsonb_array_elements(p_attendees) with ordinality as a (x, n)
          -- Insert in email order, so two orders racing for the same people
          -- wait on each other's unique-index entries in one order, never in a cycle.
          order by lower(trim(a.x ->> 'email'))
        returning t.id, t.position
      )
      select array_agg(i.id order by i.position) into v_tickets from inserted i;

      if p_offer_token_hash is null then
        update public.ticket_types tt set sold = tt.sold + v_count
         where tt.id = p_ticket_type_id and tt.sold + v_count <= tt.capacity;
        if not found then
          raise exception 'register: no seats left' using errcode = 'SA001';
        end if;
      end if;
      exit;
    exception
      when unique_violation then
        -- A simultaneous registration took one of these addresses first.
        select t.attendee_email into v_duplicate
          from public.tickets t
         where t.event_id = v_type.event_id and t.status in ('reserved', 'valid')
           and t.attendee_email is not null and t.attendee_email = any (v_emails)
         limit 1;
        return query select 'already_registered', null::uuid, null::text, null::public.order_status, null::integer, null::timestamptz, null::uuid[], v_duplicate;
        return;
      when sqlstate 'SA001' then
        if v_attempt = 2 then
          return query select 'sold_out', null::uuid, null::text, null::public.order_status, null::integer, null::timestamptz, null::uuid[], null::text;
          return;
        end if;
        perform private.release_expired_holds(v_type.event_id);
        perform private.expire_waitlist_offers(v_type.event_id);
    end;
  end loop;

  if v_offer is not null then
    update public.waitlist_entries w set accepted_order_id = v_order_id where w.id = v_offer;
  end if;
  -- The attendees no longer need a place in line; an offer one of them held
  -- passes on to the next person.
  for v_stale in
    select w.id, w.status, w.ticket_type_id from public.waitlist_entries w
     where w.event_id = v_type.event_id and w.status in ('waiting', 'offered')
       and w.email = any (v_emails)
     -- Never wait here while holding the seats' row: an entry someone else is
     -- changing right now is left as it is (a stale place in line is harmless).
     for update skip locked
  loop
    update public.waitlist_entries w set status = 'cancelled' where w.id = v_stale.id;
    if v_stale.status = 'offered' then
      perform private.release_seats(v_stale.ticket_type_id, 1);
    end if;
  end loop;

  return query select 'ok', v_order_id, v_reference, v_status, v_total, v_expires, v_tickets, null::text;
end
$$;

revoke execute on function private.register(uuid, text, text, text, jsonb, boolean, bytea, text) from public;
grant execute on function private.register(uuid, text, text, text, jsonb, boolean, bytea, text) to anon, authenticated, service_role;
