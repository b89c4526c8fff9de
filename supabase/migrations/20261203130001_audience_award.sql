-- The audience award (#14 item 3): organisers name nominees among the
-- accepted solutions, set a voting window and optionally a jury share; every
-- ticket checked in at the entrance may cast one vote, changeable until the
-- window closes, never two; the results are the organisers' until they
-- announce them.
--
--   public.awards          one per event: name, window, jury share, announced_at
--   public.award_nominees  the accepted solutions in the running (+ jury points)
--   private.award_votes    one row per ticket (primary key), the nominee chosen
--
-- Votes are secret, so they live in the private schema: nobody but the
-- definer functions and the service role reads private.award_votes;
-- organisers (always) and everyone (after the announcement) read totals
-- through private.award_results. A voter is identified by a link signed with
-- a secret held here (HMAC over ticket id and revision, like unsubscribe
-- links), so a checked-in attendee votes from their ticket without signing
-- in, and a transferred ticket's old link stops working. Every write goes
-- through the definer functions below, which check the caller's role.

create table public.awards (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null unique references public.events (id) on delete cascade,
  name text not null check (length(trim(name)) between 1 and 200),
  name_en text check (name_en is null or length(trim(name_en)) between 1 and 200),
  description text check (description is null or length(description) <= 2000),
  description_en text check (description_en is null or length(description_en) <= 2000),
  opens_at timestamptz,
  closes_at timestamptz,
  -- The jury's part of the result in percent; the audience has the rest.
  jury_share smallint not null default 0 check (jury_share between 0 and 100),
  announced_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (event_id, id),
  constraint awards_window check ((opens_at is null) = (closes_at is null) and (closes_at is null or closes_at > opens_at)),
  constraint awards_announced_after_close check (announced_at is null or (closes_at is not null and announced_at >= closes_at))
);

create table public.award_nominees (
  event_id uuid not null,
  award_id uuid not null,
  solution_id uuid not null,
  jury_points smallint check (jury_points between 0 and 100),
  created_at timestamptz not null default now(),
  primary key (award_id, solution_id),
  constraint award_nominees_award_same_event foreign key (event_id, award_id)
    references public.awards (event_id, id) on delete cascade,
  constraint award_nominees_solution_same_event foreign key (event_id, solution_id)
    references public.solutions (event_id, id) on delete cascade
);

create table private.award_votes (
  event_id uuid not null,
  award_id uuid not null,
  ticket_id uuid not null,
  solution_id uuid not null,
  cast_at timestamptz not null default now(),
  changed_at timestamptz not null default now(),
  -- One vote per ticket and award, whoever writes: the invariant itself.
  primary key (award_id, ticket_id),
  constraint award_votes_award_same_event foreign key (event_id, award_id)
    references public.awards (event_id, id) on delete cascade,
  constraint award_votes_ticket_same_event foreign key (event_id, ticket_id)
    references public.tickets (event_id, id) on delete cascade,
  -- A nominee with votes cannot be dropped (private.set_award_nominee says so first).
  constraint award_votes_for_a_nominee foreign key (award_id, solution_id)
    references public.award_nominees (award_id, solution_id) on delete restrict,
  constraint award_votes_changed_after_cast check (changed_at >= cast_at)
);
create index award_votes_solution_idx on private.award_votes (award_id, solution_id);

create trigger awards_touch before update on public.awards
  for each row execute function private.touch_updated_at();
create trigger awards_version before update on public.awards
  for each row execute function private.bump_version();
create trigger awards_audit after insert or update or delete on public.awards
  for each row execute function private.audit_row_change('event_id', 'id', 'name');
create trigger award_nominees_audit after insert or update or delete on public.award_nominees
  for each row execute function private.audit_row_change('event_id', 'award_id,solution_id', '');

alter table public.awards enable row level security;
alter table public.award_nominees enable row level security;
alter table private.award_votes enable row level security;
revoke all on table public.awards, public.award_nominees from anon, authenticated;
revoke all on table private.award_votes from public, anon, authenticated;
grant select on table public.awards, public.award_nominees to anon, authenticated;
grant all on table public.awards, public.award_nominees, private.award_votes to service_role;

create policy "Awards of published events are readable by everyone"
  on public.awards for select
  to anon, authenticated
  using (private.event_is_public(event_id));

create policy "Organisers can read their event's award"
  on public.awards for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Nominees of published events are readable by everyone"
  on public.award_nominees for select
  to anon, authenticated
  using (private.event_is_public(event_id));

create policy "Organisers can read their event's nominees"
  on public.award_nominees for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));


-- ---------------------------------------------------------------------------
-- Vote links
-- ---------------------------------------------------------------------------

create table private.award_link_secrets (
  singleton boolean primary key default true check (singleton),
  secret bytea not null check (octet_length(secret) >= 32)
);
alter table private.award_link_secrets enable row level security;
revoke all on table private.award_link_secrets from public, anon, authenticated;
insert into private.award_link_secrets (secret) values (extensions.gen_random_bytes(32));

-- <base64url("ticket id:revision")>.<base64url(HMAC-SHA256 of it)>
create or replace function private.sign_award_link(p_ticket_id uuid, p_revision integer) returns text
language sql
stable
security definer
set search_path = ''
as $$
  select private.base64url(convert_to(p_ticket_id::text || ':' || p_revision::text, 'UTF8')) || '.'
      || private.base64url(extensions.hmac(convert_to(p_ticket_id::text || ':' || p_revision::text, 'UTF8'), s.secret, 'sha256'))
    from private.award_link_secrets s
$$;
revoke execute on function private.sign_award_link(uuid, integer) from public;
grant execute on function private.sign_award_link(uuid, integer) to service_role;

-- The ticket a vote link names, when we signed it and it is the ticket's
-- current revision (a transferred ticket's old link names nothing).
create or replace function private.award_link_ticket(p_token text) returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_payload text;
  v_ticket uuid;
  v_revision integer;
begin
  if p_token is null or length(p_token) > 200 or p_token !~ '^[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{43}$' then
    return null;
  end if;
  begin
    v_payload := convert_from(private.unbase64url(split_part(p_token, '.', 1)), 'UTF8');
    v_ticket := split_part(v_payload, ':', 1)::uuid;
    v_revision := split_part(v_payload, ':', 2)::integer;
  exception when others then
    return null;
  end;
  if private.sign_award_link(v_ticket, v_revision) is distinct from p_token then
    return null;
  end if;
  return (select t.id from public.tickets t where t.id = v_ticket and t.revision = v_revision);
end;
$$;
revoke execute on function private.award_link_ticket(text) from public;

-- The signed-in caller's vote link for an event: their own ticket (held by
-- them or in their name), never a colleague's a buyer registered. Null when
-- they hold no active ticket there.
create or replace function private.my_award_link(p_event_id uuid) returns text
language sql
stable
security definer
set search_path = ''
as $$
  select private.sign_award_link(t.id, t.revision)
    from public.tickets t
   where t.event_id = p_event_id
     and t.status = 'valid'
     and (t.holder_user_id = (select auth.uid()) or t.attendee_email = (select private.current_email()))
   order by (t.holder_user_id = (select auth.uid())) desc nulls last, t.created_at
   limit 1
$$;
revoke execute on function private.my_award_link(uuid) from public;
grant execute on function private.my_award_link(uuid) to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Voting
-- ---------------------------------------------------------------------------

-- Who a vote link speaks for, and what they chose so far. code: 'ok',
-- 'invalid' (not a link of ours, or an old revision), 'cancelled' (the
-- ticket is not valid), 'not_checked_in' (no entrance check-in).
create or replace function private.award_voter(p_token text)
returns table (code text, event_id uuid, ticket_id uuid, choice uuid)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_ticket public.tickets;
begin
  select t.* into v_ticket from public.tickets t where t.id = private.award_link_ticket(p_token);
  if not found then
    return query select 'invalid'::text, null::uuid, null::uuid, null::uuid;
    return;
  end if;
  if v_ticket.status <> 'valid' then
    return query select 'cancelled'::text, v_ticket.event_id, v_ticket.id, null::uuid;
    return;
  end if;
  if not exists (select 1 from public.check_ins c
                  where c.ticket_id = v_ticket.id and c.result = 'ok' and c.undone_at is null) then
    return query select 'not_checked_in'::text, v_ticket.event_id, v_ticket.id, null::uuid;
    return;
  end if;
  return query
    select 'ok'::text, v_ticket.event_id, v_ticket.id,
           (select v.solution_id from private.award_votes v
              join public.awards a on a.id = v.award_id
             where a.event_id = v_ticket.event_id and v.ticket_id = v_ticket.id);
end;
$$;
revoke execute on function private.award_voter(text) from public;
grant execute on function private.award_voter(text) to anon, authenticated, service_role;

-- Casts or changes the vote of the ticket a link names. Answers
-- {code}: 'cast', 'changed', 'unchanged' (the same choice again: a replay),
-- or a refusal: 'invalid', 'cancelled', 'not_checked_in', 'no_award',
-- 'not_open', 'closed', 'not_nominee'. One row per ticket whatever races.
create or replace function private.cast_award_vote(p_token text, p_solution_id uuid) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_voter record;
  v_award public.awards;
  v_previous uuid;
  v_inserted boolean;
begin
  select * into v_voter from private.award_voter(p_token);
  if v_voter.code <> 'ok' then
    return jsonb_build_object('code', v_voter.code);
  end if;
  select a.* into v_award from public.awards a where a.event_id = v_voter.event_id;
  if not found or v_award.opens_at is null then
    return jsonb_build_object('code', 'no_award');
  end if;
  if now() < v_award.opens_at then
    return jsonb_build_object('code', 'not_open', 'opens_at', v_award.opens_at);
  end if;
  if now() >= v_award.closes_at then
    return jsonb_build_object('code', 'closed');
  end if;
  if p_solution_id is null or not exists (
       select 1 from public.award_nominees n where n.award_id = v_award.id and n.solution_id = p_solution_id) then
    return jsonb_build_object('code', 'not_nominee');
  end if;

  v_previous := v_voter.choice;
  insert into private.award_votes as v (event_id, award_id, ticket_id, solution_id)
  values (v_award.event_id, v_award.id, v_voter.ticket_id, p_solution_id)
  on conflict (award_id, ticket_id) do update
    set solution_id = excluded.solution_id, changed_at = now()
    where v.solution_id is distinct from excluded.solution_id
  returning (xmax = 0) into v_inserted;
  if v_inserted is null then
    return jsonb_build_object('code', 'unchanged', 'closes_at', v_award.closes_at);
  end if;
  return jsonb_build_object('code', case when v_inserted then 'cast' else 'changed' end,
                            'closes_at', v_award.closes_at);
end;
$$;
revoke execute on function private.cast_award_vote(text, uuid) from public;
grant execute on function private.cast_award_vote(text, uuid) to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Results
-- ---------------------------------------------------------------------------

-- Votes and jury points per nominee: for the event's organisers at any time,
-- for everyone once announced. Empty for anyone else.
create or replace function private.award_results(p_event_id uuid)
returns table (solution_id uuid, votes integer, jury_points integer)
language sql
stable
security definer
set search_path = ''
as $$
  select n.solution_id,
         (select count(*)::integer from private.award_votes v
           where v.award_id = n.award_id and v.solution_id = n.solution_id),
         n.jury_points::integer
    from public.awards a
    join public.award_nominees n on n.award_id = a.id
   where a.event_id = p_event_id
     and (private.has_event_role(a.event_id, 'organiser')
          or (a.announced_at is not null and private.event_is_public(a.event_id)))
$$;
revoke execute on function private.award_results(uuid) from public;
grant execute on function private.award_results(uuid) to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- The organisers' side
-- ---------------------------------------------------------------------------

-- Creates (p_version null) or updates the event's award at the version the
-- form showed. Refusals: not_found (not an organiser), changed_elsewhere,
-- window_order, announced (the result stands; withdraw the announcement first).
create or replace function private.save_award(
  p_event_id uuid,
  p_version integer,
  p_name text,
  p_name_en text,
  p_description text,
  p_description_en text,
  p_opens_at timestamptz,
  p_closes_at timestamptz,
  p_jury_share integer
) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_award public.awards;
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return jsonb_build_object('code', 'not_found');
  end if;
  if (p_opens_at is null) <> (p_closes_at is null) or p_closes_at <= p_opens_at then
    return jsonb_build_object('code', 'window_order');
  end if;
  if p_version is null then
    insert into public.awards (event_id, name, name_en, description, description_en, opens_at, closes_at, jury_share)
    values (p_event_id, p_name, p_name_en, p_description, p_description_en, p_opens_at, p_closes_at, p_jury_share)
    on conflict (event_id) do nothing
    returning * into v_award;
    if not found then
      return jsonb_build_object('code', 'changed_elsewhere');
    end if;
    return jsonb_build_object('code', 'saved', 'id', v_award.id, 'version', v_award.version);
  end if;
  select a.* into v_award from public.awards a where a.event_id = p_event_id for update;
  if not found or v_award.version <> p_version then
    return jsonb_build_object('code', 'changed_elsewhere');
  end if;
  if v_award.announced_at is not null then
    return jsonb_build_object('code', 'announced');
  end if;
  update public.awards
     set name = p_name, name_en = p_name_en, description = p_description, description_en = p_description_en,
         opens_at = p_opens_at, closes_at = p_closes_at, jury_share = p_jury_share
   where id = v_award.id
  returning * into v_award;
  return jsonb_build_object('code', 'saved', 'id', v_award.id, 'version', v_award.version);
end;
$$;
revoke execute on function private.save_award(uuid, integer, text, text, text, text, timestamptz, timestamptz, integer) from public;
grant execute on function private.save_award(uuid, integer, text, text, text, text, timestamptz, timestamptz, integer)
  to authenticated, service_role;

-- Puts an accepted solution of the event in the running (with optional jury
-- points), changes its points, or takes it out. Refusals: not_found,
-- not_accepted, has_votes (taking out a nominee someone voted for),
-- announced.
create or replace function private.set_award_nominee(
  p_event_id uuid,
  p_solution_id uuid,
  p_nominee boolean,
  p_jury_points integer
) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_award public.awards;
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return jsonb_build_object('code', 'not_found');
  end if;
  select a.* into v_award from public.awards a where a.event_id = p_event_id for update;
  if not found then
    return jsonb_build_object('code', 'not_found');
  end if;
  if v_award.announced_at is not null then
    return jsonb_build_object('code', 'announced');
  end if;
  if not p_nominee then
    if exists (select 1 from private.award_votes v where v.award_id = v_award.id and v.solution_id = p_solution_id) then
      return jsonb_build_object('code', 'has_votes');
    end if;
    delete from public.award_nominees n where n.award_id = v_award.id and n.solution_id = p_solution_id;
    return jsonb_build_object('code', 'saved');
  end if;
  if not exists (select 1 from public.solutions s
                  where s.id = p_solution_id and s.event_id = p_event_id and s.status = 'accepted') then
    return jsonb_build_object('code', 'not_accepted');
  end if;
  insert into public.award_nominees (event_id, award_id, solution_id, jury_points)
  values (p_event_id, v_award.id, p_solution_id, p_jury_points)
  on conflict (award_id, solution_id) do update set jury_points = excluded.jury_points
    where award_nominees.jury_points is distinct from excluded.jury_points;
  return jsonb_build_object('code', 'saved');
end;
$$;
revoke execute on function private.set_award_nominee(uuid, uuid, boolean, integer) from public;
grant execute on function private.set_award_nominee(uuid, uuid, boolean, integer) to authenticated, service_role;

-- Closes the voting now (an open window ends; a window still to come is
-- refused), or announces / withdraws the announcement of the result.
-- p_action: 'close', 'announce', 'withdraw'. At the version the page showed.
create or replace function private.award_step(p_event_id uuid, p_version integer, p_action text) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_award public.awards;
begin
  if not private.has_event_role(p_event_id, 'organiser') then
    return jsonb_build_object('code', 'not_found');
  end if;
  select a.* into v_award from public.awards a where a.event_id = p_event_id for update;
  if not found then
    return jsonb_build_object('code', 'not_found');
  end if;
  if v_award.version <> p_version then
    return jsonb_build_object('code', 'changed_elsewhere');
  end if;
  if p_action = 'close' then
    if v_award.opens_at is null or now() < v_award.opens_at then
      return jsonb_build_object('code', 'not_open');
    end if;
    if now() < v_award.closes_at then
      update public.awards set closes_at = now() where id = v_award.id returning * into v_award;
    end if;
  elsif p_action = 'announce' then
    if v_award.closes_at is null or now() < v_award.closes_at then
      return jsonb_build_object('code', 'still_open');
    end if;
    if v_award.announced_at is null then
      update public.awards set announced_at = now() where id = v_award.id returning * into v_award;
    end if;
  elsif p_action = 'withdraw' then
    if v_award.announced_at is not null then
      update public.awards set announced_at = null where id = v_award.id returning * into v_award;
    end if;
  else
    raise exception 'award_step: unknown action %', p_action using errcode = '22023';
  end if;
  return jsonb_build_object('code', 'saved', 'version', v_award.version);
end;
$$;
revoke execute on function private.award_step(uuid, integer, text) from public;
grant execute on function private.award_step(uuid, integer, text) to authenticated, service_role;
