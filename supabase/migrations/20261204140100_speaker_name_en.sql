-- A speaker listed by office rather than by name ("Social- og indenrigsministeren")
-- stayed Danish on English pages (#13 item 7). People's names are not translated,
-- so the English name is optional and empty for nearly every speaker; English
-- pages show it where there is one, else the name. Organisers write it in the
-- speaker editor, as they write the English job title; anyone reads it with the
-- rest of a public event's speaker (the table-wide select grant).
alter table public.speakers
  add column name_en text
    constraint speakers_name_en_length check (length(name_en) <= 200);

grant insert (name_en), update (name_en) on table public.speakers to authenticated;
