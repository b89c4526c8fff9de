-- With Supabase Auth, an access token outlives its session: signing out revokes the refresh token
-- and deletes the session row (auth.sessions), but the JWT stays valid until it expires (an hour
-- by default). The server therefore asks, on every request, whether the token's session
-- (its `session_id` claim) is still in auth.sessions for its user and the user still exists — the
-- same check private.auth_session_is_live makes for the embedded sessions.
--
-- auth.sessions is Supabase Auth's table; the embedded database has none (its sessions are
-- private.auth_sessions), so the function looks the table up at run time and, without it, answers
-- false: a deployment whose database cannot show the sessions has no signed-in requests rather
-- than unchecked ones. Security definer: the migrations' owner may read auth.sessions, the API
-- roles may not.
create or replace function private.supabase_session_is_live(p_session_id uuid, p_user_id uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_live boolean;
begin
  if p_session_id is null or p_user_id is null or to_regclass('auth.sessions') is null then
    return false;
  end if;
  execute $q$
    select exists (
      select 1
        from auth.sessions s
        join auth.users u on u.id = s.user_id and u.deleted_at is null
       where s.id = $1 and s.user_id = $2 and (s.not_after is null or s.not_after > now())
    )$q$
    into v_live using p_session_id, p_user_id;
  return v_live;
end
$$;
revoke execute on function private.supabase_session_is_live(uuid, uuid) from public, anon, authenticated;
grant execute on function private.supabase_session_is_live(uuid, uuid) to service_role;
