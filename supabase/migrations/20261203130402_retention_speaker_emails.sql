-- Retention reaches the speakers' sign-in addresses too: when an event's
-- attendees are anonymised (private.anonymise_event sets
-- events.personal_data_anonymised_at, 20261203110001_retention.sql), the
-- addresses its organisers gave its speakers (public.speaker_emails,
-- 20261203120501) are deleted in the same transaction. A trigger, like the
-- takeaways' (20261203110830), so anonymise_event stays as it is. The
-- speakers themselves (name, bio: public programme content) stay.

create or replace function private.forget_speaker_emails_of_anonymised_event() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from public.speaker_emails s where s.event_id = new.id;
  return null;
end
$$;
revoke execute on function private.forget_speaker_emails_of_anonymised_event() from public;

create trigger events_forget_speaker_emails_when_anonymised
  after update of personal_data_anonymised_at on public.events
  for each row
  when (old.personal_data_anonymised_at is null and new.personal_data_anonymised_at is not null)
  execute function private.forget_speaker_emails_of_anonymised_event();
