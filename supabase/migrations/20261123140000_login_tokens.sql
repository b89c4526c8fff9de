-- Sign-in links and 6-digit codes for embedded mode (on Supabase, Supabase Auth
-- keeps its own). Only hashes are stored: the link token as SHA-256, the code
-- as an HMAC keyed with the auth secret, so a copy of this table gives neither
-- a working link nor, without the secret, a code to try. A token lives at most
-- ten minutes, is used once, and five wrong codes burn its code.

create table private.login_tokens (
  id uuid primary key default gen_random_uuid(),
  email text not null check (email = lower(email) and email ~ '^[^@\s]+@[^@\s]+$' and length(email) <= 254),
  purpose text not null default 'sign_in' check (purpose in ('sign_in')),
  link_hash bytea not null unique check (octet_length(link_hash) = 32),
  code_hash bytea not null check (octet_length(code_hash) = 32),
  failed_attempts smallint not null default 0 check (failed_attempts between 0 and 5),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  -- Set when the token signs someone in, and when a newer request retires it.
  used_at timestamptz,
  constraint login_tokens_expire_within_ten_minutes
    check (expires_at > created_at and expires_at <= created_at + interval '10 minutes')
);
-- One live token per address: a new request retires the previous one, and the
-- code check below can match at most one row.
create unique index login_tokens_one_live_per_email on private.login_tokens (email, purpose) where used_at is null;
create index login_tokens_created_idx on private.login_tokens (created_at);

alter table private.login_tokens enable row level security;
revoke all on table private.login_tokens from public, anon, authenticated;
grant select, insert, update, delete on table private.login_tokens to service_role;

-- Stores a new token for the address and retires its earlier ones. Old rows
-- (and the addresses in them) are removed after a day.
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
  update private.login_tokens t
     set used_at = now()
   where t.email = p_email and t.purpose = p_purpose and t.used_at is null;

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
-- clicks exactly one gets the address back. Wrong codes do not burn the link:
-- it is unguessable, and someone typing codes for an address must not be able
-- to lock its owner out.
create or replace function private.consume_login_link(p_link_hash bytea, p_purpose text default 'sign_in')
returns text
language sql
set search_path = ''
as $$
  update private.login_tokens t
     set used_at = now()
   where t.link_hash = p_link_hash
     and t.purpose = p_purpose
     and t.used_at is null
     and t.expires_at > now()
  returning t.email
$$;

-- Consumes a code for an address, or counts a wrong guess against the
-- address's live code. Returns the address on success, NULL otherwise.
create or replace function private.consume_login_code(p_email text, p_code_hash bytea, p_purpose text default 'sign_in')
returns text
language plpgsql
set search_path = ''
as $$
declare
  v_email text;
begin
  update private.login_tokens t
     set used_at = now()
   where t.email = p_email
     and t.purpose = p_purpose
     and t.code_hash = p_code_hash
     and t.used_at is null
     and t.expires_at > now()
     and t.failed_attempts < 5
  returning t.email into v_email;
  if found then
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

revoke execute on function private.issue_login_token(text, bytea, bytea, interval, text) from public, anon, authenticated;
revoke execute on function private.consume_login_link(bytea, text) from public, anon, authenticated;
revoke execute on function private.consume_login_code(text, bytea, text) from public, anon, authenticated;
grant execute on function private.issue_login_token(text, bytea, bytea, interval, text) to service_role;
grant execute on function private.consume_login_link(bytea, text) to service_role;
grant execute on function private.consume_login_code(text, bytea, text) to service_role;
