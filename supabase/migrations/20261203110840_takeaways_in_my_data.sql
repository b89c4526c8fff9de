-- The data export (GDPR access) holds the takeaways' personal data too: my
-- notes on sessions and my messages to solutions' teams with their answers.
-- The export as it was is kept under another name and extended here, so its
-- long body is not copied; a later rewrite of private.export_my_data that
-- drops these sections fails tests/db/personal-data.test.ts (every section
-- of MY_DATA_SECTIONS must hold the test person's rows).

alter function private.export_my_data() rename to export_my_data_before_takeaways;
revoke execute on function private.export_my_data_before_takeaways() from public, anon, authenticated;

create function private.export_my_data()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_uid uuid := (select auth.uid());
  v_data jsonb;
begin
  -- Refuses a caller who is not signed in.
  v_data := private.export_my_data_before_takeaways();
  return v_data || jsonb_build_object(
    'sessionNotes', coalesce((
      select jsonb_agg(jsonb_build_object('event', e.slug, 'session', s.slug, 'sessionTitle', s.title,
                                          'note', n.body, 'createdAt', n.created_at, 'updatedAt', n.updated_at)
                       order by n.created_at)
        from public.session_notes n
        join public.sessions s on s.id = n.session_id
        join public.events e on e.id = n.event_id
       where n.user_id = v_uid), '[]'),
    'solutionContacts', coalesce((
      select jsonb_agg(jsonb_build_object('event', e.slug, 'solutionTitle', so.title, 'message', c.message,
                                          'shareName', c.share_name, 'shareEmail', c.share_email,
                                          'createdAt', c.created_at, 'answeredAt', c.answered_at, 'reply', c.reply)
                       order by c.created_at)
        from public.solution_contacts c
        join public.solutions so on so.id = c.solution_id
        join public.events e on e.id = c.event_id
       where c.sender_user_id = v_uid), '[]')
  );
end
$$;
revoke execute on function private.export_my_data() from public, anon;
grant execute on function private.export_my_data() to authenticated;
