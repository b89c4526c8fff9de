-- Rate-limit rows no longer name anyone: a bucket such as 'sign-in:email:ane@example.org' or
-- 'form:registration:ip:192.0.2.7' is stored as an HMAC-SHA256 of its name under a secret held
-- here (like the award links' secret), so the log of hits — read by whoever reads the table,
-- a backup or a support query — holds no address, IP or user id in clear. Callers still pass
-- the names and get the denied bucket's name back, so every limit counts exactly as before;
-- rows already logged are re-keyed in place, so none of them is forgotten by the change.
--
-- Old rows go hourly (private.purge_rate_limit_hits, from the server's retention job), not only
-- when someone is let through, and erasing an account deletes its address's buckets by their keys.

create table private.rate_limit_secrets (
  singleton boolean primary key default true check (singleton),
  secret bytea not null check (octet_length(secret) >= 32)
);
alter table private.rate_limit_secrets enable row level security;
revoke all on table private.rate_limit_secrets from public, anon, authenticated, service_role;
insert into private.rate_limit_secrets (secret) values (extensions.gen_random_bytes(32));

-- The stored key of a bucket: 'k:' and the hex HMAC of its name. Security definer so that the
-- service may key a bucket without being able to read the secret.
create or replace function private.rate_limit_key(p_bucket text) returns text
language sql
stable
security definer
set search_path = ''
as $$
  select 'k:' || encode(extensions.hmac(convert_to(p_bucket, 'UTF8'), s.secret, 'sha256'), 'hex')
    from private.rate_limit_secrets s
$$;
revoke execute on function private.rate_limit_key(text) from public, anon, authenticated;
grant execute on function private.rate_limit_key(text) to service_role;

-- Same contract as before (20261123140100_rate_limits.sql): names in, the denied name out.
create or replace function private.take_rate_limits(
  p_buckets text[],
  p_limits integer[],
  p_window_seconds integer[]
) returns table (allowed boolean, retry_after_seconds integer, denied_bucket text)
language plpgsql
set search_path = ''
as $$
declare
  v_keys text[];
  v_key text;
  v_blocking_hit timestamptz;
  v_wait integer;
  v_retry integer := 0;
  v_denied text;
begin
  if p_buckets is null or cardinality(p_buckets) = 0
     or cardinality(p_buckets) <> cardinality(p_limits)
     or cardinality(p_buckets) <> cardinality(p_window_seconds) then
    raise exception 'take_rate_limits: buckets, limits and windows must be non-empty and of equal length'
      using errcode = '22023';
  end if;
  if exists (select 1 from unnest(p_limits) l where l is null or l < 1)
     or exists (select 1 from unnest(p_window_seconds) w where w is null or w < 1 or w > 86400) then
    raise exception 'take_rate_limits: limits must be >= 1 and windows between 1 s and 1 day'
      using errcode = '22023';
  end if;
  if exists (select 1 from unnest(p_buckets) b where b is null or length(b) not between 1 and 300) then
    raise exception 'take_rate_limits: a bucket is named by 1 to 300 characters'
      using errcode = '22023';
  end if;

  select array_agg(private.rate_limit_key(b.name) order by b.i) into v_keys
    from unnest(p_buckets) with ordinality as b(name, i);

  -- Callers that share a bucket queue here; always in the same order, so two
  -- requests with overlapping buckets cannot deadlock.
  for v_key in select distinct k from unnest(v_keys) k order by k loop
    perform pg_advisory_xact_lock(hashtextextended('samspil.rate_limit:' || v_key, 0));
  end loop;

  for i in 1 .. cardinality(v_keys) loop
    -- The limit-th most recent hit inside the window: while it is there, the
    -- rule is full, and it frees up when that hit leaves the window.
    select h.hit_at into v_blocking_hit
      from private.rate_limit_hits h
     where h.bucket = v_keys[i]
       and h.hit_at > now() - make_interval(secs => p_window_seconds[i])
     order by h.hit_at desc
     offset p_limits[i] - 1
     limit 1;
    if found then
      v_wait := greatest(1, ceil(extract(epoch from (v_blocking_hit + make_interval(secs => p_window_seconds[i]) - now())))::integer);
      if v_wait > v_retry then
        v_retry := v_wait;
        v_denied := p_buckets[i];
      end if;
    end if;
  end loop;

  if v_denied is not null then
    return query select false, v_retry, v_denied;
    return;
  end if;

  insert into private.rate_limit_hits (bucket)
  select distinct k from unnest(v_keys) k;

  -- Keep the log small: hits older than the longest window are never read again.
  delete from private.rate_limit_hits h
   where h.ctid in (
     select o.ctid from private.rate_limit_hits o
      where o.hit_at < now() - interval '1 day'
      limit 200
      for update skip locked
   );

  return query select true, 0, null::text;
end
$$;

-- Hits older than the longest window (a day) are never read again: the retention job deletes
-- them, so a quiet server keeps no log either. Returns how many went.
create or replace function private.purge_rate_limit_hits() returns integer
language sql
set search_path = ''
as $$
  with gone as (
    delete from private.rate_limit_hits h where h.hit_at < now() - interval '1 day' returning 1
  )
  select count(*)::integer from gone
$$;
revoke execute on function private.purge_rate_limit_hits() from public, anon, authenticated;
grant execute on function private.purge_rate_limit_hits() to service_role;

-- Rows logged before this migration: re-keyed, so their limits still count; a day's worth at most.
delete from private.rate_limit_hits where hit_at < now() - interval '1 day';
update private.rate_limit_hits set bucket = private.rate_limit_key(bucket) where bucket not like 'k:%';

-- Erasing an account deletes the buckets named by the person's address or user id (their
-- names are in src/lib/auth/auth.ts, registration-notices.server.ts, team.ts, organisation.ts,
-- form-limits.ts, contact.server.ts, leads.ts, contacts.ts, questions.ts; tests/db/personal-data.test.ts
-- proves the address's). Keyed, they can no longer be found by searching for the address.
alter function private.erase_my_personal_data() rename to erase_my_personal_data_before_keyed_limits;
revoke execute on function private.erase_my_personal_data_before_keyed_limits() from public, anon, authenticated;

create or replace function private.erase_my_personal_data()
returns table (
  cancelled_tickets integer,
  refund_request_ids uuid[],
  anonymised_tickets integer,
  anonymised_orders integer,
  removed_waitlist_entries integer,
  user_deleted boolean
)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_email text := (select private.current_email());
begin
  if v_email is not null or v_uid is not null then
    delete from private.rate_limit_hits h
     where h.bucket in (
       select private.rate_limit_key(n)
         from unnest(array[
           'sign-in:email:' || v_email,
           'registration-notice:' || v_email,
           'team-invite:email:' || v_email,
           'organisation-invite:email:' || v_email,
           'form:booking:user:' || v_uid,
           'team-invite:user:' || v_uid,
           'organisation-invite:user:' || v_uid,
           'solution-contact:' || v_uid,
           'lead-scan:user:' || v_uid,
           'contacts:request:' || v_uid
         ]) n
        where n is not null
       union all
       select private.rate_limit_key('questions:' || e.id || ':' || v_uid)
         from public.events e
        where v_uid is not null);
  end if;
  return query select * from private.erase_my_personal_data_before_keyed_limits();
end
$$;
revoke execute on function private.erase_my_personal_data() from public, anon;
grant execute on function private.erase_my_personal_data() to authenticated;
