-- Named entrances of an event ("Hovedindgang", "Nord"), where check-in staff
-- scan tickets. A check-in records its gate, so the dashboard can count
-- arrivals per gate and an amber verdict can say where a ticket was used.
-- Staff name their gate when they start scanning (private.checkin_gate in
-- 20261123190300_check_in.sql); nobody writes the table directly.

create table public.checkin_gates (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (id) on delete cascade,
  name text not null check (length(trim(name)) between 1 and 80 and name = trim(name)),
  created_at timestamptz not null default now(),
  unique (event_id, name),
  unique (event_id, id)
);

alter table public.checkin_gates enable row level security;
revoke all on table public.checkin_gates from anon, authenticated;
grant select on table public.checkin_gates to authenticated;
grant all on table public.checkin_gates to service_role;

create policy "Check-in staff and organisers can read the gates of their events"
  on public.checkin_gates for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser', 'checkin_staff'));
