-- The organiser's own survey questions, and the answers to them.
--
-- Beside the NPS question (survey_responses, 20261203110900), an event's
-- survey asks the questions its organisers write in the console
-- (/konsol/<event>/feedback/evaluering): a scale of 1–5, one choice among
-- 2–10 options, or free text; Danish with an optional English wording;
-- required or not; in the organisers' order.
--
-- A question means what it meant when the first answer arrived: once it has
-- an answer, its kind, wording and options cannot change and it cannot be
-- deleted (private.guard_answered_survey_question; position and "required"
-- still can). The answer function takes a share lock on the questions it
-- answers, so an edit and the first answer never cross: whichever comes
-- second sees the other.
--
-- Who may write: questions, the event's organisers directly under RLS (so
-- the version check and the audit log of 20261203110000 see every change);
-- answers, only through private.save_survey, which answers the NPS question
-- and these in one go (a second submission edits the first; nothing is
-- stored when any answer is refused).
-- Who may read: questions, everyone on a published event (the form shows
-- them) and organisers always; answers, an attendee their own, organisers all
-- of their event's. Answers point at tickets like the rest of the feedback,
-- so retention's anonymised tickets leave them pointing at nobody.

create type public.survey_question_kind as enum ('scale', 'choice', 'text');

-- Whether every element of a text array is present and between min and max characters (trimmed).
create or replace function private.texts_within(p_texts text[], p_min integer, p_max integer) returns boolean
language sql immutable
set search_path = ''
as $$
  select coalesce(bool_and(t is not null and length(btrim(t)) between p_min and p_max), true)
    from unnest(p_texts) as t
$$;
revoke execute on function private.texts_within(text[], integer, integer) from public;
-- The check constraints below run as whoever writes the row.
grant execute on function private.texts_within(text[], integer, integer) to anon, authenticated, service_role;

create table public.survey_questions (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (id) on delete cascade,
  kind public.survey_question_kind not null,
  prompt text not null check (length(btrim(prompt)) between 1 and 300),
  prompt_en text check (prompt_en is null or length(btrim(prompt_en)) between 1 and 300),
  -- A choice question's options in order; none for the other kinds.
  choices text[],
  choices_en text[],
  required boolean not null default false,
  position integer not null default 0 check (position between 0 and 1000),
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (event_id, id),
  constraint survey_questions_choices check (
    case when kind = 'choice'
         then choices is not null and cardinality(choices) between 2 and 10 and private.texts_within(choices, 1, 100)
         else choices is null and choices_en is null end),
  constraint survey_questions_choices_en check (
    choices_en is null
    or (cardinality(choices_en) = cardinality(choices) and private.texts_within(choices_en, 1, 100)))
);
create index survey_questions_event_idx on public.survey_questions (event_id, position);

create table public.survey_answers (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null,
  question_id uuid not null,
  ticket_id uuid not null,
  -- Exactly one, by the question's kind: 1–5, the chosen option's index, or the text.
  scale smallint check (scale between 1 and 5),
  choice smallint check (choice between 0 and 9),
  answer_text text check (answer_text is null or length(answer_text) between 1 and 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (question_id, ticket_id),
  constraint survey_answers_one_value check (num_nonnulls(scale, choice, answer_text) = 1),
  constraint survey_answers_question_same_event foreign key (event_id, question_id)
    references public.survey_questions (event_id, id) on delete cascade,
  constraint survey_answers_ticket_same_event foreign key (event_id, ticket_id)
    references public.tickets (event_id, id) on delete cascade
);
create index survey_answers_event_idx on public.survey_answers (event_id, question_id);
create index survey_answers_ticket_idx on public.survey_answers (ticket_id);

create trigger survey_questions_touch before update on public.survey_questions
  for each row execute function private.touch_updated_at();
create trigger survey_answers_touch before update on public.survey_answers
  for each row execute function private.touch_updated_at();
create trigger survey_questions_version before update on public.survey_questions
  for each row execute function private.bump_version();
create trigger survey_questions_audit after insert or update or delete on public.survey_questions
  for each row execute function private.audit_row_change('event_id', 'id', 'prompt');

-- A question with answers keeps its meaning. Its event being deleted takes it
-- along (the event row is already gone when the cascade reaches here).
create or replace function private.guard_answered_survey_question() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE'
     and (new.event_id, new.kind, new.prompt, new.prompt_en, new.choices, new.choices_en)
         is not distinct from (old.event_id, old.kind, old.prompt, old.prompt_en, old.choices, old.choices_en) then
    return new;
  end if;
  if tg_op = 'DELETE' and not exists (select 1 from public.events e where e.id = old.event_id) then
    return old;
  end if;
  if exists (select 1 from public.survey_answers a where a.question_id = old.id) then
    raise exception 'survey question % has answers: its meaning cannot change', old.id
      using errcode = 'check_violation', constraint = 'survey_questions_answered';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end
$$;
revoke execute on function private.guard_answered_survey_question() from public;

create trigger survey_questions_guard_answered before update or delete on public.survey_questions
  for each row execute function private.guard_answered_survey_question();

-- Whether a question has answers (what the console's form and the guard go
-- by); the answers themselves stay behind RLS.
create or replace function private.survey_question_answered(p_question_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$ select exists (select 1 from public.survey_answers a where a.question_id = p_question_id) $$;
revoke execute on function private.survey_question_answered(uuid) from public;
grant execute on function private.survey_question_answered(uuid) to anon, authenticated, service_role;

alter table public.survey_questions enable row level security;
alter table public.survey_answers enable row level security;
revoke all on table public.survey_questions from anon, authenticated;
revoke all on table public.survey_answers from anon, authenticated;
grant select on table public.survey_questions to anon, authenticated;
grant insert (event_id, kind, prompt, prompt_en, choices, choices_en, required, position)
  on table public.survey_questions to authenticated;
grant update (kind, prompt, prompt_en, choices, choices_en, required, position)
  on table public.survey_questions to authenticated;
grant delete on table public.survey_questions to authenticated;
grant select on table public.survey_answers to authenticated;
grant all on table public.survey_questions to service_role;
grant all on table public.survey_answers to service_role;

create policy "Survey questions of published events are readable by everyone"
  on public.survey_questions for select
  to anon, authenticated
  using (private.event_is_public(event_id));

create policy "Organisers can read the survey questions of their events"
  on public.survey_questions for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can add survey questions to their events"
  on public.survey_questions for insert
  to authenticated
  with check (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can change the survey questions of their events"
  on public.survey_questions for update
  to authenticated
  using (private.has_event_role(event_id, 'organiser'))
  with check (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can delete the survey questions of their events"
  on public.survey_questions for delete
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Attendees can read their own survey question answers"
  on public.survey_answers for select
  to authenticated
  using (private.is_my_ticket(ticket_id));

create policy "Organisers can read all survey question answers of their event"
  on public.survey_answers for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

-- Saves (or edits) the caller's whole survey: the NPS score and comment, and
-- an answer per organiser question (p_answers: {"<question id>": "<value>"};
-- a scale 1–5, a choice's index from 0, or text; empty or missing = no
-- answer, which removes an earlier one). Everything is checked before
-- anything is written. Codes: created, saved, not_found, invalid_score,
-- comment_too_long, no_ticket, not_open, closed, and with "question":
-- answer_required, answer_invalid, answer_too_long.
create or replace function private.save_survey(p_event_id uuid, p_score integer, p_comment text, p_answers jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_event record;
  v_ticket uuid;
  v_comment text := nullif(btrim(coalesce(p_comment, '')), '');
  v_answers jsonb := case when jsonb_typeof(p_answers) = 'object' then p_answers else '{}'::jsonb end;
  v_question record;
  v_value text;
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

  -- The questions as they are now, held still until this answer commits.
  for v_question in
    select q.id, q.kind, q.required, cardinality(q.choices) as options
      from public.survey_questions q
     where q.event_id = p_event_id
     order by q.position, q.created_at, q.id
       for share
  loop
    v_value := nullif(btrim(v_answers ->> v_question.id::text), '');
    if v_value is null then
      if v_question.required then
        return jsonb_build_object('code', 'answer_required', 'question', v_question.id);
      end if;
    elsif v_question.kind = 'scale' and v_value !~ '^[1-5]$' then
      return jsonb_build_object('code', 'answer_invalid', 'question', v_question.id);
    elsif v_question.kind = 'choice'
          and (case when v_value ~ '^[0-9]{1,2}$' then v_value::integer >= v_question.options else true end) then
      return jsonb_build_object('code', 'answer_invalid', 'question', v_question.id);
    elsif v_question.kind = 'text' and length(v_value) > 2000 then
      return jsonb_build_object('code', 'answer_too_long', 'question', v_question.id);
    end if;
  end loop;

  insert into public.survey_responses (event_id, ticket_id, score, comment)
  values (p_event_id, v_ticket, p_score, v_comment)
  on conflict (event_id, ticket_id) do update
    set score = excluded.score, comment = excluded.comment
  returning (xmax = 0) into v_created;

  delete from public.survey_answers a
   using public.survey_questions q
   where q.id = a.question_id and q.event_id = p_event_id and a.ticket_id = v_ticket
     and nullif(btrim(v_answers ->> q.id::text), '') is null;
  insert into public.survey_answers (event_id, question_id, ticket_id, scale, choice, answer_text)
  select p_event_id, q.id, v_ticket,
         case when q.kind = 'scale' then v.value::smallint end,
         case when q.kind = 'choice' then v.value::smallint end,
         case when q.kind = 'text' then replace(v.value, E'\r\n', E'\n') end
    from public.survey_questions q
    cross join lateral (select nullif(btrim(v_answers ->> q.id::text), '') as value) v
   where q.event_id = p_event_id and v.value is not null
  on conflict (question_id, ticket_id) do update
    set scale = excluded.scale, choice = excluded.choice, answer_text = excluded.answer_text;

  return jsonb_build_object('code', case when v_created then 'created' else 'saved' end);
end
$$;
revoke execute on function private.save_survey(uuid, integer, text, jsonb) from public;
grant execute on function private.save_survey(uuid, integer, text, jsonb) to authenticated;

-- The NPS-only entry point keeps working, but through the same rules, so it
-- cannot skip a required question.
create or replace function private.save_survey_response(p_event_id uuid, p_score integer, p_comment text)
returns jsonb
language sql
security definer
set search_path = ''
as $$ select private.save_survey(p_event_id, p_score, p_comment, '{}'::jsonb) $$;
revoke execute on function private.save_survey_response(uuid, integer, text) from public;
grant execute on function private.save_survey_response(uuid, integer, text) to authenticated;
