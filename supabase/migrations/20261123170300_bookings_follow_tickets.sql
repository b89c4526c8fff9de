-- A ticket that stops being valid (cancelled by its attendee, its buyer or the
-- organiser) gives up its bookings: their seats go down the waitlist in the
-- same transaction as the cancellation.

create or replace function private.cancel_bookings_of_ticket() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.cancel_active_booking(b.id)
     from public.bookings b
    where b.ticket_id = new.id and b.status <> 'cancelled';
  return null;
end
$$;
revoke execute on function private.cancel_bookings_of_ticket() from public, anon, authenticated;

create trigger tickets_cancel_bookings after update of status on public.tickets
  for each row when (old.status = 'valid' and new.status <> 'valid')
  execute function private.cancel_bookings_of_ticket();
