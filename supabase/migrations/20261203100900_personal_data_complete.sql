-- The GDPR rights of access and erasure, complete: everything held about a
-- person, wherever it lives, is exported, and deleting the account leaves no
-- email, name or phone of theirs behind.
--
-- Where a person's data lives (keep this list true when a table is added):
--   auth.users                      the account (deleted)
--   tickets, orders                 as attendee / buyer (anonymised: counts and sectors stay)
--   waitlist_entries                (deleted)
--   bookings, check_ins,            through their tickets (kept: no personal columns;
--   session_check_ins                the tickets they point at are anonymised)
--   calendar_feeds                  through their tickets (revoked)
--   solutions                       as contact or owner (the organisation's text stays; the
--                                   contact's name, email and phone are erased)
--   solution_team_members           invited or accepted (deleted)
--   solution_reviews                as author (author_id: set null with the user)
--   event_roles, auth_sessions      (deleted with the user)
--   private.outbox_emails + jobs    emails to them (deleted, whatever their state)
--   private.dev_mailbox             the embedded mailbox's copies (deleted)
--   private.login_tokens            sign-in codes and links (deleted)
--   private.rate_limit_hits         buckets named by their address (deleted)

-- A solution's contact may be erased; the solution, its organisation and its
-- text stay for the gallery and the organisers' reports.
alter table public.solutions
  alter column contact_name drop not null,
  alter column contact_email drop not null,
  add column contact_erased_at timestamptz,
  add constraint solutions_contact_kept_unless_erased
    check (contact_erased_at is not null or (contact_name is not null and contact_email is not null)),
  add constraint solutions_erased_contact_is_empty
    check (contact_erased_at is null or (contact_name is null and contact_email is null and contact_phone is null));
grant select (contact_erased_at) on table public.solutions to anon, authenticated;

-- Everything held about the caller, as one JSON document. Security definer
-- because some of it lives where no API role may read (emails sent, sessions,
-- sign-in codes); it reads only rows of the caller's user id or verified email.
create or replace function private.export_my_data()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_uid uuid := auth.uid();
  v_email text := private.current_email();
  v_tickets uuid[];
  v_solutions uuid[];
begin
  if v_uid is null then
    raise exception 'export_my_data: only a signed-in user can export their data'
      using errcode = 'insufficient_privilege';
  end if;

  select coalesce(array_agg(t.id), '{}') into v_tickets
    from public.tickets t where t.holder_user_id = v_uid or t.attendee_email = v_email;
  select coalesce(array_agg(s.id), '{}') into v_solutions
    from public.solutions s
   where s.owner_user_id = v_uid or s.contact_email = v_email
      or exists (select 1 from public.solution_team_members m
                  where m.solution_id = s.id and (m.user_id = v_uid or lower(m.invited_email) = v_email));

  return jsonb_build_object(
    'exportedAt', now(),
    'account', (
      select jsonb_build_object('userId', u.id, 'email', u.email, 'createdAt', u.created_at,
                                'emailConfirmedAt', u.email_confirmed_at, 'lastSignInAt', u.last_sign_in_at,
                                'profile', u.raw_user_meta_data)
        from auth.users u where u.id = v_uid),
    'tickets', coalesce((
      select jsonb_agg(jsonb_build_object(
               'id', t.id, 'event', e.slug, 'ticketType', tt.slug, 'status', t.status,
               'attendeeName', t.attendee_name, 'attendeeEmail', t.attendee_email,
               'organisation', t.organisation_name, 'sector', t.sector, 'jobTitle', t.job_title,
               'municipality', t.municipality, 'dietaryNeeds', t.dietary_needs,
               'accessibilityNeeds', t.accessibility_needs, 'consentShareContact', t.consent_share_contact,
               'consentNewsletter', t.consent_newsletter, 'priceOre', t.price_ore, 'issuedAt', t.issued_at,
               'cancelledAt', t.cancelled_at, 'createdAt', t.created_at) order by t.created_at)
        from public.tickets t
        join public.events e on e.id = t.event_id
        join public.ticket_types tt on tt.id = t.ticket_type_id
       where t.id = any (v_tickets)), '[]'),
    'ordersPlaced', coalesce((
      select jsonb_agg(jsonb_build_object(
               'id', o.id, 'reference', o.reference, 'event', e.slug, 'status', o.status,
               'buyerName', o.buyer_name, 'buyerEmail', o.buyer_email, 'language', o.language,
               'totalOre', o.total_ore, 'refundedOre', o.refunded_ore, 'paidAt', o.paid_at,
               'cancelledAt', o.cancelled_at, 'createdAt', o.created_at,
               'attendees', (select jsonb_agg(jsonb_build_object('name', t.attendee_name, 'email', t.attendee_email,
                                                                 'status', t.status) order by t.position)
                               from public.tickets t where t.order_id = o.id)) order by o.created_at)
        from public.orders o join public.events e on e.id = o.event_id
       where o.buyer_user_id = v_uid or o.buyer_email = v_email), '[]'),
    'waitlist', coalesce((
      select jsonb_agg(jsonb_build_object(
               'id', w.id, 'event', e.slug, 'name', w.name, 'email', w.email, 'language', w.language,
               'status', w.status, 'offeredAt', w.offered_at, 'offerExpiresAt', w.offer_expires_at,
               'createdAt', w.created_at) order by w.created_at)
        from public.waitlist_entries w join public.events e on e.id = w.event_id
       where w.user_id = v_uid or w.email = v_email), '[]'),
    'bookings', coalesce((
      select jsonb_agg(jsonb_build_object(
               'ticketId', b.ticket_id, 'event', e.slug, 'session', s.slug, 'sessionTitle', s.title,
               'startsAt', s.starts_at, 'status', b.status, 'waitlistNumber', b.waitlist_number,
               'createdAt', b.created_at, 'confirmedAt', b.confirmed_at, 'cancelledAt', b.cancelled_at)
               order by s.starts_at, b.created_at)
        from public.bookings b
        join public.sessions s on s.id = b.session_id
        join public.events e on e.id = b.event_id
       where b.ticket_id = any (v_tickets)), '[]'),
    'checkIns', coalesce((
      select jsonb_agg(jsonb_build_object(
               'ticketId', c.ticket_id, 'event', e.slug, 'gate', g.name, 'result', c.result,
               'scannedAt', c.scanned_at, 'recordedAt', c.recorded_at, 'undoneAt', c.undone_at)
               order by c.scanned_at)
        from public.check_ins c
        join public.events e on e.id = c.event_id
        left join public.checkin_gates g on g.id = c.gate_id
       where c.ticket_id = any (v_tickets)), '[]'),
    'sessionAttendance', coalesce((
      select jsonb_agg(jsonb_build_object('ticketId', a.ticket_id, 'session', s.slug, 'sessionTitle', s.title,
                                          'at', a.at) order by a.at)
        from public.session_check_ins a join public.sessions s on s.id = a.session_id
       where a.ticket_id = any (v_tickets)), '[]'),
    -- The feed's secret is never stored, only its hash: the export says that a feed exists.
    'calendarFeeds', coalesce((
      select jsonb_agg(jsonb_build_object('ticketId', f.ticket_id, 'createdAt', f.created_at,
                                          'revokedAt', f.revoked_at) order by f.created_at)
        from public.calendar_feeds f where f.ticket_id = any (v_tickets)), '[]'),
    'solutions', coalesce((
      select jsonb_agg(jsonb_build_object(
               'id', s.id, 'event', e.slug, 'title', s.title, 'titleEn', s.title_en, 'summary', s.summary,
               'status', s.status, 'contactName', s.contact_name, 'contactEmail', s.contact_email,
               'contactPhone', s.contact_phone, 'partners', s.partners, 'links', s.links,
               'createdAt', s.created_at, 'updatedAt', s.updated_at) order by s.created_at)
        from public.solutions s join public.events e on e.id = s.event_id
       where s.id = any (v_solutions)), '[]'),
    'solutionTeams', coalesce((
      select jsonb_agg(jsonb_build_object('solutionId', m.solution_id, 'role', m.role,
                                          'invitedEmail', m.invited_email, 'acceptedAt', m.accepted_at,
                                          'createdAt', m.created_at) order by m.created_at)
        from public.solution_team_members m
       where m.user_id = v_uid or lower(m.invited_email) = v_email), '[]'),
    'solutionReviews', coalesce((
      select jsonb_agg(jsonb_build_object('solutionId', r.solution_id, 'decision', r.decision,
                                          'message', r.message, 'writtenByMe', r.author_id = v_uid,
                                          'createdAt', r.created_at) order by r.created_at)
        from public.solution_reviews r
       where r.author_id = v_uid or r.solution_id = any (v_solutions)), '[]'),
    'eventRoles', coalesce((
      select jsonb_agg(jsonb_build_object('event', e.slug, 'role', r.role, 'createdAt', r.created_at)
                       order by r.created_at)
        from public.event_roles r join public.events e on e.id = r.event_id
       where r.user_id = v_uid), '[]'),
    -- What was sent, not its content: sign-in codes and links must not reappear here.
    'emails', coalesce((
      select jsonb_agg(jsonb_build_object('template', o.template, 'language', o.language,
                                          'status', j.status, 'queuedAt', o.created_at, 'sentAt', o.sent_at)
                       order by o.created_at)
        from private.outbox_emails o join private.jobs j on j.id = o.id
       where o.recipient = v_email), '[]'),
    'signInSessions', coalesce((
      select jsonb_agg(jsonb_build_object('createdAt', s.created_at, 'refreshedAt', s.refreshed_at,
                                          'notAfter', s.not_after) order by s.created_at)
        from private.auth_sessions s where s.user_id = v_uid), '[]'),
    'signInCodes', coalesce((
      select jsonb_agg(jsonb_build_object('createdAt', t.created_at, 'expiresAt', t.expires_at,
                                          'usedAt', t.used_at) order by t.created_at)
        from private.login_tokens t where t.email = v_email), '[]')
  );
end
$$;
revoke execute on function private.export_my_data() from public, anon;
grant execute on function private.export_my_data() to authenticated;

-- Erasure, now everywhere: what the first version did (cancel what is coming,
-- anonymise tickets and orders, drop waitlist entries, delete the user), plus
-- solutions, teams, calendar feeds, emails, sign-in codes and rate limits.
create or replace function private.erase_my_personal_data()
returns table (
  cancelled_tickets integer,
  refund_request_ids uuid[],
  anonymised_tickets integer,
  anonymised_orders integer,
  removed_waitlist_entries integer,
  user_deleted boolean
)
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  v_uid uuid := auth.uid();
  v_email text := private.current_email();
  v_ticket record;
  v_refund uuid;
  v_refunds uuid[] := '{}';
  v_cancelled integer := 0;
  v_tickets integer;
  v_orders integer;
  v_waitlist integer;
  v_pending uuid;
  v_deleted boolean := false;
begin
  if v_uid is null then
    raise exception 'erase_my_personal_data: only a signed-in user can erase their data'
      using errcode = 'insufficient_privilege';
  end if;

  for v_ticket in
    select t.id, now() < coalesce(e.cancellation_deadline, e.starts_at) as refundable
      from public.tickets t join public.events e on e.id = t.event_id
     where (t.holder_user_id = v_uid or t.attendee_email = v_email)
       and t.status = 'valid' and e.ends_at > now()
     order by t.id
       for update of t
  loop
    v_refund := private.cancel_valid_ticket(v_ticket.id, v_ticket.refundable);
    v_cancelled := v_cancelled + 1;
    if v_refund is not null then
      v_refunds := v_refunds || v_refund;
    end if;
  end loop;

  for v_pending in
    select o.id from public.orders o
     where (o.buyer_user_id = v_uid or o.buyer_email = v_email) and o.status = 'pending'
     order by o.id
       for update
  loop
    perform private.end_pending_order(v_pending, 'cancelled');
  end loop;

  -- A calendar app polling the feed would otherwise keep reading the attendee's programme.
  update public.calendar_feeds f
     set revoked_at = now()
   where f.revoked_at is null
     and f.ticket_id in (select t.id from public.tickets t
                          where t.holder_user_id = v_uid or t.attendee_email = v_email);

  update public.tickets t
     set attendee_name = null, attendee_email = null, organisation_name = null, job_title = null,
         municipality = null, dietary_needs = null, accessibility_needs = null,
         consent_share_contact = false, consent_newsletter = false,
         holder_user_id = null, anonymised_at = now()
   where (t.holder_user_id = v_uid or t.attendee_email = v_email) and t.anonymised_at is null;
  get diagnostics v_tickets = row_count;

  update public.orders o
     set buyer_name = null, buyer_email = null, buyer_user_id = null, anonymised_at = now()
   where (o.buyer_user_id = v_uid or o.buyer_email = v_email) and o.anonymised_at is null;
  get diagnostics v_orders = row_count;

  for v_ticket in
    select w.id, w.ticket_type_id from public.waitlist_entries w
     where (w.user_id = v_uid or w.email = v_email) and w.status = 'offered'
       for update
  loop
    update public.waitlist_entries w set status = 'cancelled' where w.id = v_ticket.id;
    perform private.release_seats(v_ticket.ticket_type_id, 1);
  end loop;
  delete from public.waitlist_entries w where w.user_id = v_uid or w.email = v_email;
  get diagnostics v_waitlist = row_count;

  -- Solutions keep the organisation's text; the person behind them goes.
  update public.solutions s
     set contact_name = null, contact_email = null, contact_phone = null, contact_erased_at = now()
   where s.contact_email = v_email and s.contact_erased_at is null;
  delete from public.solution_team_members m where m.user_id = v_uid or lower(m.invited_email) = v_email;

  -- Emails to them, sent or not (deleting the job deletes its outbox row), and
  -- the embedded mailbox's copies. Resend's own logs expire on Resend's side.
  delete from private.jobs j
   where j.id in (select o.id from private.outbox_emails o where o.recipient = v_email);
  delete from private.dev_mailbox d where d.recipient = v_email;
  delete from private.login_tokens t where t.email = v_email;
  delete from private.rate_limit_hits h where position(v_email in h.bucket) > 0;

  begin
    delete from auth.users u where u.id = v_uid;
    v_deleted := found;
  exception when insufficient_privilege then
    v_deleted := false;
  end;

  return query select v_cancelled, v_refunds, v_tickets, v_orders, v_waitlist, v_deleted;
end
$$;

revoke execute on function private.erase_my_personal_data() from public, anon;
grant execute on function private.erase_my_personal_data() to authenticated;

-- A team member who later names a new contact for a solution whose contact was
-- erased brings it back to life: the erasure mark goes with the new contact.
create or replace function private.clear_solution_contact_erasure() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.contact_email is not null then
    new.contact_erased_at := null;
  end if;
  return new;
end
$$;
revoke execute on function private.clear_solution_contact_erasure() from public;

create trigger solutions_contact_renamed before update of contact_name, contact_email, contact_phone
  on public.solutions
  for each row when (old.contact_erased_at is not null)
  execute function private.clear_solution_contact_erasure();
