-- The gallery generator made its rooms ("Galleri 1" …) at position 0, the
-- column's default: lists order rooms by position, then name, so the galleries
-- went before every room typed in earlier and "Galleri 10" sorted before
-- "Galleri 2". A gallery room it makes now goes after the event's last room,
-- in gallery order (position capped at 999, the console form's limit). Rooms
-- that exist already keep the position they have.
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
    insert into public.rooms (event_id, name, name_en, capacity, position)
    select p_event_id, 'Galleri ' || v_g, 'Gallery ' || v_g, p_seats,
           least(999, coalesce(max(room.position) + 1, 0))
      from public.rooms room where room.event_id = p_event_id
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
