-- Questions in a session (#14 item 4): attendees with a ticket post questions
-- from their phone and up-vote others' (one vote each, which they may take
-- back); the session's moderator sorts, hides, marks answered and pins the
-- one being answered; a big screen shows them. The gallery's "questions to
-- the solution owners" are the same thing: a gallery round has one list per
-- solution presented in it, moderated by that solution's team.
--
--   public.question_lists     one per session (solution_id null) or per
--                             solution in a gallery round: the moderator's
--                             open/closed choice and the pinned question
--   public.questions          the text, the name shown (null when posted
--                             anonymously or erased), visible/hidden/answered
--   private.question_authors  who asked (one row per question): for their
--                             own view, rate limits, the data export, erasure
--   private.question_votes    who up-voted what: one row per person and
--                             question (the primary key is the invariant)
--
-- Nobody but the definer functions reads the authors or the votes: attendees
-- see totals, never who voted, and the moderator never sees who asked an
-- anonymous question — the moderator may be a colleague or a manager of the
-- asker, and anonymity that the room side can lift is none; abuse is handled
-- by hiding the question, and Postgres still knows the author for rate limits,
-- the export and erasure. Every write goes through the functions below, which
-- check the caller: a ticket holder of the event to ask and vote, a moderator
-- of that list (the session's speakers with the role 'moderator' by their
-- address in public.speaker_emails, the accepted team of the solution for a
-- gallery list, the event's organisers) to moderate.
--
-- A list is open from 15 minutes before its session starts until 30 minutes
-- after it ends, unless its moderator opened or closed it by hand.

create table public.question_lists (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null,
  session_id uuid not null,
  -- Null: the session's own list. Otherwise a solution presented in the round.
  solution_id uuid,
  -- Null: open by the clock; 'open' or 'closed': the moderator's choice.
  opened text check (opened in ('open', 'closed')),
  pinned_question_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (event_id, id),
  constraint question_lists_one_per_session_and_solution unique nulls not distinct (session_id, solution_id),
  constraint question_lists_session_same_event foreign key (event_id, session_id)
    references public.sessions (event_id, id) on delete cascade,
  -- A solution's list hangs off its presentation in that round.
  constraint question_lists_presented_in_round foreign key (session_id, solution_id)
    references public.gallery_presentations (session_id, solution_id) on delete cascade
);

create table public.questions (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null,
  list_id uuid not null,
  -- Plain text, never markup: what looks like a tag is refused (and the pages escape anyway).
  body text not null check (length(body) between 1 and 500 and body = btrim(body) and body !~ '<[A-Za-z/!?]'),
  -- The asker's name as on their ticket; null when anonymous or once their account is erased.
  author_name text check (author_name is null or length(author_name) <= 200),
  anonymous boolean not null default false,
  status text not null default 'visible' check (status in ('visible', 'hidden', 'answered')),
  created_at timestamptz not null default now(),
  answered_at timestamptz,
  unique (list_id, id),
  constraint questions_anonymous_without_name check (not anonymous or author_name is null),
  constraint questions_answered_at check ((status = 'answered') = (answered_at is not null)),
  constraint questions_list_same_event foreign key (event_id, list_id)
    references public.question_lists (event_id, id) on delete cascade
);
create index questions_list_idx on public.questions (list_id, created_at);
create index questions_event_idx on public.questions (event_id);

-- The pinned question is one of the list's own; deleting it unpins.
alter table public.question_lists
  add constraint question_lists_pinned_of_list foreign key (id, pinned_question_id)
    references public.questions (list_id, id) on delete set null (pinned_question_id);

create table private.question_authors (
  question_id uuid primary key references public.questions (id) on delete cascade,
  event_id uuid not null references public.events (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now()
);
create index question_authors_user_idx on private.question_authors (user_id, event_id);

create table private.question_votes (
  question_id uuid not null references public.questions (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  -- One vote per person and question, whatever races: the invariant itself.
  primary key (question_id, user_id)
);
create index question_votes_user_idx on private.question_votes (user_id);

create trigger question_lists_touch before update on public.question_lists
  for each row execute function private.touch_updated_at();

-- The name goes with the author: an erased account leaves an anonymous question.
create or replace function private.forget_question_author() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.questions q set author_name = null, anonymous = true where q.id = old.question_id;
  return old;
end;
$$;
revoke execute on function private.forget_question_author() from public;
create trigger question_authors_forget after delete on private.question_authors
  for each row execute function private.forget_question_author();

alter table public.question_lists enable row level security;
alter table public.questions enable row level security;
alter table private.question_authors enable row level security;
alter table private.question_votes enable row level security;
revoke all on table public.question_lists, public.questions from anon, authenticated;
revoke all on table private.question_authors, private.question_votes from public, anon, authenticated;
grant select on table public.question_lists to anon, authenticated;
grant select on table public.questions to authenticated;
grant all on table public.question_lists, public.questions, private.question_authors, private.question_votes
  to service_role;

-- ---------------------------------------------------------------------------
-- Who may do what
-- ---------------------------------------------------------------------------

-- Whether the caller moderates a session's list (p_solution_id null) or a
-- solution's list in a gallery round: an organiser of the event; for a
-- session, a speaker of it with the role 'moderator'; for a solution, an
-- accepted member of its team, while the solution is presented in the round.
create or replace function private.moderates_questions(p_session_id uuid, p_solution_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select (select auth.uid()) is not null and exists (
    select 1 from public.sessions s
     where s.id = p_session_id
       and (private.has_event_role(s.event_id, 'organiser')
            or (p_solution_id is null and exists (
                  select 1 from public.session_speakers ss
                    join public.speaker_emails se on se.speaker_id = ss.speaker_id
                   where ss.session_id = s.id and ss.role = 'moderator'
                     and se.email = (select private.current_email())))
            or (p_solution_id is not null
                and exists (select 1 from public.gallery_presentations g
                             where g.session_id = s.id and g.solution_id = p_solution_id)
                and private.is_solution_member(p_solution_id))))
$$;
revoke execute on function private.moderates_questions(uuid, uuid) from public;
grant execute on function private.moderates_questions(uuid, uuid) to authenticated, service_role;

create or replace function private.moderates_question_list(p_list_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select coalesce((select private.moderates_questions(l.session_id, l.solution_id)
                     from public.question_lists l where l.id = p_list_id), false)
$$;
revoke execute on function private.moderates_question_list(uuid) from public;
grant execute on function private.moderates_question_list(uuid) to authenticated, service_role;

create or replace function private.asked_question(p_question_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select exists (select 1 from private.question_authors a
                  where a.question_id = p_question_id and a.user_id = (select auth.uid()))
$$;
revoke execute on function private.asked_question(uuid) from public;
grant execute on function private.asked_question(uuid) to authenticated, service_role;

create policy "Question lists of published events are readable by everyone"
  on public.question_lists for select
  to anon, authenticated
  using (private.event_is_public(event_id));

create policy "Organisers can read their event's question lists"
  on public.question_lists for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Ticket holders can read the questions not hidden of their event"
  on public.questions for select
  to authenticated
  using (status <> 'hidden' and private.holds_valid_ticket(event_id));

create policy "Moderators can read every question of the lists they moderate"
  on public.questions for select
  to authenticated
  using (private.moderates_question_list(list_id));

create policy "Askers can read their own questions"
  on public.questions for select
  to authenticated
  using (private.asked_question(id));

-- ---------------------------------------------------------------------------
-- The window
-- ---------------------------------------------------------------------------

-- When a list opens and closes by the clock, and whether it is open now
-- (the moderator's choice wins). A cancelled session takes no questions.
create or replace function private.question_window(p_session_id uuid, p_solution_id uuid)
returns table (opens_at timestamptz, closes_at timestamptz, opened text, is_open boolean)
language sql stable security definer
set search_path = ''
as $$
  select s.starts_at - interval '15 minutes', s.ends_at + interval '30 minutes', l.opened,
         s.cancelled_at is null and case l.opened
           when 'open' then true
           when 'closed' then false
           else now() >= s.starts_at - interval '15 minutes' and now() < s.ends_at + interval '30 minutes'
         end
    from public.sessions s
    left join public.question_lists l
      on l.session_id = s.id and l.solution_id is not distinct from p_solution_id
   where s.id = p_session_id
$$;
revoke execute on function private.question_window(uuid, uuid) from public;
grant execute on function private.question_window(uuid, uuid) to anon, authenticated, service_role;

-- The list of a session or of a solution in it, created on first use; null
-- when the session is not in a published event, or the solution not in it.
create or replace function private.question_list_for(p_session_id uuid, p_solution_id uuid) returns uuid
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_event uuid;
  v_list uuid;
begin
  select s.event_id into v_event from public.sessions s where s.id = p_session_id;
  if v_event is null or not (private.event_is_public(v_event) or private.has_event_role(v_event, 'organiser')) then
    return null;
  end if;
  if p_solution_id is not null and not exists (
       select 1 from public.gallery_presentations g
         join public.solutions so on so.id = g.solution_id
        where g.session_id = p_session_id and g.solution_id = p_solution_id and so.status = 'accepted') then
    return null;
  end if;
  select l.id into v_list from public.question_lists l
   where l.session_id = p_session_id and l.solution_id is not distinct from p_solution_id;
  if v_list is null then
    insert into public.question_lists (event_id, session_id, solution_id)
    values (v_event, p_session_id, p_solution_id)
    on conflict on constraint question_lists_one_per_session_and_solution do nothing
    returning id into v_list;
    if v_list is null then
      select l.id into v_list from public.question_lists l
       where l.session_id = p_session_id and l.solution_id is not distinct from p_solution_id;
    end if;
  end if;
  return v_list;
end;
$$;
revoke execute on function private.question_list_for(uuid, uuid) from public;

-- ---------------------------------------------------------------------------
-- Attendees: ask and vote
-- ---------------------------------------------------------------------------

-- Posts a question. Answers {code: 'posted', id} or a refusal: 'not_found'
-- (no such session or solution in a published event), 'no_ticket', 'empty',
-- 'too_long', 'markup', 'not_open' (with opens_at), 'closed'.
create or replace function private.ask_question(
  p_session_id uuid,
  p_solution_id uuid,
  p_body text,
  p_anonymous boolean
) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_event uuid;
  v_window record;
  v_body text := btrim(coalesce(p_body, ''));
  v_list uuid;
  v_name text;
  v_id uuid;
begin
  select s.event_id into v_event from public.sessions s where s.id = p_session_id;
  if (select auth.uid()) is null or v_event is null or not private.event_is_public(v_event) then
    return jsonb_build_object('code', 'not_found');
  end if;
  if p_solution_id is not null and not exists (
       select 1 from public.gallery_presentations g where g.session_id = p_session_id and g.solution_id = p_solution_id) then
    return jsonb_build_object('code', 'not_found');
  end if;
  if not private.holds_valid_ticket(v_event) then
    return jsonb_build_object('code', 'no_ticket');
  end if;
  if v_body = '' then
    return jsonb_build_object('code', 'empty');
  end if;
  if length(v_body) > 500 then
    return jsonb_build_object('code', 'too_long');
  end if;
  if v_body ~ '<[A-Za-z/!?]' then
    return jsonb_build_object('code', 'markup');
  end if;
  select * into v_window from private.question_window(p_session_id, p_solution_id);
  if not v_window.is_open then
    if v_window.opened is null and now() < v_window.opens_at then
      return jsonb_build_object('code', 'not_open', 'opens_at', v_window.opens_at);
    end if;
    return jsonb_build_object('code', 'closed');
  end if;
  v_list := private.question_list_for(p_session_id, p_solution_id);
  if v_list is null then
    return jsonb_build_object('code', 'not_found');
  end if;
  if not coalesce(p_anonymous, false) then
    select t.attendee_name into v_name
      from public.tickets t
     where t.event_id = v_event and t.status = 'valid'
       and (t.holder_user_id = (select auth.uid()) or t.attendee_email = (select private.current_email()))
     order by (t.holder_user_id = (select auth.uid())) desc nulls last, t.created_at
     limit 1;
  end if;
  insert into public.questions (event_id, list_id, body, author_name, anonymous)
  values (v_event, v_list, v_body, left(v_name, 200), coalesce(p_anonymous, false))
  returning id into v_id;
  insert into private.question_authors (question_id, event_id, user_id) values (v_id, v_event, (select auth.uid()));
  return jsonb_build_object('code', 'posted', 'id', v_id);
end;
$$;
revoke execute on function private.ask_question(uuid, uuid, text, boolean) from public;
grant execute on function private.ask_question(uuid, uuid, text, boolean) to authenticated, service_role;

-- Up-votes a question (p_up) or takes the vote back. Answers {code: 'voted'
-- | 'withdrawn', votes} or a refusal: 'not_found' (no such question the
-- caller may see, hidden included), 'no_ticket', 'closed', 'answered',
-- 'already_voted', 'not_voted'. One row per person whatever races.
create or replace function private.vote_question(p_question_id uuid, p_up boolean) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_question public.questions;
  v_list public.question_lists;
  v_uid uuid := (select auth.uid());
  v_changed integer;
begin
  select q.* into v_question from public.questions q where q.id = p_question_id;
  if v_uid is null or not found or v_question.status = 'hidden' or not private.event_is_public(v_question.event_id) then
    return jsonb_build_object('code', 'not_found');
  end if;
  if not private.holds_valid_ticket(v_question.event_id) then
    return jsonb_build_object('code', 'no_ticket');
  end if;
  select l.* into v_list from public.question_lists l where l.id = v_question.list_id;
  if not (select w.is_open from private.question_window(v_list.session_id, v_list.solution_id) w) then
    return jsonb_build_object('code', 'closed');
  end if;
  if p_up then
    if v_question.status = 'answered' then
      return jsonb_build_object('code', 'answered');
    end if;
    insert into private.question_votes (question_id, user_id) values (p_question_id, v_uid)
    on conflict (question_id, user_id) do nothing;
  else
    delete from private.question_votes v where v.question_id = p_question_id and v.user_id = v_uid;
  end if;
  get diagnostics v_changed = row_count;
  if v_changed = 0 then
    return jsonb_build_object('code', case when p_up then 'already_voted' else 'not_voted' end);
  end if;
  return jsonb_build_object(
    'code', case when p_up then 'voted' else 'withdrawn' end,
    'votes', (select count(*) from private.question_votes v where v.question_id = p_question_id));
end;
$$;
revoke execute on function private.vote_question(uuid, boolean) from public;
grant execute on function private.vote_question(uuid, boolean) to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Reading a list
-- ---------------------------------------------------------------------------

-- The questions of a list as the caller may see them: a moderator all of
-- them (hidden too), a ticket holder those not hidden and their own, anyone
-- else none. Votes are totals; `voted` says only whether the caller voted.
-- The author's name only when they did not ask anonymously.
create or replace function private.question_board(p_session_id uuid, p_solution_id uuid)
returns table (
  id uuid, body text, author_name text, anonymous boolean, status text, votes integer,
  created_at timestamptz, answered_at timestamptz, pinned boolean, mine boolean, voted boolean
)
language sql stable security definer
set search_path = ''
as $$
  with list as (
    select l.id, l.event_id, l.pinned_question_id,
           private.moderates_questions(l.session_id, l.solution_id) as moderator,
           private.holds_valid_ticket(l.event_id) and private.event_is_public(l.event_id) as attendee
      from public.question_lists l
     where l.session_id = p_session_id and l.solution_id is not distinct from p_solution_id
  )
  select q.id, q.body, q.author_name, q.anonymous, q.status,
         (select count(*)::integer from private.question_votes v where v.question_id = q.id),
         q.created_at, q.answered_at, q.id = list.pinned_question_id is true,
         coalesce(a.user_id = (select auth.uid()), false),
         exists (select 1 from private.question_votes v where v.question_id = q.id and v.user_id = (select auth.uid()))
    from list
    join public.questions q on q.list_id = list.id
    left join private.question_authors a on a.question_id = q.id
   where (select auth.uid()) is not null
     and (list.moderator or (list.attendee and (q.status <> 'hidden' or a.user_id = (select auth.uid()))))
$$;
revoke execute on function private.question_board(uuid, uuid) from public;
grant execute on function private.question_board(uuid, uuid) to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Moderators
-- ---------------------------------------------------------------------------

-- Hides or shows a question, marks it answered or not, pins or unpins it.
-- Answers {code: 'done'} or 'not_found' (not a moderator of its list). Hiding
-- or answering the pinned question unpins it; pinning shows a hidden one.
create or replace function private.moderate_question(p_question_id uuid, p_action text) returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_question public.questions;
begin
  select q.* into v_question from public.questions q where q.id = p_question_id;
  if not found or not private.moderates_question_list(v_question.list_id)
     or p_action not in ('hide', 'show', 'answer', 'reopen', 'pin', 'unpin') then
    return jsonb_build_object('code', 'not_found');
  end if;
  -- One moderator at a time per list, so two pins never cross.
  perform 1 from public.question_lists l where l.id = v_question.list_id for update;
  case p_action
    when 'hide' then
      update public.questions set status = 'hidden', answered_at = null where id = p_question_id;
    when 'show', 'reopen' then
      update public.questions set status = 'visible', answered_at = null where id = p_question_id;
    when 'answer' then
      update public.questions set status = 'answered', answered_at = coalesce(answered_at, now())
       where id = p_question_id;
    when 'pin' then
      update public.questions set status = 'visible', answered_at = null
       where id = p_question_id and status = 'hidden';
      update public.question_lists set pinned_question_id = p_question_id where id = v_question.list_id;
    when 'unpin' then
      null;
  end case;
  if p_action in ('hide', 'answer', 'unpin') then
    update public.question_lists set pinned_question_id = null
     where id = v_question.list_id and pinned_question_id = p_question_id;
  end if;
  return jsonb_build_object('code', 'done');
end;
$$;
revoke execute on function private.moderate_question(uuid, text) from public;
grant execute on function private.moderate_question(uuid, text) to authenticated, service_role;

-- Opens or closes a list by hand ('open', 'closed'), or gives it back to the
-- clock (null). Answers {code: 'done'} or 'not_found'.
create or replace function private.set_question_window(p_session_id uuid, p_solution_id uuid, p_opened text)
returns jsonb
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  v_list uuid;
begin
  if not private.moderates_questions(p_session_id, p_solution_id)
     or (p_opened is not null and p_opened not in ('open', 'closed')) then
    return jsonb_build_object('code', 'not_found');
  end if;
  v_list := private.question_list_for(p_session_id, p_solution_id);
  if v_list is null then
    return jsonb_build_object('code', 'not_found');
  end if;
  update public.question_lists set opened = p_opened where id = v_list;
  return jsonb_build_object('code', 'done');
end;
$$;
revoke execute on function private.set_question_window(uuid, uuid, text) from public;
grant execute on function private.set_question_window(uuid, uuid, text) to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Personal data: the export holds my questions and votes; erasure forgets
-- that I asked or voted (the questions stay, anonymous, for the session).
-- As in 20261203130401, the functions as they were are kept under another
-- name and extended here.
-- ---------------------------------------------------------------------------

alter function private.export_my_data() rename to export_my_data_before_questions;
revoke execute on function private.export_my_data_before_questions() from public, anon, authenticated;

create or replace function private.export_my_data()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_data jsonb;
begin
  -- Refuses a caller who is not signed in.
  v_data := private.export_my_data_before_questions();
  return v_data || jsonb_build_object(
    'sessionQuestions', coalesce((
      select jsonb_agg(jsonb_build_object('event', e.slug, 'sessionTitle', s.title, 'solutionTitle', so.title,
                                          'question', q.body, 'anonymous', q.anonymous, 'status', q.status,
                                          'createdAt', q.created_at)
                       order by q.created_at)
        from private.question_authors a
        join public.questions q on q.id = a.question_id
        join public.question_lists l on l.id = q.list_id
        join public.sessions s on s.id = l.session_id
        join public.events e on e.id = q.event_id
        left join public.solutions so on so.id = l.solution_id
       where a.user_id = v_uid), '[]'),
    'questionVotes', coalesce((
      select jsonb_agg(jsonb_build_object('event', e.slug, 'sessionTitle', s.title, 'question', q.body,
                                          'createdAt', v.created_at)
                       order by v.created_at)
        from private.question_votes v
        join public.questions q on q.id = v.question_id
        join public.question_lists l on l.id = q.list_id
        join public.sessions s on s.id = l.session_id
        join public.events e on e.id = q.event_id
       where v.user_id = v_uid), '[]')
  );
end
$$;
revoke execute on function private.export_my_data() from public, anon;
grant execute on function private.export_my_data() to authenticated;

alter function private.erase_my_personal_data() rename to erase_my_personal_data_before_questions;
revoke execute on function private.erase_my_personal_data_before_questions() from public, anon, authenticated;

create or replace function private.erase_my_personal_data()
returns table (
  cancelled_tickets integer,
  refund_request_ids uuid[],
  anonymised_tickets integer,
  anonymised_orders integer,
  removed_waitlist_entries integer,
  user_deleted boolean
)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
begin
  -- Before the account goes (where the service may not delete auth.users, the
  -- cascade would never come): the name leaves the questions, the votes go.
  if v_uid is not null then
    delete from private.question_authors a where a.user_id = v_uid;
    delete from private.question_votes v where v.user_id = v_uid;
  end if;
  return query select * from private.erase_my_personal_data_before_questions();
end
$$;
revoke execute on function private.erase_my_personal_data() from public, anon;
grant execute on function private.erase_my_personal_data() to authenticated;
