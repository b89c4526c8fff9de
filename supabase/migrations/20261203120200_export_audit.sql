-- Exports of personal data are in the audit log: who downloaded which list,
-- in which format, with which columns, for whom (a third party or not), and
-- when. The log stays append-only and writable by no API role; this one
-- function writes an export's entry, and only for an organiser of the event,
-- as themselves. The console calls it in its own transaction before the file
-- streams, so a download that starts is always recorded, even one the client
-- breaks off.
--
-- The entry: table_name 'exports', action 'insert', row_key {"list": …},
-- row_label the list, after {"format", "columns", "third_party", "detail"}.

create or replace function private.record_export(
  p_event_id uuid,
  p_list text,
  p_format text,
  p_columns text[],
  p_third_party boolean,
  p_detail text default null
) returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_actor uuid := (select auth.uid());
  v_id bigint;
begin
  if v_actor is null or not private.has_event_role(p_event_id, 'organiser') then
    raise exception 'only an organiser of the event may export its lists' using errcode = 'insufficient_privilege';
  end if;
  if p_list is null or p_list !~ '^[a-z][a-z0-9_-]{0,59}$'
     or p_format is null or p_format not in ('csv', 'xlsx')
     or p_columns is null or cardinality(p_columns) not between 1 and 100
     or exists (select 1 from unnest(p_columns) c where c is null or c !~ '^[a-z][a-zA-Z0-9_-]{0,59}$')
     or p_third_party is null
     or length(p_detail) > 300 then
    raise exception 'not an export this log can describe' using errcode = 'invalid_parameter_value';
  end if;

  insert into public.audit_log (event_id, actor_id, table_name, row_key, row_label, action, before, after)
  values (
    p_event_id,
    v_actor,
    'exports',
    jsonb_build_object('list', p_list),
    p_list,
    'insert',
    null,
    jsonb_build_object('format', p_format, 'columns', to_jsonb(p_columns), 'third_party', p_third_party)
      || case when p_detail is null then '{}'::jsonb else jsonb_build_object('detail', p_detail) end
  )
  returning id into v_id;
  return v_id;
end
$$;
revoke execute on function private.record_export(uuid, text, text, text[], boolean, text) from public, anon;
grant execute on function private.record_export(uuid, text, text, text[], boolean, text) to authenticated;
