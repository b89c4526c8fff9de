-- /invitation/<token> is a top-level page (a team invitation's link), so no
-- event may take the slug `invitation`. Same constraint name as before, so
-- whatever maps `events_slug_check` to "slug reserved" keeps doing so.
alter table public.events drop constraint events_slug_check;
alter table public.events add constraint events_slug_check
  check (slug not in ('en', 'da', 'api', 'admin', 'auth', 'min-side', 'checkin', 'login', 'log-ind', 'log-ud',
                      'konsol', 'dev', 'tilgaengelighed', 'robots', 'sitemap', '_astro', 'favicon', '404', '500',
                      'invitation'));
