// Every UI string, Danish first. `da` defines the keys; `en` must have exactly
// the same ones (the type rejects missing and extra keys).
import { INTL_LOCALE, type Lang } from './locales.ts';
import { formatMessage, type Message, type MessageParams } from './message-format.ts';

const da = {
  'site.name': 'Samspil',
  'site.description':
    'Innovationsdage, hvor kommuner, regioner, virksomheder, fonde, forskere og civilsamfund lærer af hinandens løsninger.',
  'site.poweredBy': 'Drevet af Samspil – open source-platform til innovationsdage',

  'nav.skip': 'Spring til indhold',
  'nav.event': 'Arrangement',
  'nav.programme': 'Program',
  'nav.gallery': 'Løsningsgalleri',
  'nav.speakers': 'Talere',
  'nav.breadcrumb': 'Brødkrumme',
  'lang.switch': 'English',
  'lang.switchLabel': 'Read this page in English',

  'footer.accessibility': 'Tilgængelighedserklæring',
  'footer.organiser': 'Arrangør: {name}',
  'footer.contact': 'Kontakt:',

  'home.title': 'Innovationsdage',
  'home.heading': 'Innovationsdage med Samspil',
  'home.intro':
    'Én dag, hvor offentlige innovatører, virksomheder, fonde, forskere og civilsamfund mødes, hører om konkrete løsninger og bygger nyt netværk.',
  'home.featured': 'Næste innovationsdag',
  'home.featuredPast': 'Seneste innovationsdag',
  'home.go': 'Gå til {name}',
  'home.upcoming': 'Kommende innovationsdage',
  'home.past': 'Tidligere innovationsdage',
  'home.none': 'Der er ingen offentliggjorte innovationsdage endnu.',

  'event.about': 'Om dagen',
  'event.when': 'Hvornår',
  'event.where': 'Hvor',
  'event.theme': 'Årets tema',
  'event.keynotes': { one: 'Keynote', other: 'Keynotes' },
  'event.numbers': 'Dagen i tal',
  'event.stat.attendees': { one: 'forventet deltager', other: 'forventede deltagere' },
  'event.stat.sessions': { one: 'session', other: 'sessioner' },
  'event.stat.tracks': 'temaspor',
  'event.stat.galleries': { one: 'galleri', other: 'gallerier' },
  'event.stat.solutions': { one: 'løsning i galleriet', other: 'løsninger i galleriet' },
  'event.stat.nominees': { one: 'nomineret til innovationsprisen', other: 'nominerede til innovationsprisen' },
  'event.next': 'Det kan du gøre nu',
  'event.next.programme': 'Se programmet',
  'event.next.programmeText': 'Alle programpunkter efter tid og lokale. Filtrér efter temaspor og type.',
  'event.next.gallery': 'Udforsk løsningsgalleriet',
  'event.next.galleryText': 'Konkrete løsninger præsenteret tre ad gangen under en fælles overskrift.',
  'event.next.speakers': 'Mød talerne',
  'event.next.speakersText': 'Hvem taler, modererer og deltager i debatterne.',
  'event.registrationSoon': 'Tilmeldingen åbner snart her på siden.',

  'programme.title': 'Program',
  'programme.description': 'Programmet for {event}: alle programpunkter efter tid og lokale.',
  'programme.filter': 'Filtrér programmet',
  'programme.filter.track': 'Temaspor',
  'programme.filter.kind': 'Type',
  'programme.filter.allTracks': 'Alle temaspor',
  'programme.filter.allKinds': 'Alle typer',
  'programme.filter.submit': 'Vis',
  'programme.filter.reset': 'Vis hele programmet',
  'programme.count': { one: 'Viser {shown} af {total} programpunkt', other: 'Viser {shown} af {total} programpunkter' },
  'programme.empty': 'Ingen programpunkter passer til filteret.',
  'programme.slot': 'Kl. {time}',
  'programme.with': 'Med {names}',
  'programme.room': 'Lokale',
  'programme.track': 'Temaspor',
  'programme.time': 'Tidspunkt',

  'kind.keynote': 'Keynote',
  'kind.panel': 'Paneldebat',
  'kind.track_session': 'Session i temaspor',
  'kind.workshop': 'Workshop',
  'kind.gallery_round': 'Gallerirunde',
  'kind.break': 'Pause',
  'kind.networking': 'Netværk',

  'role.speaker': 'Oplægsholder',
  'role.moderator': 'Moderator',
  'role.panelist': 'Paneldeltager',
  'role.host': 'Vært',
  'role.interviewee': 'Interviewes',

  'sector.kommune': 'Kommune',
  'sector.region': 'Region',
  'sector.stat': 'Stat',
  'sector.privat_virksomhed': 'Privat virksomhed',
  'sector.civilsamfund': 'Civilsamfund/frivillig',
  'sector.fond': 'Fond',
  'sector.forskning_uddannelse': 'Forskning/uddannelse',

  'partner.lead': 'Ansvarlig partner',

  'session.about': 'Om programpunktet',
  'session.questions': 'Spørgsmål til drøftelse',
  'session.people': 'Medvirkende',
  'session.solutions': 'Løsninger i denne runde',
  'session.back': 'Tilbage til programmet',
  'session.galleryLink': 'Se hele løsningsgalleriet',

  'gallery.title': 'Løsningsgalleri',
  'gallery.description': 'Løsningsgalleriet på {event}: runder og gallerier med tre løsninger i hver.',
  'gallery.intro':
    'Gallerierne kører parallelt. I hver runde præsenteres tre løsninger under en fælles overskrift, så du får konkret inspiration og et nyt netværk.',
  'gallery.caption': 'Gallerirunder (rækker) og gallerier (kolonner)',
  'gallery.roundHeader': 'Runde',
  'gallery.round': 'Runde {n}',
  'gallery.empty': 'Løsningsgalleriet er ikke sammensat endnu.',
  'gallery.noPresentation': 'Ingen præsentation',
  'gallery.nominee': 'Nomineret til innovationsprisen',
  'gallery.nomineesNote': 'Løsninger markeret med ★ er nomineret til innovationsprisen.',

  'solution.targetGroup': 'Målgruppe',
  'solution.results': 'Resultater',
  'solution.themes': 'Temaer',
  'solution.partners': 'Partnere',
  'solution.contact': 'Kontaktperson',
  'solution.presented': 'Her bliver løsningen præsenteret',
  'solution.notScheduled': 'Tid og sted er ikke fastlagt endnu.',
  'solution.link': 'Læs mere om løsningen',
  'solution.back': 'Tilbage til løsningsgalleriet',

  'speakers.title': 'Talere',
  'speakers.description': 'Talere, moderatorer og paneldeltagere på {event}.',
  'speakers.empty': 'Talerne er ikke offentliggjort endnu.',
  'speaker.sessions': 'Medvirker i',
  'speaker.noSessions': 'Programpunkterne er ikke offentliggjort endnu.',
  'speaker.back': 'Alle talere',

  'notFound.title': 'Siden findes ikke',
  'notFound.body':
    'Vi kunne ikke finde den side, du leder efter. Måske er adressen skrevet forkert, eller også er siden flyttet eller endnu ikke offentliggjort.',
  'notFound.home': 'Gå til forsiden',

  'a11y.title': 'Tilgængelighedserklæring',
  'a11y.intro':
    'Samspil er den platform, innovationsdagenes programmer, løsningsgallerier og talere vises på. Den er bygget til at kunne bruges af alle – også med skærmlæser, tastatur, forstørrelse og på mobiltelefon.',
  'a11y.standard': 'Standard',
  'a11y.standardBody':
    'De offentlige sider skal overholde WCAG 2.1 på niveau AA. Hver ændring af platformen testes automatisk med axe for overtrædelser af WCAG 2.1 A og AA, og siderne virker uden JavaScript.',
  'a11y.feedback': 'Giv os besked',
  'a11y.feedbackBody':
    'Støder du på noget, du ikke kan bruge, så skriv til arrangøren af den innovationsdag, det gælder. Hver arrangør har ansvaret for sin egen erklæring og kan henvise til en mere udførlig erklæring.',
  'a11y.organisers': 'Arrangører',
  'a11y.complaint': 'Klage',
  'a11y.complaintBody':
    'Hvis en offentlig arrangør ikke svarer tilfredsstillende, kan du klage til Digitaliseringsstyrelsen, der fører tilsyn med webtilgængelighedsloven.',
} as const satisfies Record<string, Message>;

export type MessageKey = keyof typeof da;

const en: { readonly [K in MessageKey]: Message } = {
  'site.name': 'Samspil',
  'site.description':
    'Innovation days where municipalities, regions, companies, foundations, researchers and civil society learn from each other’s solutions.',
  'site.poweredBy': 'Powered by Samspil – an open-source platform for innovation days',

  'nav.skip': 'Skip to content',
  'nav.event': 'Event',
  'nav.programme': 'Programme',
  'nav.gallery': 'Solution gallery',
  'nav.speakers': 'Speakers',
  'nav.breadcrumb': 'Breadcrumb',
  'lang.switch': 'Dansk',
  'lang.switchLabel': 'Læs siden på dansk',

  'footer.accessibility': 'Accessibility statement',
  'footer.organiser': 'Organiser: {name}',
  'footer.contact': 'Contact:',

  'home.title': 'Innovation days',
  'home.heading': 'Innovation days with Samspil',
  'home.intro':
    'One day where public-sector innovators, companies, foundations, researchers and civil society meet, hear about concrete solutions and build a new network.',
  'home.featured': 'Next innovation day',
  'home.featuredPast': 'Latest innovation day',
  'home.go': 'Go to {name}',
  'home.upcoming': 'Upcoming innovation days',
  'home.past': 'Past innovation days',
  'home.none': 'No innovation days have been published yet.',

  'event.about': 'About the day',
  'event.when': 'When',
  'event.where': 'Where',
  'event.theme': 'This year’s theme',
  'event.keynotes': { one: 'Keynote', other: 'Keynotes' },
  'event.numbers': 'The day in numbers',
  'event.stat.attendees': { one: 'expected attendee', other: 'expected attendees' },
  'event.stat.sessions': { one: 'session', other: 'sessions' },
  'event.stat.tracks': { one: 'themed track', other: 'themed tracks' },
  'event.stat.galleries': { one: 'gallery', other: 'galleries' },
  'event.stat.solutions': { one: 'solution in the gallery', other: 'solutions in the gallery' },
  'event.stat.nominees': { one: 'innovation award nominee', other: 'innovation award nominees' },
  'event.next': 'What to do next',
  'event.next.programme': 'See the programme',
  'event.next.programmeText': 'Every session by time and room. Filter by track and type.',
  'event.next.gallery': 'Explore the solution gallery',
  'event.next.galleryText': 'Concrete solutions, presented three at a time under a shared heading.',
  'event.next.speakers': 'Meet the speakers',
  'event.next.speakersText': 'Who speaks, moderates and takes part in the debates.',
  'event.registrationSoon': 'Registration opens here soon.',

  'programme.title': 'Programme',
  'programme.description': 'The programme of {event}: every session by time and room.',
  'programme.filter': 'Filter the programme',
  'programme.filter.track': 'Track',
  'programme.filter.kind': 'Type',
  'programme.filter.allTracks': 'All tracks',
  'programme.filter.allKinds': 'All types',
  'programme.filter.submit': 'Show',
  'programme.filter.reset': 'Show the whole programme',
  'programme.count': { one: 'Showing {shown} of {total} session', other: 'Showing {shown} of {total} sessions' },
  'programme.empty': 'No sessions match the filter.',
  'programme.slot': '{time}',
  'programme.with': 'With {names}',
  'programme.room': 'Room',
  'programme.track': 'Track',
  'programme.time': 'Time',

  'kind.keynote': 'Keynote',
  'kind.panel': 'Panel debate',
  'kind.track_session': 'Track session',
  'kind.workshop': 'Workshop',
  'kind.gallery_round': 'Gallery round',
  'kind.break': 'Break',
  'kind.networking': 'Networking',

  'role.speaker': 'Speaker',
  'role.moderator': 'Moderator',
  'role.panelist': 'Panellist',
  'role.host': 'Host',
  'role.interviewee': 'Interviewee',

  'sector.kommune': 'Municipality',
  'sector.region': 'Region',
  'sector.stat': 'Central government',
  'sector.privat_virksomhed': 'Private company',
  'sector.civilsamfund': 'Civil society/voluntary',
  'sector.fond': 'Foundation',
  'sector.forskning_uddannelse': 'Research/education',

  'partner.lead': 'Lead partner',

  'session.about': 'About the session',
  'session.questions': 'Questions for discussion',
  'session.people': 'Speakers',
  'session.solutions': 'Solutions in this round',
  'session.back': 'Back to the programme',
  'session.galleryLink': 'See the whole solution gallery',

  'gallery.title': 'Solution gallery',
  'gallery.description': 'The solution gallery at {event}: rounds and galleries with three solutions each.',
  'gallery.intro':
    'The galleries run in parallel. In each round, three solutions are presented under a shared heading: concrete inspiration and a new network.',
  'gallery.caption': 'Gallery rounds (rows) and galleries (columns)',
  'gallery.roundHeader': 'Round',
  'gallery.round': 'Round {n}',
  'gallery.empty': 'The solution gallery has not been put together yet.',
  'gallery.noPresentation': 'No presentation',
  'gallery.nominee': 'Nominated for the innovation award',
  'gallery.nomineesNote': 'Solutions marked ★ are nominated for the innovation award.',

  'solution.targetGroup': 'Target group',
  'solution.results': 'Results',
  'solution.themes': 'Themes',
  'solution.partners': 'Partners',
  'solution.contact': 'Contact person',
  'solution.presented': 'Where and when it is presented',
  'solution.notScheduled': 'Time and place have not been set yet.',
  'solution.link': 'Read more about the solution',
  'solution.back': 'Back to the solution gallery',

  'speakers.title': 'Speakers',
  'speakers.description': 'Speakers, moderators and panellists at {event}.',
  'speakers.empty': 'The speakers have not been announced yet.',
  'speaker.sessions': 'Appears in',
  'speaker.noSessions': 'The sessions have not been announced yet.',
  'speaker.back': 'All speakers',

  'notFound.title': 'Page not found',
  'notFound.body':
    'We could not find the page you are looking for. The address may be mistyped, or the page may have moved or not be published yet.',
  'notFound.home': 'Go to the home page',

  'a11y.title': 'Accessibility statement',
  'a11y.intro':
    'Samspil is the platform that shows the programmes, solution galleries and speakers of innovation days. It is built to be usable by everyone – with a screen reader, a keyboard, magnification and on a mobile phone.',
  'a11y.standard': 'Standard',
  'a11y.standardBody':
    'The public pages must meet WCAG 2.1 at level AA. Every change to the platform is tested automatically with axe for violations of WCAG 2.1 A and AA, and the pages work without JavaScript.',
  'a11y.feedback': 'Tell us',
  'a11y.feedbackBody':
    'If you come across something you cannot use, write to the organiser of the innovation day concerned. Each organiser is responsible for its own statement and may point to a more detailed one.',
  'a11y.organisers': 'Organisers',
  'a11y.complaint': 'Complaints',
  'a11y.complaintBody':
    'If a public-sector organiser does not answer satisfactorily, you can complain to the Danish Agency for Digital Government, which supervises the Danish web accessibility act.',
};

const dictionaries: Record<Lang, { readonly [K in MessageKey]: Message }> = { da, en };

export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** The translate function for one language: `t(lang)('gallery.round', { n: 2 })`. */
export function t(lang: Lang): Translate {
  const dictionary = dictionaries[lang];
  const locale = INTL_LOCALE[lang];
  return (key, params) => formatMessage(dictionary[key], locale, params);
}

/** The raw message, for an island that formats it in the browser. */
export function messageOf(lang: Lang, key: MessageKey): Message {
  return dictionaries[lang][key];
}

/** All keys, for tests that compare the dictionaries. */
export function keysOf(lang: Lang): string[] {
  return Object.keys(dictionaries[lang]);
}
