-- Organiser review of solutions, and the status transitions Postgres allows.
-- An organiser decides by writing a review; the review moves the solution.
--
--   draft → submitted → accepted | rejected | changes_requested
--   changes_requested → submitted
--   draft | submitted | changes_requested → withdrawn   (by the exhibitor)

-- p_actor: 'exhibitor' (a team member through the API) or 'organiser'.
create or replace function private.solution_transition_allowed(
  p_from public.solution_status, p_to public.solution_status, p_actor text
) returns boolean
language sql immutable
set search_path = ''
as $$
  select case p_actor
    when 'exhibitor' then (p_from, p_to) in (
      ('draft', 'submitted'), ('changes_requested', 'submitted'),
      ('draft', 'withdrawn'), ('submitted', 'withdrawn'), ('changes_requested', 'withdrawn'))
    when 'organiser' then (p_from, p_to) in (
      ('submitted', 'accepted'), ('submitted', 'rejected'), ('submitted', 'changes_requested'))
    else false
  end
$$;
revoke execute on function private.solution_transition_allowed(public.solution_status, public.solution_status, text) from public;
-- A pure rule; the guard below calls it as whoever writes the row.
grant execute on function private.solution_transition_allowed(public.solution_status, public.solution_status, text) to authenticated, service_role;

-- Direct writes through the API roles may only make exhibitor moves; the
-- review trigger (running as the table owner) makes organiser moves; the
-- service role may make either. Never an arbitrary jump.
create or replace function private.guard_solution_transition() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.status is distinct from old.status then
    if current_user in ('anon', 'authenticated') then
      if not private.solution_transition_allowed(old.status, new.status, 'exhibitor') then
        raise exception 'solution % cannot go from % to %', old.id, old.status, new.status
          using errcode = 'check_violation', constraint = 'solutions_status_transition';
      end if;
    elsif not (private.solution_transition_allowed(old.status, new.status, 'exhibitor')
               or private.solution_transition_allowed(old.status, new.status, 'organiser')) then
      raise exception 'solution % cannot go from % to %', old.id, old.status, new.status
        using errcode = 'check_violation', constraint = 'solutions_status_transition';
    end if;
  end if;
  return new;
end
$$;
revoke execute on function private.guard_solution_transition() from public;

create trigger solutions_guard_transition before update of status on public.solutions
  for each row execute function private.guard_solution_transition();

create type public.review_decision as enum ('accepted', 'rejected', 'changes_requested');

create table public.solution_reviews (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null,
  solution_id uuid not null,
  author_id uuid default auth.uid() references auth.users (id) on delete set null,
  decision public.review_decision not null,
  message text not null default '' check (length(message) <= 4000),
  created_at timestamptz not null default now(),
  foreign key (event_id, solution_id) references public.solutions (event_id, id) on delete cascade,
  -- Asking for changes without saying which helps nobody.
  constraint solution_reviews_changes_explained check (decision <> 'changes_requested' or length(trim(message)) > 0)
);
create index solution_reviews_solution_idx on public.solution_reviews (solution_id, created_at);
create index solution_reviews_author_idx on public.solution_reviews (author_id) where author_id is not null;

alter table public.solution_reviews enable row level security;
revoke all on table public.solution_reviews from anon, authenticated;
grant select on table public.solution_reviews to authenticated;
grant insert (event_id, solution_id, decision, message) on table public.solution_reviews to authenticated;
grant all on table public.solution_reviews to service_role;

create policy "Organisers can read the reviews in their events"
  on public.solution_reviews for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Team members can read the reviews of their solutions"
  on public.solution_reviews for select
  to authenticated
  using (private.is_solution_member(solution_id));

create policy "Organisers can review the solutions of their events"
  on public.solution_reviews for insert
  to authenticated
  with check (private.has_event_role(event_id, 'organiser') and author_id = (select auth.uid()));

-- Applies the decision. Locks the solution row (the update), so of two
-- organisers deciding at once the second sees the first one's status and is
-- refused by the transition guard. On acceptance the partners the exhibitor
-- entered become organisations and solution_partners.
create or replace function private.apply_solution_review() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_partner jsonb;
  v_org uuid;
  v_position integer := 0;
begin
  update public.solutions set status = new.decision::text::public.solution_status
   where id = new.solution_id and event_id = new.event_id;
  if new.decision = 'accepted' then
    for v_partner in
      select value from jsonb_array_elements((select s.partners from public.solutions s where s.id = new.solution_id))
    loop
      v_position := v_position + 1;
      insert into public.organisations (name, sector)
      values (trim(v_partner ->> 'name'), (v_partner ->> 'sector')::public.sector)
      on conflict (lower(name), sector) do nothing;
      select o.id into v_org from public.organisations o
       where lower(o.name) = lower(trim(v_partner ->> 'name')) and o.sector = (v_partner ->> 'sector')::public.sector;
      insert into public.solution_partners (event_id, solution_id, organisation_id, role, position)
      values (new.event_id, new.solution_id, v_org, case when v_position = 1 then 'lead' else 'partner' end::public.partner_role, v_position)
      on conflict do nothing;
    end loop;
  end if;
  return null;
end
$$;
revoke execute on function private.apply_solution_review() from public;

create trigger solution_reviews_apply after insert on public.solution_reviews
  for each row execute function private.apply_solution_review();
