-- Organisers see their own events, drafts included.

create policy "Organisers can read their own events"
  on public.events for select
  to authenticated
  using (private.has_event_role(id, 'organiser'));
