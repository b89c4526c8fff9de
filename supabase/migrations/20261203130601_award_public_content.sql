-- The audience award (20261203130001) is public content too: its name, window
-- and announcement and its nominees show on the session, solution and award
-- pages, so changing them raises the public content version
-- (20261203130600_public_content_version.sql) like every other public table.
-- Votes live in private.award_votes and never do.
create constraint trigger awards_public_content_changed after insert or delete on public.awards
  deferrable initially deferred for each row execute function private.bump_public_content_version();
create constraint trigger awards_public_content_edited after update on public.awards
  deferrable initially deferred for each row
  when (old.version is distinct from new.version)
  execute function private.bump_public_content_version();
create constraint trigger award_nominees_public_content_changed after insert or update or delete on public.award_nominees
  deferrable initially deferred for each row execute function private.bump_public_content_version();
