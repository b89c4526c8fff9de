-- Ed25519 keys that sign ticket codes, one active key per event (see
-- src/lib/tickets/ticket-code.ts for the code format). The private half is
-- read by the server, as the service role, to sign; the public half is what
-- check-in devices download to verify codes offline.
--
-- A key is retired, never edited: codes it signed keep verifying (its public
-- key stays published) while a new active key signs from then on. Deleting a
-- row withdraws trust in every code that key signed, for a key that leaked.

create table private.event_signing_keys (
  event_id uuid not null references public.events (id) on delete cascade,
  -- Travels in every code as one byte.
  key_id smallint not null check (key_id between 1 and 255),
  -- Raw 32-byte Ed25519 public key (RFC 8032).
  public_key bytea not null unique check (octet_length(public_key) = 32),
  -- The raw 32-byte Ed25519 private key (the seed). Service role only. In
  -- production it could be wrapped by a KMS (stored encrypted under a key
  -- that never leaves the KMS, unwrapped by the server when it signs) or
  -- kept in Supabase Vault; the server reads it through one function
  -- (getOrCreateSigningKey in src/lib/tickets/keys.server.ts).
  private_key bytea not null check (octet_length(private_key) = 32),
  created_at timestamptz not null default now(),
  retired_at timestamptz,
  primary key (event_id, key_id),
  constraint event_signing_keys_retired_after_created check (retired_at is null or retired_at >= created_at)
);
-- The key that signs new codes. Two servers creating an event's first key at
-- once collide here, and one of them keeps its key.
create unique index event_signing_keys_one_active_per_event on private.event_signing_keys (event_id)
  where retired_at is null;

alter table private.event_signing_keys enable row level security;
revoke all on table private.event_signing_keys from public, anon, authenticated;
grant select, insert, update, delete on table private.event_signing_keys to service_role;

create policy "Signing keys are handled by the service role only"
  on private.event_signing_keys for all
  to service_role
  using (true)
  with check (true);

-- Key material never changes: a code verified yesterday must verify today.
-- Only retired_at may be set, once.
create or replace function private.guard_event_signing_key_update() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (new.event_id, new.key_id, new.public_key, new.private_key, new.created_at)
     is distinct from (old.event_id, old.key_id, old.public_key, old.private_key, old.created_at) then
    raise exception 'signing key %/%: key material is never changed; retire the key and create another',
      old.event_id, old.key_id using errcode = 'check_violation';
  end if;
  if old.retired_at is not null and new.retired_at is distinct from old.retired_at then
    raise exception 'signing key %/% is retired for good', old.event_id, old.key_id
      using errcode = 'check_violation';
  end if;
  return new;
end
$$;
revoke execute on function private.guard_event_signing_key_update() from public, anon, authenticated;

create trigger event_signing_keys_guard before update on private.event_signing_keys
  for each row execute function private.guard_event_signing_key_update();

-- The public keys of an event, for check-in devices: of published events for
-- everyone, and of drafts for the event's organisers and check-in staff (who
-- rehearse before the doors open). A security definer function rather than a
-- view in public, so the table keeps no grants to the API roles at all and
-- the private column cannot leak through a column list. Retired keys are
-- included: codes they signed are still valid.
create or replace function private.event_public_keys(p_event_id uuid)
returns table (key_id smallint, public_key bytea, created_at timestamptz, retired_at timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  select k.key_id, k.public_key, k.created_at, k.retired_at
  from private.event_signing_keys k
  where k.event_id = p_event_id
    and (private.event_is_public(p_event_id)
         or private.has_event_role(p_event_id, 'organiser', 'checkin_staff')
         or (select auth.role()) = 'service_role')
  order by k.key_id
$$;
revoke execute on function private.event_public_keys(uuid) from public;
grant execute on function private.event_public_keys(uuid) to anon, authenticated, service_role;
