-- Demo seed: Velfærdens Innovationsdag 2027 (published) and 2028 (draft).
--
-- Runs once, as a superuser, inside one transaction on a freshly migrated
-- database (see seedOnce in src/lib/db/migrate.ts and [db.seed] in
-- supabase/config.toml). It therefore has no BEGIN/COMMIT of its own.
--
-- The day is modelled on Velfærdens Innovationsdag 2020 (theme “Nærhed”) as
-- described in the source documents. The 2027 programme is fictional. The
-- organisations are real Danish public bodies, foundations and NGOs used for
-- illustration, plus a few invented companies (“Tætpå Digital ApS”, “Hjemmebo
-- Robotics A/S”, “Fællesdata ApS”, “Klartekst & Co. ApS”, “Kantineværket ApS”).
-- People are fictional, except Jocelyne Bourgon, Carsten Rasmussen, Julie
-- Becher and Lene Krogh Jeppesen, who appear in the source documents; the
-- minister is named by office only. All contact e-mails use example domains.
--
-- Rows refer to each other by slug or name through the pg_temp helpers below,
-- which fail loudly on a typo. The checks at the end fail the seed (and so the
-- whole transaction) if the programme breaks a rule the schema cannot express.
--
-- Visibility fixtures on purpose:
--   * event velfaerdens-innovationsdag-2028 is a draft: nothing of it is public;
--   * solution robotstoevsugere-i-hjemmeplejen is only 'submitted';
--   * Slagelse Kommune partners only that submitted solution, and Region
--     Sjælland appears only in the draft event: both stay private;
--   * every takeaway is unpublished (published_at is null) until after the day.

-- ---------------------------------------------------------------------------
-- Lookup helpers (temporary; dropped at the end)
-- ---------------------------------------------------------------------------

create function pg_temp.event_id(p_slug text) returns uuid
language plpgsql as $$
declare v uuid;
begin
  select id into v from public.events where slug = p_slug;
  if v is null then raise exception 'seed: no event %', p_slug; end if;
  return v;
end $$;

create function pg_temp.org_id(p_name text) returns uuid
language plpgsql as $$
declare v uuid;
begin
  if p_name is null then return null; end if;
  select id into v from public.organisations where name = p_name;
  if v is null then raise exception 'seed: no organisation %', p_name; end if;
  return v;
end $$;

create function pg_temp.room_id(p_event uuid, p_name text) returns uuid
language plpgsql as $$
declare v uuid;
begin
  if p_name is null then return null; end if;
  select id into v from public.rooms where event_id = p_event and name = p_name;
  if v is null then raise exception 'seed: no room %', p_name; end if;
  return v;
end $$;

create function pg_temp.track_id(p_event uuid, p_slug text) returns uuid
language plpgsql as $$
declare v uuid;
begin
  if p_slug is null then return null; end if;
  select id into v from public.tracks where event_id = p_event and slug = p_slug;
  if v is null then raise exception 'seed: no track %', p_slug; end if;
  return v;
end $$;

create function pg_temp.session_id(p_event uuid, p_slug text) returns uuid
language plpgsql as $$
declare v uuid;
begin
  if p_slug is null then return null; end if;
  select id into v from public.sessions where event_id = p_event and slug = p_slug;
  if v is null then raise exception 'seed: no session %', p_slug; end if;
  return v;
end $$;

create function pg_temp.speaker_id(p_event uuid, p_slug text) returns uuid
language plpgsql as $$
declare v uuid;
begin
  select id into v from public.speakers where event_id = p_event and slug = p_slug;
  if v is null then raise exception 'seed: no speaker %', p_slug; end if;
  return v;
end $$;

create function pg_temp.solution_id(p_event uuid, p_slug text) returns uuid
language plpgsql as $$
declare v uuid;
begin
  select id into v from public.solutions where event_id = p_event and slug = p_slug;
  if v is null then raise exception 'seed: no solution %', p_slug; end if;
  return v;
end $$;

-- ---------------------------------------------------------------------------
-- Organisations
-- ---------------------------------------------------------------------------

insert into public.organisations (name, sector, website_url) values
  -- Kommuner
  ('Aarhus Kommune',        'kommune', 'https://www.aarhus.dk'),
  ('Frederiksberg Kommune', 'kommune', 'https://www.frederiksberg.dk'),
  ('Lejre Kommune',         'kommune', 'https://www.lejre.dk'),
  ('Holbæk Kommune',        'kommune', 'https://www.holbaek.dk'),
  ('Københavns Kommune',    'kommune', 'https://www.kk.dk'),
  ('Odense Kommune',        'kommune', 'https://www.odense.dk'),
  ('Hedensted Kommune',     'kommune', 'https://www.hedensted.dk'),
  ('Kolding Kommune',       'kommune', 'https://www.kolding.dk'),
  ('Viborg Kommune',        'kommune', 'https://www.viborg.dk'),
  ('Vejle Kommune',         'kommune', 'https://www.vejle.dk'),
  ('Slagelse Kommune',      'kommune', 'https://www.slagelse.dk'),
  -- Regioner
  ('Region Midtjylland',    'region', 'https://www.rm.dk'),
  ('Region Hovedstaden',    'region', 'https://www.regionh.dk'),
  ('Region Syddanmark',     'region', 'https://www.regionsyddanmark.dk'),
  ('Region Sjælland',       'region', 'https://www.regionsjaelland.dk'),
  -- Stat
  ('Center for Offentlig Innovation',                 'stat', 'https://www.coi.dk'),
  ('Social- og Indenrigsministeriet',                 'stat', null),
  ('Digitaliseringsstyrelsen',                        'stat', 'https://digst.dk'),
  ('Styrelsen for Arbejdsmarked og Rekruttering',     'stat', 'https://star.dk'),
  -- Private virksomheder (invented)
  ('Tætpå Digital ApS',     'privat_virksomhed', null),
  ('Hjemmebo Robotics A/S', 'privat_virksomhed', null),
  ('Fællesdata ApS',        'privat_virksomhed', null),
  ('Klartekst & Co. ApS',   'privat_virksomhed', null),
  ('Kantineværket ApS',     'privat_virksomhed', null),
  -- Civilsamfund
  ('Social Talks',                        'civilsamfund', null),
  ('Mødrehjælpen',                        'civilsamfund', 'https://moedrehjaelpen.dk'),
  ('Dansk Røde Kors',                     'civilsamfund', 'https://www.rodekors.dk'),
  ('DUF – Dansk Ungdoms Fællesråd',       'civilsamfund', 'https://duf.dk'),
  ('Ældre Sagen',                         'civilsamfund', 'https://www.aeldresagen.dk'),
  -- Fonde
  ('Rockwool Fonden', 'fond', 'https://www.rockwoolfonden.dk'),
  ('TrygFonden',      'fond', 'https://www.trygfonden.dk'),
  ('VELUX FONDEN',    'fond', 'https://veluxfoundations.dk'),
  -- Forskning og uddannelse
  ('MIR-skolerne',                     'forskning_uddannelse', null),
  ('Københavns Professionshøjskole',   'forskning_uddannelse', 'https://www.kp.dk'),
  ('Roskilde Universitet',             'forskning_uddannelse', 'https://ruc.dk'),
  ('Aarhus Universitet',               'forskning_uddannelse', 'https://www.au.dk'),
  ('Teknologisk Institut',             'forskning_uddannelse', 'https://www.teknologisk.dk');

-- English pages name an organisation by its own English name where it has one (#13 item 7);
-- invented companies and names used as they are in English keep theirs.
update public.organisations o set name_en = v.name_en
from (values
  ('Aarhus Kommune', 'Aarhus Municipality'), ('Frederiksberg Kommune', 'Frederiksberg Municipality'),
  ('Lejre Kommune', 'Lejre Municipality'), ('Holbæk Kommune', 'Holbæk Municipality'),
  ('Københavns Kommune', 'City of Copenhagen'), ('Odense Kommune', 'Odense Municipality'),
  ('Hedensted Kommune', 'Hedensted Municipality'), ('Kolding Kommune', 'Kolding Municipality'),
  ('Viborg Kommune', 'Viborg Municipality'), ('Vejle Kommune', 'Vejle Municipality'),
  ('Slagelse Kommune', 'Slagelse Municipality'),
  ('Region Midtjylland', 'Central Denmark Region'), ('Region Hovedstaden', 'Capital Region of Denmark'),
  ('Region Syddanmark', 'Region of Southern Denmark'), ('Region Sjælland', 'Region Zealand'),
  ('Center for Offentlig Innovation', 'National Centre for Public Sector Innovation'),
  ('Social- og Indenrigsministeriet', 'Ministry of Social Affairs and the Interior'),
  ('Digitaliseringsstyrelsen', 'Agency for Digital Government'),
  ('Styrelsen for Arbejdsmarked og Rekruttering', 'Danish Agency for Labour Market and Recruitment'),
  ('Dansk Røde Kors', 'Danish Red Cross'), ('DUF – Dansk Ungdoms Fællesråd', 'DUF – Danish Youth Council'),
  ('Rockwool Fonden', 'ROCKWOOL Foundation'), ('VELUX FONDEN', 'VELUX FOUNDATION'),
  ('Københavns Professionshøjskole', 'University College Copenhagen'),
  ('Roskilde Universitet', 'Roskilde University'), ('Aarhus Universitet', 'Aarhus University'),
  ('Teknologisk Institut', 'Danish Technological Institute')
) as v(name, name_en)
where o.name = v.name;

-- ---------------------------------------------------------------------------
-- Events
-- ---------------------------------------------------------------------------

insert into public.events (
  slug, name, name_en, theme, theme_en, tagline, tagline_en, description, description_en,
  starts_at, ends_at, timezone, venue_name, venue_address, organiser_name, contact_email,
  expected_attendees, accessibility_statement_url, status
) values (
  'velfaerdens-innovationsdag-2027',
  'Velfærdens Innovationsdag 2027',
  'Welfare Innovation Day 2027',
  'Nærhed',
  'Proximity',
  'Velfærd bliver bedst, når den skabes tæt på borgerne – og sammen med dem.',
  'Welfare works best when it is created close to people – and together with them.',
  'Velfærdens Innovationsdag samler hvert år velfærdens frontløbere fra kommuner, regioner, stat, '
  'virksomheder, fonde, forskning og civilsamfund i Øksnehallen. Årets tema er nærhed: Hvordan skaber vi '
  'velfærd tæt på borgerne – og sammen med dem? Dagen byder på åbningstale, keynote, paneldebatter, fire '
  'temaspor med workshops og løsningsgalleriet, hvor du i hver runde møder tre konkrete løsninger under en '
  'fælles overskrift. Dagen slutter med uddelingen af NYT SAMMEN BEDRE-prisen.',
  'Every year Welfare Innovation Day brings the front-runners of Danish welfare – from municipalities, '
  'regions, central government, companies, foundations, research and civil society – together in '
  'Øksnehallen. This year’s theme is proximity: how do we create welfare close to people, and together '
  'with them? The day offers an opening speech, a keynote, panel debates, four themed tracks with '
  'workshops and the solution gallery, where each round presents three concrete solutions under a shared '
  'heading. The day ends with the NYT SAMMEN BEDRE award.',
  '2027-02-25 08:30:00+01',
  '2027-02-25 16:30:00+01',
  'Europe/Copenhagen',
  'Øksnehallen',
  'Halmtorvet 11, 1700 København V',
  'Foreningen Velfærdens Innovationsdag',
  'kontakt@innovationsdag.example.dk',
  1200,
  '/tilgaengelighed',
  'published'
), (
  'velfaerdens-innovationsdag-2028',
  'Velfærdens Innovationsdag 2028',
  'Welfare Innovation Day 2028',
  'Tillid',
  'Trust',
  'Tillid er velfærdens vigtigste infrastruktur.',
  'Trust is the most important infrastructure of welfare.',
  'Programmet er under udarbejdelse. Årets tema er tillid – mellem borgere, fagfolk, politikere og sektorer.',
  'The programme is being prepared. This year’s theme is trust – between citizens, professionals, '
  'politicians and sectors.',
  '2028-02-24 08:30:00+01',
  '2028-02-24 16:30:00+01',
  'Europe/Copenhagen',
  'Øksnehallen',
  'Halmtorvet 11, 1700 København V',
  'Foreningen Velfærdens Innovationsdag',
  'kontakt@innovationsdag.example.dk',
  1200,
  '/tilgaengelighed',
  'draft'
);

-- ---------------------------------------------------------------------------
-- 2027: rooms in Øksnehallen
-- The five galleries are deliberately small, so gallery rounds are contested.
-- ---------------------------------------------------------------------------

insert into public.rooms (event_id, name, name_en, capacity, location_note, location_note_en, position)
select pg_temp.event_id('velfaerdens-innovationsdag-2027'), v.*
from (values
  ('Hovedscenen', 'Main stage', 1200,
   'Midt i hallen. Trinfri adgang, teleslynge og reserverede pladser til kørestolsbrugere forrest.',
   'In the middle of the hall. Step-free access, hearing loop and reserved wheelchair spaces at the front.', 1),
  ('Foyer', 'Foyer', 1200,
   'Ved indgangen fra Halmtorvet: registrering, garderobe, stande, kaffe og frokost.',
   'By the entrance from Halmtorvet: registration, cloakroom, stands, coffee and lunch.', 2),
  ('Halmtorvet', 'Halmtorvet Room', 150,
   'Hallens nordside, stueplan.', 'North side of the hall, ground floor.', 3),
  ('Vesterbro', 'Vesterbro Room', 120,
   'Hallens sydside, stueplan.', 'South side of the hall, ground floor.', 4),
  ('Kødbyen', 'Kødbyen Room', 100,
   '1. sal – elevator ved garderoben.', 'First floor – lift by the cloakroom.', 5),
  ('Istedgade', 'Istedgade Room', 80,
   '1. sal – elevator ved garderoben.', 'First floor – lift by the cloakroom.', 6),
  ('Værkstedet', 'The Workshop Room', 60,
   '1. sal, for enden af gangen. Borde til gruppearbejde.', 'First floor, end of the corridor. Tables for group work.', 7),
  ('Galleri A', 'Gallery A', 40, 'Gallerigangen langs hallens østside.', 'The gallery walk along the east side of the hall.', 8),
  ('Galleri B', 'Gallery B', 36, 'Gallerigangen langs hallens østside.', 'The gallery walk along the east side of the hall.', 9),
  ('Galleri C', 'Gallery C', 30, 'Gallerigangen langs hallens østside.', 'The gallery walk along the east side of the hall.', 10),
  ('Galleri D', 'Gallery D', 34, 'Gallerigangen langs hallens østside.', 'The gallery walk along the east side of the hall.', 11),
  ('Galleri E', 'Gallery E', 32, 'Gallerigangen langs hallens østside.', 'The gallery walk along the east side of the hall.', 12)
) as v(name, name_en, capacity, location_note, location_note_en, position);

-- ---------------------------------------------------------------------------
-- 2027: themed tracks (temaspor)
-- Colours are dark enough for white text (contrast ≥ 7:1).
-- ---------------------------------------------------------------------------

insert into public.tracks (event_id, slug, name, name_en, description, description_en, colour, host_name, position)
select pg_temp.event_id('velfaerdens-innovationsdag-2027'), v.*
from (values
  ('politikere-og-bureaukrater',
   'Når politikere og bureaukrater sammen giver offentlig innovation flyvehøjde',
   'When politicians and civil servants together give public innovation lift',
   'Politikerne spiller en rolle i 63 procent af de offentlige innovationer, og de politisk initierede '
   'innovationer får størst effekt, når politikerne er med hele vejen. Sporet åbner med et interview om '
   'samspillet mellem politik og forvaltning og fortsætter med en workshop, hvor du tester nye værktøjer '
   'til et fælles sprog om innovation.',
   'Politicians play a part in 63 per cent of public-sector innovations, and politically initiated '
   'innovations have the greatest effect when politicians stay involved all the way. The track opens with '
   'an interview on how politicians and administrations work together, followed by a workshop where you '
   'test new tools for a shared language of innovation.',
   '#1f4e79', 'Center for Offentlig Innovation', 1),
  ('naerhed-og-borgerinddragelse',
   'Nærhed og borgerinddragelse',
   'Proximity and citizen participation',
   'Vi har endnu ikke knækket koden til borgerinddragelse om de komplekse udfordringer. Hvor tidligt kan vi '
   'inddrage – og om hvilke spørgsmål? Sporet samler erfaringer fra borgerbudgetter, borgerdesign og '
   'lokalråd og giver dig metoder med hjem.',
   'We have not yet cracked the code of involving citizens in complex challenges. How early can we involve '
   'people – and in which questions? The track brings together experience from participatory budgets, '
   'citizen design and local councils, and sends you home with methods.',
   '#7b1e3f', 'Københavns Professionshøjskole', 2),
  ('velfaerdsteknologi-og-data',
   'Velfærdsteknologi og data tæt på borgeren',
   'Welfare technology and data close to people',
   'Teknologi og data kan skabe nærhed – eller afstand. Sporet handler om dokumentation, der giver mening '
   'for både fagfolk og borgere, og om velfærdsteknologi udviklet med borgeren ved bordet.',
   'Technology and data can create proximity – or distance. The track is about documentation that makes '
   'sense to professionals and citizens alike, and about welfare technology developed with citizens at '
   'the table.',
   '#0b5a48', 'Rockwool Fonden', 3),
  ('partnerskaber-paa-tvaers',
   'Partnerskaber på tværs af sektorer',
   'Cross-sector partnerships',
   'Fra velfærdsstat til samarbejdende velfærdssamfund: Hvordan bygger kommuner, civilsamfund, fonde og '
   'virksomheder partnerskaber, der holder – og hvordan slipper vi for det bureaukrati, der står i vejen?',
   'From welfare state to collaborative welfare society: how do municipalities, civil society, foundations '
   'and companies build partnerships that last – and how do we shed the red tape that gets in the way?',
   '#542b7e', 'Teknologisk Institut', 4)
) as v(slug, name, name_en, description, description_en, colour, host_name, position);

-- ---------------------------------------------------------------------------
-- 2027: sessions (everything except the gallery rounds)
-- Times are CET (UTC+1). A room hosts one session at a time.
-- ---------------------------------------------------------------------------

insert into public.sessions (
  event_id, slug, kind, title, title_en, description, description_en,
  starts_at, ends_at, room_id, track_id, capacity
)
select e.id, v.slug, v.kind::public.session_kind, v.title, v.title_en, v.description, v.description_en,
       v.starts_at::timestamptz, v.ends_at::timestamptz,
       pg_temp.room_id(e.id, v.room), pg_temp.track_id(e.id, v.track), v.capacity
from public.events e
cross join (values
  -- Foyer: arrival, breaks and networking
  ('registrering', 'networking', 'Registrering og morgenkaffe', 'Registration and morning coffee',
   'Hent dit navneskilt, få en kop kaffe og kig forbi standene, inden dagen går i gang.',
   'Collect your badge, grab a coffee and visit the stands before the day begins.',
   '2027-02-25 08:30:00+01', '2027-02-25 09:15:00+01', 'Foyer', null, null::integer),
  ('formiddagspause', 'break', 'Kaffe, stande og netværk', 'Coffee, stands and networking',
   'Pause med kaffe og frugt. Mød udstillerne i foyeren, og find vej til dit næste spor eller galleri.',
   'Break with coffee and fruit. Meet the exhibitors in the foyer and find your way to your next track or gallery.',
   '2027-02-25 10:30:00+01', '2027-02-25 11:00:00+01', 'Foyer', null, null),
  ('frokost', 'break', 'Frokost og netværk', 'Lunch and networking',
   'Frokostbuffet i foyeren. Der er vegetariske, veganske og glutenfri retter.',
   'Lunch buffet in the foyer, with vegetarian, vegan and gluten-free dishes.',
   '2027-02-25 12:00:00+01', '2027-02-25 13:00:00+01', 'Foyer', null, null),
  ('eftermiddagspause', 'break', 'Kort pause', 'Short break',
   'Tid til at skifte lokale og få en kop kaffe.',
   'Time to change rooms and get a coffee.',
   '2027-02-25 14:00:00+01', '2027-02-25 14:15:00+01', 'Foyer', null, null),
  ('kaffe-og-kage', 'break', 'Kaffe og kage', 'Coffee and cake',
   'Sidste pause før prisuddelingen på Hovedscenen.',
   'The last break before the award ceremony on the main stage.',
   '2027-02-25 15:15:00+01', '2027-02-25 15:30:00+01', 'Foyer', null, null),
  ('netvaerk-til-slut', 'networking', 'Netværk og en forfriskning', 'Networking and refreshments',
   'Dagen slutter, hvor den begyndte: i foyeren, med tid til at udveksle erfaringer og kontaktoplysninger.',
   'The day ends where it began: in the foyer, with time to swap experiences and contact details.',
   '2027-02-25 16:15:00+01', '2027-02-25 16:30:00+01', 'Foyer', null, null),

  -- Hovedscenen: plenary programme
  ('aabning', 'keynote', 'Velkomst og åbningstale ved social- og indenrigsministeren',
   'Welcome and opening speech by the Minister for Social Affairs and the Interior',
   'Dagens vært byder velkommen, og ministeren reflekterer over nærhed, nærhedsreform og velfærdsinnovation: '
   'Hvad kan Slotsholmen gøre for, at nye løsninger kan opstå tæt på borgerne?',
   'The host welcomes everyone, and the minister reflects on proximity, the proximity reform and welfare '
   'innovation: what can central government do so that new solutions can emerge close to people?',
   '2027-02-25 09:15:00+01', '2027-02-25 09:40:00+01', 'Hovedscenen', null, null),
  ('keynote-den-ny-syntese', 'keynote', 'Den ny syntese', 'The New Synthesis',
   'Jocelyne Bourgon præsenterer en ramme for at styre den offentlige sektor i en tid med stigende '
   'kompleksitet – hvor compliance og performance skal gå hånd i hånd med emergens og resiliens.',
   'Jocelyne Bourgon presents a framework for governing the public sector in a time of growing complexity – '
   'where compliance and performance must go hand in hand with emergence and resilience.',
   '2027-02-25 09:40:00+01', '2027-02-25 10:30:00+01', 'Hovedscenen', null, null),
  ('panel-naerhed-i-praksis', 'panel', 'Nærhed i praksis: Hvem tager det første skridt?',
   'Proximity in practice: who takes the first step?',
   'En kommunaldirektør, en fond og en civilsamfundsorganisation debatterer, hvad nærhed kræver af '
   'ledelse, økonomi og samarbejde – og hvem der skal gå forrest.',
   'A municipal chief executive, a foundation and a civil society organisation debate what proximity '
   'demands of leadership, funding and collaboration – and who should lead the way.',
   '2027-02-25 11:00:00+01', '2027-02-25 12:00:00+01', 'Hovedscenen', null, null),
  ('panel-genbrug-af-guld', 'panel', 'Genbrug af guld: Hvorfor stjæler vi ikke flere gode idéer fra hinanden?',
   'Reusing gold: why don’t we steal more good ideas from each other?',
   'Den offentlige sektor er stadig bedre til at opfinde end til at genbruge. Panelet diskuterer, hvordan '
   'gode løsninger spreder sig – med den grad af tilpasning, det kræver.',
   'The public sector is still better at inventing than at reusing. The panel discusses how good '
   'solutions spread – with the degree of adaptation it takes.',
   '2027-02-25 14:15:00+01', '2027-02-25 15:15:00+01', 'Hovedscenen', null, null),
  ('prisuddeling', 'keynote', 'Uddeling af NYT SAMMEN BEDRE-prisen 2027', 'The NYT SAMMEN BEDRE award 2027',
   'Juryen præsenterer de fem nominerede løsninger og afslører, hvem der modtager årets innovationspris.',
   'The jury presents the five nominated solutions and reveals this year’s winner of the innovation award.',
   '2027-02-25 15:30:00+01', '2027-02-25 16:05:00+01', 'Hovedscenen', null, null),
  ('afslutning', 'keynote', 'Tak for i dag', 'Closing remarks',
   'Dagens vært samler op på dagens pointer og sender os videre til netværk i foyeren.',
   'The host sums up the day and sends us off to network in the foyer.',
   '2027-02-25 16:05:00+01', '2027-02-25 16:15:00+01', 'Hovedscenen', null, null),

  -- Temaspor 1 (COI): interview, then a workshop testing new tools
  ('coi-aabningsinterview', 'track_session',
   'Åbningsinterview: Politikere og embedsværk om samspillet i offentlig innovation',
   'Opening interview: politicians and civil servants on working together in public innovation',
   'Vi lægger ud med fakta om politikernes rolle i offentlig innovation. Derefter deler en borgmester og en '
   'kommunal chef deres erfaringer med samspillet mellem politikere og embedsværk – og med borgerinddragelse '
   'om de komplekse udfordringer.',
   'We start with facts about the role of politicians in public innovation. A mayor and a municipal '
   'director then share their experience of how politicians and civil servants work together – and of '
   'involving citizens in complex challenges.',
   '2027-02-25 11:00:00+01', '2027-02-25 12:00:00+01', 'Halmtorvet', 'politikere-og-bureaukrater', null),
  ('coi-vaerktoejstest', 'workshop',
   'Verdenspremiere-test: Værktøjer til et fælles sprog om innovation',
   'World-premiere test: tools for a shared language of innovation',
   'Vær med til at teste greb og værktøjer, der skal styrke et fælles sprog mellem politikere og det '
   'centrale embedsværk om offentlig innovation. Du får materialerne med hjem, og du kan melde dig til den '
   'videre test.',
   'Help test approaches and tools designed to build a shared language about public innovation between '
   'politicians and senior civil servants. You take the materials home and can sign up for further testing.',
   '2027-02-25 13:00:00+01', '2027-02-25 14:00:00+01', 'Halmtorvet', 'politikere-og-bureaukrater', 60),
  ('coi-politisk-handlekraft', 'track_session',
   'Politisk handlekraft – uden en ny lov?',
   'Political decisiveness – without a new law?',
   'Politisk handlekraft bliver ofte til et krav om nye regler. Men handlekraft kan også være at give rum '
   'til at udforske problemet og afprøve løsninger, før noget låses fast.',
   'Political decisiveness often turns into a call for new rules. But it can also mean making room to '
   'explore the problem and try out solutions before anything is locked in.',
   '2027-02-25 14:15:00+01', '2027-02-25 15:15:00+01', 'Halmtorvet', 'politikere-og-bureaukrater', null),

  -- Temaspor 2: nærhed og borgerinddragelse
  ('borgerbudgetter', 'track_session', 'Borgerbudgetter: Når borgerne fordeler kronerne',
   'Participatory budgets: when citizens allocate the money',
   'Odense og Kolding fortæller, hvad borgerbudgetter har gjort for lokaldemokrati og ejerskab i '
   'boligområder og landsbyer – og hvad de ville gøre anderledes i dag.',
   'Odense and Kolding explain what participatory budgets have done for local democracy and ownership in '
   'housing areas and villages – and what they would do differently today.',
   '2027-02-25 11:00:00+01', '2027-02-25 12:00:00+01', 'Vesterbro', 'naerhed-og-borgerinddragelse', null),
  ('tidlig-inddragelse', 'track_session', 'Hvor tidligt kan vi inddrage – og om hvad?',
   'How early can we involve citizens – and in what?',
   'Erfaringer fra Borgerdesign i Region Midtjylland og Aarhus Kommune: Hvordan bliver borgerperspektiver '
   'en drivkraft for strategisk ledelse, og hvor åbent kan politikerne tåle at stille spørgsmålet?',
   'Lessons from Citizen Design in the Central Denmark Region and Aarhus Municipality: how do citizen '
   'perspectives become a driver of strategic leadership, and how open a question can politicians live with?',
   '2027-02-25 13:00:00+01', '2027-02-25 14:00:00+01', 'Vesterbro', 'naerhed-og-borgerinddragelse', null),
  ('inddragelsesvaerksted', 'workshop', 'Værksted: Borgerroller, vi overser',
   'Workshop: the citizen roles we overlook',
   'Klient, forbruger, dialogpartner, medskaber? Vi kortlægger de borgerroller, jeres organisation '
   'arbejder med – og dem, der mangler.',
   'Client, consumer, dialogue partner, co-creator? We map the citizen roles your organisation works with – '
   'and the ones that are missing.',
   '2027-02-25 14:15:00+01', '2027-02-25 15:15:00+01', 'Værkstedet', 'naerhed-og-borgerinddragelse', 40),

  -- Temaspor 3: velfærdsteknologi og data
  ('datadisciplin', 'track_session', 'Datadisciplin, der giver mening – for fagfolk og borgere',
   'Data discipline that makes sense – for professionals and citizens',
   'Mange oplever dokumentation som en byrde, der stjæler tid fra kerneopgaven. Mødrehjælpen viser, hvordan '
   'data kan blive et uundværligt værktøj i det daglige arbejde og i dialogen med familierne.',
   'Many see documentation as a burden that steals time from the core task. Mødrehjælpen shows how data '
   'can become an indispensable everyday tool – including in the dialogue with families.',
   '2027-02-25 11:00:00+01', '2027-02-25 12:00:00+01', 'Kødbyen', 'velfaerdsteknologi-og-data', null),
  ('velfaerdsteknologi-med-borgeren', 'track_session', 'Velfærdsteknologi med borgeren ved bordet',
   'Welfare technology with citizens at the table',
   'En kommune og en virksomhed fortæller, hvordan borgere og pårørende har været med til at udvikle og '
   'teste teknologien – og hvad de valgte fra.',
   'A municipality and a company explain how citizens and relatives helped develop and test the '
   'technology – and what they decided to leave out.',
   '2027-02-25 13:00:00+01', '2027-02-25 14:00:00+01', 'Kødbyen', 'velfaerdsteknologi-og-data', null),

  -- Temaspor 4: partnerskaber på tværs
  ('samarbejdende-velfaerdssamfund', 'track_session', 'Fra velfærdsstat til samarbejdende velfærdssamfund',
   'From welfare state to collaborative welfare society',
   'Et partnerskab er en tillidsbaseret aftale af en vis varighed mellem organisationer, der gør sig '
   'afhængige af hinanden. Hvad skal der til, for at det holder i praksis?',
   'A partnership is a trust-based agreement of some duration between organisations that make themselves '
   'dependent on each other. What does it take for that to hold in practice?',
   '2027-02-25 11:00:00+01', '2027-02-25 12:00:00+01', 'Istedgade', 'partnerskaber-paa-tvaers', null),
  ('partnerskabsvaerksted', 'workshop', 'Værksted: Byg et socialt partnerskab på en time',
   'Workshop: build a social partnership in an hour',
   'I små grupper skitserer I et partnerskab mellem en kommune, en forening og en virksomhed om en konkret '
   'velfærdsopgave – med roller, aftaler og effektmål.',
   'In small groups you sketch a partnership between a municipality, an association and a company around a '
   'concrete welfare task – with roles, agreements and impact measures.',
   '2027-02-25 13:00:00+01', '2027-02-25 14:00:00+01', 'Værkstedet', 'partnerskaber-paa-tvaers', 40),
  ('mindre-bureaukrati', 'track_session', 'Ledere i kamp mod bureaukratiet',
   'Leaders taking on red tape',
   'Jobcentrene i Hedensted og Viborg har skåret unødig kontrol og dokumentation væk. Resultatet er '
   'hurtigere job til de ledige og mere tilfredse medarbejdere.',
   'The job centres in Hedensted and Viborg have cut away needless control and documentation. The result: '
   'unemployed people find jobs faster, and staff are more satisfied.',
   '2027-02-25 14:15:00+01', '2027-02-25 15:15:00+01', 'Istedgade', 'partnerskaber-paa-tvaers', null)
) as v(slug, kind, title, title_en, description, description_en, starts_at, ends_at, room, track, capacity)
where e.slug = 'velfaerdens-innovationsdag-2027';

-- Discussion questions for the workshops (Danish and English, same order).
update public.sessions set
  discussion_questions = array[
    'Hvornår i et innovationsforløb skal politikerne på banen – og med hvilket mandat?',
    'Hvilke ord bruger politikere og embedsværk forskelligt, når vi taler om innovation?',
    'Hvad skal der til, for at I kan afprøve værktøjerne derhjemme?'
  ],
  discussion_questions_en = array[
    'When in an innovation process should politicians get involved – and with what mandate?',
    'Which words do politicians and civil servants use differently when we talk about innovation?',
    'What would it take for you to try the tools back home?'
  ]
where slug = 'coi-vaerktoejstest' and event_id = pg_temp.event_id('velfaerdens-innovationsdag-2027');

update public.sessions set
  discussion_questions = array[
    'Hvilken borger- eller brugerrolle er vigtig, men endnu ikke tilstrækkelig synlig i jeres organisation?',
    'Hvor tidligt kan I inddrage borgerne – og om hvilke spørgsmål?',
    'Hvordan rekrutterer I de perspektiver, I plejer at overse?'
  ],
  discussion_questions_en = array[
    'Which citizen or user role is important but not yet visible enough in your organisation?',
    'How early can you involve citizens – and in which questions?',
    'How do you recruit the perspectives you usually overlook?'
  ]
where slug = 'inddragelsesvaerksted' and event_id = pg_temp.event_id('velfaerdens-innovationsdag-2027');

update public.sessions set
  discussion_questions = array[
    'Hvad kan et socialt partnerskab bruges til?',
    'Er I allerede involveret i partnerskaber – og hvad bærer dem?',
    'Hvordan kan I gøre jer relevante for en social iværksætter?'
  ],
  discussion_questions_en = array[
    'What can a social partnership be used for?',
    'Are you already involved in partnerships – and what keeps them going?',
    'How can you make yourselves relevant to a social entrepreneur?'
  ]
where slug = 'partnerskabsvaerksted' and event_id = pg_temp.event_id('velfaerdens-innovationsdag-2027');

-- ---------------------------------------------------------------------------
-- 2027: solution gallery rounds
-- Five galleries in parallel, three one-hour rounds; each round has its own
-- themed heading within the gallery's theme and holds three solutions.
-- ---------------------------------------------------------------------------

insert into public.sessions (
  event_id, slug, kind, title, title_en, description, description_en,
  starts_at, ends_at, room_id, capacity
)
select e.id, v.slug, 'gallery_round'::public.session_kind, v.title, v.title_en, v.description, v.description_en,
       v.starts_at::timestamptz, v.ends_at::timestamptz, pg_temp.room_id(e.id, v.room), v.capacity
from public.events e
cross join (values
  -- Runde 1, 11:00–12:00
  ('galleri-a-runde-1', 'Nærhed i borgerservice', 'Proximity in citizen services',
   'Tre løsninger, der flytter borgerservice tættere på borgerne – fysisk, digitalt og sprogligt.',
   'Three solutions that bring citizen services closer to people – physically, digitally and in plain language.',
   '2027-02-25 11:00:00+01', '2027-02-25 12:00:00+01', 'Galleri A', 40),
  ('galleri-b-runde-1', 'Børn og unges trivsel', 'The wellbeing of children and young people',
   'Tre løsninger, der styrker trivslen for børn og unge – i klassen, i familien og i fritiden.',
   'Three solutions that strengthen the wellbeing of children and young people – in class, in the family and in their free time.',
   '2027-02-25 11:00:00+01', '2027-02-25 12:00:00+01', 'Galleri B', 36),
  ('galleri-c-runde-1', 'Borgeren som medskaber', 'Citizens as co-creators',
   'Tre løsninger, hvor borgere, patienter og pårørende har været med til at skabe løsningen.',
   'Three solutions that citizens, patients and relatives helped create.',
   '2027-02-25 11:00:00+01', '2027-02-25 12:00:00+01', 'Galleri C', 30),
  ('galleri-d-runde-1', 'Data tæt på borgeren', 'Data close to people',
   'Tre løsninger, der bruger data til at komme tættere på borgerne – ikke længere væk.',
   'Three solutions that use data to come closer to people – not further away.',
   '2027-02-25 11:00:00+01', '2027-02-25 12:00:00+01', 'Galleri D', 34),
  ('galleri-e-runde-1', 'Fællesskaber på tværs', 'Communities across boundaries',
   'Tre løsninger, hvor kommune, civilsamfund, fonde og virksomheder skaber fællesskaber sammen.',
   'Three solutions in which municipalities, civil society, foundations and companies build communities together.',
   '2027-02-25 11:00:00+01', '2027-02-25 12:00:00+01', 'Galleri E', 32),
  -- Runde 2, 13:00–14:00
  ('galleri-a-runde-2', 'Service, der rykker ud', 'Services on the move',
   'Tre løsninger, hvor hjælpen kommer til borgeren i stedet for omvendt.',
   'Three solutions in which help comes to people rather than the other way round.',
   '2027-02-25 13:00:00+01', '2027-02-25 14:00:00+01', 'Galleri A', 40),
  ('galleri-b-runde-2', 'Meningsfuld uddannelse for alle', 'Meaningful education for all',
   'Tre løsninger, der giver flere børn og unge en vej gennem skole og uddannelse.',
   'Three solutions that give more children and young people a path through school and education.',
   '2027-02-25 13:00:00+01', '2027-02-25 14:00:00+01', 'Galleri B', 36),
  ('galleri-c-runde-2', 'Borgerne med ved beslutningsbordet', 'Citizens at the decision-making table',
   'Tre løsninger, hvor borgerne får reel indflydelse på beslutninger og budgetter.',
   'Three solutions that give citizens real influence over decisions and budgets.',
   '2027-02-25 13:00:00+01', '2027-02-25 14:00:00+01', 'Galleri C', 30),
  ('galleri-d-runde-2', 'Velfærdsteknologi med mening', 'Welfare technology that makes sense',
   'Tre løsninger, hvor teknologien er udviklet og afprøvet sammen med borgere og pårørende.',
   'Three solutions whose technology was developed and tested with citizens and relatives.',
   '2027-02-25 13:00:00+01', '2027-02-25 14:00:00+01', 'Galleri D', 34),
  ('galleri-e-runde-2', 'Frivillige og fagfolk side om side', 'Volunteers and professionals side by side',
   'Tre løsninger, hvor frivillige og fagfolk løfter opgaven sammen.',
   'Three solutions in which volunteers and professionals share the task.',
   '2027-02-25 13:00:00+01', '2027-02-25 14:00:00+01', 'Galleri E', 32),
  -- Runde 3, 14:15–15:15
  ('galleri-a-runde-3', 'Hjælp til selvhjælp – digitalt og analogt', 'Helping people help themselves – online and offline',
   'Tre løsninger, der gør borgerne i stand til selv at klare mere.',
   'Three solutions that enable people to manage more on their own.',
   '2027-02-25 14:15:00+01', '2027-02-25 15:15:00+01', 'Galleri A', 40),
  ('galleri-b-runde-3', 'Det hele barn – og hele familien', 'The whole child – and the whole family',
   'Tre løsninger, der ser barnet i sammenhæng med familie, skole og fællesskab.',
   'Three solutions that see the child together with family, school and community.',
   '2027-02-25 14:15:00+01', '2027-02-25 15:15:00+01', 'Galleri B', 36),
  ('galleri-c-runde-3', 'Fra borgerindsigt til handling', 'From citizen insight to action',
   'Tre løsninger, der omsætter borgernes erfaringer til konkrete forandringer.',
   'Three solutions that turn people’s experience into concrete change.',
   '2027-02-25 14:15:00+01', '2027-02-25 15:15:00+01', 'Galleri C', 30),
  ('galleri-d-runde-3', 'Teknologi og data på borgerens præmisser', 'Technology and data on people’s terms',
   'Tre løsninger, hvor borgeren bevarer overblikket og ejerskabet.',
   'Three solutions in which people keep the overview and the ownership.',
   '2027-02-25 14:15:00+01', '2027-02-25 15:15:00+01', 'Galleri D', 34),
  ('galleri-e-runde-3', 'Nye roller for det offentlige', 'New roles for the public sector',
   'Tre løsninger, hvor det offentlige træder et skridt tilbage og faciliterer i stedet for at styre.',
   'Three solutions in which the public sector steps back and facilitates rather than controls.',
   '2027-02-25 14:15:00+01', '2027-02-25 15:15:00+01', 'Galleri E', 32)
) as v(slug, title, title_en, description, description_en, starts_at, ends_at, room, capacity)
where e.slug = 'velfaerdens-innovationsdag-2027';

-- ---------------------------------------------------------------------------
-- 2027: speakers
-- ---------------------------------------------------------------------------

insert into public.speakers (event_id, slug, name, job_title, job_title_en, organisation_id, bio, bio_en)
select e.id, v.slug, v.name, v.job_title, v.job_title_en, pg_temp.org_id(v.organisation), v.bio, v.bio_en
from public.events e
cross join (values
  ('sara-vinther-holm', 'Sara Vinther Holm', 'Journalist og dagens vært', 'Journalist and host of the day', null,
   'Sara Vinther Holm er freelancejournalist med speciale i velfærd og offentlig ledelse. Hun er vært på '
   'Hovedscenen og styrer dagens første paneldebat.',
   'Sara Vinther Holm is a freelance journalist specialising in welfare and public leadership. She hosts '
   'the main stage and chairs the day’s first panel debate.'),
  ('social-og-indenrigsministeren', 'Social- og indenrigsministeren', 'Minister',
   'Minister for Social Affairs and the Interior', 'Social- og Indenrigsministeriet',
   'Ministeren åbner dagen på vegne af regeringen. Navnet offentliggøres, når programmet er endeligt.',
   'The minister opens the day on behalf of the government. The name will be announced when the '
   'programme is final.'),
  ('jocelyne-bourgon', 'Jocelyne Bourgon', 'Formand, Public Governance International',
   'President, Public Governance International', null,
   'Jocelyne Bourgon har været Canadas øverste embedsmand (Clerk of the Privy Council) og står bag '
   'rammeværket “A New Synthesis of Public Administration”, der kobler compliance og performance med '
   'emergens og resiliens.',
   'Jocelyne Bourgon is a former Clerk of the Privy Council of Canada and the author of “A New Synthesis '
   'of Public Administration”, which combines compliance and performance with emergence and resilience.'),
  ('carsten-rasmussen', 'Carsten Rasmussen', 'Borgmester (S), Lejre Kommune', 'Mayor (Social Democrats), Lejre Municipality',
   'Lejre Kommune',
   'Carsten Rasmussen er borgmester i Lejre og optaget af, hvordan byråd og forvaltning sammen kan skabe rum '
   'til at eksperimentere med nye løsninger.',
   'Carsten Rasmussen is the mayor of Lejre and is interested in how the council and the administration '
   'can make room to experiment with new solutions together.'),
  ('julie-becher', 'Julie Becher', 'Chef for Læring og Trivsel, Holbæk Kommune',
   'Head of Learning and Wellbeing, Holbæk Municipality', 'Holbæk Kommune',
   'Julie Becher leder Læring og Trivsel i Holbæk Kommune og giver embedsværkets perspektiv på samspillet '
   'med politikerne.',
   'Julie Becher heads Learning and Wellbeing in Holbæk Municipality and brings the civil-service '
   'perspective on working with politicians.'),
  ('lene-krogh-jeppesen', 'Lene Krogh Jeppesen', 'Chefkonsulent', 'Chief Consultant', 'Center for Offentlig Innovation',
   'Lene Krogh Jeppesen arbejder med politikernes rolle i offentlig innovation og står bag COI’s temaspor.',
   'Lene Krogh Jeppesen works on the role of politicians in public innovation and leads COI’s track.'),
  ('mikkel-aagaard', 'Mikkel Aagaard', 'Innovationskonsulent', 'Innovation Consultant', 'Center for Offentlig Innovation',
   'Mikkel Aagaard har udviklet de værktøjer, der testes i COI’s workshop, sammen med kommuner og regioner.',
   'Mikkel Aagaard developed the tools tested in COI’s workshop together with municipalities and regions.'),
  ('hanne-skovgaard', 'Hanne Skovgaard', 'Kommunaldirektør', 'Municipal Chief Executive', 'Kolding Kommune',
   'Hanne Skovgaard har over 20 års erfaring fra kommunal ledelse og er optaget af tillidsbaseret styring.',
   'Hanne Skovgaard has more than 20 years of experience in municipal leadership and is interested in '
   'trust-based governance.'),
  ('jonas-friis', 'Jonas Friis', 'Programchef', 'Programme Director', 'Rockwool Fonden',
   'Jonas Friis leder fondens arbejde med at sprede dokumenterede sociale løsninger mellem kommuner.',
   'Jonas Friis leads the foundation’s work on spreading documented social solutions between municipalities.'),
  ('nadia-el-amin', 'Nadia El-Amin', 'Daglig leder', 'Managing Director', 'Social Talks',
   'Nadia El-Amin har stiftet og leder Social Talks, der arbejder for at øge trivslen blandt børn.',
   'Nadia El-Amin founded and runs Social Talks, which works to improve children’s wellbeing.'),
  ('thomas-riis-kjaer', 'Thomas Riis Kjær', 'Lektor i offentlig innovation', 'Associate Professor of Public Innovation',
   'Københavns Professionshøjskole',
   'Thomas Riis Kjær forsker i spredning af innovation i den offentlige sektor og underviser ledere i '
   'velfærdsinstitutioner.',
   'Thomas Riis Kjær researches the spread of innovation in the public sector and teaches managers in '
   'welfare institutions.'),
  ('maria-juhl-soerensen', 'Maria Juhl Sørensen', 'Innovationschef', 'Head of Innovation', 'Odense Kommune',
   'Maria Juhl Sørensen har stået for Odense Kommunes arbejde med borgerbudgetter og samskabelse.',
   'Maria Juhl Sørensen has led Odense Municipality’s work on participatory budgets and co-creation.'),
  ('peter-dam', 'Peter Dam', 'Administrerende direktør', 'Chief Executive Officer', 'Tætpå Digital ApS',
   'Peter Dam leder en softwarevirksomhed, der udvikler digitale løsninger sammen med brugerne af velfærden.',
   'Peter Dam runs a software company that develops digital solutions together with the people who use '
   'welfare services.'),
  ('mette-kragh', 'Mette Kragh', 'Konsulent for borgerinddragelse', 'Citizen Participation Consultant', 'Kolding Kommune',
   'Mette Kragh har faciliteret borgerbudgetter i Koldings landsbyer siden de første forsøg.',
   'Mette Kragh has facilitated participatory budgets in Kolding’s villages since the first trials.'),
  ('louise-hjort-andersen', 'Louise Hjort Andersen', 'Programleder for Borgerdesign', 'Programme Lead, Citizen Design',
   'Region Midtjylland',
   'Louise Hjort Andersen har været med i Borgerdesign fra begyndelsen og står for at sprede metoden.',
   'Louise Hjort Andersen has been part of Citizen Design from the start and leads the spread of the method.'),
  ('emil-noergaard', 'Emil Nørgaard', 'Specialkonsulent i borgerinddragelse', 'Senior Adviser, Citizen Participation',
   'Aarhus Kommune',
   'Emil Nørgaard arbejder med at gøre borgerperspektiver til en fast del af Aarhus Kommunes strategiske '
   'beslutninger.',
   'Emil Nørgaard works to make citizen perspectives a regular part of Aarhus Municipality’s strategic decisions.'),
  ('sofie-brandt', 'Sofie Brandt', 'Analysechef', 'Head of Analysis', 'Mødrehjælpen',
   'Sofie Brandt leder Mødrehjælpens arbejde med dokumentation, data og evidensbaserede metoder.',
   'Sofie Brandt leads Mødrehjælpen’s work on documentation, data and evidence-based methods.'),
  ('ole-bach-jessen', 'Ole Bach Jessen', 'Chef for velfærdsteknologi', 'Head of Welfare Technology', 'Kolding Kommune',
   'Ole Bach Jessen står for Kolding Kommunes afprøvning og udbredelse af velfærdsteknologi.',
   'Ole Bach Jessen is responsible for testing and rolling out welfare technology in Kolding Municipality.'),
  ('laerke-vang', 'Lærke Vang', 'Seniorkonsulent i social innovation', 'Senior Consultant, Social Innovation',
   'Teknologisk Institut',
   'Lærke Vang rådgiver kommuner om partnerskaber med civilsamfund og socialøkonomiske virksomheder.',
   'Lærke Vang advises municipalities on partnerships with civil society and social enterprises.'),
  ('rasmus-toft', 'Rasmus Toft', 'Jobcenterchef', 'Head of Job Centre', 'Viborg Kommune',
   'Rasmus Toft har ledet Viborgs jobcenter gennem et opgør med unødig dokumentation.',
   'Rasmus Toft led Viborg’s job centre through a clear-out of unnecessary documentation.'),
  ('bente-holm-kristiansen', 'Bente Holm Kristiansen', 'Beskæftigelseschef', 'Head of Employment', 'Hedensted Kommune',
   'Bente Holm Kristiansen mener, at målet ikke er at opfylde lovens krav, men at få flest muligt i job og '
   'uddannelse.',
   'Bente Holm Kristiansen believes the goal is not to meet the letter of the law but to get as many '
   'people as possible into work and education.'),
  ('inger-marie-lund', 'Inger Marie Lund', 'Professor og formand for prisjuryen', 'Professor and chair of the award jury',
   'Roskilde Universitet',
   'Inger Marie Lund forsker i samskabelse og offentlig styring og er formand for juryen bag NYT SAMMEN '
   'BEDRE-prisen.',
   'Inger Marie Lund researches co-creation and public governance and chairs the jury of the NYT SAMMEN '
   'BEDRE award.')
) as v(slug, name, job_title, job_title_en, organisation, bio, bio_en)
where e.slug = 'velfaerdens-innovationsdag-2027';

-- Listed by office, not by name: English pages say which minister in English.
update public.speakers set name_en = 'The Minister for Social Affairs and the Interior'
 where slug = 'social-og-indenrigsministeren'
   and event_id = (select id from public.events where slug = 'velfaerdens-innovationsdag-2027');

-- ---------------------------------------------------------------------------
-- 2027: who appears in which session
-- ---------------------------------------------------------------------------

insert into public.session_speakers (event_id, session_id, speaker_id, role, position)
select e.id, pg_temp.session_id(e.id, v.session), pg_temp.speaker_id(e.id, v.speaker),
       v.role::public.speaker_role, v.position
from public.events e
cross join (values
  ('aabning',                        'sara-vinther-holm',             'host',        1),
  ('aabning',                        'social-og-indenrigsministeren', 'speaker',     2),
  ('keynote-den-ny-syntese',         'sara-vinther-holm',             'host',        1),
  ('keynote-den-ny-syntese',         'jocelyne-bourgon',              'speaker',     2),
  ('panel-naerhed-i-praksis',        'sara-vinther-holm',             'moderator',   1),
  ('panel-naerhed-i-praksis',        'hanne-skovgaard',               'panelist',    2),
  ('panel-naerhed-i-praksis',        'jonas-friis',                   'panelist',    3),
  ('panel-naerhed-i-praksis',        'nadia-el-amin',                 'panelist',    4),
  ('panel-genbrug-af-guld',          'thomas-riis-kjaer',             'moderator',   1),
  ('panel-genbrug-af-guld',          'jonas-friis',                   'panelist',    2),
  ('panel-genbrug-af-guld',          'maria-juhl-soerensen',          'panelist',    3),
  ('panel-genbrug-af-guld',          'peter-dam',                     'panelist',    4),
  ('prisuddeling',                   'sara-vinther-holm',             'host',        1),
  ('prisuddeling',                   'inger-marie-lund',              'speaker',     2),
  ('afslutning',                     'sara-vinther-holm',             'host',        1),
  -- COI's track: the interviewer is recorded as moderator (there is no 'interviewer' role)
  ('coi-aabningsinterview',          'lene-krogh-jeppesen',           'moderator',   1),
  ('coi-aabningsinterview',          'carsten-rasmussen',             'interviewee', 2),
  ('coi-aabningsinterview',          'julie-becher',                  'interviewee', 3),
  ('coi-vaerktoejstest',             'lene-krogh-jeppesen',           'host',        1),
  ('coi-vaerktoejstest',             'mikkel-aagaard',                'host',        2),
  ('coi-politisk-handlekraft',       'mikkel-aagaard',                'moderator',   1),
  ('coi-politisk-handlekraft',       'carsten-rasmussen',             'speaker',     2),
  ('coi-politisk-handlekraft',       'hanne-skovgaard',               'speaker',     3),
  ('borgerbudgetter',                'maria-juhl-soerensen',          'speaker',     1),
  ('borgerbudgetter',                'mette-kragh',                   'speaker',     2),
  ('tidlig-inddragelse',             'louise-hjort-andersen',         'speaker',     1),
  ('tidlig-inddragelse',             'emil-noergaard',                'speaker',     2),
  ('inddragelsesvaerksted',          'louise-hjort-andersen',         'host',        1),
  ('inddragelsesvaerksted',          'emil-noergaard',                'host',        2),
  ('datadisciplin',                  'thomas-riis-kjaer',             'moderator',   1),
  ('datadisciplin',                  'sofie-brandt',                  'speaker',     2),
  ('velfaerdsteknologi-med-borgeren', 'ole-bach-jessen',              'speaker',     1),
  ('velfaerdsteknologi-med-borgeren', 'peter-dam',                    'speaker',     2),
  ('samarbejdende-velfaerdssamfund', 'laerke-vang',                   'speaker',     1),
  ('partnerskabsvaerksted',          'laerke-vang',                   'host',        1),
  ('mindre-bureaukrati',             'rasmus-toft',                   'speaker',     1),
  ('mindre-bureaukrati',             'bente-holm-kristiansen',        'speaker',     2)
) as v(session, speaker, role, position)
where e.slug = 'velfaerdens-innovationsdag-2027';

-- ---------------------------------------------------------------------------
-- 2027: solutions (løsningsgalleriet)
-- 25 accepted, five of them nominated for NYT SAMMEN BEDRE, plus one that is
-- only submitted and must stay hidden.
-- ---------------------------------------------------------------------------

insert into public.solutions (
  event_id, slug, title, title_en, summary, summary_en, target_group, target_group_en,
  results, results_en, theme_tags, award_nominee, contact_name, contact_email, status
)
select e.id, v.slug, v.title, v.title_en, v.summary, v.summary_en, v.target_group, v.target_group_en,
       v.results, v.results_en, v.theme_tags, v.award_nominee, v.contact_name, v.contact_email,
       v.status::public.solution_status
from public.events e
cross join (values
  -- Galleri A: borgerservice
  ('borgerservice-to-go', 'Borgerservice-to-go', 'Citizen Services To Go',
   'En opsøgende enhed, der med udgangspunkt i bibliotekets tradition for folkeoplysning tilbyder personlig '
   'vejledning i digital selvbetjening i Frederiksbergs boligsociale områder. Enheden samarbejder med andre '
   'offentlige enheder, der også møder målgruppen, så borgerne oplever sammenhæng i den støtte, de får. '
   'Indsatsen bygger på tillid – og tillid tager tid at opbygge.',
   'An outreach unit that builds on the library’s tradition of popular education to offer personal '
   'guidance in digital self-service in Frederiksberg’s social housing areas. The unit works with other '
   'public units that meet the same residents, so people experience coherent support. The work rests on '
   'trust – and trust takes time to build.',
   'Beboere i boligsociale områder, der har svært ved digital selvbetjening',
   'Residents of social housing areas who struggle with digital self-service',
   'Borgerne bliver trygge ved digital post og selvbetjening og behøver ikke længere spørge pædagogen, '
   'jobcentermedarbejderen eller parkeringsvagten om deres breve. Det frigør tid til kernefagligheden i '
   'andre dele af kommunen.',
   'Residents become confident with digital mail and self-service and no longer need to ask the nursery '
   'teacher, the job centre adviser or the parking warden about their letters. That frees time for core '
   'work elsewhere in the municipality.',
   array['nærhed', 'borgerservice', 'digital inklusion', 'bibliotek'], true,
   'Camilla Thorsen', 'camilla.thorsen@frederiksberg.example.dk', 'accepted'),
  ('velfaerdsbussen', 'Velfærdsbussen', 'The Welfare Bus',
   'En ombygget bus kører fast rute mellem landsbyerne i Viborg Kommune med borgerservice, sundhedstjek og '
   'hjælp til digital selvbetjening. Frivillige fra Ældre Sagen tager imod, og Region Midtjylland stiller med '
   'sundhedsfagligt personale på udvalgte dage.',
   'A converted bus runs a fixed route between the villages of Viborg Municipality with citizen services, '
   'health checks and help with digital self-service. Volunteers from Ældre Sagen welcome visitors, and '
   'the Central Denmark Region provides health professionals on selected days.',
   'Borgere i landdistrikter, særligt ældre uden bil',
   'People in rural areas, especially older people without a car',
   'Bussen besøger 14 landsbyer hver måned, og hver tredje besøgende har fået hjælp, de ellers skulle have '
   'kørt efter.',
   'The bus visits 14 villages every month, and one in three visitors has received help they would '
   'otherwise have had to travel for.',
   array['nærhed', 'landdistrikter', 'borgerservice', 'frivillige'], false,
   'Jens Peter Lund', 'jens.peter.lund@viborg.example.dk', 'accepted'),
  ('familiens-indgang', 'Familiens indgang', 'One Door for Families',
   'Familier, der har brug for hjælp fra flere forvaltninger, får én fast kontaktperson og ét fælles møde '
   'i stedet for mange. Holbæk Kommune har udviklet modellen sammen med forældre og Mødrehjælpen, som '
   'bidrager med rådgivning og erfaring fra familiearbejdet.',
   'Families who need help from several departments get one named contact and one joint meeting instead of '
   'many. Holbæk Municipality developed the model with parents and Mødrehjælpen, which contributes advice '
   'and experience from its work with families.',
   'Familier med børn, der har kontakt med flere kommunale forvaltninger',
   'Families with children who are in contact with several municipal departments',
   'Færre møder pr. familie, kortere tid fra henvendelse til hjælp og forældre, der i højere grad oplever '
   'at blive hørt.',
   'Fewer meetings per family, a shorter time from first contact to help, and parents who feel more listened to.',
   array['nærhed', 'familier', 'sammenhæng', 'én indgang'], false,
   'Rikke Dahl', 'rikke.dahl@holbaek.example.dk', 'accepted'),
  ('digitale-makkere', 'Digitale makkere', 'Digital Buddies',
   'Frivillige digitale makkere hjælper ældre borgere med MitID, digital post og videosamtaler – hjemme hos '
   'borgeren eller på biblioteket. Københavns Kommune formidler kontakten, Ældre Sagen uddanner de '
   'frivillige, og Digitaliseringsstyrelsen bidrager med materialer.',
   'Volunteer digital buddies help older people with MitID, digital mail and video calls – at home or at '
   'the library. Copenhagen Municipality makes the matches, Ældre Sagen trains the volunteers and the '
   'Agency for Digital Government provides materials.',
   'Ældre borgere, der er usikre på digitale løsninger',
   'Older people who feel unsure about digital services',
   'Over 300 makkerpar er etableret, og mange af borgerne klarer nu selv deres digitale post.',
   'More than 300 buddy pairs have been formed, and many of the older people now handle their digital mail '
   'themselves.',
   array['digital inklusion', 'frivillige', 'ældre', 'nærhed'], false,
   'Ahmad Rahimi', 'ahmad.rahimi@kk.example.dk', 'accepted'),
  ('klar-besked', 'Klar besked', 'Plain Message',
   'Odense Kommune har omskrevet sine mest brugte breve sammen med de borgere, der modtager dem. Et '
   'klarsprogsbureau og forskere fra Roskilde Universitet har testet brevene, før de blev taget i brug.',
   'Odense Municipality rewrote its most frequently sent letters together with the people who receive them. '
   'A plain-language agency and researchers from Roskilde University tested the letters before they went live.',
   'Borgere, der modtager breve fra kommunen – særligt om ydelser og afgørelser',
   'People who receive letters from the municipality – especially about benefits and decisions',
   'Markant færre opkald med spørgsmål til brevene og flere borgere, der reagerer rettidigt.',
   'Markedly fewer calls asking what the letters mean, and more people responding on time.',
   array['klarsprog', 'borgerservice', 'kommunikation'], false,
   'Line Bjerre', 'line.bjerre@odense.example.dk', 'accepted'),

  -- Galleri B: børn og unge
  ('mir-skolerne', 'Alle børn og unge har ret til meningsfuld uddannelse?',
   'Every child and young person has the right to meaningful education?',
   'MIR-skolerne giver børn og unge, der ikke trives i den almindelige skole, et skoletilbud bygget på '
   'relationer, små hold og meningsfuld læring. Oplægget spørger, om retten til meningsfuld uddannelse '
   'gælder for alle – og hvad det kræver af skoler, kommuner og forældre at indfri den.',
   'MIR-skolerne offer children and young people who do not thrive in mainstream school an education built '
   'on relationships, small groups and meaningful learning. The presentation asks whether the right to '
   'meaningful education applies to everyone – and what it takes from schools, municipalities and parents '
   'to honour it.',
   'Børn og unge, der ikke trives i eller er faldet ud af den almindelige skole',
   'Children and young people who do not thrive in, or have dropped out of, mainstream school',
   'Eleverne får igen fast skolegang, og mange går videre i uddannelse efter grundskolen.',
   'Pupils return to regular schooling, and many go on to further education after lower secondary school.',
   array['børn og unge', 'uddannelse', 'trivsel', 'skolefravær'], false,
   'Maja Lindberg', 'maja.lindberg@mir-skolerne.example.dk', 'accepted'),
  ('social-talks', 'Social Talks: Samtaler, der styrker børns trivsel', 'Social Talks: conversations that build children’s wellbeing',
   'Social Talks arbejder for at øge trivslen blandt børn gennem strukturerede samtaler i klassen om '
   'venskaber, fællesskab og at høre til. Lærere og pædagoger klædes på til at føre samtalerne videre, så '
   'indsatsen bliver en del af hverdagen.',
   'Social Talks works to improve children’s wellbeing through structured classroom conversations about '
   'friendship, community and belonging. Teachers and pedagogues are trained to carry the conversations '
   'on, so the work becomes part of everyday school life.',
   'Børn i indskolingen og på mellemtrinnet, deres lærere og pædagoger',
   'Children in primary school, their teachers and pedagogues',
   'Flere elever oplever at have nogen at være sammen med, og lærerne får et fælles sprog for trivsel.',
   'More pupils feel they have someone to be with, and teachers gain a shared language for wellbeing.',
   array['børn og unge', 'trivsel', 'fællesskab', 'skole'], true,
   'Ida Marie Holst', 'ida.marie.holst@socialtalks.example.dk', 'accepted'),
  ('ung-til-ung', 'Ung til ung', 'Youth to Youth',
   'Unge frivillige fra foreningslivet bliver mentorer for unge, der er i risiko for at falde fra deres '
   'uddannelse. DUF uddanner mentorerne, Aarhus Kommunes ungeindsats henviser, og VELUX FONDEN har støttet '
   'udviklingen.',
   'Young volunteers from clubs and associations mentor young people at risk of dropping out of education. '
   'DUF trains the mentors, Aarhus Municipality’s youth services refer participants, and VELUX FONDEN has '
   'supported the development.',
   'Unge mellem 15 og 24 år i risiko for at falde fra uddannelse',
   'Young people aged 15 to 24 at risk of dropping out of education',
   'Otte ud af ti mentees er stadig i uddannelse et år efter forløbet.',
   'Eight in ten mentees are still in education a year after the programme.',
   array['unge', 'mentor', 'frivillige', 'uddannelse'], false,
   'Simon Krogh', 'simon.krogh@duf.example.dk', 'accepted'),
  ('sundhedsplejen-ser-hele-familien', 'Sundhedsplejen ser hele familien', 'Health Visitors See the Whole Family',
   'Sundhedsplejersker i Odense Kommune spørger systematisk ind til hele familiens trivsel – også '
   'forældrenes – og kan henvise direkte til Mødrehjælpens rådgivning og til regionens hjælp ved '
   'fødselsdepression.',
   'Health visitors in Odense Municipality systematically ask about the wellbeing of the whole family – '
   'parents included – and can refer directly to Mødrehjælpen’s counselling and to the region’s help with '
   'postnatal depression.',
   'Nybagte familier, særligt forældre i sårbare livssituationer',
   'New families, especially parents in vulnerable situations',
   'Flere forældre får hjælp tidligt, og flere fædre tager imod tilbuddet om en samtale.',
   'More parents get help early, and more fathers accept the offer of a conversation.',
   array['børn og unge', 'familier', 'tidlig indsats', 'sundhed'], false,
   'Helle Vestergaard', 'helle.vestergaard@odense.example.dk', 'accepted'),
  ('laereplads-i-sigte', 'Læreplads i sigte', 'Apprenticeship in Sight',
   'Elever i 8. og 9. klasse i Vejle Kommune prøver kræfter med erhvervsuddannelserne i værksteder, som '
   'Teknologisk Institut har udviklet sammen med lokale virksomheder. Målet er, at flere unge vælger '
   'uddannelse ud fra lyst og erfaring frem for tilfældigheder.',
   'Pupils in years 8 and 9 in Vejle Municipality try out vocational education in workshops that the Danish '
   'Technological Institute developed with local companies. The aim is for more young people to choose '
   'their education from interest and experience rather than by chance.',
   'Elever i 8. og 9. klasse', 'Pupils in years 8 and 9',
   'Flere elever på de deltagende skoler søger en erhvervsuddannelse.',
   'More pupils at the participating schools apply for vocational education.',
   array['unge', 'uddannelse', 'erhvervsuddannelse', 'virksomheder'], false,
   'Kristian Møller', 'kristian.moller@vejle.example.dk', 'accepted'),

  -- Galleri C: borgeren som medskaber
  ('borgerdesign', 'Borgerdesign', 'Citizen Design',
   'Borgerdesign er et tværsektorielt projekt, som Region Midtjylland og Aarhus Kommune satte i gang i 2016 '
   'som et eksperiment med at udvikle en systematisk metode, hvor borgerperspektiver bliver drivkraft for '
   'strategisk ledelse på tværs af region og kommune. Metoden “at borgerdesigne” samler de mange perspektiver '
   'i indsigter og mulighedsrum og udvider beslutningsgrundlaget for løsninger på de store udfordringer – '
   'særligt på sundhedsområdet.',
   'Citizen Design is a cross-sector project that the Central Denmark Region and Aarhus Municipality '
   'started in 2016 as an experiment in developing a systematic method in which citizen perspectives drive '
   'strategic leadership across region and municipality. The method gathers many perspectives into '
   'insights and spaces of opportunity and broadens the basis for decisions on the big challenges – '
   'especially in health.',
   'Ledere og beslutningstagere i regioner og kommuner – og de borgere, hvis perspektiver skal forme beslutningerne',
   'Leaders and decision-makers in regions and municipalities – and the citizens whose perspectives should shape their decisions',
   'Metoden er evalueret, og der er nu dokumenterede resultater og en metode, der kan spredes til andre.',
   'The method has been evaluated; there are now documented results and a method that others can adopt.',
   array['borgerinddragelse', 'sundhed', 'strategisk ledelse', 'tværsektorielt'], true,
   'Karen Bisgaard', 'karen.bisgaard@rm.example.dk', 'accepted'),
  ('borgerbudgetter', 'Borgerbudgetter i boligområderne', 'Participatory Budgets in Local Neighbourhoods',
   'Beboerne i udvalgte boligområder og landsbyer fordeler selv en del af kommunens budget til lokale '
   'projekter – fra legepladser til fællesspisning. Odense, Hedensted og Kolding deler erfaringer og '
   'værktøjer, og forskere fra Roskilde Universitet følger arbejdet.',
   'Residents of selected neighbourhoods and villages decide how part of the municipal budget is spent on '
   'local projects – from playgrounds to community dinners. Odense, Hedensted and Kolding share experience '
   'and tools, and researchers from Roskilde University follow the work.',
   'Beboere i lokale boligområder og landsbyer', 'Residents of local neighbourhoods and villages',
   'Kommunerne oplever styrket lokaldemokrati og ejerskab, og beboere, der ikke før har deltaget i lokale '
   'beslutninger, er kommet med.',
   'The municipalities see stronger local democracy and ownership, and residents who never took part in '
   'local decisions before have joined in.',
   array['borgerbudgetter', 'lokaldemokrati', 'borgerinddragelse', 'boligområder'], false,
   'Kasper Holt', 'kasper.holt@odense.example.dk', 'accepted'),
  ('min-balance', 'Min balance – en app skabt af 105 københavnere', 'My Balance – an app made by 105 Copenhageners',
   '105 københavnere med svære psykiske lidelser har sammen med medarbejdere fra socialpsykiatrien, Region '
   'Hovedstadens psykiatri og en softwarevirksomhed udviklet en app, der hjælper dem med at håndtere angst '
   'og få hverdagen i balance. Brugerne har været med fra første skitse til færdig app.',
   '105 Copenhageners with severe mental illness developed an app that helps them manage anxiety and keep '
   'everyday life in balance, together with staff from social psychiatry, the Capital Region’s mental '
   'health services and a software company. The users were involved from the first sketch to the finished app.',
   'Borgere med psykiske lidelser, der har kontakt med socialpsykiatrien',
   'People with mental illness who are in contact with social psychiatry services',
   'Brugerne oplever færre akutte kriser og mere kontrol over egen hverdag, og appen bruges nu i flere '
   'bosteder og støttetilbud.',
   'Users experience fewer acute crises and more control over their daily lives, and the app is now used in '
   'several supported housing and support services.',
   array['psykisk sundhed', 'samskabelse', 'app', 'brugerinddragelse'], true,
   'Jakob Winther', 'jakob.winther@kk.example.dk', 'accepted'),
  ('lokalraad-med-mandat', 'Lokalråd med mandat', 'Local Councils with a Mandate',
   'I Lejre Kommune har lokalrådene fået et reelt mandat og en lille pulje til at løse lokale opgaver i '
   'samarbejde med forvaltningen. Byrådet har på forhånd aftalt, hvilke beslutninger lokalrådene kan træffe '
   'selv, så inddragelsen ikke blot bliver en høring.',
   'In Lejre Municipality the local councils have been given a real mandate and a small fund to solve local '
   'tasks together with the administration. The municipal council agreed in advance which decisions the '
   'local councils can take themselves, so participation is more than a consultation.',
   'Borgere og lokalråd i landsbyer og mindre byer', 'Citizens and local councils in villages and small towns',
   'Lokale projekter gennemføres hurtigere, og byrådet får et bedre grundlag for beslutninger om lokalområderne.',
   'Local projects are completed faster, and the municipal council gets a better basis for decisions about '
   'local areas.',
   array['lokaldemokrati', 'politikere', 'borgerinddragelse', 'landsbyer'], false,
   'Anne-Sofie Berg', 'anne-sofie.berg@lejre.example.dk', 'accepted'),
  ('paaroerendevaerkstedet', 'Pårørendeværkstedet', 'The Relatives’ Workshop',
   'Pårørende til ældre patienter er med til at redesigne overgangen fra hospital til eget hjem. '
   'Værkstederne samler pårørende, sygeplejersker, kommunale medarbejdere og studerende fra Københavns '
   'Professionshøjskole om konkrete forbedringer.',
   'Relatives of older patients help redesign the transition from hospital to home. The workshops bring '
   'together relatives, nurses, municipal staff and students from University College Copenhagen to work '
   'on concrete improvements.',
   'Pårørende til ældre patienter, der udskrives fra hospitalet',
   'Relatives of older patients being discharged from hospital',
   'Nye tjeklister og en fast pårørendesamtale før udskrivning, som pårørende og personale har udviklet sammen.',
   'New checklists and a standard conversation with relatives before discharge, developed by relatives and '
   'staff together.',
   array['pårørende', 'sundhed', 'samskabelse', 'overgange'], false,
   'Birgit Hansen', 'birgit.hansen@regionh.example.dk', 'accepted'),

  -- Galleri D: data og velfærdsteknologi
  ('datadisciplin', 'Datadisciplin, der giver mening', 'Data Discipline That Makes Sense',
   'Dokumentation og datadisciplin er en afgørende del af Mødrehjælpens indsats for udsatte familier. '
   'Psykologer, socialrådgivere og andre fagpersoner bruger data som et dagligt værktøj – også i dialogen '
   'med familierne – så metoderne hele tiden bygger på den nyeste viden.',
   'Documentation and data discipline are a crucial part of Mødrehjælpen’s work with vulnerable families. '
   'Psychologists, social workers and other professionals use data as an everyday tool – including in the '
   'dialogue with families – so that methods always build on the latest knowledge.',
   'Fagpersoner i kommuner og organisationer, der arbejder med udsatte familier',
   'Professionals in municipalities and organisations who work with vulnerable families',
   'Dokumentationen opleves som meningsfuld frem for som en byrde, og indsatserne justeres løbende efter, hvad '
   'der virker for familierne.',
   'Documentation is experienced as meaningful rather than a burden, and the work is adjusted continuously '
   'according to what helps the families.',
   array['data', 'dokumentation', 'evidens', 'familier'], false,
   'Kathrine Vad', 'kathrine.vad@moedrehjaelpen.example.dk', 'accepted'),
  ('genoptraening-i-stuen', 'Genoptræning i stuen', 'Rehabilitation in the Living Room',
   'Borgere i Kolding Kommune genoptræner hjemme med en tablet og sensorer, der giver terapeuten besked om '
   'fremskridt. Løsningen er udviklet sammen med Region Syddanmark og en dansk virksomhed, og borgerne har '
   'testet hver version.',
   'People in Kolding Municipality do their rehabilitation at home with a tablet and sensors that keep the '
   'therapist informed of their progress. The solution was developed with the Region of Southern Denmark '
   'and a Danish company, and citizens tested every version.',
   'Borgere, der skal genoptræne efter en hospitalsindlæggelse',
   'People who need rehabilitation after a hospital stay',
   'Flere borgere gennemfører hele forløbet, og terapeuterne bruger mindre tid på transport.',
   'More people complete the full programme, and therapists spend less time travelling.',
   array['velfærdsteknologi', 'genoptræning', 'sundhed', 'hjemme'], false,
   'Signe Lauridsen', 'signe.lauridsen@kolding.example.dk', 'accepted'),
  ('sensorer-med-samtykke', 'Sensorer med samtykke', 'Sensors with Consent',
   'I to af Aarhus Kommunes plejeboliger har beboere, pårørende og personale sammen besluttet, hvilke '
   'sensorer der skal bruges – og hvilke data der ikke skal indsamles. Forskere fra Aarhus Universitet har '
   'fulgt processen og de etiske overvejelser.',
   'In two of Aarhus Municipality’s care homes, residents, relatives and staff decided together which '
   'sensors to use – and which data not to collect. Researchers from Aarhus University followed the process '
   'and its ethical considerations.',
   'Beboere i plejeboliger, deres pårørende og personalet',
   'Care home residents, their relatives and staff',
   'Færre natlige forstyrrelser for beboerne og en fælles etisk guide til sensorer, som andre kommuner kan '
   'genbruge.',
   'Fewer night-time disturbances for residents, and a shared ethical guide to sensors that other '
   'municipalities can reuse.',
   array['velfærdsteknologi', 'data', 'etik', 'plejebolig'], false,
   'Trine Kjær', 'trine.kjaer@aarhus.example.dk', 'accepted'),
  ('min-plan', 'Min plan', 'My Plan',
   'Ledige i Viborg Kommune har én fælles digital plan med jobcentret, som de selv kan se, kommentere og '
   'justere. Planen er bygget med en dansk softwarevirksomhed og med vejledning fra Styrelsen for '
   'Arbejdsmarked og Rekruttering.',
   'Unemployed people in Viborg Municipality share one digital plan with the job centre, which they can '
   'see, comment on and adjust themselves. The plan was built with a Danish software company and with '
   'guidance from the Danish Agency for Labour Market and Recruitment.',
   'Ledige og sygemeldte borgere i kontakt med jobcentret',
   'Unemployed people and people on sick leave in contact with the job centre',
   'Borgerne oplever større ejerskab til deres forløb, og sagsbehandlerne bruger mindre tid på at '
   'genfortælle planer.',
   'People feel more ownership of their course, and caseworkers spend less time re-explaining plans.',
   array['beskæftigelse', 'data', 'digitalisering', 'borgerens plan'], false,
   'Pernille Skou', 'pernille.skou@viborg.example.dk', 'accepted'),
  ('den-talende-medicindispenser', 'Den talende medicindispenser', 'The Talking Medicine Dispenser',
   'En medicindispenser i borgerens hjem minder om medicinen med tale og giver hjemmeplejen besked, hvis en '
   'dosis ikke bliver taget. Hedensted Kommune har udviklet og testet løsningen med en dansk virksomhed og '
   'en gruppe borgere og pårørende.',
   'A medicine dispenser in the person’s home gives spoken reminders and alerts home care if a dose is '
   'missed. Hedensted Municipality developed and tested the solution with a Danish company and a group of '
   'citizens and relatives.',
   'Hjemmeboende borgere, der får hjælp til deres medicin',
   'People living at home who get help with their medication',
   'Færre glemte doser og færre korte medicinbesøg, så hjemmeplejen får mere tid til omsorg og pleje.',
   'Fewer missed doses and fewer short medication visits, giving home care more time for care.',
   array['velfærdsteknologi', 'medicin', 'hjemmepleje'], false,
   'Mads Kirkegaard', 'mads.kirkegaard@hedensted.example.dk', 'accepted'),

  -- Galleri E: fællesskaber og partnerskaber på tværs
  ('jobcentret-uden-bureaukrati', 'Jobcentret, der skar bureaukratiet væk', 'The Job Centre That Cut the Red Tape',
   'Jobcentrene i Hedensted og Viborg har gjort op med unødig kontrol og dokumentation. Målet er ikke at '
   'opfylde lovens minimumskrav, men at få flest muligt i job og uddannelse – og medarbejderne har fået '
   'tillid og frihed til at tilrettelægge indsatsen sammen med borgeren.',
   'The job centres in Hedensted and Viborg have done away with needless control and documentation. The '
   'goal is not to meet the minimum requirements of the law but to get as many people as possible into '
   'work and education – and staff have been given the trust and freedom to plan the support together '
   'with each person.',
   'Ledige borgere og medarbejdere i jobcentre', 'Unemployed people and job centre staff',
   'Ledige kommer hurtigere i job, og medarbejdertilfredsheden er steget.',
   'Unemployed people find work faster, and staff satisfaction has risen.',
   array['bureaukrati', 'tillid', 'beskæftigelse', 'ledelse'], true,
   'Søren Lykke', 'soren.lykke@hedensted.example.dk', 'accepted'),
  ('foelgevenner', 'Følgevenner', 'Hospital Companions',
   'Frivillige følgevenner fra Dansk Røde Kors følger ensomme og sårbare borgere til og fra hospitalet. '
   'Region Hovedstaden og Københavns Kommune henviser borgerne og sørger for, at følgevennerne kender vejen '
   'i systemet.',
   'Volunteer companions from the Danish Red Cross accompany lonely and vulnerable people to and from '
   'hospital. The Capital Region and Copenhagen Municipality refer people and make sure the companions know '
   'their way around the system.',
   'Ældre og sårbare borgere uden netværk, der skal til undersøgelse eller behandling',
   'Older and vulnerable people without a network who need an examination or treatment',
   'Færre udeblivelser fra aftaler og borgere, der føler sig mere trygge.',
   'Fewer missed appointments, and people who feel safer.',
   array['frivillige', 'sundhed', 'ensomhed', 'tværsektorielt'], false,
   'Karim Haddad', 'karim.haddad@rodekors.example.dk', 'accepted'),
  ('foreningsbroen', 'Foreningsbroen', 'The Club Bridge',
   'Foreningsbroen hjælper børn fra familier, der ikke er vant til foreningslivet, ind i en lokal forening. '
   'En brobygger følger barnet de første gange, og TrygFonden har støttet kontingent og udstyr.',
   'The Club Bridge helps children from families unused to club life to join a local association. A '
   'bridge-builder goes along the first few times, and TrygFonden has supported fees and equipment.',
   'Børn og unge, der ikke deltager i fritidsaktiviteter',
   'Children and young people who do not take part in leisure activities',
   'Over 400 børn er startet i en forening, og to ud af tre er der stadig efter et år.',
   'More than 400 children have joined a club, and two in three are still there after a year.',
   array['fællesskaber', 'foreninger', 'børn og unge', 'frivillige'], false,
   'Jesper Ravn', 'jesper.ravn@kolding.example.dk', 'accepted'),
  ('nabofaellesskaber', 'Nabofællesskaber mod ensomhed', 'Neighbourhood Communities against Loneliness',
   'Frivillige fra Ældre Sagen og beboere på Frederiksberg organiserer små nabofællesskaber – fællesspisning, '
   'gåture og opgangsfester – med støtte fra kommunens forebyggende hjemmebesøg. VELUX FONDEN finansierer en '
   'koordinator i projektperioden.',
   'Volunteers from Ældre Sagen and residents of Frederiksberg organise small neighbourhood communities – '
   'shared meals, walks and stairwell parties – supported by the municipality’s preventive home visits. '
   'VELUX FONDEN funds a coordinator during the project.',
   'Ældre borgere, der bor alene og har få sociale relationer',
   'Older people who live alone and have few social ties',
   'Deltagerne oplever mindre ensomhed, og flere fællesskaber fortsætter uden kommunens hjælp.',
   'Participants feel less lonely, and several communities carry on without the municipality’s help.',
   array['ensomhed', 'ældre', 'frivillige', 'nærmiljø'], false,
   'Grethe Nielsen', 'grethe.nielsen@aeldresagen.example.dk', 'accepted'),
  ('sammen-om-maden', 'Sammen om maden', 'Together over Food',
   'En socialøkonomisk kantine i Holbæk laver mad til kommunens daginstitutioner og ansætter borgere, der '
   'har været langt fra arbejdsmarkedet. Teknologisk Institut har hjulpet med at måle både den økonomiske og '
   'den sociale værdi.',
   'A social-enterprise kitchen in Holbæk cooks for the municipality’s day-care centres and employs people '
   'who have been far from the labour market. The Danish Technological Institute helped measure both the '
   'economic and the social value.',
   'Borgere på kanten af arbejdsmarkedet – og børnene, der spiser maden',
   'People on the edge of the labour market – and the children who eat the food',
   'Tyve borgere er kommet i ordinær ansættelse eller uddannelse, og kommunen har et dokumenteret billede af '
   'den sociale effekt.',
   'Twenty people have moved into ordinary jobs or education, and the municipality has a documented picture '
   'of the social impact.',
   array['socialøkonomi', 'beskæftigelse', 'partnerskab', 'effektmåling'], false,
   'Lasse Frandsen', 'lasse.frandsen@kantinevaerket.example.dk', 'accepted'),

  -- Not accepted (yet): must never be public
  ('robotstoevsugere-i-hjemmeplejen', 'Robotstøvsugere i hjemmeplejen', 'Robot Vacuum Cleaners in Home Care',
   'Slagelse Kommune vil afprøve robotstøvsugere hos borgere, der får hjælp til rengøring, så hjemmeplejen '
   'får mere tid til samvær og personlig pleje.',
   'Slagelse Municipality wants to trial robot vacuum cleaners for people who get help with cleaning, so '
   'that home care has more time for company and personal care.',
   'Hjemmeboende borgere, der får hjælp til rengøring', 'People living at home who get help with cleaning',
   null, null,
   array['velfærdsteknologi', 'hjemmepleje'], false,
   'Niels Ebbesen', 'niels.ebbesen@slagelse.example.dk', 'submitted')
) as v(slug, title, title_en, summary, summary_en, target_group, target_group_en,
       results, results_en, theme_tags, award_nominee, contact_name, contact_email, status)
where e.slug = 'velfaerdens-innovationsdag-2027';

-- Partner organisations: exactly one lead per solution, listed first.
insert into public.solution_partners (event_id, solution_id, organisation_id, role, position)
select e.id, pg_temp.solution_id(e.id, v.solution), pg_temp.org_id(v.organisation),
       v.role::public.partner_role, v.position
from public.events e
cross join (values
  ('borgerservice-to-go',             'Frederiksberg Kommune',                       'lead',    1),
  ('borgerservice-to-go',             'Digitaliseringsstyrelsen',                    'partner', 2),
  ('velfaerdsbussen',                 'Viborg Kommune',                              'lead',    1),
  ('velfaerdsbussen',                 'Region Midtjylland',                          'partner', 2),
  ('velfaerdsbussen',                 'Ældre Sagen',                                 'partner', 3),
  ('familiens-indgang',               'Holbæk Kommune',                              'lead',    1),
  ('familiens-indgang',               'Mødrehjælpen',                                'partner', 2),
  ('digitale-makkere',                'Københavns Kommune',                          'lead',    1),
  ('digitale-makkere',                'Ældre Sagen',                                 'partner', 2),
  ('digitale-makkere',                'Digitaliseringsstyrelsen',                    'partner', 3),
  ('klar-besked',                     'Odense Kommune',                              'lead',    1),
  ('klar-besked',                     'Klartekst & Co. ApS',                         'partner', 2),
  ('klar-besked',                     'Roskilde Universitet',                        'partner', 3),
  ('mir-skolerne',                    'MIR-skolerne',                                'lead',    1),
  ('mir-skolerne',                    'Københavns Kommune',                          'partner', 2),
  ('social-talks',                    'Social Talks',                                'lead',    1),
  ('social-talks',                    'Aarhus Kommune',                              'partner', 2),
  ('social-talks',                    'TrygFonden',                                  'partner', 3),
  ('ung-til-ung',                     'DUF – Dansk Ungdoms Fællesråd',               'lead',    1),
  ('ung-til-ung',                     'Aarhus Kommune',                              'partner', 2),
  ('ung-til-ung',                     'VELUX FONDEN',                                'partner', 3),
  ('sundhedsplejen-ser-hele-familien', 'Odense Kommune',                             'lead',    1),
  ('sundhedsplejen-ser-hele-familien', 'Region Syddanmark',                          'partner', 2),
  ('sundhedsplejen-ser-hele-familien', 'Mødrehjælpen',                               'partner', 3),
  ('laereplads-i-sigte',              'Vejle Kommune',                               'lead',    1),
  ('laereplads-i-sigte',              'Teknologisk Institut',                        'partner', 2),
  ('borgerdesign',                    'Region Midtjylland',                          'lead',    1),
  ('borgerdesign',                    'Aarhus Kommune',                              'partner', 2),
  ('borgerbudgetter',                 'Odense Kommune',                              'lead',    1),
  ('borgerbudgetter',                 'Hedensted Kommune',                           'partner', 2),
  ('borgerbudgetter',                 'Kolding Kommune',                             'partner', 3),
  ('borgerbudgetter',                 'Roskilde Universitet',                        'partner', 4),
  ('min-balance',                     'Københavns Kommune',                          'lead',    1),
  ('min-balance',                     'Region Hovedstaden',                          'partner', 2),
  ('min-balance',                     'Tætpå Digital ApS',                           'partner', 3),
  ('lokalraad-med-mandat',            'Lejre Kommune',                               'lead',    1),
  ('lokalraad-med-mandat',            'Roskilde Universitet',                        'partner', 2),
  ('paaroerendevaerkstedet',          'Region Hovedstaden',                          'lead',    1),
  ('paaroerendevaerkstedet',          'Københavns Professionshøjskole',              'partner', 2),
  ('paaroerendevaerkstedet',          'Ældre Sagen',                                 'partner', 3),
  ('datadisciplin',                   'Mødrehjælpen',                                'lead',    1),
  ('datadisciplin',                   'Rockwool Fonden',                             'partner', 2),
  ('genoptraening-i-stuen',           'Kolding Kommune',                             'lead',    1),
  ('genoptraening-i-stuen',           'Region Syddanmark',                           'partner', 2),
  ('genoptraening-i-stuen',           'Hjemmebo Robotics A/S',                       'partner', 3),
  ('sensorer-med-samtykke',           'Aarhus Kommune',                              'lead',    1),
  ('sensorer-med-samtykke',           'Fællesdata ApS',                              'partner', 2),
  ('sensorer-med-samtykke',           'Aarhus Universitet',                          'partner', 3),
  ('min-plan',                        'Viborg Kommune',                              'lead',    1),
  ('min-plan',                        'Fællesdata ApS',                              'partner', 2),
  ('min-plan',                        'Styrelsen for Arbejdsmarked og Rekruttering', 'partner', 3),
  ('den-talende-medicindispenser',    'Hedensted Kommune',                           'lead',    1),
  ('den-talende-medicindispenser',    'Hjemmebo Robotics A/S',                       'partner', 2),
  ('jobcentret-uden-bureaukrati',     'Hedensted Kommune',                           'lead',    1),
  ('jobcentret-uden-bureaukrati',     'Viborg Kommune',                              'partner', 2),
  ('jobcentret-uden-bureaukrati',     'Styrelsen for Arbejdsmarked og Rekruttering', 'partner', 3),
  ('foelgevenner',                    'Dansk Røde Kors',                             'lead',    1),
  ('foelgevenner',                    'Region Hovedstaden',                          'partner', 2),
  ('foelgevenner',                    'Københavns Kommune',                          'partner', 3),
  ('foreningsbroen',                  'Kolding Kommune',                             'lead',    1),
  ('foreningsbroen',                  'DUF – Dansk Ungdoms Fællesråd',               'partner', 2),
  ('foreningsbroen',                  'TrygFonden',                                  'partner', 3),
  ('nabofaellesskaber',               'Ældre Sagen',                                 'lead',    1),
  ('nabofaellesskaber',               'Frederiksberg Kommune',                       'partner', 2),
  ('nabofaellesskaber',               'VELUX FONDEN',                                'partner', 3),
  ('sammen-om-maden',                 'Kantineværket ApS',                           'lead',    1),
  ('sammen-om-maden',                 'Holbæk Kommune',                              'partner', 2),
  ('sammen-om-maden',                 'Teknologisk Institut',                        'partner', 3),
  ('robotstoevsugere-i-hjemmeplejen', 'Slagelse Kommune',                            'lead',    1),
  ('robotstoevsugere-i-hjemmeplejen', 'Hjemmebo Robotics A/S',                       'partner', 2)
) as v(solution, organisation, role, position)
where e.slug = 'velfaerdens-innovationsdag-2027';

-- ---------------------------------------------------------------------------
-- 2027: gallery presentations — three solutions per round, in order.
-- A solution may present twice, but never in two rounds at the same time.
-- ---------------------------------------------------------------------------

insert into public.gallery_presentations (event_id, session_id, solution_id, position)
select e.id, pg_temp.session_id(e.id, v.round), pg_temp.solution_id(e.id, v.solution), v.position
from public.events e
cross join (values
  -- Galleri A
  ('galleri-a-runde-1', 'borgerservice-to-go',              1),
  ('galleri-a-runde-1', 'familiens-indgang',                2),
  ('galleri-a-runde-1', 'klar-besked',                      3),
  ('galleri-a-runde-2', 'velfaerdsbussen',                  1),
  ('galleri-a-runde-2', 'borgerservice-to-go',              2),
  ('galleri-a-runde-2', 'digitale-makkere',                 3),
  ('galleri-a-runde-3', 'digitale-makkere',                 1),
  ('galleri-a-runde-3', 'klar-besked',                      2),
  ('galleri-a-runde-3', 'velfaerdsbussen',                  3),
  -- Galleri B
  ('galleri-b-runde-1', 'social-talks',                     1),
  ('galleri-b-runde-1', 'sundhedsplejen-ser-hele-familien', 2),
  ('galleri-b-runde-1', 'ung-til-ung',                      3),
  ('galleri-b-runde-2', 'mir-skolerne',                     1),
  ('galleri-b-runde-2', 'laereplads-i-sigte',               2),
  ('galleri-b-runde-2', 'ung-til-ung',                      3),
  ('galleri-b-runde-3', 'social-talks',                     1),
  ('galleri-b-runde-3', 'mir-skolerne',                     2),
  ('galleri-b-runde-3', 'sundhedsplejen-ser-hele-familien', 3),
  -- Galleri C
  ('galleri-c-runde-1', 'borgerdesign',                     1),
  ('galleri-c-runde-1', 'min-balance',                      2),
  ('galleri-c-runde-1', 'paaroerendevaerkstedet',           3),
  ('galleri-c-runde-2', 'borgerbudgetter',                  1),
  ('galleri-c-runde-2', 'lokalraad-med-mandat',             2),
  ('galleri-c-runde-2', 'borgerdesign',                     3),
  ('galleri-c-runde-3', 'min-balance',                      1),
  ('galleri-c-runde-3', 'lokalraad-med-mandat',             2),
  ('galleri-c-runde-3', 'paaroerendevaerkstedet',           3),
  -- Galleri D
  ('galleri-d-runde-1', 'datadisciplin',                    1),
  ('galleri-d-runde-1', 'min-plan',                         2),
  ('galleri-d-runde-1', 'sensorer-med-samtykke',            3),
  ('galleri-d-runde-2', 'genoptraening-i-stuen',            1),
  ('galleri-d-runde-2', 'den-talende-medicindispenser',     2),
  ('galleri-d-runde-2', 'sensorer-med-samtykke',            3),
  ('galleri-d-runde-3', 'datadisciplin',                    1),
  ('galleri-d-runde-3', 'min-plan',                         2),
  ('galleri-d-runde-3', 'den-talende-medicindispenser',     3),
  -- Galleri E
  ('galleri-e-runde-1', 'foreningsbroen',                   1),
  ('galleri-e-runde-1', 'nabofaellesskaber',                2),
  ('galleri-e-runde-1', 'sammen-om-maden',                  3),
  ('galleri-e-runde-2', 'foelgevenner',                     1),
  ('galleri-e-runde-2', 'nabofaellesskaber',                2),
  ('galleri-e-runde-2', 'foreningsbroen',                   3),
  ('galleri-e-runde-3', 'jobcentret-uden-bureaukrati',      1),
  ('galleri-e-runde-3', 'sammen-om-maden',                  2),
  ('galleri-e-runde-3', 'foelgevenner',                     3)
) as v(round, solution, position)
where e.slug = 'velfaerdens-innovationsdag-2027';

-- ---------------------------------------------------------------------------
-- 2027: takeaways — drafted ahead, published after the day (published_at null)
-- ---------------------------------------------------------------------------

-- Event-wide: “4 vigtige takeaways fra Velfærdens Innovationsdag 2027”.
insert into public.takeaways (event_id, session_id, position, title, title_en, body, body_en, quote, quote_attribution)
select e.id, null::uuid, v.position, v.title, v.title_en, v.body, v.body_en, v.quote, v.quote_attribution
from public.events e
cross join (values
  (1, 'Nærhed bliver ikke til ved Slotsholmens skriveborde',
   'Proximity is not created at desks in central government',
   'I åbningstalen lød det, at de virkningsfulde nye løsninger skal findes tæt på borgerne, hvor problemerne '
   'står tydeligst frem, og hvor det er oplagt at eksperimentere. Staten skal levere det, den kan: bedre '
   'rammer, samarbejde og politisk opbakning. Og politisk handlekraft kan også være at sige nej tak til en ny '
   'lov og i stedet give rum til at afprøve de bedste løsninger.',
   'The opening speech made the point that effective new solutions must be found close to people, where '
   'problems are most visible and experimenting makes the most sense. Central government should deliver '
   'what it can: better frameworks, collaboration and political backing. And political decisiveness can '
   'also mean saying no to a new law and making room to try out the best solutions instead.',
   null::text, null::text),
  (2, 'Politikere og embedsværk skal øve sig sammen',
   'Politicians and civil servants need to practise together',
   'I COI’s temaspor blev det tydeligt, at det giver værdi at mødes på tværs af politik og forvaltning og '
   'tale om opgaver, muligheder og samarbejdsformer. Der er brug for arenaer, hvor uenigheder, forskellige '
   'tidsperspektiver og mandater kan foldes ud og bringes i spil frem mod nye løsninger. Mange deltagere tog '
   'værktøjerne fra workshoppen med hjem.',
   'COI’s track made it clear that it pays to meet across politics and administration and talk about tasks, '
   'opportunities and ways of working together. We need arenas where disagreements, different time horizons '
   'and mandates can be unfolded and put to work towards new solutions. Many participants took the workshop '
   'tools home.',
   null, null),
  (3, 'Den ny syntese: Fire ting på én gang',
   'The New Synthesis: four things at once',
   'Jocelyne Bourgon gav en ramme for at styre den offentlige sektor, når kompleksiteten vokser: Løsningerne '
   'skal på én gang levere compliance, performance, emergens og resiliens. Fordeler vi de fire på hver sin '
   'organisation, skal de anerkende hinanden – ellers får vi fire siloer, der hver især synes, de er geniale.',
   'Jocelyne Bourgon offered a framework for governing the public sector as complexity grows: solutions must '
   'deliver compliance, performance, emergence and resilience at the same time. If we split the four between '
   'organisations, they must recognise each other – otherwise we end up with four silos, each convinced of '
   'its own brilliance.',
   null, null),
  (4, 'Løsningsgalleriet: Tre løsninger under én overskrift',
   'The solution gallery: three solutions under one heading',
   'I de fem gallerier mødte deltagerne tre løsninger pr. runde under en fælles nærhedsoverskrift. To af de '
   'nominerede til NYT SAMMEN BEDRE-prisen, Borgerdesign og Borgerservice-to-go, viste, at indsatser på '
   'tværs af sektorer tager tid og kræver tillid – men at det nytter, især når der er en solid evaluering '
   'koblet på.',
   'In the five galleries, participants met three solutions per round under a shared proximity heading. Two '
   'of the nominees for the NYT SAMMEN BEDRE award, Citizen Design and Citizen Services To Go, showed that '
   'cross-sector work takes time and trust – but that it pays off, especially with a solid evaluation '
   'attached.',
   'Det tager tid at udvikle nyt på tværs af sektorer. Men det nytter.',
   'Karen Bisgaard, Borgerdesign, Region Midtjylland')
) as v(position, title, title_en, body, body_en, quote, quote_attribution)
where e.slug = 'velfaerdens-innovationsdag-2027';

-- For COI's workshop.
insert into public.takeaways (event_id, session_id, position, title, title_en, body, body_en, link_url)
select e.id, pg_temp.session_id(e.id, 'coi-vaerktoejstest'), v.position, v.title, v.title_en, v.body, v.body_en, v.link_url
from public.events e
cross join (values
  (1, 'Et fælles sprog kræver fælles øvebaner', 'A shared language needs shared practice',
   'Testen viste, at politikere og embedsfolk bruger de samme ord om forskellige ting. Værktøjerne virkede '
   'bedst, når begge parter sad ved samme bord og afprøvede dem på en konkret udfordring.',
   'The test showed that politicians and civil servants use the same words for different things. The tools '
   'worked best when both sat at the same table and tried them on a concrete challenge.',
   null::text),
  (2, 'Tag værktøjerne med hjem', 'Take the tools home',
   'Materialerne fra workshoppen kan frit bruges og tilpasses. Skriv til COI, hvis I vil være med i den '
   'videre test og udvikling.',
   'The workshop materials are free to use and adapt. Contact COI if you would like to take part in further '
   'testing and development.',
   'https://www.coi.dk')
) as v(position, title, title_en, body, body_en, link_url)
where e.slug = 'velfaerdens-innovationsdag-2027';

-- ---------------------------------------------------------------------------
-- 2028 (draft): a minimal programme that must stay invisible to the public
-- ---------------------------------------------------------------------------

insert into public.rooms (event_id, name, name_en, capacity, position)
select pg_temp.event_id('velfaerdens-innovationsdag-2028'), v.*
from (values
  ('Hovedscenen', 'Main stage', 1200, 1),
  ('Foyer',       'Foyer',      1200, 2),
  ('Halmtorvet',  'Halmtorvet Room', 150, 3)
) as v(name, name_en, capacity, position);

insert into public.tracks (event_id, slug, name, name_en, description, description_en, colour, host_name, position)
select pg_temp.event_id('velfaerdens-innovationsdag-2028'), v.*
from (values
  ('tillidsbaseret-velfaerd', 'Tillidsbaseret velfærd', 'Trust-based welfare',
   'Hvad sker der, når vi skruer ned for kontrol og op for tillid?',
   'What happens when we turn down control and turn up trust?', '#1f4e79', 'Center for Offentlig Innovation', 1),
  ('frivillighed-og-faellesskab', 'Frivillighed og fællesskab', 'Volunteering and community',
   'Civilsamfundets rolle i fremtidens velfærd.', 'The role of civil society in the welfare of the future.',
   '#542b7e', null, 2)
) as v(slug, name, name_en, description, description_en, colour, host_name, position);

insert into public.sessions (event_id, slug, kind, title, title_en, starts_at, ends_at, room_id, track_id)
select e.id, v.slug, v.kind::public.session_kind, v.title, v.title_en,
       v.starts_at::timestamptz, v.ends_at::timestamptz,
       pg_temp.room_id(e.id, v.room), pg_temp.track_id(e.id, v.track)
from public.events e
cross join (values
  ('registrering', 'networking', 'Registrering og morgenkaffe', 'Registration and morning coffee',
   '2028-02-24 08:30:00+01', '2028-02-24 09:15:00+01', 'Foyer', null),
  ('aabning', 'keynote', 'Velkomst og åbning', 'Welcome and opening',
   '2028-02-24 09:15:00+01', '2028-02-24 09:45:00+01', 'Hovedscenen', null),
  ('tillid-i-praksis', 'track_session', 'Tillid i praksis: Sammenhængende forløb på tværs af sektorer',
   'Trust in practice: joined-up care across sectors',
   '2028-02-24 10:30:00+01', '2028-02-24 11:30:00+01', 'Halmtorvet', 'tillidsbaseret-velfaerd')
) as v(slug, kind, title, title_en, starts_at, ends_at, room, track)
where e.slug = 'velfaerdens-innovationsdag-2028';

insert into public.speakers (event_id, slug, name, job_title, job_title_en, organisation_id, bio, bio_en)
select e.id, 'jens-overgaard', 'Jens Overgaard', 'Direktør for sundhedsinnovation', 'Director of Health Innovation',
       pg_temp.org_id('Region Sjælland'),
       'Jens Overgaard arbejder med sammenhængende patientforløb mellem hospital, kommune og almen praksis.',
       'Jens Overgaard works on joined-up patient pathways between hospitals, municipalities and general practice.'
from public.events e
where e.slug = 'velfaerdens-innovationsdag-2028';

insert into public.session_speakers (event_id, session_id, speaker_id, role, position)
select e.id, pg_temp.session_id(e.id, 'tillid-i-praksis'), pg_temp.speaker_id(e.id, 'jens-overgaard'),
       'speaker'::public.speaker_role, 1
from public.events e
where e.slug = 'velfaerdens-innovationsdag-2028';

insert into public.solutions (
  event_id, slug, title, title_en, summary, summary_en, theme_tags, contact_name, contact_email, status
)
select e.id, 'et-sammenhaengende-forloeb', 'Ét sammenhængende forløb', 'One Joined-up Pathway',
       'Region Sjælland og Holbæk Kommune giver borgere med kronisk sygdom én fælles plan og én koordinator på '
       'tværs af hospital, kommune og egen læge.',
       'Region Zealand and Holbæk Municipality give people with chronic illness one shared plan and one '
       'coordinator across hospital, municipality and GP.',
       array['sundhed', 'tillid', 'tværsektorielt'], 'Marianne Kock', 'marianne.kock@regionsjaelland.example.dk',
       'accepted'::public.solution_status
from public.events e
where e.slug = 'velfaerdens-innovationsdag-2028';

-- English names of the theme tags, position by position (theme_tags_en).
update public.solutions s
   set theme_tags_en = (select array_agg(coalesce(t.en, tag.da) order by tag.i)
                          from unnest(s.theme_tags) with ordinality as tag(da, i)
                          left join (values
  ('app', 'app'),
  ('beskæftigelse', 'employment'),
  ('bibliotek', 'library'),
  ('boligområder', 'housing areas'),
  ('borgerbudgetter', 'participatory budgets'),
  ('borgerens plan', 'the citizen''s plan'),
  ('borgerinddragelse', 'citizen participation'),
  ('borgerservice', 'citizen services'),
  ('brugerinddragelse', 'user involvement'),
  ('bureaukrati', 'bureaucracy'),
  ('børn og unge', 'children and young people'),
  ('data', 'data'),
  ('digital inklusion', 'digital inclusion'),
  ('digitalisering', 'digitalisation'),
  ('dokumentation', 'documentation'),
  ('effektmåling', 'impact measurement'),
  ('ensomhed', 'loneliness'),
  ('erhvervsuddannelse', 'vocational education'),
  ('etik', 'ethics'),
  ('evidens', 'evidence'),
  ('familier', 'families'),
  ('foreninger', 'associations'),
  ('frivillige', 'volunteers'),
  ('fællesskab', 'community'),
  ('fællesskaber', 'communities'),
  ('genoptræning', 'rehabilitation'),
  ('hjemme', 'at home'),
  ('hjemmepleje', 'home care'),
  ('klarsprog', 'plain language'),
  ('kommunikation', 'communication'),
  ('landdistrikter', 'rural areas'),
  ('landsbyer', 'villages'),
  ('ledelse', 'leadership'),
  ('lokaldemokrati', 'local democracy'),
  ('medicin', 'medication'),
  ('mentor', 'mentoring'),
  ('nærhed', 'proximity'),
  ('nærmiljø', 'local neighbourhood'),
  ('overgange', 'transitions'),
  ('partnerskab', 'partnership'),
  ('plejebolig', 'care homes'),
  ('politikere', 'politicians'),
  ('psykisk sundhed', 'mental health'),
  ('pårørende', 'relatives'),
  ('sammenhæng', 'joined-up services'),
  ('samskabelse', 'co-creation'),
  ('skole', 'school'),
  ('skolefravær', 'school absence'),
  ('socialøkonomi', 'social economy'),
  ('strategisk ledelse', 'strategic leadership'),
  ('sundhed', 'health'),
  ('tidlig indsats', 'early intervention'),
  ('tillid', 'trust'),
  ('trivsel', 'wellbeing'),
  ('tværsektorielt', 'cross-sector'),
  ('uddannelse', 'education'),
  ('unge', 'young people'),
  ('velfærdsteknologi', 'welfare technology'),
  ('virksomheder', 'companies'),
  ('ældre', 'older people'),
  ('én indgang', 'one point of contact')
                          ) as t(da, en) on t.da = tag.da)
 where cardinality(s.theme_tags) > 0;

insert into public.solution_partners (event_id, solution_id, organisation_id, role, position)
select e.id, pg_temp.solution_id(e.id, 'et-sammenhaengende-forloeb'), pg_temp.org_id(v.organisation),
       v.role::public.partner_role, v.position
from public.events e
cross join (values
  ('Region Sjælland', 'lead',    1),
  ('Holbæk Kommune',  'partner', 2)
) as v(organisation, role, position)
where e.slug = 'velfaerdens-innovationsdag-2028';

-- ---------------------------------------------------------------------------
-- Checks: rules the schema does not enforce. Any failure aborts the seed.
-- ---------------------------------------------------------------------------

do $$
declare
  problem text;
begin
  -- Every gallery round holds exactly three solutions.
  select string_agg(s.slug, ', ') into problem
  from public.sessions s
  where s.kind = 'gallery_round'
    and (select count(*) from public.gallery_presentations gp where gp.session_id = s.id) <> 3;
  if problem is not null then raise exception 'seed: gallery rounds without exactly three solutions: %', problem; end if;

  -- No solution presents in two rounds at the same time.
  select string_agg(distinct so.slug, ', ') into problem
  from public.gallery_presentations a
  join public.sessions sa on sa.id = a.session_id
  join public.gallery_presentations b on b.solution_id = a.solution_id and b.id <> a.id
  join public.sessions sb on sb.id = b.session_id
  join public.solutions so on so.id = a.solution_id
  where tstzrange(sa.starts_at, sa.ends_at, '[)') && tstzrange(sb.starts_at, sb.ends_at, '[)');
  if problem is not null then raise exception 'seed: solutions presenting in overlapping rounds: %', problem; end if;

  -- Only accepted solutions present; every accepted solution of a published event presents.
  select string_agg(so.slug, ', ') into problem
  from public.solutions so
  join public.events e on e.id = so.event_id
  where (so.status <> 'accepted' and exists (select 1 from public.gallery_presentations gp where gp.solution_id = so.id))
     or (so.status = 'accepted' and e.status = 'published'
         and not exists (select 1 from public.gallery_presentations gp where gp.solution_id = so.id));
  if problem is not null then raise exception 'seed: solutions presenting wrongly or not at all: %', problem; end if;

  -- Every solution has exactly one lead partner.
  select string_agg(so.slug, ', ') into problem
  from public.solutions so
  where (select count(*) from public.solution_partners sp where sp.solution_id = so.id and sp.role = 'lead') <> 1;
  if problem is not null then raise exception 'seed: solutions without exactly one lead: %', problem; end if;

  -- Sessions lie within their event's hours.
  select string_agg(s.slug, ', ') into problem
  from public.sessions s
  join public.events e on e.id = s.event_id
  where s.starts_at < e.starts_at or s.ends_at > e.ends_at;
  if problem is not null then raise exception 'seed: sessions outside the event hours: %', problem; end if;

  -- A session's capacity fits its room.
  select string_agg(s.slug, ', ') into problem
  from public.sessions s
  join public.rooms r on r.id = s.room_id
  where s.capacity > r.capacity;
  if problem is not null then raise exception 'seed: sessions with more seats than their room: %', problem; end if;

  -- Nobody speaks in two places at once.
  select string_agg(distinct sp.slug, ', ') into problem
  from public.session_speakers a
  join public.sessions sa on sa.id = a.session_id
  join public.session_speakers b on b.speaker_id = a.speaker_id and b.session_id <> a.session_id
  join public.sessions sb on sb.id = b.session_id
  join public.speakers sp on sp.id = a.speaker_id
  where tstzrange(sa.starts_at, sa.ends_at, '[)') && tstzrange(sb.starts_at, sb.ends_at, '[)');
  if problem is not null then raise exception 'seed: speakers booked twice at once: %', problem; end if;

  -- Discussion questions come in Danish and English pairs.
  select string_agg(s.slug, ', ') into problem
  from public.sessions s
  where cardinality(s.discussion_questions) <> cardinality(s.discussion_questions_en);
  if problem is not null then raise exception 'seed: discussion questions without a translation: %', problem; end if;
end
$$;

-- ---------------------------------------------------------------------------
-- Clean up the helpers (they would otherwise live on in this connection).
-- ---------------------------------------------------------------------------

drop function pg_temp.event_id(text);
drop function pg_temp.org_id(text);
drop function pg_temp.room_id(uuid, text);
drop function pg_temp.track_id(uuid, text);
drop function pg_temp.session_id(uuid, text);
drop function pg_temp.speaker_id(uuid, text);
drop function pg_temp.solution_id(uuid, text);

-- ===========================================================================
-- Registration: ticket types (appended by the registration feature)
-- ===========================================================================
-- Prices are integer øre including 25 % VAT (moms). The student ticket is free,
-- so the demo registers people end to end without any payment provider; the
-- paid types need Stripe (STRIPE_SECRET_KEY) and are shown as not available
-- for online payment without it. Attendees may cancel until a week before.

update public.events
   set cancellation_deadline = '2027-02-18 23:59:00+01', waitlist_offer_hours = 48, max_tickets_per_order = 20
 where slug = 'velfaerdens-innovationsdag-2027';

insert into public.ticket_types (
  event_id, slug, name, name_en, description, description_en, audience, price_ore, capacity, position
)
select e.id, v.slug, v.name, v.name_en, v.description, v.description_en, v.audience::public.ticket_audience,
       v.price_ore, v.capacity, v.position
from public.events e
cross join (values
  ('offentligt-ansat', 'Offentligt ansat', 'Public sector employee',
   'For ansatte i kommuner, regioner og staten.', 'For staff of municipalities, regions and central government.',
   'public_sector', 149500, 900, 1),
  ('privat-virksomhed', 'Privat virksomhed', 'Private company',
   'For virksomheder og konsulenter.', 'For companies and consultants.',
   'private', 299500, 200, 2),
  ('frivillig-civilsamfund', 'Frivillig/civilsamfund', 'Volunteer / civil society',
   'For frivillige, foreninger og fonde.', 'For volunteers, associations and foundations.',
   'other', 49500, 60, 3),
  ('studerende', 'Studerende', 'Student',
   'Gratis for studerende. Medbring gyldigt studiekort.', 'Free for students. Bring a valid student card.',
   'student', 0, 40, 4)
) as v (slug, name, name_en, description, description_en, audience, price_ore, capacity, position)
where e.slug = 'velfaerdens-innovationsdag-2027';

-- The draft event has a ticket type too, which nobody outside may see.
insert into public.ticket_types (event_id, slug, name, name_en, audience, price_ore, capacity, position)
select e.id, 'offentligt-ansat', 'Offentligt ansat', 'Public sector employee', 'public_sector', 149500, 900, 1
from public.events e
where e.slug = 'velfaerdens-innovationsdag-2028';

-- ===========================================================================
-- Demo windows: the call for solutions and session booking are open now
-- ===========================================================================
-- So the demo works end to end: exhibitors can submit solutions
-- (/<event>/indsend) and attendees with a ticket can book seats in sessions
-- and gallery rounds until the day before. Times are Europe/Copenhagen
-- (summer time, +02, until 25 October 2026; +01 after). Registration itself
-- stays open until the day begins.
update public.events
   set call_opens_at = '2026-10-01 00:00:00+02',
       call_closes_at = '2027-01-15 23:59:00+01'
 where slug = 'velfaerdens-innovationsdag-2027';

update public.events
   set booking_opens_at = '2026-11-01 00:00:00+01',
       booking_closes_at = '2027-02-24 23:59:00+01'
 where slug = 'velfaerdens-innovationsdag-2027';

-- At the demo day, seats of attendees not scanned in at a session's door ten
-- minutes after it starts go to its waitlist (only where staff scan there).
update public.events
   set no_show_release_minutes = 10
 where slug = 'velfaerdens-innovationsdag-2027';

-- ===========================================================================
-- The demo lies ahead on any date (keep this block last)
-- ===========================================================================
-- The times above are the demo as first written, seen from 3 December 2026:
-- the day twelve weeks ahead, the call for solutions and session booking open.
-- A database seeded later would show a past day with everything closed, and
-- the tests that exercise the open windows would fail on a date with no change
-- to the code. So the seed moves the whole demo on by whole weeks until its day
-- is at least ten weeks after the day of seeding: the call (closing six weeks
-- before), booking and registration are then always open, and the weekday and
-- the Copenhagen wall-clock times stay those written above. Every time this
-- seed writes moves here; a new dated column in the seed joins the list.
-- `samspil.seed_as_of` (unset: now) seeds the demo as of another moment, so a
-- database test can check this rule on other dates (see tests/db/seed.test.ts).
do $$
declare
  v_as_of timestamptz := coalesce(nullif(current_setting('samspil.seed_as_of', true), '')::timestamptz, now());
  v_shift interval;
begin
  select make_interval(weeks => greatest(0, ceil(
           extract(epoch from (v_as_of + interval '10 weeks' - e.starts_at)) / extract(epoch from interval '1 week')
         ))::integer)
    into strict v_shift
    from public.events e where e.slug = 'velfaerdens-innovationsdag-2027';
  if v_shift = interval '0' then
    return;
  end if;

  -- Wall-clock arithmetic in each event's zone keeps 08:30 at 08:30 across a change to or from summer time.
  update public.events e set
    starts_at             = (e.starts_at             at time zone e.timezone + v_shift) at time zone e.timezone,
    ends_at               = (e.ends_at               at time zone e.timezone + v_shift) at time zone e.timezone,
    cancellation_deadline = (e.cancellation_deadline at time zone e.timezone + v_shift) at time zone e.timezone,
    call_opens_at         = (e.call_opens_at         at time zone e.timezone + v_shift) at time zone e.timezone,
    call_closes_at        = (e.call_closes_at        at time zone e.timezone + v_shift) at time zone e.timezone,
    booking_opens_at      = (e.booking_opens_at      at time zone e.timezone + v_shift) at time zone e.timezone,
    booking_closes_at     = (e.booking_closes_at     at time zone e.timezone + v_shift) at time zone e.timezone
  where e.slug in ('velfaerdens-innovationsdag-2027', 'velfaerdens-innovationsdag-2028');

  -- Moving by a week or more, a moved session never overlaps one not yet moved (rooms, presenters);
  -- a trigger moves the gallery presentations' time ranges along.
  update public.sessions s set
    starts_at = (s.starts_at at time zone e.timezone + v_shift) at time zone e.timezone,
    ends_at   = (s.ends_at   at time zone e.timezone + v_shift) at time zone e.timezone
  from public.events e
  where e.id = s.event_id and e.slug in ('velfaerdens-innovationsdag-2027', 'velfaerdens-innovationsdag-2028');
end
$$;
