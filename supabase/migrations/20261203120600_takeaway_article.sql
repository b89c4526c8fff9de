-- The organisers' takeaways article ("4 vigtige takeaways fra …"): one
-- article per event, written in the console in markdown, Danish and English,
-- with uploaded images, quotes and video links, linked to tracks and
-- solutions, previewed and then published.
--
-- Why not public.takeaways (20261123120600): that table holds numbered
-- points, each with one title, one body, one image and one quote, published
-- point by point, and My takeaways picks the points of the sessions I
-- attended. An article is one document per language with any number of
-- images and quotes in the flow of its text, published or withdrawn as a
-- whole, edited by several organisers (a `version` for the whole) and linked
-- to tracks and solutions. The points stay what they are; the article is
-- shown above them on My takeaways.
--
-- Who reads what:
--   organisers of the event   the article and its images, drafts included;
--   everyone else             only a published article of a public event, and
--                             only once the day is over (ends_at) — before
--                             the event nothing changes anywhere.
-- The markdown is stored as written; it is sanitised when rendered
-- (src/lib/article/markdown.ts): raw HTML never reaches a page.
--
-- Images are files in the storage port (src/lib/storage/) under
-- `articles/<event id>/…`, each with a number the markdown refers to
-- (`![](billede:2)`) and an alt text that is required. Deleting an image row
-- (or the event) queues the file's deletion (private.forget_stored_object).

create table public.takeaway_articles (
  event_id uuid primary key references public.events (id) on delete cascade,
  title text not null check (length(trim(title)) between 1 and 200),
  title_en text check (length(trim(title_en)) between 1 and 200),
  lead text check (length(lead) <= 600),
  lead_en text check (length(lead_en) <= 600),
  body text not null default '' check (length(body) <= 40000),
  body_en text check (length(body_en) <= 40000),
  -- Linked from the article; kept on the row so a change to them is an edit
  -- of the article (its version rises, the audit log shows before → after).
  -- Same-event membership is checked by a trigger below.
  track_ids uuid[] not null default '{}' check (cardinality(track_ids) <= 50),
  solution_ids uuid[] not null default '{}' check (cardinality(solution_ids) <= 100),
  published_at timestamptz,
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create trigger takeaway_articles_touch before update on public.takeaway_articles
  for each row execute function private.touch_updated_at();
create trigger takeaway_articles_version before update on public.takeaway_articles
  for each row execute function private.bump_version();
create trigger takeaway_articles_audit after insert or update or delete on public.takeaway_articles
  for each row execute function private.audit_row_change('event_id', 'event_id', 'title');

-- Linked tracks and solutions must be the article's event's (a foreign key
-- cannot reach into an array). Definer: it checks rows the writer may not read.
create or replace function private.check_takeaway_article_links() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (
    select 1 from unnest(new.track_ids) as x(id)
     where not exists (select 1 from public.tracks t where t.id = x.id and t.event_id = new.event_id)
  ) then
    raise exception 'a linked track is not this event''s' using errcode = 'foreign_key_violation',
      constraint = 'takeaway_articles_tracks_same_event';
  end if;
  if exists (
    select 1 from unnest(new.solution_ids) as x(id)
     where not exists (select 1 from public.solutions s where s.id = x.id and s.event_id = new.event_id)
  ) then
    raise exception 'a linked solution is not this event''s' using errcode = 'foreign_key_violation',
      constraint = 'takeaway_articles_solutions_same_event';
  end if;
  return new;
end
$$;
revoke execute on function private.check_takeaway_article_links() from public;

create trigger takeaway_articles_links before insert or update of track_ids, solution_ids
  on public.takeaway_articles
  for each row execute function private.check_takeaway_article_links();

create table public.takeaway_article_images (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (id) on delete cascade,
  -- What the markdown calls it: ![](billede:<number>).
  number integer not null check (number between 1 and 999),
  storage_key text not null unique
    check (storage_key ~ '^articles/[0-9a-f-]{36}/[0-9a-f-]{36}\.[a-z0-9]{2,5}$'),
  content_type text not null check (content_type ~ '^image/'),
  byte_size bigint not null check (byte_size > 0),
  width integer check (width > 0),
  height integer check (height > 0),
  alt text not null check (length(trim(alt)) between 1 and 300),
  alt_en text check (length(trim(alt_en)) between 1 and 300),
  caption text check (length(caption) <= 300),
  caption_en text check (length(caption_en) <= 300),
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint takeaway_article_images_number_unique unique (event_id, number)
);

create trigger takeaway_article_images_touch before update on public.takeaway_article_images
  for each row execute function private.touch_updated_at();
create trigger takeaway_article_images_version before update on public.takeaway_article_images
  for each row execute function private.bump_version();
create trigger takeaway_article_images_audit after insert or update or delete on public.takeaway_article_images
  for each row execute function private.audit_row_change('event_id', 'id', 'alt');
create trigger takeaway_article_images_forget_file after delete or update of storage_key
  on public.takeaway_article_images
  for each row execute function private.forget_stored_object('storage_key');

-- Whether the public may read an event's article (and its images): published,
-- the event public, and its day over.
create or replace function private.takeaway_article_is_public(p_event_id uuid) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
      from public.takeaway_articles a
      join public.events e on e.id = a.event_id
     where a.event_id = p_event_id
       and a.published_at is not null
       and e.status in ('published', 'archived')
       and e.ends_at <= now()
  )
$$;
revoke execute on function private.takeaway_article_is_public(uuid) from public;
grant execute on function private.takeaway_article_is_public(uuid) to anon, authenticated, service_role;

alter table public.takeaway_articles enable row level security;
revoke all on table public.takeaway_articles from anon, authenticated;
grant select on table public.takeaway_articles to anon, authenticated;
grant insert (event_id, title, title_en, lead, lead_en, body, body_en, track_ids, solution_ids)
  on table public.takeaway_articles to authenticated;
grant update (title, title_en, lead, lead_en, body, body_en, track_ids, solution_ids, published_at)
  on table public.takeaway_articles to authenticated;
grant delete on table public.takeaway_articles to authenticated;
grant all on table public.takeaway_articles to service_role;

create policy "Organisers can read their event's takeaways article"
  on public.takeaway_articles for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Everyone can read a published takeaways article once the day is over"
  on public.takeaway_articles for select
  to anon, authenticated
  using (private.takeaway_article_is_public(event_id));

create policy "Organisers can write their event's takeaways article"
  on public.takeaway_articles for insert
  to authenticated
  with check (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can change their event's takeaways article"
  on public.takeaway_articles for update
  to authenticated
  using (private.has_event_role(event_id, 'organiser'))
  with check (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can delete their event's takeaways article"
  on public.takeaway_articles for delete
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

alter table public.takeaway_article_images enable row level security;
revoke all on table public.takeaway_article_images from anon, authenticated;
grant select on table public.takeaway_article_images to anon, authenticated;
grant insert (event_id, number, storage_key, content_type, byte_size, width, height, alt, alt_en, caption, caption_en)
  on table public.takeaway_article_images to authenticated;
grant update (alt, alt_en, caption, caption_en) on table public.takeaway_article_images to authenticated;
grant delete on table public.takeaway_article_images to authenticated;
grant all on table public.takeaway_article_images to service_role;

create policy "Organisers can read their event's article images"
  on public.takeaway_article_images for select
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));

create policy "Everyone can read the images of a published takeaways article"
  on public.takeaway_article_images for select
  to anon, authenticated
  using (private.takeaway_article_is_public(event_id));

create policy "Organisers can add images to their event's article"
  on public.takeaway_article_images for insert
  to authenticated
  with check (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can change their event's article images"
  on public.takeaway_article_images for update
  to authenticated
  using (private.has_event_role(event_id, 'organiser'))
  with check (private.has_event_role(event_id, 'organiser'));

create policy "Organisers can remove their event's article images"
  on public.takeaway_article_images for delete
  to authenticated
  using (private.has_event_role(event_id, 'organiser'));
