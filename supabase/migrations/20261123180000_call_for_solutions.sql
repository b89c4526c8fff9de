-- The call for solutions: the window in which exhibitors may submit and edit
-- solutions for an event. Both ends NULL: no call.

alter table public.events
  add column call_opens_at timestamptz,
  add column call_closes_at timestamptz,
  add constraint events_call_window check (
    (call_opens_at is null) = (call_closes_at is null) and (call_closes_at is null or call_closes_at > call_opens_at)
  );

-- Security definer so that policies can ask about draft events too.
create or replace function private.call_is_open(p_event_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.events e
    where e.id = p_event_id and now() >= e.call_opens_at and now() < e.call_closes_at
  )
$$;
revoke execute on function private.call_is_open(uuid) from public;
grant execute on function private.call_is_open(uuid) to authenticated, service_role;
