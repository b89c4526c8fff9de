-- Check-ins at the door: one row per scan that named a ticket of the event,
-- whatever the verdict, keyed by the scanning device's nonce so that a queue
-- synced twice records each scan once. Rows are written only by
-- private.check_in (20261123190300_check_in.sql).
--
-- result:
--   ok         the ticket's check-in (at most one active per ticket)
--   duplicate  the ticket was already checked in; duplicate_of names that
--              check-in, and `conflict` says the scanning device could not
--              have known (it scanned before the first was recorded: two
--              offline devices both showed green)
--   cancelled, revoked, unpaid   refused, kept so a re-sync gives the same verdict
-- An organiser undoes a mistaken check-in by setting undone_at; the ticket may
-- then be checked in again.

create type public.check_in_result as enum ('ok', 'duplicate', 'cancelled', 'revoked', 'unpaid');

create table public.check_ins (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null,
  ticket_id uuid not null,
  gate_id uuid,
  -- The scanning device, as it names itself (a stable id or a label).
  device text not null check (length(device) between 1 and 100),
  -- Chosen by the device per scan; the idempotency key of its sync queue.
  nonce uuid not null,
  -- The device's clock when it scanned (may be off); recorded_at is ours.
  scanned_at timestamptz not null,
  recorded_at timestamptz not null default now(),
  recorded_by uuid references auth.users (id) on delete set null,
  result public.check_in_result not null,
  -- The ticket's revision the scanned code carried.
  revision integer not null check (revision between 0 and 65535),
  duplicate_of uuid references public.check_ins (id) on delete cascade,
  conflict boolean not null default false,
  undone_at timestamptz,
  undone_by uuid references auth.users (id) on delete set null,
  unique (event_id, nonce),
  constraint check_ins_ticket_same_event foreign key (event_id, ticket_id)
    references public.tickets (event_id, id) on delete cascade,
  constraint check_ins_gate_same_event foreign key (event_id, gate_id)
    references public.checkin_gates (event_id, id) on delete restrict,
  constraint check_ins_duplicate_has_original check ((result = 'duplicate') = (duplicate_of is not null)),
  constraint check_ins_conflict_is_duplicate check (not conflict or result = 'duplicate'),
  constraint check_ins_only_ok_undone check (undone_at is null or result = 'ok')
);
-- One check-in per ticket: two active ones cannot exist, whichever path writes.
create unique index check_ins_one_active_per_ticket on public.check_ins (ticket_id)
  where result = 'ok' and undone_at is null;
create index check_ins_ticket_idx on public.check_ins (ticket_id);
create index check_ins_event_recorded_idx on public.check_ins (event_id, recorded_at);
create index check_ins_gate_idx on public.check_ins (gate_id) where gate_id is not null;
create index check_ins_duplicate_of_idx on public.check_ins (duplicate_of) where duplicate_of is not null;
create index check_ins_recorded_by_idx on public.check_ins (recorded_by) where recorded_by is not null;
create index check_ins_undone_by_idx on public.check_ins (undone_by) where undone_by is not null;

alter table public.check_ins enable row level security;
revoke all on table public.check_ins from anon, authenticated;
grant select on table public.check_ins to authenticated;
grant all on table public.check_ins to service_role;

create policy "Check-in staff and organisers can read the check-ins of their events"
  on public.check_ins for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser', 'checkin_staff'));
