-- The data export (GDPR access) holds what a person said and was sent after
-- the day too: their session ratings, their survey response and answers to
-- the organisers' questions, the broadcasts they were sent (subject, status
-- — delivered, bounced …), and their email preferences (events they
-- unsubscribed from, an address suppressed after a bounce or complaint).
-- Erasure already deletes all of them (feedback and answers go with the
-- anonymised ticket's rows; recipients, unsubscribes and suppressions with the
-- account). As in 20261203110840, the export as it was is kept under another
-- name and extended here, so its long body is not copied.

alter function private.export_my_data() rename to export_my_data_before_feedback;
revoke execute on function private.export_my_data_before_feedback() from public, anon, authenticated;

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
  v_tickets uuid[];
begin
  -- Refuses a caller who is not signed in.
  v_data := private.export_my_data_before_feedback();
  select coalesce(array_agg(t.id), '{}') into v_tickets
    from public.tickets t where t.holder_user_id = v_uid or t.attendee_email = v_email;
  return v_data || jsonb_build_object(
    'sessionFeedback', coalesce((
      select jsonb_agg(jsonb_build_object('event', e.slug, 'sessionTitle', s.title, 'rating', f.rating,
                                          'comment', f.comment, 'createdAt', f.created_at, 'updatedAt', f.updated_at)
                       order by f.created_at)
        from public.session_feedback f
        join public.sessions s on s.id = f.session_id
        join public.events e on e.id = f.event_id
       where f.ticket_id = any (v_tickets)), '[]'),
    'surveyAnswers', coalesce((
      select jsonb_agg(a.row order by a.at)
        from (
          select jsonb_build_object('event', e.slug, 'question', 'NPS', 'answer', r.score::text,
                                    'comment', r.comment, 'createdAt', r.created_at, 'updatedAt', r.updated_at) as row,
                 r.created_at as at
            from public.survey_responses r join public.events e on e.id = r.event_id
           where r.ticket_id = any (v_tickets)
          union all
          select jsonb_build_object('event', e.slug, 'question', q.prompt,
                                    'answer', coalesce(a.scale::text, q.choices[a.choice + 1], a.answer_text),
                                    'comment', null, 'createdAt', a.created_at, 'updatedAt', a.updated_at),
                 a.created_at
            from public.survey_answers a
            join public.survey_questions q on q.id = a.question_id
            join public.events e on e.id = a.event_id
           where a.ticket_id = any (v_tickets)
        ) a), '[]'),
    'broadcastEmails', coalesce((
      select jsonb_agg(jsonb_build_object('event', e.slug,
                                          'subject', case when r.language = 'en' and b.subject_en is not null
                                                          then b.subject_en else b.subject_da end,
                                          'language', r.language, 'status', r.status,
                                          'queuedAt', b.queued_at, 'finishedAt', r.finished_at)
                       order by b.queued_at)
        from public.broadcast_recipients r
        join public.broadcasts b on b.id = r.broadcast_id
        join public.events e on e.id = r.event_id
       where r.email = v_email), '[]'),
    'emailPreferences', coalesce((
      select jsonb_agg(p.row order by p.at)
        from (
          select jsonb_build_object('event', e.slug, 'preference', 'unsubscribed', 'createdAt', u.unsubscribed_at) as row,
                 u.unsubscribed_at as at
            from public.email_unsubscribes u join public.events e on e.id = u.event_id
           where u.email = v_email
          union all
          select jsonb_build_object('event', null, 'preference', s.reason, 'createdAt', s.created_at), s.created_at
            from private.email_suppressions s
           where s.email = v_email
        ) p), '[]')
  );
end
$$;
revoke execute on function private.export_my_data() from public, anon;
grant execute on function private.export_my_data() to authenticated;
