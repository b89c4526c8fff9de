-- Takeaways: numbered points published after the day, for a session or for
-- the event as a whole ("4 vigtige takeaways fra ...").

create table public.takeaways (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null,
  session_id uuid,
  position integer not null check (position > 0),
  title text not null check (length(trim(title)) between 1 and 300),
  title_en text,
  body text not null default '',
  body_en text,
  quote text,
  quote_attribution text,
  image_url text check (image_url ~ '^(https?://|/)'),
  image_alt text,
  image_caption text,
  link_url text check (link_url ~ '^https?://'),
  video_url text check (video_url ~ '^https?://'),
  published_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (event_id) references public.events (id) on delete cascade,
  foreign key (event_id, session_id) references public.sessions (event_id, id) on delete cascade,
  -- Numbered once per session, or once per event for event-wide points.
  constraint takeaways_position_unique unique nulls not distinct (event_id, session_id, position),
  constraint takeaways_image_has_alt check (image_url is null or image_alt is not null)
);
create index takeaways_session_idx on public.takeaways (session_id) where session_id is not null;

create trigger takeaways_touch before update on public.takeaways
  for each row execute function private.touch_updated_at();

alter table public.takeaways enable row level security;
revoke all on table public.takeaways from anon, authenticated;
grant select on table public.takeaways to anon, authenticated;
grant all on table public.takeaways to service_role;

create policy "Published takeaways of published events are readable by everyone"
  on public.takeaways for select
  to anon, authenticated
  using (published_at is not null and published_at <= now() and private.event_is_public(event_id));
