-- Rate limits shared by every server instance: a sliding-window log of hits
-- per bucket ('sign-in:email:…', 'sign-in:ip:…'). One function checks every
-- rule of a request and records it only when all pass, atomically.

create table private.rate_limit_hits (
  bucket text not null check (length(bucket) between 1 and 300),
  hit_at timestamptz not null default now()
);
create index rate_limit_hits_bucket_at_idx on private.rate_limit_hits (bucket, hit_at);
create index rate_limit_hits_at_idx on private.rate_limit_hits (hit_at);

alter table private.rate_limit_hits enable row level security;
revoke all on table private.rate_limit_hits from public, anon, authenticated;
-- update: the pruning below locks rows (for update skip locked).
grant select, insert, update, delete on table private.rate_limit_hits to service_role;

-- Rule i allows p_limits[i] hits on p_buckets[i] per p_window_seconds[i]. A
-- denied request is not recorded, so waiting always helps. retry_after_seconds
-- is when the strictest denying rule frees up.
create or replace function private.take_rate_limits(
  p_buckets text[],
  p_limits integer[],
  p_window_seconds integer[]
) returns table (allowed boolean, retry_after_seconds integer, denied_bucket text)
language plpgsql
set search_path = ''
as $$
declare
  v_bucket text;
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

  -- Callers that share a bucket queue here; always in the same order, so two
  -- requests with overlapping buckets cannot deadlock.
  for v_bucket in select distinct b from unnest(p_buckets) b order by b loop
    perform pg_advisory_xact_lock(hashtextextended('samspil.rate_limit:' || v_bucket, 0));
  end loop;

  for i in 1 .. cardinality(p_buckets) loop
    -- The limit-th most recent hit inside the window: while it is there, the
    -- rule is full, and it frees up when that hit leaves the window.
    select h.hit_at into v_blocking_hit
      from private.rate_limit_hits h
     where h.bucket = p_buckets[i]
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
  select distinct b from unnest(p_buckets) b;

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

revoke execute on function private.take_rate_limits(text[], integer[], integer[]) from public, anon, authenticated;
grant execute on function private.take_rate_limits(text[], integer[], integer[]) to service_role;
