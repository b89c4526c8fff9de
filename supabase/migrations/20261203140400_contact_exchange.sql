-- Contact exchange between attendees (#14 item 1). At the day an attendee
-- shows a personal contact QR (and a short code to type); another attendee
-- scans it in Samspil and so asks to exchange cards; the scanned person
-- accepts or declines (or accepts automatically, if they chose so). Only an
-- accepted connection lets the two read each other's card.
--
--   public.contact_cards        one per person: the fields they share (a field
--                               not shared is not stored), auto-accept
--   public.contact_codes        per person and event: the QR token and the short
--                               code; replacing them revokes the old pair, which
--                               is kept so a scan of it can say "replaced"
--   public.contact_connections  one per pair of people, whichever asked first:
--                               pending → accepted | declined
--   public.contact_notes        a private note per connection and author
--
-- Lifecycle of a connection: a request inserts it 'pending' (or 'accepted'
-- when the recipient accepts automatically, or when the recipient had already
-- asked the requester: two people scanning each other want the same thing).
-- Only the recipient answers a pending request. Either person removes the
-- connection (it is deleted, with both notes); a new scan starts over. A
-- declined request stays, so scanning again does not ask again; its requester
-- no longer sees it (they are not told "declined").
--
-- Every write except a person's own card and notes goes through the definer
-- functions below. Deleting the account deletes everything here (cascade from
-- auth.users; erase_my_personal_data deletes it first in case the user row
-- itself may not be deleted).

create table public.contact_cards (
  user_id uuid primary key references auth.users (id) on delete cascade,
  name text check (name is null or length(trim(name)) between 1 and 200),
  organisation text check (organisation is null or length(trim(organisation)) between 1 and 200),
  title text check (title is null or length(trim(title)) between 1 and 200),
  email text check (email is null or (length(email) <= 320 and email ~ '^[^@\s]+@[^@\s]+$')),
  phone text check (phone is null or phone ~ '^\+?[0-9 ()-]{4,30}$'),
  linkedin text check (linkedin is null or (length(linkedin) <= 300
                                            and linkedin ~ '^https://([a-z]{2,3}\.)?linkedin\.com/[^\s<>"]+$')),
  auto_accept boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table public.contact_codes (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  -- 128 random bits, base64url: what the QR carries.
  token text not null unique check (token ~ '^[A-Za-z0-9_-]{22}$'),
  -- 40 random bits in the ticket codes' unambiguous alphabet: what one types.
  short_code text not null unique check (short_code ~ '^[0-9A-HJKMNP-TV-Z]{8}$'),
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
create unique index contact_codes_one_active_idx on public.contact_codes (event_id, user_id) where revoked_at is null;
create index contact_codes_user_idx on public.contact_codes (user_id);

create table public.contact_connections (
  id uuid primary key default gen_random_uuid(),
  -- Where they met (the requester's event, which is the code's).
  event_id uuid not null references public.events (id) on delete cascade,
  requester_id uuid not null references auth.users (id) on delete cascade,
  recipient_id uuid not null references auth.users (id) on delete cascade,
  status text not null default 'pending' check (status in ('pending', 'accepted', 'declined')),
  requested_at timestamptz not null default now(),
  answered_at timestamptz,
  constraint contact_connections_two_people check (requester_id <> recipient_id),
  constraint contact_connections_answered check ((status = 'pending') = (answered_at is null))
);
-- One connection per pair, whoever asked: the invariant behind "A asks B while
-- B asks A ends in one connection".
create unique index contact_connections_pair_idx on public.contact_connections
  (least(requester_id, recipient_id), greatest(requester_id, recipient_id));
create index contact_connections_requester_idx on public.contact_connections (requester_id);
create index contact_connections_recipient_idx on public.contact_connections (recipient_id);

create table public.contact_notes (
  connection_id uuid not null references public.contact_connections (id) on delete cascade,
  author_id uuid not null references auth.users (id) on delete cascade,
  body text not null check (length(trim(body)) between 1 and 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (connection_id, author_id)
);
create index contact_notes_author_idx on public.contact_notes (author_id);

create trigger contact_cards_touch before update on public.contact_cards
  for each row execute function private.touch_updated_at();
create trigger contact_notes_touch before update on public.contact_notes
  for each row execute function private.touch_updated_at();

-- Whether the caller and p_other have an accepted connection. Definer, so
-- the cards' policy does not recurse through the connections' policies.
create or replace function private.is_my_contact(p_other uuid) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.contact_connections c
     where c.status = 'accepted'
       and least(c.requester_id, c.recipient_id) = least(p_other, (select auth.uid()))
       and greatest(c.requester_id, c.recipient_id) = greatest(p_other, (select auth.uid()))
  )
$$;
revoke execute on function private.is_my_contact(uuid) from public;
grant execute on function private.is_my_contact(uuid) to authenticated, service_role;

-- Whether the caller is one of an accepted connection's two people.
create or replace function private.in_my_accepted_connection(p_connection_id uuid) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.contact_connections c
     where c.id = p_connection_id and c.status = 'accepted'
       and (select auth.uid()) in (c.requester_id, c.recipient_id)
  )
$$;
revoke execute on function private.in_my_accepted_connection(uuid) from public;
grant execute on function private.in_my_accepted_connection(uuid) to authenticated, service_role;

alter table public.contact_cards enable row level security;
alter table public.contact_codes enable row level security;
alter table public.contact_connections enable row level security;
alter table public.contact_notes enable row level security;
revoke all on table public.contact_cards, public.contact_codes, public.contact_connections, public.contact_notes
  from anon, authenticated;
grant select on table public.contact_cards, public.contact_codes, public.contact_connections, public.contact_notes
  to authenticated;
grant insert (user_id, name, organisation, title, email, phone, linkedin, auto_accept),
      update (name, organisation, title, email, phone, linkedin, auto_accept), delete
  on table public.contact_cards to authenticated;
grant insert (connection_id, author_id, body), update (body), delete on table public.contact_notes to authenticated;
grant all on table public.contact_cards, public.contact_codes, public.contact_connections, public.contact_notes
  to service_role;

create policy "People can read their own contact card"
  on public.contact_cards for select
  to authenticated
  using (user_id = (select auth.uid()));

create policy "Accepted contacts can read each other's card"
  on public.contact_cards for select
  to authenticated
  using (private.is_my_contact(user_id));

create policy "People can create their own contact card"
  on public.contact_cards for insert
  to authenticated
  with check (user_id = (select auth.uid()));

create policy "People can change their own contact card"
  on public.contact_cards for update
  to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

create policy "People can delete their own contact card"
  on public.contact_cards for delete
  to authenticated
  using (user_id = (select auth.uid()));

create policy "People can read their own contact codes"
  on public.contact_codes for select
  to authenticated
  using (user_id = (select auth.uid()));

create policy "Recipients see the requests made to them"
  on public.contact_connections for select
  to authenticated
  using (recipient_id = (select auth.uid()));

create policy "Requesters see their requests unless declined"
  on public.contact_connections for select
  to authenticated
  using (requester_id = (select auth.uid()) and status <> 'declined');

create policy "Authors can read their own contact notes"
  on public.contact_notes for select
  to authenticated
  using (author_id = (select auth.uid()));

create policy "People can note on their accepted connections"
  on public.contact_notes for insert
  to authenticated
  with check (author_id = (select auth.uid()) and private.in_my_accepted_connection(connection_id));

create policy "Authors can edit their own contact notes"
  on public.contact_notes for update
  to authenticated
  using (author_id = (select auth.uid()))
  with check (author_id = (select auth.uid()) and private.in_my_accepted_connection(connection_id));

create policy "Authors can delete their own contact notes"
  on public.contact_notes for delete
  to authenticated
  using (author_id = (select auth.uid()));


-- ---------------------------------------------------------------------------
-- Codes
-- ---------------------------------------------------------------------------

-- A new random pair for the caller at an event (the caller's active one is
-- revoked first when p_replace). A collision of either random value (the
-- short code's 40 bits) is retried with new ones.
create or replace function private.new_contact_code(p_event_id uuid, p_user_id uuid)
returns table (token text, short_code text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_alphabet constant text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  v_bytes bytea;
  v_token text;
  v_short text;
begin
  for attempt in 1..5 loop
    v_token := private.base64url(extensions.gen_random_bytes(16));
    v_bytes := extensions.gen_random_bytes(8);
    v_short := '';
    for i in 0..7 loop
      -- 256 is a multiple of 32, so every character is equally likely.
      v_short := v_short || substr(v_alphabet, (get_byte(v_bytes, i) % 32) + 1, 1);
    end loop;
    begin
      insert into public.contact_codes (event_id, user_id, token, short_code)
      values (p_event_id, p_user_id, v_token, v_short);
      return query select v_token, v_short;
      return;
    exception when unique_violation then
      -- Another request made the person's active code meanwhile: that one it is.
      if exists (select 1 from public.contact_codes c
                  where c.event_id = p_event_id and c.user_id = p_user_id and c.revoked_at is null) then
        return query select c.token, c.short_code from public.contact_codes c
                      where c.event_id = p_event_id and c.user_id = p_user_id and c.revoked_at is null;
        return;
      end if;
    end;
  end loop;
  raise exception 'new_contact_code: no free code after five attempts';
end
$$;
revoke execute on function private.new_contact_code(uuid, uuid) from public, anon, authenticated;

-- The caller's active contact code at an event, made on first use. No row
-- when the caller holds no valid ticket there.
create or replace function private.my_contact_code(p_event_id uuid)
returns table (token text, short_code text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
begin
  if v_uid is null or not private.holds_valid_ticket(p_event_id) then
    return;
  end if;
  return query select c.token, c.short_code from public.contact_codes c
                where c.event_id = p_event_id and c.user_id = v_uid and c.revoked_at is null;
  if not found then
    return query select * from private.new_contact_code(p_event_id, v_uid);
  end if;
end
$$;
revoke execute on function private.my_contact_code(uuid) from public, anon;
grant execute on function private.my_contact_code(uuid) to authenticated;

-- Revokes the caller's active code at an event and makes a new one. No row
-- when the caller holds no valid ticket there.
create or replace function private.replace_contact_code(p_event_id uuid)
returns table (token text, short_code text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
begin
  if v_uid is null or not private.holds_valid_ticket(p_event_id) then
    return;
  end if;
  update public.contact_codes c set revoked_at = now()
   where c.event_id = p_event_id and c.user_id = v_uid and c.revoked_at is null;
  return query select * from private.new_contact_code(p_event_id, v_uid);
end
$$;
revoke execute on function private.replace_contact_code(uuid) from public, anon;
grant execute on function private.replace_contact_code(uuid) to authenticated;


-- ---------------------------------------------------------------------------
-- Requests
-- ---------------------------------------------------------------------------

-- The caller, at p_event_id, asks the owner of p_code (a QR token, or a short
-- code typed with or without spaces and dashes, O for 0, I or L for 1) to
-- exchange cards. Codes, all with nothing written unless said:
--   'sent'              a new pending request
--   'connected'         accepted at once (auto-accept, or they had asked the caller)
--   'already_requested' the caller asked before (pending, or declined: not asked again)
--   'already_connected' an accepted connection exists
--   'no_ticket'         the caller holds no valid ticket at p_event_id
--   'unknown'           no such code (forged, mistyped)
--   'revoked'           the code was replaced
--   'other_event'       the code belongs to another event
--   'own_code'          the caller's own code
create or replace function private.request_contact(p_event_id uuid, p_code text)
returns table (code text, connection_id uuid)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_code public.contact_codes;
  v_short text;
  v_existing public.contact_connections;
  v_auto boolean;
  v_id uuid;
begin
  if v_uid is null then
    raise exception 'request_contact: only a signed-in person can ask' using errcode = 'insufficient_privilege';
  end if;
  if not private.holds_valid_ticket(p_event_id) then
    return query select 'no_ticket', null::uuid;
    return;
  end if;

  if p_code ~ '^[A-Za-z0-9_-]{22}$' then
    select * into v_code from public.contact_codes c where c.token = p_code;
  end if;
  if v_code.id is null then
    v_short := translate(upper(regexp_replace(coalesce(p_code, ''), '[\s-]', '', 'g')), 'OIL', '011');
    if v_short ~ '^[0-9A-HJKMNP-TV-Z]{8}$' then
      select * into v_code from public.contact_codes c where c.short_code = v_short;
    end if;
  end if;

  if v_code.id is null then
    return query select 'unknown', null::uuid;
    return;
  elsif v_code.revoked_at is not null then
    return query select 'revoked', null::uuid;
    return;
  elsif v_code.event_id <> p_event_id then
    return query select 'other_event', null::uuid;
    return;
  elsif v_code.user_id = v_uid then
    return query select 'own_code', null::uuid;
    return;
  end if;

  select coalesce(k.auto_accept, false) into v_auto from public.contact_cards k where k.user_id = v_code.user_id;
  v_auto := coalesce(v_auto, false);

  -- Insert, or find the pair's connection; a concurrent insert of the same
  -- pair (either direction) makes this one wait and then find it.
  loop
    select * into v_existing from public.contact_connections c
     where least(c.requester_id, c.recipient_id) = least(v_uid, v_code.user_id)
       and greatest(c.requester_id, c.recipient_id) = greatest(v_uid, v_code.user_id)
       for update;
    if found then
      if v_existing.status = 'accepted' then
        return query select 'already_connected', v_existing.id;
      elsif v_existing.requester_id = v_uid then
        return query select 'already_requested', v_existing.id;
      else
        -- They asked the caller (pending, or declined by the caller, who now scans them): both want it.
        update public.contact_connections c set status = 'accepted', answered_at = now()
         where c.id = v_existing.id;
        return query select 'connected', v_existing.id;
      end if;
      return;
    end if;

    insert into public.contact_connections (event_id, requester_id, recipient_id, status, answered_at)
    values (p_event_id, v_uid, v_code.user_id,
            case when v_auto then 'accepted' else 'pending' end,
            case when v_auto then now() end)
    on conflict do nothing
    returning id into v_id;
    if v_id is not null then
      return query select case when v_auto then 'connected' else 'sent' end, v_id;
      return;
    end if;
  end loop;
end
$$;
revoke execute on function private.request_contact(uuid, text) from public, anon;
grant execute on function private.request_contact(uuid, text) to authenticated;

-- The recipient accepts or declines a pending request: 'accepted',
-- 'declined', 'not_found' (not theirs, or gone), 'already_answered'.
create or replace function private.answer_contact_request(p_connection_id uuid, p_accept boolean) returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_status text;
begin
  select c.status into v_status from public.contact_connections c
   where c.id = p_connection_id and c.recipient_id = v_uid
     for update;
  if not found then
    return 'not_found';
  elsif v_status <> 'pending' then
    return 'already_answered';
  end if;
  update public.contact_connections c
     set status = case when p_accept then 'accepted' else 'declined' end, answered_at = now()
   where c.id = p_connection_id;
  return case when p_accept then 'accepted' else 'declined' end;
end
$$;
revoke execute on function private.answer_contact_request(uuid, boolean) from public, anon;
grant execute on function private.answer_contact_request(uuid, boolean) to authenticated;

-- Either person ends a connection (or a requester withdraws a pending
-- request): the row and both notes go. False when it is not theirs.
create or replace function private.remove_contact(p_connection_id uuid) returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
begin
  delete from public.contact_connections c
   where c.id = p_connection_id
     and (c.recipient_id = v_uid or (c.requester_id = v_uid and c.status <> 'declined'));
  return found;
end
$$;
revoke execute on function private.remove_contact(uuid) from public, anon;
grant execute on function private.remove_contact(uuid) to authenticated;


-- ---------------------------------------------------------------------------
-- The person's own data: export and erasure
-- ---------------------------------------------------------------------------

alter function private.export_my_data() rename to export_my_data_before_contacts;
revoke execute on function private.export_my_data_before_contacts() from public, anon, authenticated;

create or replace function private.export_my_data()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
begin
  -- Refuses a caller who is not signed in.
  return private.export_my_data_before_contacts() || jsonb_build_object(
    'contactCard', coalesce((
      select jsonb_agg(jsonb_build_object('name', k.name, 'organisation', k.organisation, 'title', k.title,
                                          'email', k.email, 'phone', k.phone, 'linkedin', k.linkedin,
                                          'acceptAutomatically', k.auto_accept, 'updatedAt', k.updated_at))
        from public.contact_cards k where k.user_id = v_uid), '[]'),
    'contactCodes', coalesce((
      select jsonb_agg(jsonb_build_object('event', e.slug, 'shortCode', c.short_code, 'createdAt', c.created_at,
                                          'revokedAt', c.revoked_at) order by c.created_at)
        from public.contact_codes c join public.events e on e.id = c.event_id
       where c.user_id = v_uid), '[]'),
    'contacts', coalesce((
      select jsonb_agg(jsonb_build_object(
               'event', e.slug,
               'askedBy', case when c.requester_id = v_uid then 'me' else 'them' end,
               'status', c.status,
               'requestedAt', c.requested_at,
               'answeredAt', c.answered_at,
               -- What they chose to share with me, once accepted.
               'name', case when c.status = 'accepted' then k.name end,
               'organisation', case when c.status = 'accepted' then k.organisation end,
               'note', n.body) order by c.requested_at)
        from public.contact_connections c
        join public.events e on e.id = c.event_id
        left join public.contact_cards k
          on k.user_id = case when c.requester_id = v_uid then c.recipient_id else c.requester_id end
        left join public.contact_notes n on n.connection_id = c.id and n.author_id = v_uid
       where c.recipient_id = v_uid or (c.requester_id = v_uid and c.status <> 'declined')), '[]')
  );
end
$$;
revoke execute on function private.export_my_data() from public, anon;
grant execute on function private.export_my_data() to authenticated;

alter function private.erase_my_personal_data() rename to erase_my_personal_data_before_contacts;
revoke execute on function private.erase_my_personal_data_before_contacts() from public, anon, authenticated;

create or replace function private.erase_my_personal_data()
returns table (
  cancelled_tickets integer,
  refund_request_ids uuid[],
  anonymised_tickets integer,
  anonymised_orders integer,
  removed_waitlist_entries integer,
  user_deleted boolean
)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
begin
  -- The rest cascades from the user row, but that row may not be deletable here (hosted Supabase).
  if v_uid is not null then
    delete from public.contact_connections c where v_uid in (c.requester_id, c.recipient_id);
    delete from public.contact_codes c where c.user_id = v_uid;
    delete from public.contact_cards k where k.user_id = v_uid;
    delete from public.contact_notes n where n.author_id = v_uid;
  end if;
  -- Refuses a caller who is not signed in.
  return query select * from private.erase_my_personal_data_before_contacts();
end
$$;
revoke execute on function private.erase_my_personal_data() from public, anon;
grant execute on function private.erase_my_personal_data() to authenticated;
