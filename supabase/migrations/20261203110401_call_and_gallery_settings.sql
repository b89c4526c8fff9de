-- The call for solutions and the solution gallery, set by the event's
-- organisers in the console (/konsol/<event>/galleri):
--
-- - the call's window (events.call_opens_at / call_closes_at, 20261123180000),
-- - the review rubric reviewers judge by: one criterion a line, Danish and
--   English, shown on the review page,
-- - how many solutions present in one gallery round (1–3; the slots of
--   gallery_presentations, 20261123120500, are 1–3), held at insert by a trigger,
-- - the gallery layout: private.generate_gallery_rounds makes the gallery-round
--   sessions for N galleries × R rounds, one room per gallery, in one
--   transaction; run again it adds only what is missing (slugs
--   galleri-<g>-runde-<r>), and a room already taken at a round's time is
--   refused by the rooms' exclusion constraint, so nothing half-made stays.
--   The sessions are then the programme editor's to change.

alter table public.events
  add column review_rubric text check (length(review_rubric) <= 4000),
  add column review_rubric_en text check (length(review_rubric_en) <= 4000),
  add column gallery_slots_per_round smallint not null default 3 check (gallery_slots_per_round between 1 and 3);

grant update (call_opens_at, call_closes_at, review_rubric, review_rubric_en, gallery_slots_per_round)
  on table public.events to authenticated;

-- A round holds no more solutions than the event's slots.
create or replace function private.check_presentation_slot() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.position > (select e.gallery_slots_per_round from public.events e where e.id = new.event_id) then
    raise exception 'gallery round %: slot % is beyond the event''s slots per round', new.session_id, new.position
      using errcode = 'check_violation', constraint = 'gallery_presentations_within_slots';
  end if;
  return new;
end
$$;
revoke execute on function private.check_presentation_slot() from public;

create trigger gallery_presentations_within_slots
  before insert or update of position on public.gallery_presentations
  for each row execute function private.check_presentation_slot();

-- Makes the gallery rounds: p_galleries rooms ("Galleri 1" …, made if
-- missing, with p_seats seats) × p_rounds rounds of p_minutes, the first at
-- p_first_start and each next p_gap minutes after the previous ends. The
-- caller must organise the event. Returns how many sessions were made.
-- Codes (as jsonb): ok (made), not_authorised, invalid.
create or replace function private.generate_gallery_rounds(
  p_event_id uuid,
  p_galleries integer,
  p_rounds integer,
  p_first_start timestamptz,
  p_minutes integer,
  p_gap integer,
  p_seats integer
) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_event record;
  v_room uuid;
  v_start timestamptz;
  v_made integer := 0;
  v_count integer;
begin
  select e.id, e.starts_at, e.ends_at into v_event from public.events e where e.id = p_event_id;
  if not found or not private.has_event_role(p_event_id, 'organiser') then
    return jsonb_build_object('code', 'not_authorised');
  end if;
  if p_galleries not between 1 and 20 or p_rounds not between 1 and 12 or p_minutes not between 10 and 240
     or p_gap not between 0 and 240 or p_seats not between 1 and 10000 or p_first_start is null
     or p_first_start < v_event.starts_at
     or p_first_start + make_interval(mins => p_rounds * p_minutes + (p_rounds - 1) * p_gap) > v_event.ends_at then
    return jsonb_build_object('code', 'invalid');
  end if;
  for v_g in 1 .. p_galleries loop
    insert into public.rooms (event_id, name, name_en, capacity)
    values (p_event_id, 'Galleri ' || v_g, 'Gallery ' || v_g, p_seats)
    on conflict (event_id, name) do nothing;
    select room.id into v_room from public.rooms room where room.event_id = p_event_id and room.name = 'Galleri ' || v_g;
    for v_r in 1 .. p_rounds loop
      v_start := p_first_start + make_interval(mins => (v_r - 1) * (p_minutes + p_gap));
      insert into public.sessions (event_id, slug, kind, title, title_en, starts_at, ends_at, room_id, capacity)
      values (p_event_id, 'galleri-' || v_g || '-runde-' || v_r, 'gallery_round',
              'Galleri ' || v_g || ' · runde ' || v_r, 'Gallery ' || v_g || ' · round ' || v_r,
              v_start, v_start + make_interval(mins => p_minutes), v_room, p_seats)
      on conflict (event_id, slug) do nothing;
      get diagnostics v_count = row_count;
      v_made := v_made + v_count;
    end loop;
  end loop;
  return jsonb_build_object('code', 'ok', 'made', v_made);
end
$$;
revoke execute on function private.generate_gallery_rounds(uuid, integer, integer, timestamptz, integer, integer, integer)
  from public;
grant execute on function private.generate_gallery_rounds(uuid, integer, integer, timestamptz, integer, integer, integer)
  to authenticated, service_role;
