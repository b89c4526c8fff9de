-- Registration in one round trip: private.register checks the ticket type,
-- takes the seats with one guarded update (which holds the ticket type's row
-- until commit, so concurrent registrations queue there and can never
-- oversell), and writes the order and one ticket per attendee.
--
-- Security definer, callable by anon and authenticated: a visitor registers
-- without an account, and neither role may write these tables directly. The
-- caller's own identity (auth.uid(), the email in the claims) is read from the
-- request's verified claims, never from the arguments.
--
-- Result codes (the application turns them into words):
--   ok                   the order was made; free → paid, paid → pending for 31 minutes
--   not_found            no such ticket type on a published event
--   event_started        registration closes when the event starts
--   not_on_sale          outside the ticket type's sales window
--   too_many             more attendees than the event allows in one order
--   payment_unavailable  a paid ticket type while online payment is not set up
--   duplicate_attendee   the same email twice in one order (detail: the email)
--   already_registered   an attendee already holds a ticket (detail: the email)
--   sold_out             not enough seats left
--   offer_invalid        a waitlist offer that is unknown, taken, expired or for another type

-- The hold a pending payment gets. Stripe Checkout Sessions must live at least
-- 30 minutes; the extra minute covers creating the session after the commit,
-- so the session can end exactly when the hold does.
create or replace function private.payment_hold() returns interval
language sql
immutable
set search_path = ''
as $$ select interval '31 minutes' $$;

create or replace function private.register(
  p_ticket_type_id uuid,
  p_buyer_name text,
  p_buyer_email text,
  p_language text,
  p_attendees jsonb,
  p_online_payment boolean,
  p_offer_token_hash bytea default null
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
begin
  if jsonb_typeof(p_attendees) is distinct from 'array' or jsonb_array_length(p_attendees) = 0 then
    raise exception 'register: attendees must be a non-empty array' using errcode = 'invalid_parameter_value';
  end if;
  if exists (select 1 from jsonb_array_elements(p_attendees) a where jsonb_typeof(a) <> 'object') then
    raise exception 'register: each attendee must be an object' using errcode = 'invalid_parameter_value';
  end if;
  v_count := jsonb_array_length(p_attendees);

  select tt.id, tt.event_id, tt.price_ore, tt.sales_start, tt.sales_end, e.starts_at, e.max_tickets_per_order
    into v_type
    from public.ticket_types tt
    join public.events e on e.id = tt.event_id
   where tt.id = p_ticket_type_id and e.status = 'published';
  if not found then
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
  if v_count > v_type.max_tickets_per_order or (p_offer_token_hash is not null and v_count <> 1) then
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

  select t.attendee_email into v_duplicate
    from public.tickets t
   where t.event_id = v_type.event_id and t.status in ('reserved', 'valid')
     and t.attendee_email in (select lower(trim(x ->> 'email')) from jsonb_array_elements(p_attendees) x)
   limit 1;
  if v_duplicate is not null then
    return query select 'already_registered', null::uuid, null::text, null::public.order_status, null::integer, null::timestamptz, null::uuid[], v_duplicate;
    return;
  end if;

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
    else
      update public.ticket_types tt set sold = tt.sold + v_count
       where tt.id = p_ticket_type_id and tt.sold + v_count <= tt.capacity;
      if not found then
        -- Free what has expired, then look once more.
        perform private.release_expired_holds(v_type.event_id);
        perform private.expire_waitlist_offers(v_type.event_id);
        update public.ticket_types tt set sold = tt.sold + v_count
         where tt.id = p_ticket_type_id and tt.sold + v_count <= tt.capacity;
        if not found then
          return query select 'sold_out', null::uuid, null::text, null::public.order_status, null::integer, null::timestamptz, null::uuid[], null::text;
          return;
        end if;
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
             (a.x ->> 'sector')::public.sector,
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
  exception when unique_violation then
    -- A simultaneous registration took one of these addresses first.
    select t.attendee_email into v_duplicate
      from public.tickets t
     where t.event_id = v_type.event_id and t.status in ('reserved', 'valid')
       and t.attendee_email in (select lower(trim(x ->> 'email')) from jsonb_array_elements(p_attendees) x)
     limit 1;
    return query select 'already_registered', null::uuid, null::text, null::public.order_status, null::integer, null::timestamptz, null::uuid[], v_duplicate;
    return;
  end;

  if v_offer is not null then
    update public.waitlist_entries w set accepted_order_id = v_order_id where w.id = v_offer;
  end if;
  -- The attendees no longer need a place in line; an offer one of them held
  -- passes on to the next person.
  for v_stale in
    select w.id, w.status, w.ticket_type_id from public.waitlist_entries w
     where w.event_id = v_type.event_id and w.status in ('waiting', 'offered')
       and w.email in (select lower(trim(x ->> 'email')) from jsonb_array_elements(p_attendees) x)
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

-- Puts someone on the waitlist for a sold-out ticket type. Result codes: ok,
-- already_waiting (place: their place), not_found, event_started,
-- seats_available (register instead), already_registered.
create or replace function private.join_waitlist(
  p_ticket_type_id uuid,
  p_name text,
  p_email text,
  p_language text
) returns table (result text, entry_id uuid, place integer)
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  v_type record;
  v_email text := lower(trim(p_email));
  v_entry uuid;
  v_created timestamptz;
begin
  select tt.id, tt.event_id, tt.capacity, tt.sold, e.starts_at
    into v_type
    from public.ticket_types tt
    join public.events e on e.id = tt.event_id
   where tt.id = p_ticket_type_id and e.status = 'published';
  if not found then
    return query select 'not_found', null::uuid, null::integer;
    return;
  end if;
  if now() >= v_type.starts_at then
    return query select 'event_started', null::uuid, null::integer;
    return;
  end if;
  if v_type.sold < v_type.capacity then
    return query select 'seats_available', null::uuid, null::integer;
    return;
  end if;
  if exists (select 1 from public.tickets t
              where t.event_id = v_type.event_id and t.attendee_email = v_email and t.status in ('reserved', 'valid')) then
    return query select 'already_registered', null::uuid, null::integer;
    return;
  end if;

  insert into public.waitlist_entries as w (event_id, ticket_type_id, user_id, name, email, language)
  values (v_type.event_id, p_ticket_type_id,
          case when v_email = private.current_email() then auth.uid() end,
          nullif(trim(p_name), ''), v_email, coalesce(p_language, 'da'))
  on conflict (event_id, email) where status in ('waiting', 'offered') do nothing
  returning w.id, w.created_at into v_entry, v_created;

  if v_entry is null then
    select w.id, w.created_at into v_entry, v_created
      from public.waitlist_entries w
     where w.event_id = v_type.event_id and w.email = v_email and w.status in ('waiting', 'offered');
    return query select 'already_waiting', v_entry,
      (select count(*)::integer from public.waitlist_entries q
        where q.ticket_type_id = p_ticket_type_id and q.status = 'waiting' and (q.created_at, q.id) <= (v_created, v_entry));
    return;
  end if;
  return query select 'ok', v_entry,
    (select count(*)::integer from public.waitlist_entries q
      where q.ticket_type_id = p_ticket_type_id and q.status = 'waiting' and (q.created_at, q.id) <= (v_created, v_entry));
end
$$;

-- The offer behind a link from a waitlist email, while it can still be taken.
create or replace function private.find_waitlist_offer(p_token_hash bytea)
returns table (entry_id uuid, event_id uuid, ticket_type_id uuid, name text, email text, offer_expires_at timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  select w.id, w.event_id, w.ticket_type_id, w.name, w.email, w.offer_expires_at
    from public.waitlist_entries w
   where w.offer_token_hash = p_token_hash and w.status = 'offered' and w.offer_expires_at > now()
$$;

revoke execute on function private.payment_hold() from public, anon, authenticated;
revoke execute on function private.register(uuid, text, text, text, jsonb, boolean, bytea) from public;
revoke execute on function private.join_waitlist(uuid, text, text, text) from public;
revoke execute on function private.find_waitlist_offer(bytea) from public;
grant execute on function private.payment_hold() to service_role;
grant execute on function private.register(uuid, text, text, text, jsonb, boolean, bytea) to anon, authenticated, service_role;
grant execute on function private.join_waitlist(uuid, text, text, text) to anon, authenticated, service_role;
grant execute on function private.find_waitlist_offer(bytea) to anon, authenticated, service_role;
