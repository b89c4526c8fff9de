-- The call for solutions is open only on a published event, inside its
-- window. A draft has no public pages to find the call on, and an exhibitor
-- must not submit to an event its organisers may still change or drop; an
-- archived event is over (20261203110102 already said so). The window alone
-- used to decide for drafts.
create or replace function private.call_is_open(p_event_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (
    select 1 from public.events e
    where e.id = p_event_id and e.status = 'published'
      and now() >= e.call_opens_at and now() < e.call_closes_at
  )
$$;
