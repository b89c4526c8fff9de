-- Sign-in attempts for one address run one at a time. With several live codes
-- per address (20261203100701), a wrong guess updates every live row of the
-- address and a right one retires the others; two attempts arriving together
-- could lock those rows in different orders and deadlock (seen in CI: 20
-- simultaneous wrong guesses). Both consumers now take the same per-address
-- transaction lock that issuing a code takes, before touching any row. A
-- transaction-level advisory lock holds nothing beyond the transaction, so it
-- is safe through a transaction-mode pooler.

create or replace function private.consume_login_code(p_email text, p_code_hash bytea, p_purpose text default 'sign_in')
returns text
language plpgsql
set search_path = ''
as $$
declare
  v_email text;
begin
  perform pg_advisory_xact_lock(hashtextextended('samspil.login_tokens:' || p_email, 0));

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

create or replace function private.consume_login_link(p_link_hash bytea, p_purpose text default 'sign_in')
returns text
language plpgsql
set search_path = ''
as $$
declare
  v_owner text;
  v_email text;
begin
  -- Whose link it is, unlocked; then that address's lock, then the guarded update.
  select t.email into v_owner from private.login_tokens t where t.link_hash = p_link_hash;
  if v_owner is null then
    return null;
  end if;
  perform pg_advisory_xact_lock(hashtextextended('samspil.login_tokens:' || v_owner, 0));

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
