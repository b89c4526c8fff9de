-- A ticket type shown only with its access code (ticket_types.access_code,
-- 20261203110400) could still be waitlisted by anyone who knew its id: the
-- waitlist join did not ask for the code that private.register asks for.
-- Now it does, and answers a missing or wrong code as it answers an unknown
-- type (not_found), so the answer says nothing about which types exist.
-- A waitlist offer later lets its holder register without the code
-- (private.register accepts the offer's token instead).

drop function private.join_waitlist(uuid, text, text, text);

-- Puts someone on the waitlist for a sold-out ticket type. Result codes: ok,
-- already_waiting (place: their place), not_found (also: the type needs a
-- code and p_access_code is not it), event_started, seats_available
-- (register instead), already_registered.
create function private.join_waitlist(
  p_ticket_type_id uuid,
  p_name text,
  p_email text,
  p_language text,
  p_access_code text default null
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
  select tt.id, tt.event_id, tt.capacity, tt.sold, tt.access_code, e.starts_at
    into v_type
    from public.ticket_types tt
    join public.events e on e.id = tt.event_id
   where tt.id = p_ticket_type_id and e.status = 'published';
  if not found or (v_type.access_code is not null
                   and lower(coalesce(trim(p_access_code), '')) <> lower(v_type.access_code)) then
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

revoke execute on function private.join_waitlist(uuid, text, text, text, text) from public;
grant execute on function private.join_waitlist(uuid, text, text, text, text) to anon, authenticated, service_role;
