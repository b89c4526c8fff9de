-- Personal notes an attendee takes on a session's page during the day and
-- finds again in their takeaways. Private to their author: nobody else — no
-- organiser, no speaker — can read them. One note per person and session,
-- edited in place. Deleting the account deletes the notes (cascade).

create table public.session_notes (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null,
  session_id uuid not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  body text not null check (length(trim(body)) between 1 and 5000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (user_id, session_id),
  constraint session_notes_session_same_event foreign key (event_id, session_id)
    references public.sessions (event_id, id) on delete cascade
);
create index session_notes_user_event_idx on public.session_notes (user_id, event_id);
create index session_notes_session_idx on public.session_notes (session_id);

create trigger session_notes_touch before update on public.session_notes
  for each row execute function private.touch_updated_at();

-- Whether the caller holds a valid ticket for the event: who may take notes
-- there. Security definer so the policy does not recurse through tickets'.
create or replace function private.holds_valid_ticket(p_event_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select (select auth.uid()) is not null and exists (
    select 1 from public.tickets t
     where t.event_id = p_event_id and t.status = 'valid'
       and (t.holder_user_id = (select auth.uid()) or t.attendee_email = (select private.current_email()))
  )
$$;
revoke execute on function private.holds_valid_ticket(uuid) from public;
grant execute on function private.holds_valid_ticket(uuid) to authenticated, service_role;

alter table public.session_notes enable row level security;
revoke all on table public.session_notes from anon, authenticated;
grant select, delete on table public.session_notes to authenticated;
grant insert (event_id, session_id, user_id, body) on table public.session_notes to authenticated;
grant update (body) on table public.session_notes to authenticated;
grant all on table public.session_notes to service_role;

create policy "Attendees can read their own notes"
  on public.session_notes for select
  to authenticated
  using (user_id = (select auth.uid()));

create policy "Ticket holders can write notes of their own on their event's sessions"
  on public.session_notes for insert
  to authenticated
  with check (user_id = (select auth.uid()) and private.holds_valid_ticket(event_id));

create policy "Attendees can edit their own notes"
  on public.session_notes for update
  to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

create policy "Attendees can delete their own notes"
  on public.session_notes for delete
  to authenticated
  using (user_id = (select auth.uid()));
