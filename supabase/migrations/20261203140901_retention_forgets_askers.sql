-- Retention reaches the questions asked in sessions (20261203140600) too:
-- when an event's attendees are anonymised (private.anonymise_event sets
-- events.personal_data_anonymised_at, 20261203110001_retention.sql), who
-- asked each question and who up-voted it go in the same transaction. The
-- question texts stay, anonymous (the author rows' delete trigger,
-- private.forget_question_author, drops the name), as programme history; the
-- up-votes were links between a person and a question and go with them.
-- A trigger, like the speakers' addresses (20261203130402), so
-- anonymise_event stays as it is.

create or replace function private.forget_askers_of_anonymised_event() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from private.question_authors a where a.event_id = new.id;
  delete from private.question_votes v
   using public.questions q
   where q.id = v.question_id and q.event_id = new.id;
  return null;
end
$$;
revoke execute on function private.forget_askers_of_anonymised_event() from public;

create trigger events_forget_askers_when_anonymised
  after update of personal_data_anonymised_at on public.events
  for each row
  when (old.personal_data_anonymised_at is null and new.personal_data_anonymised_at is not null)
  execute function private.forget_askers_of_anonymised_event();
