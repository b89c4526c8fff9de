-- The attendee's consent to share their details with exhibitors
-- (tickets.consent_share_contact) becomes the attendee's own (#14 item 2).
--
-- Until now the colleague who registered a team could tick it for everyone,
-- and could change it later on My page. From here:
--   * At registration (a request: anon or authenticated claims) the consent
--     is kept only for the attendee whose address is the order's buyer's —
--     the person filling in the form. Colleagues' tickets start without it;
--     each colleague gives or refuses it themselves (the link in their
--     confirmation email, or My page).
--   * Afterwards only the attendee (signed in as the ticket's holder or with
--     the ticket's address) may change it. A buyer's or an organiser's direct
--     update is refused; the definer functions that anonymise a ticket still
--     clear it (withdrawing is always allowed to the system, giving never).
--   * A ticket passed to another person (a new attendee address) loses the
--     consent: the new holder decides.
-- Imports by the service role or the superuser (seed, tests) are not a
-- person's request and are left as they are.
--
-- consent_share_contact_at records when the attendee last gave it (shown on
-- My page). When the consent goes, the leads made with it go too
-- (20261203140501_leads.sql adds that trigger).

alter table public.tickets add column consent_share_contact_at timestamptz;
update public.tickets set consent_share_contact_at = coalesce(issued_at, created_at) where consent_share_contact;

create or replace function private.guard_exhibitor_consent() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_role text := nullif(auth.role(), '');
  v_uid uuid := auth.uid();
  v_email text := lower(nullif(trim(auth.jwt() ->> 'email'), ''));
  v_request boolean := coalesce(v_role in ('anon', 'authenticated'), false);
begin
  if tg_op = 'INSERT' then
    if new.consent_share_contact and v_request
       and new.attendee_email is distinct from
           (select lower(o.buyer_email) from public.orders o where o.id = new.order_id) then
      new.consent_share_contact := false;
    end if;
  elsif new.attendee_email is distinct from old.attendee_email then
    new.consent_share_contact := false;
  elsif new.consent_share_contact is distinct from old.consent_share_contact and v_request
        -- Giving needs the attendee; withdrawing too, unless a definer function (anonymising) does it.
        and (new.consent_share_contact or current_user in ('anon', 'authenticated'))
        and not (old.holder_user_id is not distinct from v_uid and v_uid is not null
                 or old.attendee_email is not distinct from v_email and v_email is not null) then
    raise exception 'ticket %: only the attendee can give or withdraw the consent to share with exhibitors', old.id
      using errcode = 'insufficient_privilege';
  end if;
  if not new.consent_share_contact then
    new.consent_share_contact_at := null;
  elsif tg_op = 'INSERT' or not old.consent_share_contact then
    new.consent_share_contact_at := now();
  end if;
  return new;
end
$$;
revoke execute on function private.guard_exhibitor_consent() from public;

-- Named to run after tickets_guard (alphabetical order of BEFORE triggers).
create trigger tickets_where_consent before insert or update on public.tickets
  for each row execute function private.guard_exhibitor_consent();
