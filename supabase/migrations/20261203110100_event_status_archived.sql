-- An event's last state: archived. Its pages stay readable (last year's
-- programme, its speakers and solutions), but it is over: no registration,
-- no booking, no call for solutions. The lifecycle draft → published →
-- archived is enforced in 20261203110102_event_console.sql; the new value is
-- added on its own because Postgres cannot use an enum value in the
-- transaction that adds it.

alter type public.event_status add value if not exists 'archived';
