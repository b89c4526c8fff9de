-- Team changes in the event's audit log: invitations sent, renewed, revoked
-- and accepted, and people joining or leaving an exhibitor team. Roles
-- granted and taken back are logged already (event_roles, 20261203110000).
-- Nothing of the link is in either row: its hash lives in
-- private.team_invitation_tokens.
create trigger team_invitations_audit after insert or update or delete on public.team_invitations
  for each row execute function private.audit_row_change('event_id', 'id', 'email');
create trigger solution_team_members_audit after insert or update or delete on public.solution_team_members
  for each row execute function private.audit_row_change('event_id', 'id', 'invited_email');

-- Erasure. An account's deletion (private.erase_my_personal_data ends with
-- it) takes the invitations addressed to it along, and blanks the address in
-- the log's entries about that person's invitations and team memberships:
-- the entries stay (what happened, when, by whom), the address goes. This is
-- the one change ever made to the log, made by the table's owner; the API
-- roles and the service role still cannot touch it.
create or replace function private.forget_team_person() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_email text := lower(old.email::text);
  -- The address as a case-insensitive pattern, its special characters escaped.
  v_pattern text := regexp_replace(lower(old.email::text), '([.+*?^$()\[\]{}|\\])', '\\\1', 'g');
begin
  if v_email is null or v_email = '' then
    return old;
  end if;
  delete from public.team_invitations i where i.email = v_email;
  update public.audit_log a
     set row_label = case when lower(a.row_label) = v_email then null else a.row_label end,
         before = regexp_replace(a.before::text, v_pattern, 'erased', 'gi')::jsonb,
         after = regexp_replace(a.after::text, v_pattern, 'erased', 'gi')::jsonb
   where a.table_name in ('team_invitations', 'solution_team_members')
     and (lower(a.row_label) = v_email
          or lower(a.before::text) like '%' || v_email || '%'
          or lower(a.after::text) like '%' || v_email || '%');
  return old;
end
$$;
revoke execute on function private.forget_team_person() from public;

create trigger users_forget_team_person after delete on auth.users
  for each row execute function private.forget_team_person();
