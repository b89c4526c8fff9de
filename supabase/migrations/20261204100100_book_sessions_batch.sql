-- Group commit for bookings (#16, the hot-round rush).
--
-- Measured first (bench/booking.ts, docs/ARCHITECTURE.md "Booking in a
-- rush"): with one booking per transaction, the direct SQL reference booked a
-- 1,000-person round at ~1,200/s but HTTP only at ~320/s, and Postgres spent
-- 1.3–4 ms CPU per HTTP booking against 0.8–1.1 ms direct: every booking paid
-- its own transaction, commit, rate-limit statement, session check and round
-- trips. The web tier now gathers the bookings that arrive while an earlier
-- call for the same session is in Postgres and sends them as ONE call of this
-- function: the lock, the statement overhead and the commit are paid once per
-- batch, and each booking still gets its own answer.
--
-- Each item is exactly what one request did before, in arrival order:
-- optionally the session-liveness check and the rate limit (the JSON
-- endpoint's one-write step), then private.book_session as that user (its
-- claims set for the call). So the form and the JSON endpoint run the same
-- booking SQL, and a batch of one is the old path. The seat rules live in
-- book_session unchanged: the session row lock, the seat counter, the
-- waitlist counter — a batch only holds the lock across its own items, which
-- arrived in that order.
--
-- Failure: an item's refusal is an answer, not an error. An unexpected error
-- aborts the whole batch (nothing of it commits, no savepoints: a savepoint
-- per item would overflow the subtransaction cache at a few dozen items and
-- slow every other backend); the web tier then runs each item of that batch
-- alone, so one bad item never fails the others. The whole batch commits or
-- none of it, so a crash never leaves half a batch or doubles a booking.
--
-- Only the service role (the web server, after it checked each request's
-- signed session) may call it: an item names the user it books as.

create or replace function private.book_sessions(p_items jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_item jsonb;
  v_answers jsonb[] := '{}';
  v_live boolean;
  v_allowed boolean;
  v_retry integer;
  v_result jsonb;
  v_keys text[];
  v_limits integer[];
  v_windows integer[];
begin
  if jsonb_typeof(p_items) is distinct from 'array' then
    raise exception 'book_sessions: an array of items' using errcode = '22023';
  end if;
  -- Every rate-limit bucket of the batch, locked once in one order, under the names
  -- take_rate_limits locks them by (their keys, 20261204150100_rate_limit_keyed_buckets.sql;
  -- it takes them again, a no-op): two batches sharing buckets (an office behind one
  -- address) wait for each other instead of deadlocking.
  perform pg_advisory_xact_lock(hashtextextended('samspil.rate_limit:' || k.key, 0))
     from (select distinct private.rate_limit_key(r.bucket) as key
             from jsonb_array_elements(p_items) i, jsonb_array_elements_text(i.value -> 'limit' -> 'buckets') r(bucket)
            order by 1) k;

  for v_item in select i.value from jsonb_array_elements(p_items) with ordinality i order by i.ordinality loop
    v_live := true;
    v_allowed := true;
    v_retry := 0;
    if v_item ? 'limit' then
      -- private.take_rate_limits' rule, set-based: each rule allows `limit` hits on its
      -- bucket per window; all must pass, and only then are the buckets' hits recorded.
      -- (The batch holds every bucket's lock, so earlier items' hits count here.)
      v_keys := array(select private.rate_limit_key(x.v) from jsonb_array_elements_text(v_item -> 'limit' -> 'buckets') with ordinality x(v, n) order by x.n);
      v_limits := array(select x.v::integer from jsonb_array_elements_text(v_item -> 'limit' -> 'limits') with ordinality x(v, n) order by x.n);
      v_windows := array(select x.v::integer from jsonb_array_elements_text(v_item -> 'limit' -> 'windows') with ordinality x(v, n) order by x.n);
      select coalesce(bool_and(
               (select count(*) from (select 1 from private.rate_limit_hits h
                                       where h.bucket = v_keys[i]
                                         and h.hit_at > now() - make_interval(secs => v_windows[i])
                                       limit v_limits[i]) x) < v_limits[i]), true)
        into v_allowed
        from generate_subscripts(v_keys, 1) i;
      if v_allowed then
        insert into private.rate_limit_hits (bucket)
        select distinct k from unnest(v_keys) k;
      else
        -- Refused (rare): take_rate_limits itself says how long to wait, and records nothing.
        select r.allowed, r.retry_after_seconds into v_allowed, v_retry
          from private.take_rate_limits(
            array(select jsonb_array_elements_text(v_item -> 'limit' -> 'buckets')),
            array(select jsonb_array_elements_text(v_item -> 'limit' -> 'limits')::integer),
            array(select jsonb_array_elements_text(v_item -> 'limit' -> 'windows')::integer)
          ) r;
      end if;
    end if;
    if v_item ? 'auth_session' then
      v_live := private.auth_session_is_live((v_item -> 'auth_session' ->> 'id')::uuid,
                                             (v_item -> 'auth_session' ->> 'user_id')::uuid, null::interval);
    end if;
    v_result := null;
    if v_live and v_allowed then
      perform set_config('request.jwt.claims', v_item ->> 'claims', true);
      v_result := private.book_session((v_item ->> 'event_id')::uuid, (v_item ->> 'session_id')::uuid,
                                       coalesce((v_item ->> 'swap')::boolean, false));
    end if;
    v_answers := v_answers || jsonb_build_object('live', v_live, 'allowed', v_allowed,
                                                 'retry_after_seconds', v_retry, 'result', v_result);
  end loop;
  perform set_config('request.jwt.claims', '{"role":"service_role"}', true);
  -- Keep the hit log small, as take_rate_limits does, once per batch.
  if exists (select 1 from jsonb_array_elements(p_items) i where i.value ? 'limit') then
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
