-- Several live sign-in codes per address. Until now a new request retired the
-- address's pending code, so anyone who knew an address could void the code
-- its owner was about to type. Now up to five stay live (the per-address rate
-- limit allows five requests an hour, so requests alone never push out a code
-- younger than ten minutes); each is still single-use and lives ten minutes.
--
-- Brute force stays bounded per address, not per code: a wrong guess counts
-- against every live code of the address, so five wrong guesses burn them all
-- and no code ever faces more than five guesses. A successful sign-in retires
-- the address's other links and codes.

drop index private.login_tokens_one_live_per_email;
create index login_tokens_live_by_email on private.login_tokens (email, purpose) where used_at is null;

-- How many links and codes an address may have live at once.
create or replace function private.login_tokens_live_max() returns integer
language sql
immutable
set search_path = ''
as $$ select 5 $$;

create or replace function private.issue_login_token(
  p_email text,
  p_link_hash bytea,
  p_code_hash bytea,
  p_ttl interval,
  p_purpose text default 'sign_in'
) returns table (token_id uuid, expires_at timestamptz)
language plpgsql
set search_path = ''
as $$
begin
  -- One request per address at a time, so the cap below holds under a race.
  perform pg_advisory_xact_lock(hashtextextended('samspil.login_tokens:' || p_email, 0));

  -- Only the oldest beyond the cap are retired; younger codes stay usable.
  update private.login_tokens t
     set used_at = now()
   where t.id in (
     select o.id from private.login_tokens o
      where o.email = p_email and o.purpose = p_purpose and o.used_at is null
      order by o.created_at desc, o.id desc
      offset private.login_tokens_live_max() - 1
   );

  delete from private.login_tokens t
   where t.id in (
     select o.id from private.login_tokens o
      where o.created_at < now() - interval '1 day'
      limit 100
      for update skip locked
   );

  return query
    insert into private.login_tokens as t (email, purpose, link_hash, code_hash, expires_at)
    values (p_email, p_purpose, p_link_hash, p_code_hash, now() + p_ttl)
    returning t.id, t.expires_at;
end
$$;

-- Consumes a link: one guarded update, so of any number of simultaneous
-- clicks exactly one gets the address back; the address's other links and
-- codes are retired with it. Wrong codes do not burn a link: it is
-- unguessable, and someone typing codes must not lock its owner out.
create or replace function private.consume_login_link(p_link_hash bytea, p_purpose text default 'sign_in')
returns text
language plpgsql
set search_path = ''
as $$
declare
  v_email text;
begin
  update private.login_tokens t
     set used_at = now()
   where t.link_hash = p_link_hash
     and t.purpose = p_purpose
     and t.used_at is null
     and t.expires_at > now()
  returning t.email into v_email;
  if v_email is not null then
    update private.login_tokens t
       set used_at = now()
     where t.email = v_email and t.purpose = p_purpose and t.used_at is null;
  end if;
  return v_email;
end
$$;

-- Consumes a code for an address: it may match any of the address's live
-- codes. A wrong guess counts against all of them. Returns the address on
-- success, NULL otherwise.
create or replace function private.consume_login_code(p_email text, p_code_hash bytea, p_purpose text default 'sign_in')
returns text
language plpgsql
set search_path = ''
as $$
declare
  v_email text;
begin
  -- The guarded update re-checks used_at after waiting for a row lock, so of
  -- simultaneous attempts with the right code exactly one wins. (Two live
  -- codes that happen to be equal are both used up.)
  with hit as (
    update private.login_tokens t
       set used_at = now()
     where t.email = p_email
       and t.purpose = p_purpose
       and t.code_hash = p_code_hash
       and t.used_at is null
       and t.expires_at > now()
       and t.failed_attempts < 5
    returning t.email
  )
  select h.email into v_email from hit h limit 1;
  if v_email is not null then
    update private.login_tokens t
       set used_at = now()
     where t.email = p_email and t.purpose = p_purpose and t.used_at is null;
    return v_email;
  end if;

  update private.login_tokens t
     set failed_attempts = t.failed_attempts + 1
   where t.email = p_email
     and t.purpose = p_purpose
     and t.used_at is null
     and t.expires_at > now()
     and t.failed_attempts < 5;
  return null;
end
$$;

revoke execute on function private.login_tokens_live_max() from public, anon, authenticated;
grant execute on function private.login_tokens_live_max() to service_role;
