-- Embedded-mode sessions, held server-side as Supabase Auth holds its own
-- (auth.sessions): the session JWT carries `session_id`, and a request counts
-- as signed in only while that session's row is here. Signing out deletes the
-- row; deleting the user deletes every row of theirs (on delete cascade), so
-- a copied cookie opens nothing afterwards and renewal cannot bring it back.
-- On Supabase this table stays empty: Supabase Auth keeps the sessions there.
--
-- Lifecycle: inserted at sign-in (in the transaction that consumes the link
-- or code), `not_after` moved forward when the JWT is renewed, deleted at
-- sign-out, with the user, or a day after `not_after` by a later sign-in.

create table private.auth_sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  refreshed_at timestamptz not null default now(),
  -- No JWT of this session is valid after this; renewal moves it.
  not_after timestamptz not null,
  constraint auth_sessions_end_after_start check (not_after > created_at)
);
create index auth_sessions_user_idx on private.auth_sessions (user_id);
create index auth_sessions_not_after_idx on private.auth_sessions (not_after);

-- Only the embedded auth server (the service role) reads and writes sessions.
-- No API role has a grant or a policy: RLS would refuse them every row even
-- if a grant were added by mistake.
alter table private.auth_sessions enable row level security;
revoke all on table private.auth_sessions from public, anon, authenticated;
grant select, insert, update, delete on table private.auth_sessions to service_role;

-- Starts a session for a signed-in user, and clears out sessions long over.
create or replace function private.start_auth_session(p_user_id uuid, p_lifetime interval)
returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_id uuid;
begin
  delete from private.auth_sessions s
   where s.id in (
     select o.id from private.auth_sessions o
      where o.not_after < now() - interval '1 day'
      limit 100
      for update skip locked
   );
  insert into private.auth_sessions as s (user_id, not_after)
  values (p_user_id, now() + p_lifetime)
  returning s.id into v_id;
  return v_id;
end
$$;

-- The check on every signed-in request: is this session of this user still
-- live, and does the user still exist? One primary-key lookup (and the
-- user's). With p_renew_for it also moves the session's end forward for the
-- renewed JWT — only while session and user exist, so renewal can never
-- bring back a session that sign-out or deletion ended.
create or replace function private.auth_session_is_live(
  p_session_id uuid,
  p_user_id uuid,
  p_renew_for interval default null
) returns boolean
language plpgsql
set search_path = ''
as $$
begin
  if p_renew_for is null then
    return exists (
      select 1
        from private.auth_sessions s
        join auth.users u on u.id = s.user_id and u.deleted_at is null
       where s.id = p_session_id and s.user_id = p_user_id and s.not_after > now()
    );
  end if;
  update private.auth_sessions s
     set refreshed_at = now(), not_after = greatest(s.not_after, now() + p_renew_for)
   where s.id = p_session_id and s.user_id = p_user_id and s.not_after > now()
     and exists (select 1 from auth.users u where u.id = s.user_id and u.deleted_at is null);
  return found;
end
$$;

-- Ends one session (signing out on this device). Returns whether it was live.
create or replace function private.end_auth_session(p_session_id uuid, p_user_id uuid)
returns boolean
language sql
set search_path = ''
as $$
  with ended as (
    delete from private.auth_sessions s where s.id = p_session_id and s.user_id = p_user_id returning 1
  )
  select exists (select 1 from ended)
$$;

revoke execute on function private.start_auth_session(uuid, interval) from public, anon, authenticated;
revoke execute on function private.auth_session_is_live(uuid, uuid, interval) from public, anon, authenticated;
revoke execute on function private.end_auth_session(uuid, uuid) from public, anon, authenticated;
grant execute on function private.start_auth_session(uuid, interval) to service_role;
grant execute on function private.auth_session_is_live(uuid, uuid, interval) to service_role;
grant execute on function private.end_auth_session(uuid, uuid) to service_role;
