-- The review rubric as data: the criteria an event's reviewers score each
-- submitted solution by (Danish and English names, in order), and each
-- reviewer's score per solution and criterion on a 1–5 scale. Organisers
-- define the criteria and read every score; reviewers read the criteria and
-- the scores of their event and write only their own. (The free-text rubric
-- of 20261203110401 stays as the reviewers' guidance.)
--
-- Both tables are organiser/reviewer-editable: `version` for optimistic
-- concurrency and the audit trigger (20261203110000). A score is changed at
-- the version its form showed; one score per reviewer, solution and
-- criterion (unique), so scoring again is an update, never a second row.

create table public.review_criteria (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (id) on delete cascade,
  position smallint not null default 1 check (position between 1 and 50),
  name text not null constraint review_criteria_name_length check (length(trim(name)) between 1 and 200),
  name_en text constraint review_criteria_name_en_length check (length(trim(name_en)) between 1 and 200),
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (event_id, id),
  constraint review_criteria_event_name_key unique (event_id, name)
);
create index review_criteria_event_idx on public.review_criteria (event_id, position);

create table public.review_scores (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null,
  solution_id uuid not null,
  criterion_id uuid not null,
  reviewer_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  score smallint not null constraint review_scores_scale check (score between 1 and 5),
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint review_scores_once unique (solution_id, criterion_id, reviewer_id),
  foreign key (event_id, solution_id) references public.solutions (event_id, id) on delete cascade,
  foreign key (event_id, criterion_id) references public.review_criteria (event_id, id) on delete cascade
);
create index review_scores_event_idx on public.review_scores (event_id, solution_id);
create index review_scores_criterion_idx on public.review_scores (criterion_id);
create index review_scores_reviewer_idx on public.review_scores (reviewer_id);

create trigger review_criteria_version before update on public.review_criteria
  for each row execute function private.bump_version();
create trigger review_criteria_audit after insert or update or delete on public.review_criteria
  for each row execute function private.audit_row_change('event_id', 'id', 'name');
create trigger review_scores_version before update on public.review_scores
  for each row execute function private.bump_version();
create trigger review_scores_audit after insert or update or delete on public.review_scores
  for each row execute function private.audit_row_change('event_id', 'id', 'score');

-- ---------------------------------------------------------------------------
-- Who may read and write what
-- ---------------------------------------------------------------------------

alter table public.review_criteria enable row level security;
revoke all on table public.review_criteria from anon, authenticated;
grant select on table public.review_criteria to authenticated;
grant insert (event_id, position, name, name_en), update (position, name, name_en), delete
  on table public.review_criteria to authenticated;
grant all on table public.review_criteria to service_role;

create policy "Organisers and reviewers can read the criteria of their events"
  on public.review_criteria for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser', 'reviewer'));

create policy "Organisers can add criteria to their events"
  on public.review_criteria for insert
  to authenticated
  with check (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can change the criteria of their events"
  on public.review_criteria for update
  to authenticated
  using (private.has_event_role(event_id, 'organiser'))
  with check (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can remove the criteria of their events"
  on public.review_criteria for delete
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

alter table public.review_scores enable row level security;
revoke all on table public.review_scores from anon, authenticated;
grant select on table public.review_scores to authenticated;
grant insert (event_id, solution_id, criterion_id, score), update (score) on table public.review_scores to authenticated;
grant all on table public.review_scores to service_role;

create policy "Organisers and reviewers can read the scores of their events"
  on public.review_scores for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser', 'reviewer'));

-- Only submitted solutions are reviewed (a draft is the team's own).
create policy "Organisers and reviewers can score submitted solutions in their own name"
  on public.review_scores for insert
  to authenticated
  with check (
    reviewer_id = (select auth.uid())
    and private.has_event_role(event_id, 'organiser', 'reviewer')
    and exists (select 1 from public.solutions s where s.id = solution_id and s.status <> 'draft')
  );

create policy "Reviewers can change their own scores"
  on public.review_scores for update
  to authenticated
  using (reviewer_id = (select auth.uid()) and private.has_event_role(event_id, 'organiser', 'reviewer'))
  with check (reviewer_id = (select auth.uid()) and private.has_event_role(event_id, 'organiser', 'reviewer'));
