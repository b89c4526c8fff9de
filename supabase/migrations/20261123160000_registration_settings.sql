-- Registration settings per event, and the caller's verified email address.
--
-- Orders and tickets are linked to people by email: a visitor registers
-- without an account, and signing in later with that address (the sign-in
-- proves control of it) shows them everything registered to it. So policies
-- compare rows with the email in the verified JWT, and with auth.uid() where a
-- row was created by a signed-in user.

alter table public.events
  -- NULL: attendees may cancel themselves until the event starts.
  add column cancellation_deadline timestamptz,
  -- How long a freed seat is held for the next person on the waitlist.
  add column waitlist_offer_hours integer not null default 48
    check (waitlist_offer_hours between 1 and 336),
  -- One buyer registering a team: at most this many attendees in one order.
  add column max_tickets_per_order integer not null default 20
    check (max_tickets_per_order between 1 and 100),
  add constraint events_cancellation_before_end
    check (cancellation_deadline is null or cancellation_deadline <= ends_at);

-- The lower-cased email of the signed-in caller, from the verified claims;
-- NULL for anon. Policies call it as `(select private.current_email())` so it
-- runs once per statement.
create or replace function private.current_email() returns text
language sql
stable
set search_path = ''
as $$
  select lower(nullif(trim(auth.jwt() ->> 'email'), ''))
$$;
revoke execute on function private.current_email() from public;
grant execute on function private.current_email() to authenticated, service_role;
