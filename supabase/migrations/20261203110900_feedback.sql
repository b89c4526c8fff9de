-- Feedback after the day: a 1–5 rating with an optional comment per session,
-- and one event survey (an NPS-style 0–10 score plus free text), each once
-- per attendee (ticket) and editable until a week after the event ends.
--
-- Who may write: a valid ticket holder of the event. Session feedback also
-- needs the session: scanned at its door, or a confirmed seat in it (the
-- takeaways' "booked"). Writes go only through the security-definer
-- functions below, which pick the caller's own ticket, check the window and
-- upsert (a second submission edits the first, never a duplicate).
--
-- Who may read: an attendee their own rows; organisers of the event all of
-- them. Speakers and exhibitors get no access to the tables: what they may
-- see comes from private.session_feedback_summary, which carries no ticket.
--
-- Retention: rows point at tickets, never at people. private.anonymise_event
-- strips the tickets of their holder, name and address, so after it the
-- scores and comments stay but lead to nobody; nothing here needs changing.

create table public.session_feedback (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null,
  session_id uuid not null,
  ticket_id uuid not null,
  rating smallint not null check (rating between 1 and 5),
  comment text check (comment is null or length(comment) between 1 and 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (session_id, ticket_id),
  constraint session_feedback_session_same_event foreign key (event_id, session_id)
    references public.sessions (event_id, id) on delete cascade,
  constraint session_feedback_ticket_same_event foreign key (event_id, ticket_id)
    references public.tickets (event_id, id) on delete cascade
);
create index session_feedback_event_idx on public.session_feedback (event_id, session_id);
create index session_feedback_ticket_idx on public.session_feedback (ticket_id);

create table public.survey_responses (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (id) on delete cascade,
  ticket_id uuid not null,
  score smallint not null check (score between 0 and 10),
  comment text check (comment is null or length(comment) between 1 and 4000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (event_id, ticket_id),
  constraint survey_responses_ticket_same_event foreign key (event_id, ticket_id)
    references public.tickets (event_id, id) on delete cascade
);
create index survey_responses_ticket_idx on public.survey_responses (ticket_id);

create trigger session_feedback_touch before update on public.session_feedback
  for each row execute function private.touch_updated_at();
create trigger survey_responses_touch before update on public.survey_responses
  for each row execute function private.touch_updated_at();

-- Whether a ticket is the caller's own (held, or issued to their address).
-- Definer so the policies do not recurse through tickets' own.
create or replace function private.is_my_ticket(p_ticket_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select (select auth.uid()) is not null and exists (
    select 1 from public.tickets t
     where t.id = p_ticket_id
       and (t.holder_user_id = (select auth.uid()) or t.attendee_email = (select private.current_email()))
  )
$$;
revoke execute on function private.is_my_ticket(uuid) from public;
grant execute on function private.is_my_ticket(uuid) to authenticated, service_role;

alter table public.session_feedback enable row level security;
alter table public.survey_responses enable row level security;
revoke all on table public.session_feedback from anon, authenticated;
revoke all on table public.survey_responses from anon, authenticated;
grant select on table public.session_feedback to authenticated;
grant select on table public.survey_responses to authenticated;
grant all on table public.session_feedback to service_role;
grant all on table public.survey_responses to service_role;

create policy "Attendees can read their own session feedback"
  on public.session_feedback for select
  to authenticated
  using (private.is_my_ticket(ticket_id));

create policy "Organisers can read all session feedback of their event"
  on public.session_feedback for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Attendees can read their own survey answer"
  on public.survey_responses for select
  to authenticated
  using (private.is_my_ticket(ticket_id));

create policy "Organisers can read all survey answers of their event"
  on public.survey_responses for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

-- Until when feedback on an event may be given or changed.
create or replace function private.feedback_closes_at(p_ends_at timestamptz) returns timestamptz
language sql immutable
set search_path = ''
as $$ select p_ends_at + interval '7 days' $$;
revoke execute on function private.feedback_closes_at(timestamptz) from public;
grant execute on function private.feedback_closes_at(timestamptz) to authenticated, service_role;

-- The caller's ticket that may rate a session, if any: scanned at its door
-- first, else one with a confirmed seat in it.
create or replace function private.feedback_ticket_for_session(p_session_id uuid) returns uuid
language sql stable security definer
set search_path = ''
as $$
  select t.id
    from public.tickets t
    join public.sessions s on s.id = p_session_id and s.event_id = t.event_id
   where (select auth.uid()) is not null and t.status = 'valid'
     and (t.holder_user_id = (select auth.uid()) or t.attendee_email = (select private.current_email()))
     and (exists (select 1 from public.session_check_ins c where c.session_id = s.id and c.ticket_id = t.id)
          or exists (select 1 from public.bookings b
                      where b.session_id = s.id and b.ticket_id = t.id and b.status = 'confirmed'))
   order by exists (select 1 from public.session_check_ins c where c.session_id = s.id and c.ticket_id = t.id) desc,
            t.id
   limit 1
$$;
revoke execute on function private.feedback_ticket_for_session(uuid) from public;
grant execute on function private.feedback_ticket_for_session(uuid) to authenticated, service_role;

-- Saves (or edits) the caller's rating of a session. Codes: saved, created
-- (first time), not_found, not_eligible, not_open (the session has not
-- started), closed (a week after the event), invalid_rating, comment_too_long.
create or replace function private.save_session_feedback(p_session_id uuid, p_rating integer, p_comment text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_session record;
  v_ticket uuid;
  v_comment text := nullif(btrim(coalesce(p_comment, '')), '');
  v_created boolean;
begin
  select s.id, s.event_id, s.starts_at, e.ends_at
    into v_session
    from public.sessions s join public.events e on e.id = s.event_id
   where s.id = p_session_id;
  if not found then
    return jsonb_build_object('code', 'not_found');
  elsif p_rating is null or p_rating not between 1 and 5 then
    return jsonb_build_object('code', 'invalid_rating');
  elsif v_comment is not null and length(v_comment) > 2000 then
    return jsonb_build_object('code', 'comment_too_long');
  end if;
  v_ticket := private.feedback_ticket_for_session(p_session_id);
  if v_ticket is null then
    return jsonb_build_object('code', 'not_eligible');
  elsif now() < v_session.starts_at then
    return jsonb_build_object('code', 'not_open');
  elsif now() > private.feedback_closes_at(v_session.ends_at) then
    return jsonb_build_object('code', 'closed');
  end if;
  insert into public.session_feedback (event_id, session_id, ticket_id, rating, comment)
  values (v_session.event_id, p_session_id, v_ticket, p_rating, v_comment)
  on conflict (session_id, ticket_id) do update
    set rating = excluded.rating, comment = excluded.comment
  returning (xmax = 0) into v_created;
  return jsonb_build_object('code', case when v_created then 'created' else 'saved' end);
end
$$;
revoke execute on function private.save_session_feedback(uuid, integer, text) from public;
grant execute on function private.save_session_feedback(uuid, integer, text) to authenticated;

-- Saves (or edits) the caller's survey answer. Codes: created, saved,
-- not_found, no_ticket, not_open (before the event starts), closed,
-- invalid_score, comment_too_long.
create or replace function private.save_survey_response(p_event_id uuid, p_score integer, p_comment text)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_event record;
  v_ticket uuid;
  v_comment text := nullif(btrim(coalesce(p_comment, '')), '');
  v_created boolean;
begin
  select e.id, e.starts_at, e.ends_at into v_event from public.events e where e.id = p_event_id;
  if not found then
    return jsonb_build_object('code', 'not_found');
  elsif p_score is null or p_score not between 0 and 10 then
    return jsonb_build_object('code', 'invalid_score');
  elsif v_comment is not null and length(v_comment) > 4000 then
    return jsonb_build_object('code', 'comment_too_long');
  end if;
  select t.id into v_ticket
    from public.tickets t
   where t.event_id = p_event_id and t.status = 'valid' and (select auth.uid()) is not null
     and (t.holder_user_id = (select auth.uid()) or t.attendee_email = (select private.current_email()))
   order by (t.holder_user_id = (select auth.uid())) desc nulls last, t.id
   limit 1;
  if v_ticket is null then
    return jsonb_build_object('code', 'no_ticket');
  elsif now() < v_event.starts_at then
    return jsonb_build_object('code', 'not_open');
  elsif now() > private.feedback_closes_at(v_event.ends_at) then
    return jsonb_build_object('code', 'closed');
  end if;
  insert into public.survey_responses (event_id, ticket_id, score, comment)
  values (p_event_id, v_ticket, p_score, v_comment)
  on conflict (event_id, ticket_id) do update
    set score = excluded.score, comment = excluded.comment
  returning (xmax = 0) into v_created;
  return jsonb_build_object('code', case when v_created then 'created' else 'saved' end);
end
$$;
revoke execute on function private.save_survey_response(uuid, integer, text) from public;
grant execute on function private.save_survey_response(uuid, integer, text) to authenticated;

-- A session's feedback as the people on stage may see it: ratings and
-- comments, never whose. For organisers of the event and for exhibitor team
-- members whose solution was presented in that (gallery) session; anyone
-- else gets nothing.
create or replace function private.session_feedback_summary(p_session_id uuid)
returns table (rating smallint, comment text, updated_at timestamptz)
language sql stable security definer
set search_path = ''
as $$
  select f.rating, f.comment, f.updated_at
    from public.session_feedback f
    join public.sessions s on s.id = f.session_id
   where f.session_id = p_session_id
     and (private.has_event_role(s.event_id, 'organiser')
          or exists (select 1 from public.gallery_presentations g
                      where g.session_id = s.id and private.is_solution_member(g.solution_id)))
   order by f.updated_at desc
$$;
revoke execute on function private.session_feedback_summary(uuid) from public;
grant execute on function private.session_feedback_summary(uuid) to authenticated, service_role;
