-- Event images (shown on the public event page) and speaker photos (on the
-- speaker pages), stored through the storage port (src/lib/storage/): the
-- row keeps the key, the port keeps the bytes, already sniffed, judged and
-- re-encoded for the web. Both are public once the event is: the public
-- policies on events and speakers already decide who reads the row, and a
-- page signs a link only for a row it could read.
--
-- An image needs its alternative text in Danish (English optional): a
-- picture without it is an empty hole to a screen reader (WCAG 1.1.1).
-- Replacing or removing an image, or deleting the event or speaker, queues
-- the old object's deletion (private.forget_stored_object, 20261203110701).
-- The columns are organiser-editable, so the version and audit triggers of
-- 20261203110000 already cover them.

alter table public.events
  add column image_key text unique
    constraint events_image_key_format check (image_key ~ '^events/[0-9a-f-]{36}/[0-9a-f-]{36}\.[a-z0-9]{2,5}$'),
  add column image_alt text constraint events_image_alt_length check (length(trim(image_alt)) between 1 and 300),
  add column image_alt_en text constraint events_image_alt_en_length check (length(trim(image_alt_en)) between 1 and 300),
  add constraint events_image_has_alt check (image_key is null or image_alt is not null);

grant update (image_key, image_alt, image_alt_en) on table public.events to authenticated;

create trigger events_forget_image after delete or update of image_key on public.events
  for each row execute function private.forget_stored_object('image_key');

alter table public.speakers
  add column photo_key text unique
    constraint speakers_photo_key_format check (photo_key ~ '^speakers/[0-9a-f-]{36}/[0-9a-f-]{36}\.[a-z0-9]{2,5}$');

grant insert (photo_key), update (photo_key) on table public.speakers to authenticated;

create trigger speakers_forget_photo after delete or update of photo_key on public.speakers
  for each row execute function private.forget_stored_object('photo_key');
