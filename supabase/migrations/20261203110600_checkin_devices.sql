-- Door phones as things an organiser can see and switch off. A device names
-- itself with a random id it keeps (IndexedDB) and sends with every request
-- of the check-in app; the first request registers it. Organisers see each
-- device of their event (its name, who is signed in on it, when it was last
-- seen, how many scans it uploaded, which pack it holds) and can revoke one.
-- A revoked device gets no pack, and what it uploads afterwards is held for
-- the organiser to accept or discard instead of being applied.
--
-- Races: everything a device does in a transaction starts by locking its row
-- (private.checkin_device_seen), and revoking updates that row, so an upload
-- either commits before the revoke (applied) or sees the revoke (held).

create table public.checkin_devices (
  event_id uuid not null references public.events (id) on delete cascade,
  -- Chosen by the device (crypto.randomUUID), unique per event.
  id uuid not null,
  label text not null check (length(label) between 1 and 100),
  -- Who is signed in on it: the last person whose request it carried.
  user_id uuid references auth.users (id) on delete set null,
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  scans_uploaded integer not null default 0 check (scans_uploaded >= 0),
  -- The version (ETag) of the last pack it was sent, and when.
  pack_version text check (length(pack_version) <= 100),
  pack_sent_at timestamptz,
  revoked_at timestamptz,
  revoked_by uuid references auth.users (id) on delete set null,
  primary key (event_id, id)
);
create index checkin_devices_user_idx on public.checkin_devices (user_id) where user_id is not null;
create index checkin_devices_revoked_by_idx on public.checkin_devices (revoked_by) where revoked_by is not null;

alter table public.checkin_devices enable row level security;
revoke all on table public.checkin_devices from anon, authenticated;
grant select on table public.checkin_devices to authenticated;
grant all on table public.checkin_devices to service_role;

create policy "Organisers can see the check-in devices of their events"
  on public.checkin_devices for select
  to authenticated
  using ((select private.has_event_role(event_id, 'organiser')));

-- Scans a revoked device uploaded: kept, not applied, until an organiser
-- accepts (then checked in as if uploaded now) or discards them.
create table public.checkin_held_scans (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null,
  device_id uuid not null,
  kind text not null check (kind in ('door', 'session')),
  nonce uuid not null,
  ticket_id uuid not null,
  revision integer not null,
  session_id uuid,
  gate text check (length(gate) between 1 and 80),
  device_label text not null check (length(device_label) between 1 and 100),
  scanned_at timestamptz not null,
  uploaded_by uuid references auth.users (id) on delete set null,
  held_at timestamptz not null default now(),
  decision text check (decision in ('accepted', 'discarded')),
  decided_by uuid references auth.users (id) on delete set null,
  decided_at timestamptz,
  -- The check-in's verdict when accepted.
  result jsonb,
  unique (event_id, nonce),
  check ((kind = 'session') = (session_id is not null)),
  check ((decision is null) = (decided_at is null)),
  constraint checkin_held_scans_device foreign key (event_id, device_id)
    references public.checkin_devices (event_id, id) on delete cascade,
  constraint checkin_held_scans_ticket_same_event foreign key (event_id, ticket_id)
    references public.tickets (event_id, id) on delete cascade,
  constraint checkin_held_scans_session_same_event foreign key (event_id, session_id)
    references public.sessions (event_id, id) on delete cascade
);
create index checkin_held_scans_event_idx on public.checkin_held_scans (event_id, held_at);
create index checkin_held_scans_device_idx on public.checkin_held_scans (event_id, device_id);
create index checkin_held_scans_ticket_idx on public.checkin_held_scans (ticket_id);
create index checkin_held_scans_session_idx on public.checkin_held_scans (session_id) where session_id is not null;
create index checkin_held_scans_uploaded_by_idx on public.checkin_held_scans (uploaded_by) where uploaded_by is not null;
create index checkin_held_scans_decided_by_idx on public.checkin_held_scans (decided_by) where decided_by is not null;

alter table public.checkin_held_scans enable row level security;
revoke all on table public.checkin_held_scans from anon, authenticated;
grant select on table public.checkin_held_scans to authenticated;
grant all on table public.checkin_held_scans to service_role;

create policy "Organisers can see the held scans of their events"
  on public.checkin_held_scans for select
  to authenticated
  using ((select private.has_event_role(event_id, 'organiser')));

-- A device's request, seen: registers it on first sight, records who is
-- signed in on it and when, and locks its row until the transaction ends (a
-- revoke waits for it, or it sees the revoke). 'active', 'revoked', or
-- 'not_authorised' for anyone who is not the event's staff or organiser. A
-- null label keeps the name it has.
create or replace function private.checkin_device_seen(p_event_id uuid, p_device_id uuid, p_label text)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_revoked timestamptz;
  v_label text := left(coalesce(nullif(trim(p_label), ''), 'device'), 100);
begin
  if p_device_id is null or not private.has_event_role(p_event_id, 'organiser', 'checkin_staff') then
    return 'not_authorised';
  end if;
  insert into public.checkin_devices as d (event_id, id, label, user_id)
  values (p_event_id, p_device_id, v_label, (select auth.uid()))
  on conflict (event_id, id) do update
     set last_seen_at = now(), user_id = excluded.user_id,
         label = case when d.revoked_at is null and p_label is not null then excluded.label else d.label end
  returning d.revoked_at into v_revoked;
  return case when v_revoked is null then 'active' else 'revoked' end;
end
$$;

-- Whether the device may have the pack: registered, not revoked. Used inside
-- the pack's functions, so a revoked device's pack is empty whatever calls them.
create or replace function private.checkin_device_is_active(p_event_id uuid, p_device_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.checkin_devices d
                  where d.event_id = p_event_id and d.id = p_device_id and d.revoked_at is null)
$$;

-- Which pack the device was sent last (its version is the ETag).
create or replace function private.checkin_device_pack_sent(p_event_id uuid, p_device_id uuid, p_version text)
returns void
language sql
security definer
set search_path = ''
as $$
  update public.checkin_devices d
     set pack_version = left(p_version, 100), pack_sent_at = now()
   where d.event_id = p_event_id and d.id = p_device_id and d.revoked_at is null
     and (select private.has_event_role(p_event_id, 'organiser', 'checkin_staff'))
$$;

-- The pack's rows, now per device: nothing for a revoked or unknown device.
-- Same rows as 20261123220000_checkin_device_pack.sql otherwise.
drop function private.checkin_device_tickets(uuid);
drop function private.checkin_device_sessions(uuid);

create function private.checkin_device_tickets(p_event_id uuid, p_device_id uuid)
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
     and (select private.checkin_device_is_active(p_event_id, p_device_id))
   order by t.id
$$;

create function private.checkin_device_sessions(p_event_id uuid, p_device_id uuid)
returns table (
  session_id uuid,
  kind public.session_kind,
  title text,
  title_en text,
  starts_at timestamptz,
  ends_at timestamptz,
  room text,
  capacity integer,
  booking_required boolean,
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
     and (select private.checkin_device_is_active(p_event_id, p_device_id))
   order by s.starts_at, s.title
$$;

-- A door scan uploaded by a device: applied through private.check_in while
-- the device is active, held once it is revoked. A scan recorded before (its
-- nonce known) answers its verdict then, revoked or not: re-sending a queue
-- whose answer was lost must not turn applied scans into held ones.
create or replace function private.check_in_from_device(
  p_event_id uuid,
  p_device_id uuid,
  p_label text,
  p_ticket_id uuid,
  p_revision integer,
  p_gate_id uuid,
  p_gate text,
  p_nonce uuid,
  p_scanned_at timestamptz
) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_status text;
  v_existing uuid;
  v_verdict jsonb;
begin
  -- The label here is the scan's; the device's own name came with the request.
  v_status := private.checkin_device_seen(p_event_id, p_device_id, null);
  if v_status = 'not_authorised' then
    return jsonb_build_object('code', 'not_authorised');
  end if;
  select c.id into v_existing from public.check_ins c where c.event_id = p_event_id and c.nonce = p_nonce;
  if found then
    return private.check_in_verdict(v_existing, true);
  end if;
  if v_status = 'revoked' then
    if not exists (select 1 from public.tickets t where t.id = p_ticket_id and t.event_id = p_event_id) then
      return jsonb_build_object(
        'code', case when exists (select 1 from public.tickets t where t.id = p_ticket_id) then 'wrong_event'
                     else 'unknown_ticket' end,
        'ticket_id', p_ticket_id);
    end if;
    insert into public.checkin_held_scans (event_id, device_id, kind, nonce, ticket_id, revision, gate, device_label,
                                           scanned_at, uploaded_by)
    values (p_event_id, p_device_id, 'door', p_nonce, p_ticket_id, p_revision, nullif(trim(p_gate), ''),
            left(coalesce(nullif(trim(p_label), ''), 'device'), 100), coalesce(p_scanned_at, now()),
            (select auth.uid()))
    on conflict (event_id, nonce) do nothing;
    return jsonb_build_object('code', 'held', 'ticket_id', p_ticket_id);
  end if;
  v_verdict := private.check_in(p_event_id, p_ticket_id, p_revision, p_gate_id, p_label, p_nonce, p_scanned_at);
  if v_verdict ? 'check_in_id' and not coalesce((v_verdict ->> 'replay')::boolean, false) then
    update public.checkin_devices d set scans_uploaded = d.scans_uploaded + 1
     where d.event_id = p_event_id and d.id = p_device_id;
  end if;
  return v_verdict;
end
$$;

-- The same for a scan at a session's door (private.check_in_session).
create or replace function private.check_in_session_from_device(
  p_event_id uuid,
  p_device_id uuid,
  p_label text,
  p_session_id uuid,
  p_ticket_id uuid,
  p_revision integer,
  p_nonce uuid,
  p_scanned_at timestamptz
) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_status text;
  v_verdict jsonb;
begin
  v_status := private.checkin_device_seen(p_event_id, p_device_id, p_label);
  if v_status = 'not_authorised' then
    return jsonb_build_object('code', 'not_authorised');
  end if;
  if v_status = 'revoked'
     and not exists (select 1 from public.session_check_ins c where c.event_id = p_event_id and c.nonce = p_nonce) then
    if not exists (select 1 from public.sessions s where s.id = p_session_id and s.event_id = p_event_id) then
      return jsonb_build_object('code', 'unknown_session');
    end if;
    if not exists (select 1 from public.tickets t where t.id = p_ticket_id and t.event_id = p_event_id) then
      return jsonb_build_object(
        'code', case when exists (select 1 from public.tickets t where t.id = p_ticket_id) then 'wrong_event'
                     else 'unknown_ticket' end);
    end if;
    insert into public.checkin_held_scans (event_id, device_id, kind, nonce, ticket_id, revision, session_id,
                                           device_label, scanned_at, uploaded_by)
    values (p_event_id, p_device_id, 'session', p_nonce, p_ticket_id, p_revision, p_session_id,
            left(coalesce(nullif(trim(p_label), ''), 'device'), 100), coalesce(p_scanned_at, now()),
            (select auth.uid()))
    on conflict (event_id, nonce) do nothing;
    return jsonb_build_object('code', 'held');
  end if;
  v_verdict := private.check_in_session(p_event_id, p_session_id, p_ticket_id, p_revision, p_nonce, p_scanned_at);
  if v_verdict ->> 'code' = 'ok' and not coalesce((v_verdict ->> 'replay')::boolean, false) then
    update public.checkin_devices d set scans_uploaded = d.scans_uploaded + 1
     where d.event_id = p_event_id and d.id = p_device_id;
  end if;
  return v_verdict;
end
$$;

-- An organiser revokes a device of their event. Waits for the device's
-- upload in progress (its row lock), so that upload is applied, and every
-- later one held.
create or replace function private.revoke_checkin_device(p_event_id uuid, p_device_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_revoked timestamptz;
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return jsonb_build_object('code', 'not_authorised');
  end if;
  select d.revoked_at into v_revoked from public.checkin_devices d
   where d.event_id = p_event_id and d.id = p_device_id
     for update;
  if not found then
    return jsonb_build_object('code', 'not_found');
  end if;
  if v_revoked is not null then
    return jsonb_build_object('code', 'already_revoked');
  end if;
  update public.checkin_devices d set revoked_at = now(), revoked_by = (select auth.uid()), pack_version = null
   where d.event_id = p_event_id and d.id = p_device_id;
  return jsonb_build_object('code', 'revoked');
end
$$;

-- An organiser accepts (checks in now, with the scan's own time, gate and
-- nonce) or discards a held scan. Once only: the row is locked and a decided
-- scan answers 'already_decided'.
create or replace function private.decide_held_scan(p_event_id uuid, p_held_id uuid, p_accept boolean)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_held public.checkin_held_scans;
  v_gate uuid;
  v_verdict jsonb;
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return jsonb_build_object('code', 'not_authorised');
  end if;
  select * into v_held from public.checkin_held_scans h
   where h.id = p_held_id and h.event_id = p_event_id
     for update;
  if not found then
    return jsonb_build_object('code', 'not_found');
  end if;
  if v_held.decision is not null then
    return jsonb_build_object('code', 'already_decided');
  end if;
  if p_accept then
    if v_held.kind = 'door' then
      if v_held.gate is not null then
        v_gate := private.checkin_gate(p_event_id, v_held.gate);
      end if;
      v_verdict := private.check_in(p_event_id, v_held.ticket_id, v_held.revision, v_gate, v_held.device_label,
                                    v_held.nonce, v_held.scanned_at);
    else
      v_verdict := private.check_in_session(p_event_id, v_held.session_id, v_held.ticket_id, v_held.revision,
                                            v_held.nonce, v_held.scanned_at);
    end if;
  end if;
  update public.checkin_held_scans h
     set decision = case when p_accept then 'accepted' else 'discarded' end,
         decided_by = (select auth.uid()), decided_at = now(), result = v_verdict
   where h.id = p_held_id;
  return jsonb_build_object('code', case when p_accept then 'accepted' else 'discarded' end,
                            'verdict', v_verdict);
end
$$;

revoke execute on function private.checkin_device_seen(uuid, uuid, text) from public;
revoke execute on function private.checkin_device_is_active(uuid, uuid) from public;
revoke execute on function private.checkin_device_pack_sent(uuid, uuid, text) from public;
revoke execute on function private.checkin_device_tickets(uuid, uuid) from public;
revoke execute on function private.checkin_device_sessions(uuid, uuid) from public;
revoke execute on function private.check_in_from_device(uuid, uuid, text, uuid, integer, uuid, text, uuid, timestamptz) from public;
revoke execute on function private.check_in_session_from_device(uuid, uuid, text, uuid, uuid, integer, uuid, timestamptz) from public;
revoke execute on function private.revoke_checkin_device(uuid, uuid) from public;
revoke execute on function private.decide_held_scan(uuid, uuid, boolean) from public;
grant execute on function private.checkin_device_seen(uuid, uuid, text) to authenticated, service_role;
grant execute on function private.checkin_device_is_active(uuid, uuid) to service_role;
grant execute on function private.checkin_device_pack_sent(uuid, uuid, text) to authenticated, service_role;
grant execute on function private.checkin_device_tickets(uuid, uuid) to authenticated, service_role;
grant execute on function private.checkin_device_sessions(uuid, uuid) to authenticated, service_role;
grant execute on function private.check_in_from_device(uuid, uuid, text, uuid, integer, uuid, text, uuid, timestamptz) to authenticated, service_role;
grant execute on function private.check_in_session_from_device(uuid, uuid, text, uuid, uuid, integer, uuid, timestamptz) to authenticated, service_role;
grant execute on function private.revoke_checkin_device(uuid, uuid) to authenticated, service_role;
grant execute on function private.decide_held_scan(uuid, uuid, boolean) to authenticated, service_role;

-- When a device must drop the event's pack: the start of the day after the
-- event ends, in the event's time zone. Staff and organisers only.
create or replace function private.checkin_pack_expires_at(p_event_id uuid)
returns timestamptz
language sql
stable
security definer
set search_path = ''
as $$
  select (((e.ends_at at time zone e.timezone)::date + 1)::timestamp at time zone e.timezone)
    from public.events e
   where e.id = p_event_id
     and (select private.has_event_role(p_event_id, 'organiser', 'checkin_staff'))
$$;

revoke execute on function private.checkin_pack_expires_at(uuid) from public;
grant execute on function private.checkin_pack_expires_at(uuid) to authenticated, service_role;

-- The devices page: each device of the event with the address of who is
-- signed in on it (auth.users, which organisers cannot read themselves).
-- Organisers of the event only; nothing for anyone else.
create or replace function private.checkin_devices_of(p_event_id uuid)
returns table (
  id uuid,
  label text,
  signed_in_as text,
  first_seen_at timestamptz,
  last_seen_at timestamptz,
  scans_uploaded integer,
  pack_version text,
  pack_sent_at timestamptz,
  revoked_at timestamptz,
  held_waiting integer
)
language sql
stable
security definer
set search_path = ''
as $$
  select d.id, d.label, u.email::text, d.first_seen_at, d.last_seen_at, d.scans_uploaded, d.pack_version,
         d.pack_sent_at, d.revoked_at,
         (select count(*)::int from public.checkin_held_scans h
           where h.event_id = d.event_id and h.device_id = d.id and h.decision is null)
    from public.checkin_devices d
    left join auth.users u on u.id = d.user_id
   where d.event_id = p_event_id
     and (select private.has_event_role(p_event_id, 'organiser'))
   order by d.revoked_at is not null, d.last_seen_at desc
$$;

revoke execute on function private.checkin_devices_of(uuid) from public;
grant execute on function private.checkin_devices_of(uuid) to authenticated, service_role;

-- The audit log (20261203110000_console_foundation.sql): a device's first
-- appearance, its revocation, a scan held and the organiser's decision on
-- it. A device's own traffic (last seen, who is signed in, scans counted, the
-- pack sent, its name) is not an edit and is left out.
create trigger checkin_devices_audit after insert or update or delete on public.checkin_devices
  for each row execute function private.audit_row_change(
    'event_id', 'event_id,id', 'label', 'label', 'user_id', 'last_seen_at', 'scans_uploaded', 'pack_version',
    'pack_sent_at');
create trigger checkin_held_scans_audit after insert or update or delete on public.checkin_held_scans
  for each row execute function private.audit_row_change('event_id', 'id', 'device_label');
