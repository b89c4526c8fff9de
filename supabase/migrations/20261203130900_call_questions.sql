-- The questions the call for solutions asks (issue #10, item 4). For each of
-- the solution form's optional fields the event's organisers choose: not
-- asked ('hidden'), asked ('optional') or required ('required').
--
-- events.call_fields holds only the choices made: a field without a key is
-- asked and optional, so every event keeps today's form until someone
-- changes it. Keys are the form's field names; the check constraint allows
-- no other key or value. Organisers write it as themselves under the
-- existing "Organisers can change the settings of their events" policy, so
-- events.version (optimistic concurrency) and the audit log see the change.
--
-- A submitted solution has every required field filled: the use case checks
-- it first and words it at the field; the trigger below is the backstop.
-- Drafts may be incomplete, and a submitted solution is checked again only
-- when it is (re)submitted or its team edits it, so an organiser tightening
-- the rules never blocks a review decision or a withdrawal.

create or replace function private.call_fields_valid(p_fields jsonb) returns boolean
language sql
immutable
set search_path = ''
as $$
  select jsonb_typeof(p_fields) = 'object'
     and not exists (
       select 1 from jsonb_each(p_fields) f
        where f.key not in ('titleEn', 'summaryEn', 'targetGroup', 'results', 'evidence', 'links', 'contactPhone')
           or f.value not in ('"hidden"'::jsonb, '"optional"'::jsonb, '"required"'::jsonb))
$$;
-- The check constraint runs it as the writer: organisers (authenticated) and the service.
revoke execute on function private.call_fields_valid(jsonb) from public;
grant execute on function private.call_fields_valid(jsonb) to authenticated, service_role;

alter table public.events
  add column call_fields jsonb not null default '{}'
    constraint events_call_fields_valid check (private.call_fields_valid(call_fields));

grant update (call_fields) on table public.events to authenticated;

-- The required fields a submitted solution left empty refuse the write.
create or replace function private.check_solution_required_fields() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_fields jsonb;
  v_missing text;
begin
  if new.status <> 'submitted' or new.event_id is null then
    return new;
  end if;
  if tg_op = 'UPDATE' and old.status = 'submitted'
     and (new.title_en, new.summary_en, new.target_group, new.results, new.evidence, new.links, new.contact_phone)
         is not distinct from
         (old.title_en, old.summary_en, old.target_group, old.results, old.evidence, old.links, old.contact_phone) then
    return new;
  end if;
  select e.call_fields into v_fields from public.events e where e.id = new.event_id;
  select f.key into v_missing
    from jsonb_each_text(coalesce(v_fields, '{}')) f
   where f.value = 'required'
     and case f.key
           when 'titleEn' then coalesce(trim(new.title_en), '') = ''
           when 'summaryEn' then coalesce(trim(new.summary_en), '') = ''
           when 'targetGroup' then coalesce(trim(new.target_group), '') = ''
           when 'results' then coalesce(trim(new.results), '') = ''
           when 'evidence' then coalesce(trim(new.evidence), '') = ''
           when 'links' then cardinality(new.links) = 0
           when 'contactPhone' then coalesce(trim(new.contact_phone), '') = ''
           else false
         end
   order by f.key
   limit 1;
  if v_missing is not null then
    raise exception 'solution %: the required field % is empty', new.id, v_missing
      using errcode = 'check_violation', constraint = 'solutions_required_fields';
  end if;
  return new;
end
$$;
revoke execute on function private.check_solution_required_fields() from public;

create trigger solutions_required_fields
  before insert or update on public.solutions
  for each row execute function private.check_solution_required_fields();
