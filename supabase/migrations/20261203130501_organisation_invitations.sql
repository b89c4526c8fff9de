-- Who may create events, from the console: an event creator of an
-- organisation sees who else may create events there, invites a person by
-- email to `event_creator`, and takes the role back (never from the last
-- one: someone must be able to create the next day). The first event creator
-- still comes from `npm run grant` (20261203110101).
--
-- The event team's invitation machinery (20261203110502) is reused: an
-- invitation is a row of public.team_invitations scoped to an organisation
-- instead of an event (organisation_id + organisation_role instead of
-- event_id + role), with the same single-use link (its hash in
-- private.team_invitation_tokens), the same lifecycle and guard, the same
-- email template. Functions below are the only writers; each checks that the
-- caller is an event creator of that organisation.
--
-- The audit log learns organisations: an entry belongs to an event or, for
-- an organisation's roles and invitations, to an organisation; event
-- creators read their organisations' entries.

-- ---------------------------------------------------------------------------
-- Invitations scoped to an organisation
-- ---------------------------------------------------------------------------

alter table public.team_invitations
  alter column event_id drop not null,
  alter column role drop not null,
  add column organisation_id uuid references public.organisations (id) on delete cascade,
  add column organisation_role public.organisation_role,
  add constraint team_invitations_one_scope check (
    (event_id is not null and role is not null and organisation_id is null and organisation_role is null)
    or (event_id is null and role is null and solution_id is null
        and organisation_id is not null and organisation_role is not null)
  );

create unique index team_invitations_open_organisation_key
  on public.team_invitations (organisation_id, email, organisation_role)
  where organisation_id is not null and accepted_at is null and revoked_at is null;
create index team_invitations_organisation_idx
  on public.team_invitations (organisation_id, created_at desc) where organisation_id is not null;

create policy "Event creators can read the invitations of their organisations"
  on public.team_invitations for select
  to authenticated
  using (organisation_id is not null and private.is_event_creator(organisation_id));

-- The guard of 20261203110502, now also keeping the organisation fixed.
create or replace function private.guard_team_invitation() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.accepted_at is not null or old.revoked_at is not null then
    raise exception 'invitation % is closed', old.id
      using errcode = 'check_violation', constraint = 'team_invitations_closed';
  end if;
  if (new.id, new.event_id, new.email, new.role, new.solution_id, new.created_at, new.organisation_id,
      new.organisation_role)
     is distinct from (old.id, old.event_id, old.email, old.role, old.solution_id, old.created_at,
                       old.organisation_id, old.organisation_role) then
    raise exception 'an invitation''s person and role never change'
      using errcode = 'check_violation', constraint = 'team_invitations_fixed';
  end if;
  return new;
end
$$;

-- ---------------------------------------------------------------------------
-- The audit log, per event or per organisation
-- ---------------------------------------------------------------------------

alter table public.audit_log
  alter column event_id drop not null,
  add column organisation_id uuid,
  add constraint audit_log_one_scope check ((event_id is null) <> (organisation_id is null));
create index audit_log_organisation_at_idx on public.audit_log (organisation_id, at desc, id desc)
  where organisation_id is not null;

create policy "Event creators can read their organisations' audit log"
  on public.audit_log for select
  to authenticated
  using (organisation_id is not null and private.is_event_creator(organisation_id));

-- As in 20261203110000, plus: a row with no event (the event column absent or
-- NULL) is logged under its `organisation_id`.
create or replace function private.audit_row_change() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_actor uuid := (select auth.uid());
  v_event_column text := tg_argv[0];
  v_key_columns text[] := string_to_array(tg_argv[1], ',');
  v_label_column text := nullif(tg_argv[2], '');
  v_ignored text[] := array['version', 'updated_at'] || coalesce(tg_argv[3:], '{}');
  v_new jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
  v_old jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
  v_row jsonb := coalesce(v_new, v_old);
  v_event uuid;
  v_before jsonb;
  v_after jsonb;
  v_column text;
begin
  if v_actor is null then
    return null;
  end if;

  if tg_op = 'UPDATE' then
    v_before := '{}';
    v_after := '{}';
    for v_column in select jsonb_object_keys(v_new) loop
      if v_column <> all (v_ignored) and (v_new -> v_column) is distinct from (v_old -> v_column) then
        v_before := v_before || jsonb_build_object(v_column, v_old -> v_column);
        v_after := v_after || jsonb_build_object(v_column, v_new -> v_column);
      end if;
    end loop;
    if v_after = '{}' then
      return null;
    end if;
  else
    v_before := v_old;
    v_after := v_new;
  end if;

  v_event := (v_row ->> v_event_column)::uuid;
  insert into public.audit_log (event_id, organisation_id, actor_id, table_name, row_key, row_label, action, before, after)
  values (
    v_event,
    case when v_event is null then (v_row ->> 'organisation_id')::uuid end,
    v_actor,
    tg_table_name,
    (select jsonb_object_agg(k, v_row -> k) from unnest(v_key_columns) as k),
    case when v_label_column is not null then v_row ->> v_label_column end,
    lower(tg_op)::public.audit_action,
    v_before,
    v_after
  );
  return null;
end
$$;
revoke execute on function private.audit_row_change() from public;

-- Granting and taking back event_creator (through the functions below, as
-- the signed-in person) is logged under the organisation. The service role's
-- grants (`npm run grant`) have no actor and are not.
create trigger organisation_roles_audit after insert or update or delete on public.organisation_roles
  for each row execute function private.audit_row_change('event_id', 'organisation_id,user_id,role', 'role');

-- ---------------------------------------------------------------------------
-- Reading: who may create events, and who invited whom
-- ---------------------------------------------------------------------------

create policy "Event creators can read the roles of their organisations"
  on public.organisation_roles for select
  to authenticated
  using (private.is_event_creator(organisation_id));

-- The event creators of an organisation with their addresses and who granted
-- the role, for its event creators only (anyone else gets no rows).
create or replace function private.organisation_creators(p_organisation_id uuid)
returns table (user_id uuid, email text, granted_by_email text, since timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  select r.user_id, u.email::text, g.email::text, r.created_at
    from public.organisation_roles r
    join auth.users u on u.id = r.user_id
    left join auth.users g on g.id = r.granted_by
   where r.organisation_id = p_organisation_id and r.role = 'event_creator'
     and private.is_event_creator(p_organisation_id)
   order by lower(u.email::text)
$$;
revoke execute on function private.organisation_creators(uuid) from public;
grant execute on function private.organisation_creators(uuid) to authenticated;

-- The addresses of the people named in an organisation's invitations and
-- audit log (inviters, actors, people given or losing the role), for its
-- event creators; anyone else, and any other user id, gets no rows.
create or replace function private.organisation_people(p_organisation_id uuid, p_user_ids uuid[])
returns table (user_id uuid, email text)
language sql
stable
security definer
set search_path = ''
as $$
  select u.id, u.email::text
    from auth.users u
   where u.id = any (p_user_ids)
     and private.is_event_creator(p_organisation_id)
     and (exists (select 1 from public.organisation_roles r where r.organisation_id = p_organisation_id and r.user_id = u.id)
          or exists (select 1 from public.team_invitations i
                      where i.organisation_id = p_organisation_id and u.id in (i.invited_by, i.accepted_by, i.revoked_by))
          or exists (select 1 from public.audit_log a where a.organisation_id = p_organisation_id and a.actor_id = u.id)
          or exists (select 1 from public.audit_log a
                      where a.organisation_id = p_organisation_id and a.table_name = 'organisation_roles'
                        and a.row_key ->> 'user_id' = u.id::text))
$$;
revoke execute on function private.organisation_people(uuid, uuid[]) from public;
grant execute on function private.organisation_people(uuid, uuid[]) to authenticated;

-- ---------------------------------------------------------------------------
-- Inviting, revoking, taking the role back
-- ---------------------------------------------------------------------------

-- Invites (or invites again, renewing link and expiry) to event_creator as
-- an event creator of the organisation. Codes: 'invited', 'renewed';
-- 'not_found' (not theirs), 'already_member'.
create or replace function private.invite_to_organisation(
  p_organisation_id uuid,
  p_email text,
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
  if v_user is null or not private.is_event_creator(p_organisation_id) then
    return query select 'not_found', null::uuid, null::timestamptz;
    return;
  end if;
  if exists (
    select 1 from public.organisation_roles r join auth.users u on u.id = r.user_id
     where r.organisation_id = p_organisation_id and r.role = 'event_creator' and lower(u.email) = p_email
  ) then
    return query select 'already_member', null::uuid, null::timestamptz;
    return;
  end if;

  update public.team_invitations i
     set expires_at = v_expires, language = p_language, invited_by = v_user
   where i.organisation_id = p_organisation_id and i.email = p_email and i.organisation_role = 'event_creator'
     and i.accepted_at is null and i.revoked_at is null
  returning i.id into v_invitation;
  if v_invitation is not null then
    update private.team_invitation_tokens t set token_hash = p_token_hash where t.invitation_id = v_invitation;
    return query select 'renewed', v_invitation, v_expires;
    return;
  end if;

  insert into public.team_invitations (organisation_id, organisation_role, email, language, invited_by, expires_at)
  values (p_organisation_id, 'event_creator', p_email, p_language, v_user, v_expires)
  returning id into v_invitation;
  insert into private.team_invitation_tokens (invitation_id, token_hash) values (v_invitation, p_token_hash);
  return query select 'invited', v_invitation, v_expires;
end
$$;
revoke execute on function private.invite_to_organisation(uuid, text, text, bytea, interval) from public;
grant execute on function private.invite_to_organisation(uuid, text, text, bytea, interval) to authenticated;

-- Revokes a pending invitation of the organisation. Codes: 'revoked';
-- 'not_found' (another organisation's, or none), 'closed'.
create or replace function private.revoke_organisation_invitation(p_organisation_id uuid, p_invitation_id uuid)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_invitation public.team_invitations;
begin
  if (select auth.uid()) is null or not private.is_event_creator(p_organisation_id) then
    return 'not_found';
  end if;
  select * into v_invitation from public.team_invitations i
   where i.id = p_invitation_id and i.organisation_id = p_organisation_id
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
revoke execute on function private.revoke_organisation_invitation(uuid, uuid) from public;
grant execute on function private.revoke_organisation_invitation(uuid, uuid) to authenticated;

-- Takes event_creator away. Never from the last one; the organisation's
-- event creators are locked first, so two of them taking the role from each
-- other at once cannot leave none. Codes: 'revoked'; 'not_found', 'last_creator'.
create or replace function private.revoke_organisation_role(p_organisation_id uuid, p_user_id uuid)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_creators integer;
begin
  if (select auth.uid()) is null or not private.is_event_creator(p_organisation_id) then
    return 'not_found';
  end if;
  perform 1 from public.organisation_roles r
   where r.organisation_id = p_organisation_id and r.role = 'event_creator'
   order by r.user_id
   for update;
  -- The caller may have lost the role while waiting for the lock.
  if not private.is_event_creator(p_organisation_id) then
    return 'not_found';
  end if;
  select count(*) into v_creators from public.organisation_roles r
   where r.organisation_id = p_organisation_id and r.role = 'event_creator';
  if v_creators <= 1 and exists (
    select 1 from public.organisation_roles r
     where r.organisation_id = p_organisation_id and r.role = 'event_creator' and r.user_id = p_user_id
  ) then
    return 'last_creator';
  end if;
  delete from public.organisation_roles r
   where r.organisation_id = p_organisation_id and r.user_id = p_user_id and r.role = 'event_creator';
  return case when found then 'revoked' else 'not_found' end;
end
$$;
revoke execute on function private.revoke_organisation_role(uuid, uuid) from public;
grant execute on function private.revoke_organisation_role(uuid, uuid) to authenticated;

-- ---------------------------------------------------------------------------
-- Following the link
-- ---------------------------------------------------------------------------

-- What an organisation invitation's link is, for its landing page (the
-- token is the secret). No row for an unknown token or an event's invitation
-- (private.team_invitation_by_token answers for those).
create or replace function private.organisation_invitation_by_token(p_token_hash bytea)
returns table (
  state text, email text, role public.organisation_role, language text, expires_at timestamptz,
  organisation_name text, organisation_name_en text
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
         i.email, i.organisation_role, i.language, i.expires_at, o.name, o.name_en
    from private.team_invitation_tokens t
    join public.team_invitations i on i.id = t.invitation_id
    join public.organisations o on o.id = i.organisation_id
   where t.token_hash = p_token_hash
$$;
revoke execute on function private.organisation_invitation_by_token(bytea) from public;
grant execute on function private.organisation_invitation_by_token(bytea) to anon, authenticated, service_role;

-- Accepts as the signed-in person it was sent to and grants event_creator in
-- the same transaction (the row lock makes a simultaneous second acceptance
-- see 'already_accepted'). Codes: 'accepted'; 'unknown', 'already_accepted',
-- 'revoked', 'expired', 'wrong_account'.
create or replace function private.accept_organisation_invitation(p_token_hash bytea)
returns table (code text, organisation_id uuid)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
  v_email text := lower(nullif((select auth.jwt()) ->> 'email', ''));
  v_invitation public.team_invitations;
begin
  select i.* into v_invitation
    from private.team_invitation_tokens t join public.team_invitations i on i.id = t.invitation_id
   where t.token_hash = p_token_hash and i.organisation_id is not null
   for update of i;
  if not found then
    return query select 'unknown', null::uuid;
    return;
  elsif v_invitation.accepted_at is not null then
    return query select 'already_accepted', v_invitation.organisation_id;
    return;
  elsif v_invitation.revoked_at is not null then
    return query select 'revoked', v_invitation.organisation_id;
    return;
  elsif v_invitation.expires_at <= now() then
    return query select 'expired', v_invitation.organisation_id;
    return;
  elsif v_user is null or v_email is distinct from v_invitation.email then
    return query select 'wrong_account', v_invitation.organisation_id;
    return;
  end if;
  insert into public.organisation_roles (organisation_id, user_id, role, granted_by)
  values (v_invitation.organisation_id, v_user, v_invitation.organisation_role, v_invitation.invited_by)
  on conflict do nothing;
  update public.team_invitations set accepted_at = now(), accepted_by = v_user where id = v_invitation.id;
  return query select 'accepted', v_invitation.organisation_id;
end
$$;
revoke execute on function private.accept_organisation_invitation(bytea) from public;
grant execute on function private.accept_organisation_invitation(bytea) to authenticated;

-- An event's invitation link never accepts an organisation's invitation (it
-- would grant an event role at no event): the event function now looks only
-- at event invitations; everything else as in 20261203110502.
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
   where t.token_hash = p_token_hash and i.event_id is not null
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

-- No event may take the slug of the console's organisation page
-- (/konsol/organisation), as none may take /konsol/ny's.
alter table public.events drop constraint events_slug_console_reserved;
alter table public.events add constraint events_slug_console_reserved check (slug not in ('ny', 'organisation'));
