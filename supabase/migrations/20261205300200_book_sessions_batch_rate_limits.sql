-- The booking batch takes its rate limits set-based (#16, the hot-round rush).
--
-- private.book_sessions (20261204100100_book_sessions_batch.sql) took each
-- item's rate limit as private.take_rate_limits would: per item, a keyed
-- HMAC per rule (six calls of private.rate_limit_key with the lock phase), a
-- counting query per rule and an insert of its hits — about 200 µs of
-- Postgres per booking, a quarter of a booking's cost in a batch of 200.
-- Now, per batch:
--   - every distinct bucket is keyed once (private.rate_limit_keys, one call);
--   - every bucket's lock is taken once, in key order, as before (so two
--     batches, or a batch and take_rate_limits, sharing a bucket queue
--     instead of deadlocking);
--   - each (bucket, window, limit) is counted once, up to its limit;
-- then each item, in arrival order, is allowed while every rule's count is
-- under its limit, and an allowed item adds one to every count of its
-- buckets — the same decisions as before, since the batch holds the buckets'
-- locks and no one else can add hits to them meanwhile. The batch's hits are
-- written in one insert at the end, stamped now() (the transaction's time, as
-- each item's insert was). A refused item (rare) still asks take_rate_limits
-- how long to wait, after the hits allowed before it are written, so it sees
-- them; it records nothing.

create or replace function private.rate_limit_keys(p_buckets text[])
returns table (bucket text, key text)
language sql
stable
security definer
set search_path = ''
as $$
  select b.name, 'k:' || encode(extensions.hmac(convert_to(b.name, 'UTF8'), s.secret, 'sha256'), 'hex')
    from (select distinct x.name from unnest(p_buckets) x(name)) b
   cross join private.rate_limit_secrets s
$$;
revoke execute on function private.rate_limit_keys(text[]) from public, anon, authenticated;
grant execute on function private.rate_limit_keys(text[]) to service_role;

create or replace function private.book_sessions(p_items jsonb)
returns jsonb
language plpgsql
set search_path = ''
set enable_seqscan = off
as $$
declare
  v_row record;
  v_answers jsonb[] := '{}';
  v_live boolean;
  v_allowed boolean;
  v_retry integer;
  v_result jsonb;
  v_keys jsonb;                  -- bucket name -> key
  -- The batch's distinct rules (key, window, limit), numbered 1..m in this order:
  v_rule_key text[];
  v_rule_window integer[];
  v_rule_limit integer[];
  v_count integer[];             -- each rule's hits in its window, counted up to its limit
  v_rule integer;
  v_hits text[] := '{}';         -- keys of the hits allowed and not yet written
begin
  if jsonb_typeof(p_items) is distinct from 'array' then
    raise exception 'book_sessions: an array of items' using errcode = '22023';
  end if;

  -- Every bucket of the batch keyed once and locked once, in key order.
  select coalesce(jsonb_object_agg(k.bucket, k.key), '{}') into v_keys
    from private.rate_limit_keys(array(
      select r.bucket from jsonb_array_elements(p_items) i,
             jsonb_array_elements_text(i.value -> 'limit' -> 'buckets') r(bucket))) k;
  perform pg_advisory_xact_lock(hashtextextended('samspil.rate_limit:' || k.key, 0))
     from (select distinct value as key from jsonb_each_text(v_keys) order by 1) k;

  -- Each distinct rule counted once, up to its limit (under the locks just taken, nobody else
  -- adds hits to these buckets until this transaction ends).
  select coalesce(array_agg(d.key order by d.key, d.window_seconds, d.lim), '{}'),
         coalesce(array_agg(d.window_seconds order by d.key, d.window_seconds, d.lim), '{}'),
         coalesce(array_agg(d.lim order by d.key, d.window_seconds, d.lim), '{}'),
         coalesce(array_agg(
           (select count(*) from (select 1 from private.rate_limit_hits h
                                   where h.bucket = d.key
                                     and h.hit_at > now() - make_interval(secs => d.window_seconds)
                                   limit d.lim) c)::integer
           order by d.key, d.window_seconds, d.lim), '{}')
    into v_rule_key, v_rule_window, v_rule_limit, v_count
    from (select distinct v_keys ->> (i.value -> 'limit' -> 'buckets' ->> (r.k - 1)::int) as key,
                 (i.value -> 'limit' -> 'windows' ->> (r.k - 1)::int)::integer as window_seconds,
                 (i.value -> 'limit' -> 'limits' ->> (r.k - 1)::int)::integer as lim
            from jsonb_array_elements(p_items) i,
                 generate_series(1, coalesce(jsonb_array_length(i.value -> 'limit' -> 'buckets'), 0)) r(k)) d;

  -- Each item in arrival order, with the numbers of the rules it must pass (`checks`), of every
  -- rule on its buckets (`bumps`, which its hit counts towards) and its buckets' keys (`hit_keys`).
  for v_row in
    with rules as (
      select r.key, r.window_seconds, r.lim, r.n::integer as rule
        from unnest(v_rule_key, v_rule_window, v_rule_limit) with ordinality r(key, window_seconds, lim, n)
    ), occurrences as (
      select i.n as item, r.k, v_keys ->> (i.value -> 'limit' -> 'buckets' ->> (r.k - 1)::int) as key,
             (i.value -> 'limit' -> 'windows' ->> (r.k - 1)::int)::integer as window_seconds,
             (i.value -> 'limit' -> 'limits' ->> (r.k - 1)::int)::integer as lim
        from jsonb_array_elements(p_items) with ordinality i(value, n),
             generate_series(1, coalesce(jsonb_array_length(i.value -> 'limit' -> 'buckets'), 0)) r(k)
    ), checks as (
      select o.item, array_agg(ru.rule order by o.k) as checks
        from occurrences o join rules ru using (key, window_seconds, lim)
       group by o.item
    ), bumps as (
      select x.item, array_agg(ru.rule) as bumps, array_agg(distinct x.key) as hit_keys
        from (select distinct item, key from occurrences) x join rules ru using (key)
       group by x.item
    )
    select i.value as item, coalesce(c.checks, '{}') as checks, coalesce(b.bumps, '{}') as bumps,
           coalesce(b.hit_keys, '{}') as hit_keys
      from jsonb_array_elements(p_items) with ordinality i(value, n)
      left join checks c on c.item = i.n
      left join bumps b on b.item = i.n
     order by i.n
  loop
    v_live := true;
    v_allowed := true;
    v_retry := 0;
    if v_row.item ? 'limit' then
      -- private.take_rate_limits' rule: each rule allows `limit` hits on its bucket per window;
      -- all must pass, and only then does the item's hit count, once per bucket.
      foreach v_rule in array v_row.checks loop
        if v_count[v_rule] >= v_rule_limit[v_rule] then
          v_allowed := false;
        end if;
      end loop;
      if v_allowed then
        foreach v_rule in array v_row.bumps loop
          v_count[v_rule] := v_count[v_rule] + 1;
        end loop;
        v_hits := v_hits || v_row.hit_keys;
      else
        -- Refused (rare): take_rate_limits itself says how long to wait (after this batch's
        -- earlier hits are written, so it sees them), and records nothing.
        insert into private.rate_limit_hits (bucket) select unnest(v_hits);
        v_hits := '{}';
        select r.allowed, r.retry_after_seconds into v_allowed, v_retry
          from private.take_rate_limits(
            array(select jsonb_array_elements_text(v_row.item -> 'limit' -> 'buckets')),
            array(select jsonb_array_elements_text(v_row.item -> 'limit' -> 'limits')::integer),
            array(select jsonb_array_elements_text(v_row.item -> 'limit' -> 'windows')::integer)
          ) r;
      end if;
    end if;
    if v_row.item ? 'auth_session' then
      v_live := private.auth_session_is_live((v_row.item -> 'auth_session' ->> 'id')::uuid,
                                             (v_row.item -> 'auth_session' ->> 'user_id')::uuid, null::interval);
    end if;
    v_result := null;
    if v_live and v_allowed then
      perform set_config('request.jwt.claims', v_row.item ->> 'claims', true);
      v_result := private.book_session((v_row.item ->> 'event_id')::uuid, (v_row.item ->> 'session_id')::uuid,
                                       coalesce((v_row.item ->> 'swap')::boolean, false));
    end if;
    v_answers := v_answers || jsonb_build_object('live', v_live, 'allowed', v_allowed,
                                                 'retry_after_seconds', v_retry, 'result', v_result);
  end loop;
  perform set_config('request.jwt.claims', '{"role":"service_role"}', true);
  insert into private.rate_limit_hits (bucket) select unnest(v_hits);
  -- Keep the hit log small, as take_rate_limits does, once per batch.
  if v_keys <> '{}' then
    delete from private.rate_limit_hits h
     where h.ctid in (
       select o.ctid from private.rate_limit_hits o
        where o.hit_at < now() - interval '1 day'
        limit 200
        for update skip locked
     );
  end if;
  return to_jsonb(v_answers);
end
$$;

revoke execute on function private.book_sessions(jsonb) from public, anon, authenticated;
grant execute on function private.book_sessions(jsonb) to service_role;
