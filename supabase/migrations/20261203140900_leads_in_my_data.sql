-- A person's data export holds the leads exhibitors made of them (#14 item 2):
-- which solution's team, at which round, when, with the interest level and
-- the note the team wrote — all of it is data about the person (GDPR art. 15),
-- even though only the team may read or change it otherwise. Erasure already
-- deletes the leads with the anonymised ticket (20261203140501). As in
-- 20261203130401, the export as it was is kept under another name.

alter function private.export_my_data() rename to export_my_data_before_leads;
revoke execute on function private.export_my_data_before_leads() from public, anon, authenticated;

create or replace function private.export_my_data()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_email text := private.current_email();
  v_data jsonb;
begin
  -- Refuses a caller who is not signed in.
  v_data := private.export_my_data_before_leads();
  return v_data || jsonb_build_object(
    'exhibitorLeads', coalesce((
      select jsonb_agg(jsonb_build_object('event', e.slug, 'solutionTitle', so.title, 'sessionTitle', s.title,
                                          'name', l.attendee_name, 'email', l.attendee_email,
                                          'organisation', l.organisation_name, 'jobTitle', l.job_title,
                                          'interest', l.interest, 'note', l.note,
                                          'createdAt', l.created_at, 'updatedAt', l.updated_at)
                       order by l.created_at)
        from public.leads l
        join public.tickets t on t.id = l.ticket_id
        join public.solutions so on so.id = l.solution_id
        join public.events e on e.id = l.event_id
        left join public.sessions s on s.id = l.session_id
       where t.holder_user_id = v_uid or t.attendee_email = v_email), '[]'));
end
$$;
revoke execute on function private.export_my_data() from public, anon;
grant execute on function private.export_my_data() to authenticated;
