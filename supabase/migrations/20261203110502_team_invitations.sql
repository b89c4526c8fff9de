-- An event's team: organisers invite people by email to a role — organiser,
-- reviewer, check-in staff, or the exhibitor team of one of the event's
-- solutions. The email carries a single-use link that expires; following it
-- signs the person in (creating the account if needed) and grants the role.
--
-- Lifecycle of an invitation:
--   pending ──accept──▶ accepted      (once; the role is granted in the same transaction)
--   pending ──revoke──▶ revoked       (by an organiser of the event)
--   pending, past expires_at          (expired: can be neither accepted nor revoked,
--                                      inviting the same person again renews it)
-- Accepted and revoked are final.
--
-- The link's token is kept only as a hash, in a private table the API roles
-- cannot read, so neither the console nor the audit log ever holds a usable
-- link. Everything goes through the functions below; RLS lets organisers read
-- their own event's invitations and nobody write them directly.

create table public.team_invitations (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (id) on delete cascade,
  email text not null check (email = lower(trim(email)) and email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(email) <= 254),
  role public.event_role not null check (role in ('organiser', 'reviewer', 'checkin_staff', 'exhibitor_member')),
  -- The solution whose exhibitor team the person joins; only for that role.
  solution_id uuid,
  -- The language of the email and of the landing page.
  language text not null check (language in ('da', 'en')),
  invited_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by uuid references auth.users (id) on delete set null,
  revoked_at timestamptz,
  revoked_by uuid references auth.users (id) on delete set null,
  foreign key (event_id, solution_id) references public.solutions (event_id, id) on delete cascade,
  constraint team_invitations_solution_for_exhibitors check ((role = 'exhibitor_member') = (solution_id is not null)),
  constraint team_invitations_expires_after_creation check (expires_at > created_at),
  constraint team_invitations_one_ending check (accepted_at is null or revoked_at is null)
);
-- One open invitation per person and role: inviting again renews it.
create unique index team_invitations_open_key
  on public.team_invitations (event_id, email, role, coalesce(solution_id, '00000000-0000-0000-0000-000000000000'))
  where accepted_at is null and revoked_at is null;
create index team_invitations_event_idx on public.team_invitations (event_id, created_at desc);
create index team_invitations_solution_idx on public.team_invitations (solution_id) where solution_id is not null;
create index team_invitations_email_idx on public.team_invitations (email);
create index team_invitations_invited_by_idx on public.team_invitations (invited_by) where invited_by is not null;
create index team_invitations_accepted_by_idx on public.team_invitations (accepted_by) where accepted_by is not null;
create index team_invitations_revoked_by_idx on public.team_invitations (revoked_by) where revoked_by is not null;

alter table public.team_invitations enable row level security;
revoke all on table public.team_invitations from anon, authenticated;
grant select on table public.team_invitations to authenticated;
grant all on table public.team_invitations to service_role;

create policy "Organisers can read the invitations of their events"
  on public.team_invitations for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

-- Accepted and revoked invitations never change again (the functions below
-- are the only writers; this holds even for the service role).
create or replace function private.guard_team_invitation() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.accepted_at is not null or old.revoked_at is not null then
    raise exception 'invitation % is closed', old.id
      using errcode = 'check_violation', constraint = 'team_invitations_closed';
  end if;
  if (new.id, new.event_id, new.email, new.role, new.solution_id, new.created_at)
     is distinct from (old.id, old.event_id, old.email, old.role, old.solution_id, old.created_at) then
    raise exception 'an invitation''s person and role never change'
      using errcode = 'check_violation', constraint = 'team_invitations_fixed';
  end if;
  return new;
end
$$;
revoke execute on function private.guard_team_invitation() from public;

create trigger team_invitations_guard before update on public.team_invitations
  for each row execute function private.guard_team_invitation();

create table private.team_invitation_tokens (
  invitation_id uuid primary key references public.team_invitations (id) on delete cascade,
  -- SHA-256 of the link's 256-bit token.
  token_hash bytea not null unique check (length(token_hash) = 32)
);
alter table private.team_invitation_tokens enable row level security;
revoke all on table private.team_invitation_tokens from public, anon, authenticated;
grant all on table private.team_invitation_tokens to service_role;

-- Organisers remove people from exhibitor teams in their events (the owner
-- stays: a solution always has one).
create policy "Organisers can remove members from the teams in their events"
  on public.solution_team_members for delete
  to authenticated
  using (role = 'member' and private.has_event_role(event_id, 'organiser'));

-- ---------------------------------------------------------------------------
-- Inviting
-- ---------------------------------------------------------------------------

-- Invites (or invites again, renewing link and expiry) as an organiser of the
-- event. Codes: 'invited', 'renewed'; 'not_organiser', 'unknown_solution',
-- 'already_member'. The caller emails the link after this returns.
create or replace function private.invite_to_team(
  p_event_id uuid,
  p_email text,
  p_role public.event_role,
  p_solution_id uuid,
  p_language text,
  p_token_hash bytea,
  p_valid_for interval
) returns table (code text, invitation_id uuid, expires_at timestamptz)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
  v_invitation uuid;
  v_expires timestamptz := now() + p_valid_for;
begin
  if v_user is null or not private.has_event_role(p_event_id, 'organiser') then
    return query select 'not_organiser', null::uuid, null::timestamptz;
    return;
  end if;
  if p_role = 'exhibitor_member' and not exists (
    select 1 from public.solutions s where s.id = p_solution_id and s.event_id = p_event_id
  ) then
    return query select 'unknown_solution', null::uuid, null::timestamptz;
    return;
  end if;
  if p_role <> 'exhibitor_member' then
    p_solution_id := null;
  end if;
  -- Someone who already holds the role needs no invitation.
  if exists (
    select 1 from public.event_roles r join auth.users u on u.id = r.user_id
     where r.event_id = p_event_id and r.role = p_role and lower(u.email) = p_email and p_role <> 'exhibitor_member'
  ) or exists (
    select 1 from public.solution_team_members m
     where m.solution_id = p_solution_id and lower(m.invited_email) = p_email and m.accepted_at is not null
  ) then
    return query select 'already_member', null::uuid, null::timestamptz;
    return;
  end if;

  update public.team_invitations i
     set expires_at = v_expires, language = p_language, invited_by = v_user
   where i.event_id = p_event_id and i.email = p_email and i.role = p_role
     and i.solution_id is not distinct from p_solution_id
     and i.accepted_at is null and i.revoked_at is null
  returning i.id into v_invitation;
  if v_invitation is not null then
    update private.team_invitation_tokens t set token_hash = p_token_hash where t.invitation_id = v_invitation;
    return query select 'renewed', v_invitation, v_expires;
    return;
  end if;

  insert into public.team_invitations (event_id, email, role, solution_id, language, invited_by, expires_at)
  values (p_event_id, p_email, p_role, p_solution_id, p_language, v_user, v_expires)
  returning id into v_invitation;
  insert into private.team_invitation_tokens (invitation_id, token_hash) values (v_invitation, p_token_hash);
  return query select 'invited', v_invitation, v_expires;
end
$$;
revoke execute on function private.invite_to_team(uuid, text, public.event_role, uuid, text, bytea, interval) from public;
grant execute on function private.invite_to_team(uuid, text, public.event_role, uuid, text, bytea, interval) to authenticated;

-- Revokes a pending invitation. Codes: 'revoked'; 'not_found' (another
-- event's, or none), 'closed' (accepted, revoked or expired already).
create or replace function private.revoke_team_invitation(p_event_id uuid, p_invitation_id uuid)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_invitation public.team_invitations;
begin
  if (select auth.uid()) is null or not private.has_event_role(p_event_id, 'organiser') then
    return 'not_found';
  end if;
  select * into v_invitation from public.team_invitations i
   where i.id = p_invitation_id and i.event_id = p_event_id
   for update;
  if not found then
    return 'not_found';
  end if;
  if v_invitation.accepted_at is not null or v_invitation.revoked_at is not null or v_invitation.expires_at <= now() then
    return 'closed';
  end if;
  update public.team_invitations set revoked_at = now(), revoked_by = (select auth.uid()) where id = p_invitation_id;
  return 'revoked';
end
$$;
revoke execute on function private.revoke_team_invitation(uuid, uuid) from public;
grant execute on function private.revoke_team_invitation(uuid, uuid) to authenticated;

-- ---------------------------------------------------------------------------
-- Following the link
-- ---------------------------------------------------------------------------

-- What a link is, for its landing page: anyone holding the link may ask (the
-- token is the secret). State: 'pending', 'accepted', 'revoked', 'expired';
-- no row for an unknown token.
create or replace function private.team_invitation_by_token(p_token_hash bytea)
returns table (
  state text, email text, role public.event_role, language text, expires_at timestamptz,
  event_slug text, event_name text, event_name_en text, solution_title text
)
language sql
stable
security definer
set search_path = ''
as $$
  select case
           when i.accepted_at is not null then 'accepted'
           when i.revoked_at is not null then 'revoked'
           when i.expires_at <= now() then 'expired'
           else 'pending'
         end,
         i.email, i.role, i.language, i.expires_at, e.slug, e.name, e.name_en, s.title
    from private.team_invitation_tokens t
    join public.team_invitations i on i.id = t.invitation_id
    join public.events e on e.id = i.event_id
    left join public.solutions s on s.id = i.solution_id
   where t.token_hash = p_token_hash
$$;
revoke execute on function private.team_invitation_by_token(bytea) from public;
grant execute on function private.team_invitation_by_token(bytea) to anon, authenticated, service_role;

-- Accepts the invitation as the signed-in person it was sent to, and grants
-- the role in the same transaction. The row lock makes a second, simultaneous
-- acceptance wait and then see 'already_accepted'. Codes: 'accepted';
-- 'unknown', 'already_accepted', 'revoked', 'expired', 'wrong_account'.
create or replace function private.accept_team_invitation(p_token_hash bytea)
returns table (code text, event_slug text, role public.event_role, solution_id uuid)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
  v_email text := lower(nullif((select auth.jwt()) ->> 'email', ''));
  v_invitation public.team_invitations;
  v_slug text;
begin
  select i.* into v_invitation
    from private.team_invitation_tokens t join public.team_invitations i on i.id = t.invitation_id
   where t.token_hash = p_token_hash
   for update of i;
  if not found then
    return query select 'unknown', null::text, null::public.event_role, null::uuid;
    return;
  end if;
  select e.slug into v_slug from public.events e where e.id = v_invitation.event_id;
  if v_invitation.accepted_at is not null then
    return query select 'already_accepted', v_slug, v_invitation.role, v_invitation.solution_id;
    return;
  elsif v_invitation.revoked_at is not null then
    return query select 'revoked', v_slug, v_invitation.role, v_invitation.solution_id;
    return;
  elsif v_invitation.expires_at <= now() then
    return query select 'expired', v_slug, v_invitation.role, v_invitation.solution_id;
    return;
  elsif v_user is null or v_email is distinct from v_invitation.email then
    return query select 'wrong_account', v_slug, v_invitation.role, v_invitation.solution_id;
    return;
  end if;

  if v_invitation.role = 'exhibitor_member' then
    -- A colleague's earlier invitation to the same team is the same membership.
    update public.solution_team_members m
       set user_id = v_user, accepted_at = now()
     where m.solution_id = v_invitation.solution_id and lower(m.invited_email) = v_invitation.email
       and m.user_id is null;
    if not found then
      insert into public.solution_team_members (event_id, solution_id, role, invited_email, user_id, invited_by, accepted_at)
      values (v_invitation.event_id, v_invitation.solution_id, 'member', v_invitation.email, v_user,
              v_invitation.invited_by, now())
      on conflict do nothing;
    end if;
  else
    insert into public.event_roles (event_id, user_id, role, granted_by)
    values (v_invitation.event_id, v_user, v_invitation.role, v_invitation.invited_by)
    on conflict do nothing;
  end if;
  update public.team_invitations set accepted_at = now(), accepted_by = v_user where id = v_invitation.id;
  return query select 'accepted', v_slug, v_invitation.role, v_invitation.solution_id;
end
$$;
revoke execute on function private.accept_team_invitation(bytea) from public;
grant execute on function private.accept_team_invitation(bytea) to authenticated;

-- ---------------------------------------------------------------------------
-- The team page
-- ---------------------------------------------------------------------------

-- The people who hold a team role at the event, with their addresses, for its
-- organisers only (anyone else gets no rows): organisers, reviewers, check-in
-- staff and the accepted members of the exhibitor teams.
create or replace function private.event_team(p_event_id uuid)
returns table (
  user_id uuid, email text, role public.event_role, solution_id uuid, solution_title text,
  team_role public.solution_team_role, since timestamptz
)
language sql
stable
security definer
set search_path = ''
as $$
  select r.user_id, u.email::text, r.role, null::uuid, null::text, null::public.solution_team_role, r.created_at
    from public.event_roles r join auth.users u on u.id = r.user_id
   where r.event_id = p_event_id and r.role in ('organiser', 'reviewer', 'checkin_staff')
     and private.has_event_role(p_event_id, 'organiser')
  union all
  select m.user_id, coalesce(u.email::text, m.invited_email), 'exhibitor_member'::public.event_role, s.id, s.title,
         m.role, m.accepted_at
    from public.solution_team_members m
    join public.solutions s on s.id = m.solution_id
    left join auth.users u on u.id = m.user_id
   where m.event_id = p_event_id and m.accepted_at is not null
     and private.has_event_role(p_event_id, 'organiser')
$$;
revoke execute on function private.event_team(uuid) from public;
grant execute on function private.event_team(uuid) to authenticated;

-- The addresses of people who appear in an event's team or its audit log
-- (inviters, actors, people given or losing a role), for that event's
-- organisers; anyone else, and any other user id, gets no rows. (The audit
-- log arrives in 20261203110000; this file comes after it.)
create or replace function private.event_people(p_event_id uuid, p_user_ids uuid[])
returns table (user_id uuid, email text)
language sql
stable
security definer
set search_path = ''
as $$
  select u.id, u.email::text
    from auth.users u
   where u.id = any (p_user_ids)
     and private.has_event_role(p_event_id, 'organiser')
     and (exists (select 1 from public.event_roles r where r.event_id = p_event_id and r.user_id = u.id)
          or exists (select 1 from public.team_invitations i
                      where i.event_id = p_event_id and u.id in (i.invited_by, i.accepted_by, i.revoked_by))
          or exists (select 1 from public.solution_team_members m where m.event_id = p_event_id and m.user_id = u.id)
          or exists (select 1 from public.audit_log a where a.event_id = p_event_id and a.actor_id = u.id)
          or exists (select 1 from public.audit_log a
                      where a.event_id = p_event_id and a.table_name = 'event_roles'
                        and a.row_key ->> 'user_id' = u.id::text))
$$;
revoke execute on function private.event_people(uuid, uuid[]) from public;
grant execute on function private.event_people(uuid, uuid[]) to authenticated;

-- Takes a team role away. The last organiser of an event cannot be removed
-- (someone must be able to run it); the organisers' rows are locked first so
-- two organisers removing each other at once cannot both succeed.
-- Codes: 'revoked'; 'not_found', 'last_organiser'.
create or replace function private.revoke_team_role(p_event_id uuid, p_user_id uuid, p_role public.event_role)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_organisers integer;
begin
  if (select auth.uid()) is null or not private.has_event_role(p_event_id, 'organiser')
     or p_role not in ('organiser', 'reviewer', 'checkin_staff') then
    return 'not_found';
  end if;
  if p_role = 'organiser' then
    perform 1 from public.event_roles r where r.event_id = p_event_id and r.role = 'organiser' for update;
    select count(*) into v_organisers from public.event_roles r where r.event_id = p_event_id and r.role = 'organiser';
    if v_organisers <= 1 and exists (
      select 1 from public.event_roles r where r.event_id = p_event_id and r.role = 'organiser' and r.user_id = p_user_id
    ) then
      return 'last_organiser';
    end if;
  end if;
  delete from public.event_roles r where r.event_id = p_event_id and r.user_id = p_user_id and r.role = p_role;
  return case when found then 'revoked' else 'not_found' end;
end
$$;
revoke execute on function private.revoke_team_role(uuid, uuid, public.event_role) from public;
grant execute on function private.revoke_team_role(uuid, uuid, public.event_role) to authenticated;

-- ---------------------------------------------------------------------------
-- The invitation email's template
-- ---------------------------------------------------------------------------

-- Read from the existing constraint (see 20261203100702) so templates added by
-- migrations written alongside this one stay whatever the order. The
-- constraint reads `template in ('a', 'b')` or, once rewritten by such a
-- migration, `template = any ('{a,b}'::text[])`: both are understood.
do $$
declare
  v_names text[];
begin
  select array_agg(distinct name order by name)
    into v_names
    from pg_constraint c,
         regexp_matches(pg_get_constraintdef(c.oid), '''([^'']+)''', 'g') as m,
         unnest(case when m[1] like '{%}' then m[1]::text[] else array[m[1]] end) as name
   where c.conrelid = 'private.outbox_emails'::regclass
     and c.conname = 'outbox_emails_template_check';
  if v_names is null then
    raise exception 'outbox_emails_template_check not found';
  end if;
  if not 'team-invitation' = any (v_names) then
    v_names := v_names || array['team-invitation'];
  end if;
  alter table private.outbox_emails drop constraint outbox_emails_template_check;
  execute format(
    'alter table private.outbox_emails add constraint outbox_emails_template_check check (template = any (%L::text[]))',
    v_names
  );
end
$$;

