-- Renaming a room bumps the calendar version of the sessions in it
-- (private.bump_calendar_of_room, 20261203101000). As an organiser, who has
-- no update privilege on sessions.calendar_version (20261203110200 grants
-- column by column), that trigger failed with "permission denied for table
-- sessions", so the console could not rename a room. It runs as its owner, as
-- private.bump_calendar_of_event does (20261203110102); it touches only the
-- sessions of the room being renamed, which the caller has already been
-- allowed to update.
alter function private.bump_calendar_of_room() security definer;
