-- Finds a user by email and, in embedded mode, creates one on first sign-in.
-- Security definer: the service role may read auth.users but not write it,
-- like every API role on Supabase, where Supabase Auth owns that table.

create or replace function private.find_or_create_user(
  p_email text,
  p_create boolean,
  p_sign_in boolean default false
) returns table (user_id uuid, created boolean)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  if p_email is null or p_email <> lower(trim(p_email)) or p_email !~ '^[^@\s]+@[^@\s]+$' then
    raise exception 'find_or_create_user: the email must be trimmed and lower-case' using errcode = '22023';
  end if;
  loop
    if p_sign_in then
      update auth.users u
         set last_sign_in_at = now(), email_confirmed_at = coalesce(u.email_confirmed_at, now()), updated_at = now()
       where u.email = p_email and u.deleted_at is null
      returning u.id into v_id;
    else
      select u.id into v_id from auth.users u where u.email = p_email and u.deleted_at is null;
    end if;
    if v_id is not null then
      return query select v_id, false;
      return;
    end if;
    if not p_create then
      return;
    end if;
    begin
      insert into auth.users (email, email_confirmed_at, last_sign_in_at, raw_app_meta_data)
      values (
        p_email,
        case when p_sign_in then now() end,
        case when p_sign_in then now() end,
        '{"provider": "email", "providers": ["email"]}'::jsonb
      )
      returning id into v_id;
      return query select v_id, true;
      return;
    exception when unique_violation then
      -- Created by a simultaneous sign-in: loop and find it.
      null;
    end;
  end loop;
end
$$;

revoke execute on function private.find_or_create_user(text, boolean, boolean) from public, anon, authenticated;
grant execute on function private.find_or_create_user(text, boolean, boolean) to service_role;
