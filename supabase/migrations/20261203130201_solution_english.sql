-- English on the English pages for what exhibitors write and what the
-- gallery shows: the team may give its solution an English title and summary
-- (the columns existed, but only the service role could fill them), and a
-- solution's theme tags get English names beside the Danish ones. Every
-- English text is optional; the pages fall back to the Danish.

-- Same limits as the Danish texts, for rows written from now on.
alter table public.solutions
  add constraint solutions_title_en_length check (title_en is null or length(trim(title_en)) between 1 and 200),
  add constraint solutions_summary_en_length check (summary_en is null or length(trim(summary_en)) between 1 and 4000);

grant insert (title_en, summary_en) on table public.solutions to authenticated;
grant update (title_en, summary_en) on table public.solutions to authenticated;

-- Position by position the English name of theme_tags[i]; a missing or empty
-- one shows the Danish tag (src/lib/gallery/gallery.ts).
alter table public.solutions
  add column theme_tags_en text[]
    constraint solutions_theme_tags_en_size check (cardinality(theme_tags_en) <= 50);
grant select (theme_tags_en) on table public.solutions to anon, authenticated;
