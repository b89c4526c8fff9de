-- Deleting an account (GDPR erasure). What the caller holds for events that
-- have not ended is cancelled first: the seat goes to the waitlist, and a paid
-- ticket is refunded while its event's cancellation deadline has not passed.
-- Then every personal detail linked to the caller's user id or email is
-- erased: tickets and orders keep their type, sector, price and state (so the
-- organiser's attendance and sector counts survive) but no name, address,
-- organisation or needs; waitlist entries are deleted; the user row goes, and
-- the event roles with it.
--
-- Colleagues a buyer registered keep their tickets: those are theirs.

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

  -- A payment the caller left open would otherwise hold seats until it expires.
  for v_pending in
    select o.id from public.orders o
     where (o.buyer_user_id = v_uid or o.buyer_email = v_email) and o.status = 'pending'
     order by o.id
       for update
  loop
    perform private.end_pending_order(v_pending, 'cancelled');
  end loop;

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

  -- Offers held for the caller pass on before the entries go.
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

  -- On a hosted Supabase project the auth schema may refuse this; the
  -- application then deletes the user through the Auth admin API.
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
