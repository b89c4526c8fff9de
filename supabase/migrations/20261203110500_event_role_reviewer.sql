-- Reviewers: people who read and decide on an event's submitted solutions
-- without running the event. A value of its own, in a file of its own: a new
-- enum value cannot be used in the transaction that adds it, and each
-- migration runs in one transaction.
alter type public.event_role add value if not exists 'reviewer' after 'organiser';
