// Part of the one dictionary (src/lib/i18n/messages.ts): the frame of every
// public page (site name, navigation, footer), the front page, the not-found
// page and the accessibility statement, Danish first.
import type { Message } from '../message-format.ts';

export const siteDa = {
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
  'nav.account': 'Din konto',
  'nav.signIn': 'Log ind',
  'nav.myPage': 'Min side',
  'nav.signOut': 'Log ud',
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

export type SiteMessageKey = keyof typeof siteDa;

export const siteEn: { readonly [K in SiteMessageKey]: Message } = {
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
  'nav.account': 'Your account',
  'nav.signIn': 'Sign in',
  'nav.myPage': 'My page',
  'nav.signOut': 'Sign out',
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
