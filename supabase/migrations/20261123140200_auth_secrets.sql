-- Embedded mode signs session JWTs with a secret that every server instance
-- must share. Without AUTH_JWT_SECRET the first instance to need one creates
-- it here; the others read the same row.

create table private.auth_secrets (
  name text primary key check (name in ('jwt')),
  secret bytea not null check (octet_length(secret) >= 32),
  created_at timestamptz not null default now()
);

alter table private.auth_secrets enable row level security;
revoke all on table private.auth_secrets from public, anon, authenticated;
grant select, insert on table private.auth_secrets to service_role;
