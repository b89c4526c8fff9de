-- Retention reaches the takeaways' personal data too: when an event's
-- attendees are anonymised (private.anonymise_event sets
-- events.personal_data_anonymised_at, 20261203110001_retention.sql), their
-- private notes on its sessions and their messages to its solutions' teams
-- are deleted in the same transaction. A trigger rather than a change to
-- that function, so the two stay independent and neither can forget the other.

create or replace function private.forget_takeaways_of_anonymised_event() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.session_notes n where n.event_id = new.id;
  delete from public.solution_contacts c where c.event_id = new.id;
  return null;
end
$$;
revoke execute on function private.forget_takeaways_of_anonymised_event() from public;

create trigger events_forget_takeaways_when_anonymised
  after update of personal_data_anonymised_at on public.events
  for each row
  when (old.personal_data_anonymised_at is null and new.personal_data_anonymised_at is not null)
  execute function private.forget_takeaways_of_anonymised_event();
