-- Organisers edit what the gallery shows of a solution: its texts in Danish
-- and English, its link, and its theme tags (with their English names). Until
-- now only the exhibitor team could change the texts (and only while the call
-- was open), and nobody could set theme tags without SQL — but an organiser
-- must be able to fix a typo after acceptance, give the English page a text,
-- and put each solution under the gallery's themed headings.
--
-- One function, security definer, for the organisers of the solution's event:
-- the columns it writes stay ungranted to the API roles (the team must not
-- write tags; column grants cannot tell a team member from an organiser).
--
-- Optimistic concurrency: solutions get a `version` that rises when a content
-- column changes (by the team or by an organiser). The form carries the
-- version it showed; a save over a newer change is refused, never a silent
-- overwrite. A decision, a placement or an erased contact does not count:
-- it leaves an open content form valid.
--
-- The audit log records the organiser's change (before → after of the
-- changed content columns). Contact details are not content and are never
-- written here, so the log holds no personal data from this path.

alter table public.solutions add column version integer not null default 1 check (version > 0);
grant select (version) on table public.solutions to anon, authenticated;

-- Theme tags: a few short one-line names. Checked for rows written from now on.
create or replace function private.theme_tags_valid(p_tags text[]) returns boolean
language sql
immutable
set search_path = ''
as $$
  select p_tags is null
      or (cardinality(p_tags) <= 12
          and not exists (
            select 1 from unnest(p_tags) t
             where t is null or length(trim(t)) not between 1 and 60 or t <> trim(t) or t ~ '[[:cntrl:]]'))
$$;
revoke execute on function private.theme_tags_valid(text[]) from public;
grant execute on function private.theme_tags_valid(text[]) to anon, authenticated, service_role;

-- English names position by position; a NULL one shows the Danish tag. No more names than tags.
create or replace function private.theme_tags_en_valid(p_tags text[], p_tags_en text[]) returns boolean
language sql
immutable
set search_path = ''
as $$
  select p_tags_en is null
      or (cardinality(p_tags_en) <= cardinality(coalesce(p_tags, '{}'))
          and not exists (
            select 1 from unnest(p_tags_en) t
             where t is not null and (length(t) not between 1 and 60 or t <> trim(t) or t ~ '[[:cntrl:]]')))
$$;
revoke execute on function private.theme_tags_en_valid(text[], text[]) from public;
grant execute on function private.theme_tags_en_valid(text[], text[]) to anon, authenticated, service_role;

alter table public.solutions
  add constraint solutions_theme_tags_valid check (private.theme_tags_valid(theme_tags)) not valid,
  add constraint solutions_theme_tags_en_valid check (private.theme_tags_en_valid(theme_tags, theme_tags_en))
    not valid,
  add constraint solutions_target_group_en_length check (target_group_en is null or length(target_group_en) <= 1000)
    not valid,
  add constraint solutions_results_en_length check (results_en is null or length(results_en) <= 4000) not valid;

create or replace function private.bump_solution_version() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (new.title, new.title_en, new.summary, new.summary_en, new.target_group, new.target_group_en, new.results,
      new.results_en, new.evidence, new.links, new.partners, new.link_url, new.theme_tags, new.theme_tags_en)
     is distinct from
     (old.title, old.title_en, old.summary, old.summary_en, old.target_group, old.target_group_en, old.results,
      old.results_en, old.evidence, old.links, old.partners, old.link_url, old.theme_tags, old.theme_tags_en) then
    new.version := old.version + 1;
  else
    new.version := old.version;
  end if;
  return new;
end
$$;
revoke execute on function private.bump_solution_version() from public;

create trigger solutions_version before update on public.solutions
  for each row execute function private.bump_solution_version();

-- Outcome: 'ok' with the new version, 'changed_elsewhere' with the current
-- one, or 'not_found' (no such solution, or the caller does not organise its
-- event: the same answer, so nothing is revealed). Check violations (a
-- required call field emptied on a submitted solution, a tag too long) are
-- raised for the caller to word at the field.
create or replace function private.edit_solution_content(
  p_solution_id uuid,
  p_version integer,
  p_title text,
  p_title_en text,
  p_summary text,
  p_summary_en text,
  p_target_group text,
  p_target_group_en text,
  p_results text,
  p_results_en text,
  p_link_url text,
  p_theme_tags text[],
  p_theme_tags_en text[]
) returns table (outcome text, version integer)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_old public.solutions%rowtype;
  v_new public.solutions%rowtype;
  v_before jsonb := '{}';
  v_after jsonb := '{}';
  v_column text;
begin
  select * into v_old from public.solutions s where s.id = p_solution_id for update;
  if not found or not private.has_event_role(v_old.event_id, 'organiser') then
    return query select 'not_found'::text, null::integer;
    return;
  end if;
  if v_old.version <> p_version then
    return query select 'changed_elsewhere'::text, v_old.version;
    return;
  end if;

  update public.solutions s
     set title = p_title, title_en = p_title_en, summary = p_summary, summary_en = p_summary_en,
         target_group = p_target_group, target_group_en = p_target_group_en,
         results = p_results, results_en = p_results_en, link_url = p_link_url,
         theme_tags = coalesce(p_theme_tags, '{}'),
         -- Only as many English names as there are tags; an empty one is none (the Danish tag shows);
         -- none at all when all are empty.
         theme_tags_en = case
           when p_theme_tags_en is null or not exists (select 1 from unnest(p_theme_tags_en) t where t <> '')
             then null
           else (select array_agg(nullif(u.t, '') order by u.i)
                   from unnest(p_theme_tags_en[1:cardinality(coalesce(p_theme_tags, '{}'))]) with ordinality as u (t, i))
         end
   where s.id = p_solution_id
  returning * into v_new;

  foreach v_column in array array['title', 'title_en', 'summary', 'summary_en', 'target_group', 'target_group_en',
                                  'results', 'results_en', 'link_url', 'theme_tags', 'theme_tags_en'] loop
    if (to_jsonb(v_old) -> v_column) is distinct from (to_jsonb(v_new) -> v_column) then
      v_before := v_before || jsonb_build_object(v_column, to_jsonb(v_old) -> v_column);
      v_after := v_after || jsonb_build_object(v_column, to_jsonb(v_new) -> v_column);
    end if;
  end loop;
  if v_after <> '{}' then
    insert into public.audit_log (event_id, actor_id, table_name, row_key, row_label, action, before, after)
    values (v_new.event_id, auth.uid(), 'solutions', jsonb_build_object('id', v_new.id), v_new.title, 'update',
            v_before, v_after);
  end if;
  return query select 'ok'::text, v_new.version;
end
$$;
revoke execute on function private.edit_solution_content(
  uuid, integer, text, text, text, text, text, text, text, text, text, text[], text[]
) from public;
grant execute on function private.edit_solution_content(
  uuid, integer, text, text, text, text, text, text, text, text, text, text[], text[]
) to authenticated, service_role;
