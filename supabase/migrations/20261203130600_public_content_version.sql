-- One number that says "what the public sees has changed": the page cache of
-- every server instance (src/lib/site/page-cache.ts) keys its anonymous
-- renders by it and polls it about once a second, so an organiser's change
-- reaches every instance's public pages within seconds, through a
-- transaction-mode pooler as well (a plain select; no LISTEN, no session state).
--
-- Raised by triggers on every table an anonymous visitor can read (the
-- content of the landing, event, programme, gallery, speaker, solution and
-- takeaways pages), once per transaction however many rows it changes.
-- Counters that attendees move (seats taken, tickets sold, calendar versions)
-- do not count: on tables with a `version` column only a change of `version`
-- raises it, and `private.bump_version()` already leaves `version` alone for
-- those counters — so a booking or registration rush never touches this row
-- and never empties the caches. Seat counts reach pages live from their own
-- endpoint (seats.json); a cached page is re-rendered within seconds anyway.
--
-- The triggers are deferred constraint triggers: they run at commit, after
-- every other statement of the transaction, so the lock on this one row is
-- always the last lock a transaction takes and is held only while it
-- commits — two organisers' transactions can never deadlock on it.

create table private.public_content_version (
  singleton boolean primary key default true check (singleton),
  version bigint not null default 1,
  changed_at timestamptz not null default now(),
  -- The transaction that raised it last: a second trigger in the same transaction does nothing.
  changed_in xid8
);
alter table private.public_content_version enable row level security;
revoke all on private.public_content_version from public, anon, authenticated, service_role;
insert into private.public_content_version default values;

create function private.bump_public_content_version() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update private.public_content_version
     set version = version + 1, changed_at = clock_timestamp(), changed_in = pg_current_xact_id()
   where singleton and changed_in is distinct from pg_current_xact_id();
  return null;
end
$$;
revoke execute on function private.bump_public_content_version() from public;

-- Tables with a row version: inserts, deletes, and updates that change the version.
do $$
declare
  v_table text;
begin
  foreach v_table in array array[
    'events', 'tracks', 'rooms', 'sessions', 'speakers', 'ticket_types', 'materials',
    'takeaway_articles', 'takeaway_article_images', 'survey_questions'
  ] loop
    execute format(
      'create constraint trigger %1$s_public_content_changed after insert or delete on public.%1$I
         deferrable initially deferred for each row execute function private.bump_public_content_version()',
      v_table);
    execute format(
      'create constraint trigger %1$s_public_content_edited after update on public.%1$I
         deferrable initially deferred for each row
         when (old.version is distinct from new.version)
         execute function private.bump_public_content_version()',
      v_table);
  end loop;
  -- Tables without one: every change is an edit (none of them holds an attendee's counter).
  foreach v_table in array array[
    'session_speakers', 'gallery_presentations', 'solutions', 'solution_partners', 'organisations', 'takeaways'
  ] loop
    execute format(
      'create constraint trigger %1$s_public_content_changed after insert or update or delete on public.%1$I
         deferrable initially deferred for each row execute function private.bump_public_content_version()',
      v_table);
  end loop;
end
$$;
