-- The booking rush's statements keep their index plans when the tables'
-- statistics are missing or stale (#16, the hot-round rush).
--
-- Found by counting what a batch of 200 bookings read (pg_stat_xact_all_tables
-- inside its transaction): on a bookings table of 3,300 rows whose statistics
-- were gathered while it was empty, as on a new installation's first
-- registration day or on any table a rush fills faster than autovacuum
-- analyses it (a minute apart at best), private.with_notices scanned the whole
-- table once per booking — 660,100 rows read for 200 bookings — because,
-- without statistics, the planner takes `seat_notice_due` to be true for half
-- the rows and expects an `exists` to stop at once. A rush's cost per booking
-- then grew with every booking before it. The rate-limit log
-- (private.rate_limit_hits) and the auth sessions fill up the same way.
--
-- Every statement these functions run is a lookup that an index serves (the
-- partial index bookings_notice_due_idx, the primary and unique keys), so
-- they run with sequential scans priced out: the planner still chooses among
-- indexes by their statistics, but never falls back to reading a whole table
-- it has not yet measured. The setting holds for the function's own
-- statements and whatever it calls, and is restored when it returns.
-- tests/db/booking-plans.test.ts counts the rows a batch reads without
-- statistics.
alter function private.book_sessions(jsonb) set enable_seqscan = off;
alter function private.book_session(uuid, uuid, boolean) set enable_seqscan = off;
alter function private.cancel_booking(uuid) set enable_seqscan = off;
alter function private.claim_booking_offer(uuid) set enable_seqscan = off;
alter function private.with_notices(jsonb) set enable_seqscan = off;
alter function private.take_rate_limits(text[], integer[], integer[]) set enable_seqscan = off;
alter function private.auth_session_is_live(uuid, uuid, interval) set enable_seqscan = off;
-- Sign-in's own cleanup of expired sessions (not_after, indexed) read the whole table per sign-in the same way.
alter function private.start_auth_session(uuid, interval) set enable_seqscan = off;
