-- Ticket types, registration and booking settings, set by the event's
-- organisers in the console (/konsol/<event>/billetter, /tilmelding, /booking).
--
-- - Registration questions: which of sector, municipality, dietary and
--   accessibility needs the form asks, and which it requires. A ticket's
--   answers are checked against them when it is written (the form checks
--   first and words it at the field; the trigger is the backstop), so a
--   sector the event does not ask for is NULL rather than a made-up value.
-- - Team orders off: one attendee per order.
-- - Ticket types shown only to those with the link: an access code. The
--   registration page lists such a type only when opened with ?kode=<code>,
--   and private.register refuses the type without the code (as not_found, the
--   answer for a type that does not exist). The code is kept from the API
--   roles by column grants; organisers read it through a definer function.
-- - A per-order limit per ticket type, under the event's own.
--
-- What someone paid never follows a price change: each ticket keeps the price
-- it was sold at (tickets.price_ore) and each order its total, and the guard
-- triggers of 20261123160200/20261123160300 refuse any change to either.
--
-- Organisers write these columns directly, as themselves, under RLS: the
-- policies below check the organiser role of the row's own event, so the
-- version check (20261203110000) and the audit trigger see every change.
-- A later migration adding a column to ticket_types must grant select on it
-- to anon and authenticated (the table-wide grant is replaced by a column list).

create type public.registration_question as enum ('hidden', 'optional', 'required');

alter table public.events
  add column question_sector public.registration_question not null default 'required',
  add column question_municipality public.registration_question not null default 'optional',
  add column question_dietary public.registration_question not null default 'optional',
  add column question_accessibility public.registration_question not null default 'optional',
  add column team_orders boolean not null default true;

-- Only asked where the event asks it.
alter table public.tickets alter column sector drop not null;

alter table public.ticket_types
  -- NULL: listed on the registration page. Otherwise only with this code.
  add column access_code text check (access_code ~ '^[A-Za-z0-9-]{4,40}$'),
  -- NULL: the event's max_tickets_per_order alone.
  add column max_per_order integer check (max_per_order between 1 and 100);
create unique index ticket_types_access_code_idx on public.ticket_types (event_id, lower(access_code))
  where access_code is not null;

-- ---------------------------------------------------------------------------
-- Who may read and write what
-- ---------------------------------------------------------------------------

revoke select on table public.ticket_types from anon, authenticated;
grant select (
  id, event_id, slug, name, name_en, description, description_en, audience, price_ore, vat_percent,
  capacity, sold, sales_start, sales_end, position, created_at, updated_at, version, max_per_order
) on table public.ticket_types to anon, authenticated;
grant insert (
  event_id, slug, name, name_en, description, description_en, audience, price_ore, capacity,
  sales_start, sales_end, position, access_code, max_per_order
) on table public.ticket_types to authenticated;
grant update (
  name, name_en, description, description_en, audience, price_ore, capacity, sales_start, sales_end,
  position, access_code, max_per_order
) on table public.ticket_types to authenticated;

create policy "Organisers can add ticket types to their events"
  on public.ticket_types for insert
  to authenticated
  with check (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can change the ticket types of their events"
  on public.ticket_types for update
  to authenticated
  using (private.has_event_role(event_id, 'organiser'))
  with check (private.has_event_role(event_id, 'organiser'));

grant update (
  cancellation_deadline, waitlist_offer_hours, max_tickets_per_order, team_orders,
  question_sector, question_municipality, question_dietary, question_accessibility,
  booking_opens_at, booking_closes_at, max_gallery_rounds_per_attendee, booking_waitlist_mode,
  booking_offer_minutes, no_show_release_minutes
) on table public.events to authenticated;

create policy "Organisers can change the settings of their events"
  on public.events for update
  to authenticated
  using (private.has_event_role(id, 'organiser'))
  with check (private.has_event_role(id, 'organiser'));

-- The access codes of an event's ticket types, for its organisers (empty for anyone else).
create or replace function private.ticket_type_access_codes(p_event_id uuid)
returns table (ticket_type_id uuid, access_code text)
language sql
stable
security definer
set search_path = ''
as $$
  select tt.id, tt.access_code
    from public.ticket_types tt
   where tt.event_id = p_event_id and tt.access_code is not null
     and private.has_event_role(p_event_id, 'organiser')
$$;

-- The ticket types a code opens on a published event (none for a wrong code).
create or replace function private.ticket_types_for_code(p_event_id uuid, p_code text)
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select tt.id
    from public.ticket_types tt
    join public.events e on e.id = tt.event_id
   where tt.event_id = p_event_id and e.status = 'published'
     and tt.access_code is not null and lower(tt.access_code) = lower(trim(p_code))
$$;

-- The ticket types of a published event that are shown only with their code
-- (the ids alone: the registration page leaves them out).
create or replace function private.unlisted_ticket_types(p_event_id uuid)
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select tt.id
    from public.ticket_types tt
    join public.events e on e.id = tt.event_id
   where tt.event_id = p_event_id and e.status = 'published' and tt.access_code is not null
$$;

revoke execute on function private.ticket_type_access_codes(uuid) from public;
revoke execute on function private.unlisted_ticket_types(uuid) from public;
grant execute on function private.unlisted_ticket_types(uuid) to anon, authenticated, service_role;
revoke execute on function private.ticket_types_for_code(uuid, text) from public;
grant execute on function private.ticket_type_access_codes(uuid) to authenticated, service_role;
grant execute on function private.ticket_types_for_code(uuid, text) to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Answers follow the questions
-- ---------------------------------------------------------------------------

-- A question the event does not ask leaves no answer; one it requires must
-- have one. Checked as the ticket is written (registration, or the attendee
-- correcting it on My page) and only for the columns written.
create or replace function private.check_ticket_answers() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_event record;
begin
  -- An anonymised ticket keeps no answers to check.
  if new.anonymised_at is not null then
    return new;
  end if;
  select e.question_sector, e.question_municipality, e.question_dietary, e.question_accessibility
    into v_event
    from public.events e where e.id = new.event_id;
  if tg_op = 'INSERT' then
    if v_event.question_sector = 'hidden' then new.sector := null; end if;
    if v_event.question_municipality = 'hidden' then new.municipality := null; end if;
    if v_event.question_dietary = 'hidden' then new.dietary_needs := null; end if;
    if v_event.question_accessibility = 'hidden' then new.accessibility_needs := null; end if;
  end if;
  if (v_event.question_sector = 'required' and new.sector is null
        and (tg_op = 'INSERT' or old.sector is not null))
     or (v_event.question_municipality = 'required' and new.municipality is null
        and (tg_op = 'INSERT' or old.municipality is not null))
     or (v_event.question_dietary = 'required' and new.dietary_needs is null
        and (tg_op = 'INSERT' or old.dietary_needs is not null))
     or (v_event.question_accessibility = 'required' and new.accessibility_needs is null
        and (tg_op = 'INSERT' or old.accessibility_needs is not null)) then
    raise exception 'ticket %: a required registration question is unanswered', new.id
      using errcode = 'check_violation', constraint = 'tickets_required_answers';
  end if;
  return new;
end
$$;
revoke execute on function private.check_ticket_answers() from public;

create trigger tickets_check_answers
  before insert or update of sector, municipality, dietary_needs, accessibility_needs on public.tickets
  for each row execute function private.check_ticket_answers();

-- ---------------------------------------------------------------------------
-- private.register, with access codes and per-type limits
-- ---------------------------------------------------------------------------
-- As 20261123160600, plus: a type with an access code needs the code (unless
-- the seat is a waitlist offer's, made for that person), and the order's size
-- is limited by the type's max_per_order and, with team orders off, to one.

drop function private.register(uuid, text, text, text, jsonb, boolean, bytea);

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

revoke execute on function private.register(uuid, text, text, text, jsonb, boolean, bytea, text) from public;
grant execute on function private.register(uuid, text, text, text, jsonb, boolean, bytea, text) to anon, authenticated, service_role;
