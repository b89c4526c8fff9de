-- Who actually attended a session (a gallery round, a workshop): staff at its
-- door scan attendees in. Used later for takeaways and no-show figures. One
-- row per ticket and session; the device's nonce makes a re-synced scan a no-op.
-- Rows are written only by private.check_in_session (20261123190300_check_in.sql).

create table public.session_check_ins (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null,
  session_id uuid not null,
  ticket_id uuid not null,
  nonce uuid not null,
  -- The device's clock when it scanned.
  at timestamptz not null,
  recorded_at timestamptz not null default now(),
  recorded_by uuid references auth.users (id) on delete set null,
  unique (event_id, nonce),
  unique (session_id, ticket_id),
  constraint session_check_ins_session_same_event foreign key (event_id, session_id)
    references public.sessions (event_id, id) on delete cascade,
  constraint session_check_ins_ticket_same_event foreign key (event_id, ticket_id)
    references public.tickets (event_id, id) on delete cascade
);
create index session_check_ins_ticket_idx on public.session_check_ins (ticket_id);
create index session_check_ins_event_idx on public.session_check_ins (event_id);
create index session_check_ins_recorded_by_idx on public.session_check_ins (recorded_by) where recorded_by is not null;

alter table public.session_check_ins enable row level security;
revoke all on table public.session_check_ins from anon, authenticated;
grant select on table public.session_check_ins to authenticated;
grant all on table public.session_check_ins to service_role;

create policy "Check-in staff and organisers can read the session attendance of their events"
  on public.session_check_ins for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser', 'checkin_staff'));
