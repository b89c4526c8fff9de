-- The programme: sessions of every kind, and the speakers who appear in them.

create type public.session_kind as enum (
  'keynote',
  'panel',
  'track_session',
  'workshop',
  'gallery_round',
  'break',
  'networking'
);

create table public.sessions (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (id) on delete cascade,
  slug public.slug not null,
  kind public.session_kind not null,
  title text not null check (length(trim(title)) between 1 and 300),
  title_en text,
  description text,
  description_en text,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  room_id uuid,
  track_id uuid,
  -- NULL: limited only by the room.
  capacity integer check (capacity > 0),
  discussion_questions text[] not null default '{}',
  discussion_questions_en text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (event_id, slug),
  unique (event_id, id),
  -- Lets child rows pin the kind of session they may hang off (gallery rounds).
  unique (event_id, id, kind),
  constraint sessions_ends_after_start check (ends_at > starts_at),
  constraint sessions_room_same_event foreign key (event_id, room_id)
    references public.rooms (event_id, id) on delete set null (room_id),
  constraint sessions_track_same_event foreign key (event_id, track_id)
    references public.tracks (event_id, id) on delete set null (track_id),
  -- A room hosts one session at a time.
  constraint sessions_room_not_double_booked exclude using gist (
    room_id with =,
    tstzrange(starts_at, ends_at, '[)') with &&
  ) where (room_id is not null)
);
create index sessions_event_starts_idx on public.sessions (event_id, starts_at);
create index sessions_track_idx on public.sessions (track_id) where track_id is not null;

create trigger sessions_touch before update on public.sessions
  for each row execute function private.touch_updated_at();

alter table public.sessions enable row level security;
revoke all on table public.sessions from anon, authenticated;
grant select on table public.sessions to anon, authenticated;
grant all on table public.sessions to service_role;

create policy "Sessions of published events are readable by everyone"
  on public.sessions for select
  to anon, authenticated
  using (private.event_is_public(event_id));

create table public.speakers (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (id) on delete cascade,
  slug public.slug not null,
  name text not null check (length(trim(name)) between 1 and 200),
  job_title text,
  job_title_en text,
  organisation_id uuid references public.organisations (id) on delete set null,
  bio text,
  bio_en text,
  photo_url text check (photo_url ~ '^(https?://|/)'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (event_id, slug),
  unique (event_id, id)
);
create index speakers_organisation_idx on public.speakers (organisation_id) where organisation_id is not null;

create trigger speakers_touch before update on public.speakers
  for each row execute function private.touch_updated_at();

alter table public.speakers enable row level security;
revoke all on table public.speakers from anon, authenticated;
grant select on table public.speakers to anon, authenticated;
grant all on table public.speakers to service_role;

create policy "Speakers of published events are readable by everyone"
  on public.speakers for select
  to anon, authenticated
  using (private.event_is_public(event_id));

create type public.speaker_role as enum ('speaker', 'moderator', 'panelist', 'host', 'interviewer', 'interviewee');

create table public.session_speakers (
  event_id uuid not null,
  session_id uuid not null,
  speaker_id uuid not null,
  role public.speaker_role not null default 'speaker',
  position integer not null default 0,
  primary key (session_id, speaker_id),
  foreign key (event_id, session_id) references public.sessions (event_id, id) on delete cascade,
  foreign key (event_id, speaker_id) references public.speakers (event_id, id) on delete cascade
);
create index session_speakers_speaker_idx on public.session_speakers (speaker_id);

alter table public.session_speakers enable row level security;
revoke all on table public.session_speakers from anon, authenticated;
grant select on table public.session_speakers to anon, authenticated;
grant all on table public.session_speakers to service_role;

create policy "Speaker appearances of published events are readable by everyone"
  on public.session_speakers for select
  to anon, authenticated
  using (private.event_is_public(event_id));
