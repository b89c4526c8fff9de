-- The people on stage see the feedback on what they presented, never whose.
--
-- Speakers are rows the organisers write (20261123120400), not accounts. The
-- organisers give a speaker the address they sign in with
-- (public.speaker_emails, in the console at /konsol/<event>/feedback/evaluering);
-- a signed-in person whose verified address matches is that speaker for
-- this purpose. Exhibitors are the accepted members of a solution's team
-- (solution_team_members) and see the gallery rounds their solution was
-- presented in.
--
-- Neither may read public.session_feedback (its RLS lets only the author and
-- the organisers in). What they get comes from two security-definer
-- functions that return ratings and comments and no ticket, name or address:
-- private.session_feedback_summary (one session, now for speakers too) and
-- private.my_presented_feedback (all of the caller's sessions at once), with
-- private.my_presented_sessions listing the sessions themselves.

create table public.speaker_emails (
  speaker_id uuid primary key,
  event_id uuid not null,
  -- Lower case, as private.current_email() gives the signed-in address.
  email text not null check (
    email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(email) <= 254 and email = lower(email)),
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint speaker_emails_speaker_same_event foreign key (event_id, speaker_id)
    references public.speakers (event_id, id) on delete cascade
);
create index speaker_emails_email_idx on public.speaker_emails (email);
create index speaker_emails_event_idx on public.speaker_emails (event_id);

create trigger speaker_emails_touch before update on public.speaker_emails
  for each row execute function private.touch_updated_at();
create trigger speaker_emails_version before update on public.speaker_emails
  for each row execute function private.bump_version();
create trigger speaker_emails_audit after insert or update or delete on public.speaker_emails
  for each row execute function private.audit_row_change('event_id', 'speaker_id', '');

alter table public.speaker_emails enable row level security;
revoke all on table public.speaker_emails from anon, authenticated;
grant select on table public.speaker_emails to authenticated;
grant insert (speaker_id, event_id, email) on table public.speaker_emails to authenticated;
grant update (email) on table public.speaker_emails to authenticated;
grant delete on table public.speaker_emails to authenticated;
grant all on table public.speaker_emails to service_role;

create policy "Organisers can read the speakers' addresses of their events"
  on public.speaker_emails for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Speakers can read the address they were given"
  on public.speaker_emails for select
  to authenticated
  using (email = (select private.current_email()));

create policy "Organisers can give the speakers of their events an address"
  on public.speaker_emails for insert
  to authenticated
  with check (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can change the speakers' addresses of their events"
  on public.speaker_emails for update
  to authenticated
  using (private.has_event_role(event_id, 'organiser'))
  with check (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can remove the speakers' addresses of their events"
  on public.speaker_emails for delete
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

-- Whether the caller presented in a session: a speaker of it by address, or
-- on the team of a solution shown in it.
create or replace function private.presented_in(p_session_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select (select auth.uid()) is not null and (
    exists (select 1 from public.session_speakers ss
              join public.speaker_emails se on se.speaker_id = ss.speaker_id
             where ss.session_id = p_session_id and se.email = (select private.current_email()))
    or private.presents_in_session(p_session_id))
$$;
revoke execute on function private.presented_in(uuid) from public;
grant execute on function private.presented_in(uuid) to authenticated, service_role;

-- The sessions the caller presented, of any event, with what My page shows.
create or replace function private.my_presented_sessions()
returns table (
  session_id uuid, event_id uuid, event_slug text, event_name text, event_name_en text, timezone text,
  title text, title_en text, starts_at timestamptz, ends_at timestamptz, as_speaker boolean
)
language sql stable security definer
set search_path = ''
as $$
  with mine as (
    select ss.session_id, true as as_speaker
      from public.session_speakers ss
      join public.speaker_emails se on se.speaker_id = ss.speaker_id
     where se.email = (select private.current_email()) and (select auth.uid()) is not null
    union
    select g.session_id, false
      from public.gallery_presentations g
      join public.solution_team_members m
        on m.solution_id = g.solution_id and m.user_id = (select auth.uid()) and m.accepted_at is not null
  )
  select s.id, e.id, e.slug::text, e.name, e.name_en, e.timezone, s.title, s.title_en, s.starts_at, s.ends_at,
         bool_or(mine.as_speaker)
    from mine
    join public.sessions s on s.id = mine.session_id
    join public.events e on e.id = s.event_id
   group by s.id, e.id
   order by e.starts_at desc, s.starts_at, s.title
$$;
revoke execute on function private.my_presented_sessions() from public;
grant execute on function private.my_presented_sessions() to authenticated, service_role;

-- The ratings and comments on every session the caller presented; no ticket,
-- no name, no address.
create or replace function private.my_presented_feedback()
returns table (session_id uuid, rating smallint, comment text, updated_at timestamptz)
language sql stable security definer
set search_path = ''
as $$
  select f.session_id, f.rating, f.comment, f.updated_at
    from public.session_feedback f
   where f.session_id in (select p.session_id from private.my_presented_sessions() p)
   order by f.updated_at desc
$$;
revoke execute on function private.my_presented_feedback() from public;
grant execute on function private.my_presented_feedback() to authenticated, service_role;

-- As in 20261203110900, and for the session's speakers too.
create or replace function private.session_feedback_summary(p_session_id uuid)
returns table (rating smallint, comment text, updated_at timestamptz)
language sql stable security definer
set search_path = ''
as $$
  select f.rating, f.comment, f.updated_at
    from public.session_feedback f
    join public.sessions s on s.id = f.session_id
   where f.session_id = p_session_id
     and (private.has_event_role(s.event_id, 'organiser') or private.presented_in(s.id))
   order by f.updated_at desc
$$;
revoke execute on function private.session_feedback_summary(uuid) from public;
grant execute on function private.session_feedback_summary(uuid) to authenticated, service_role;
