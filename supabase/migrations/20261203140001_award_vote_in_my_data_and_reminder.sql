-- The audience award's two loose ends (#14 item 3):
--
-- 1. A person's data export holds their vote: which award, which solution,
--    when cast and last changed. Votes are secret from everyone else (they
--    live in private.award_votes); the voter may see their own. As in
--    20261203130401, the export as it was is kept under another name and
--    extended here, so its long body is not copied.
-- 2. The reminder the day before carries each ticket holder's own signed
--    vote link when the event has an award with nominees whose vote has not
--    closed, so a checked-in attendee votes from their email without signing
--    in. The link is the same one the ticket page shows (private.sign_award_link
--    over ticket id and revision: a transferred ticket's old link names nothing).

alter function private.export_my_data() rename to export_my_data_before_award;
revoke execute on function private.export_my_data_before_award() from public, anon, authenticated;

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
  v_data := private.export_my_data_before_award();
  return v_data || jsonb_build_object(
    'awardVotes', coalesce((
      select jsonb_agg(jsonb_build_object('event', e.slug, 'award', a.name, 'solutionTitle', s.title,
                                          'createdAt', v.cast_at, 'updatedAt', v.changed_at)
                       order by v.cast_at)
        from private.award_votes v
        join public.tickets t on t.id = v.ticket_id
        join public.awards a on a.id = v.award_id
        join public.solutions s on s.id = v.solution_id
        join public.events e on e.id = v.event_id
       where t.holder_user_id = v_uid or t.attendee_email = v_email), '[]'));
end
$$;
revoke execute on function private.export_my_data() from public, anon;
grant execute on function private.export_my_data() to authenticated;

create or replace function private.queue_event_reminders(p_event_id uuid, p_origin text)
returns integer
language plpgsql
security definer
set search_path = ''
-- The batch joins the queue insert's RETURNING back to itself: a nested loop over
-- two unestimated CTE scans is quadratic (seconds for 2,000 rows); a hash join is not.
set enable_nestloop = off
as $$
declare
  v_count integer;
  v_award public.awards;
begin
  if p_origin is null or p_origin !~ '^https?://[^/\s]+$' then
    raise exception 'queue_event_reminders: the origin must be scheme://host' using errcode = 'invalid_parameter_value';
  end if;
  -- The award whose vote is still to come or open, if it has nominees.
  select a.* into v_award from public.awards a
   where a.event_id = p_event_id and (a.closes_at is null or a.closes_at > now())
     and exists (select 1 from public.award_nominees n where n.award_id = a.id);
  with batch as materialized (
    select gen_random_uuid() as job_id,
           'event-reminder/' || p_event_id || '/' || a.ticket_id as key,
           a.email,
           a.language,
           jsonb_build_object(
             'recipientName', a.name,
             'eventName', case when a.language = 'en' then coalesce(e.name_en, e.name) else e.name end,
             'venue', e.venue_name,
             'startsAt', to_jsonb(e.starts_at),
             'endsAt', to_jsonb(e.ends_at),
             'timeZone', e.timezone,
             'ticketUrl', p_origin || case when a.language = 'en' then '/en' else '' end
                          || '/min-side/billetter/' || a.ticket_id,
             'programmeUrl', p_origin || case when a.language = 'en' then '/en' else '' end || '/min-side/program',
             'sessions', coalesce((
               select jsonb_agg(jsonb_build_object(
                        'title', case when a.language = 'en' then coalesce(s.title_en, s.title) else s.title end,
                        'startsAt', to_jsonb(s.starts_at),
                        'endsAt', to_jsonb(s.ends_at),
                        'room', r.name) order by s.starts_at, s.id)
                 from public.bookings b
                 join public.sessions s on s.id = b.session_id
                 left join public.rooms r on r.id = s.room_id
                where b.ticket_id = a.ticket_id and b.status = 'confirmed' and s.cancelled_at is null), '[]'::jsonb),
             'unsubscribeUrl', p_origin || case when a.language = 'en' then '/en' else '' end || '/afmeld/'
                               || private.sign_unsubscribe(p_event_id, a.email, k.secret))
           || case when v_award.id is null then '{}'::jsonb
                   else jsonb_build_object(
                     'award', jsonb_build_object(
                       'name', case when a.language = 'en' then coalesce(v_award.name_en, v_award.name) else v_award.name end,
                       'voteUrl', p_origin || case when a.language = 'en' then '/en' else '' end
                                  || '/' || e.slug || '/stem/' || private.sign_award_link(t.id, t.revision)))
              end as data
      from private.broadcast_audience(p_event_id, 'everyone', null) a
      join public.events e on e.id = p_event_id
      join public.tickets t on t.id = a.ticket_id
      join private.email_link_secrets k on k.name = 'unsubscribe'
  ), queued as (
    insert into private.jobs (id, queue, idempotency_key)
    select x.job_id, 'email', x.key from batch x
    on conflict on constraint jobs_one_per_key do nothing
    returning id
  )
  insert into private.outbox_emails (id, idempotency_key, recipient, language, template, template_data, sensitive)
  select x.job_id, x.key, x.email, x.language, 'event-reminder', x.data, false
    from batch x join queued q on q.id = x.job_id;
  get diagnostics v_count = row_count;
  if v_count > 0 then
    perform pg_notify('samspil_jobs', 'email');
  end if;
  return v_count;
end
$$;
revoke execute on function private.queue_event_reminders(uuid, text) from public, anon, authenticated;
grant execute on function private.queue_event_reminders(uuid, text) to service_role;
