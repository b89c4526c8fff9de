-- What a check-in device keeps to work offline, beyond the keys and the
-- revocation list: each ticket's reference and revision (so the desk can
-- search and check in by name with no connection), where and when it was
-- checked in (an amber verdict offline says so), the event's sessions (for
-- scanning at a session's door) and the confirmed bookings (a green verdict
-- lists today's; a session door says whether the attendee booked).
-- Same rule as private.checkin_offline_pack: the event's check-in staff and
-- organisers only, nothing for anyone else.

create or replace function private.checkin_device_tickets(p_event_id uuid)
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
  select t.id, t.attendee_name, t.organisation_name, o.reference || '-' || t.position, t.status, t.revision,
         c.scanned_at, g.name
    from public.tickets t
    join public.orders o on o.id = t.order_id
    left join public.check_ins c on c.ticket_id = t.id and c.result = 'ok' and c.undone_at is null
    left join public.checkin_gates g on g.id = c.gate_id
   where t.event_id = p_event_id
     and (select private.has_event_role(p_event_id, 'organiser', 'checkin_staff'))
   order by t.id
$$;

create or replace function private.checkin_device_sessions(p_event_id uuid)
returns table (
  session_id uuid,
  kind public.session_kind,
  title text,
  title_en text,
  starts_at timestamptz,
  ends_at timestamptz,
  room text,
  capacity integer,
  -- Whether attendees book seats for it (gallery rounds, workshops): only
  -- there does "not booked" mean anything at the door.
  booking_required boolean,
  -- Confirmed bookings' tickets, for the door's "booked / not booked".
  booked uuid[]
)
language sql
stable
security definer
set search_path = ''
as $$
  select s.id, s.kind, s.title, s.title_en, s.starts_at, s.ends_at, r.name, s.capacity, s.booking_required,
         coalesce((select array_agg(b.ticket_id order by b.ticket_id)
                     from public.bookings b
                    where b.session_id = s.id and b.status = 'confirmed'), '{}')
    from public.sessions s
    left join public.rooms r on r.id = s.room_id
   where s.event_id = p_event_id
     and (select private.has_event_role(p_event_id, 'organiser', 'checkin_staff'))
   order by s.starts_at, s.title
$$;

revoke execute on function private.checkin_device_tickets(uuid) from public;
revoke execute on function private.checkin_device_sessions(uuid) from public;
grant execute on function private.checkin_device_tickets(uuid) to authenticated, service_role;
grant execute on function private.checkin_device_sessions(uuid) to authenticated, service_role;
