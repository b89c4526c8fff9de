-- Reviewers review: they read the event's solutions (as organisers do, drafts
-- excepted), their teams' contact people and earlier reviews, and write
-- reviews, which move the solution as an organiser's do. They cannot place
-- solutions in gallery rounds or change anything else at the event.

create policy "Reviewers can read the events they review"
  on public.events for select
  to authenticated
  using (private.has_event_role(id, 'reviewer'));

create policy "Reviewers can read the submitted solutions of their events"
  on public.solutions for select
  to authenticated
  using (status <> 'draft' and private.has_event_role(event_id, 'reviewer'));

create policy "Reviewers can read the reviews in their events"
  on public.solution_reviews for select
  to authenticated
  using (private.has_event_role(event_id, 'reviewer'));

create policy "Reviewers can review the solutions of their events"
  on public.solution_reviews for insert
  to authenticated
  with check (private.has_event_role(event_id, 'reviewer') and author_id = (select auth.uid()));

-- A reviewer's decision is emailed to the solution's contact person, as an
-- organiser's is, so reviewers read the contact too.
create or replace function private.solution_contact(p_solution_id uuid)
returns table (contact_email text, contact_phone text)
language sql stable security definer
set search_path = ''
as $$
  select s.contact_email, s.contact_phone
  from public.solutions s
  where s.id = p_solution_id
    and (private.is_solution_member(s.id) or private.has_event_role(s.event_id, 'organiser', 'reviewer'))
$$;
