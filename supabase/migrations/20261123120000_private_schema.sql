-- Helpers that policies and triggers call live in `private`, a schema the API
-- never exposes. Nothing in it is executable unless granted below or later.

create extension if not exists btree_gist with schema extensions;

create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to anon, authenticated, service_role;
-- Functions are executable by PUBLIC unless revoked. A per-schema default
-- cannot take that built-in grant away, so revoke it globally for the role
-- that runs migrations, and grant EXECUTE back function by function.
alter default privileges revoke execute on functions from public;
alter default privileges in schema private revoke execute on functions from anon, authenticated;

create or replace function private.touch_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;
revoke execute on function private.touch_updated_at() from public;

-- URL slugs: lower-case ASCII words joined by single hyphens.
create domain public.slug as text
  check (value ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(value) <= 80);
