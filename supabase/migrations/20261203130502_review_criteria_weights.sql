-- The review rubric's weights: each criterion counts 1–10 times in a
-- solution's weighted average (Σ weight × score / Σ weight over every score
-- it has, all reviewers together), which orders the organisers' ranking.
-- Set by the event's organisers with the criterion (RLS of 20261203120704);
-- changing a weight is a change of the criterion, so it bumps its version and
-- is audited.
alter table public.review_criteria
  add column weight smallint not null default 1 constraint review_criteria_weight_range check (weight between 1 and 10);

grant insert (weight), update (weight) on table public.review_criteria to authenticated;
