// Every path of the site in one place: public pages, registration, My page,
// sign-in, the organiser console, check-in, the dev mailbox and the API routes
// pages link to. Pages, emails and console links all build on it, so a route
// renamed under src/pages/ is changed here once and nowhere else can drift.
// Pure: no I/O, safe in the browser too.
import { localizePath, type Lang } from '../i18n/locales.ts';

/** Path prefixes, without language, for "is the visitor on this page?" checks. */
export const MY_PAGE_PATH = '/min-side';
export const SIGN_IN_PATH = '/log-ind';
export const SIGN_OUT_PATH = '/log-ud';
export const CONSOLE_PATH = '/konsol';

/** The organiser and check-in staff tools of one event, in the console's order. */
export const CONSOLE_TOOLS = [
  'event',
  'schedule',
  'programme',
  'tickets',
  'registration',
  'registrations',
  'booking',
  'gallery',
  'dashboard',
  'settings',
  'solutions',
  'rubric',
  'badges',
  'door',
  'privacy',
  'devices',
  'materials',
  'team',
  'article',
  'email',
  'log',
  'report',
  'operations',
  'waitlists',
  'lists',
  'exports',
  'feedback',
  'award',
  'invoices',
] as const;
export type ConsoleTool = (typeof CONSOLE_TOOLS)[number];

const TOOL_PATHS: Record<ConsoleTool, (slug: string) => string> = {
  event: (slug) => `/konsol/${slug}/begivenhed`,
  schedule: (slug) => `/konsol/${slug}/skema`,
  programme: (slug) => `/konsol/${slug}/program`,
  tickets: (slug) => `/konsol/${slug}/billetter`,
  registration: (slug) => `/konsol/${slug}/tilmelding`,
  registrations: (slug) => `/konsol/${slug}/deltagere`,
  booking: (slug) => `/konsol/${slug}/booking`,
  gallery: (slug) => `/konsol/${slug}/galleri`,
  dashboard: (slug) => `/konsol/${slug}/indtjekning`,
  settings: (slug) => `/konsol/${slug}/indtjekning/indstillinger`,
  solutions: (slug) => `/konsol/${slug}/losninger`,
  rubric: (slug) => `/konsol/${slug}/losninger/kriterier`,
  badges: (slug) => `/konsol/${slug}/navneskilte`,
  door: (slug) => `/checkin/${slug}`,
  materials: (slug) => `/konsol/${slug}/materialer`,
  privacy: (slug) => `/konsol/${slug}/persondata`,
  devices: (slug) => `/konsol/${slug}/enheder`,
  team: (slug) => `/konsol/${slug}/team`,
  article: (slug) => `/konsol/${slug}/artikel`,
  email: (slug) => `/konsol/${slug}/email`,
  log: (slug) => `/konsol/${slug}/log`,
  report: (slug) => `/konsol/${slug}/rapport`,
  operations: (slug) => `/konsol/${slug}/drift`,
  waitlists: (slug) => `/konsol/${slug}/ventelister`,
  lists: (slug) => `/konsol/${slug}/lister`,
  exports: (slug) => `/konsol/${slug}/eksport`,
  feedback: (slug) => `/konsol/${slug}/feedback`,
  award: (slug) => `/konsol/${slug}/pris`,
  invoices: (slug) => `/konsol/${slug}/fakturaer`,
};

/** Every page path, in the visitor's language (Danish at the root, English under /en/). */
export function pathsFor(lang: Lang) {
  const at = (path: string) => localizePath(lang, path);
  return {
    home: () => at('/'),
    notFound: () => at('/404'),

    // An event's public pages
    event: (event: string) => at(`/${event}/`),
    programme: (event: string) => at(`/${event}/program`),
    session: (event: string, session: string) => at(`/${event}/program/${session}`),
    gallery: (event: string) => at(`/${event}/galleri`),
    solution: (event: string, solution: string) => at(`/${event}/losninger/${solution}`),
    speakers: (event: string) => at(`/${event}/talere`),
    speaker: (event: string, speaker: string) => at(`/${event}/talere/${speaker}`),
    submitSolution: (event: string) => at(`/${event}/indsend`),
    /** The organisers' takeaways article, public once the day is over. */
    eventArticle: (event: string) => at(`/${event}/udbytte`),
    /** The audience award: nominees, and the result once announced. */
    award: (event: string) => at(`/${event}/pris`),
    /** Where a voter starts: a signed-in attendee goes on to their own ballot. */
    vote: (event: string) => at(`/${event}/stem`),
    /** One ticket's ballot (the signed token is the permission to vote). */
    ballot: (event: string, token: string) => at(`/${event}/stem/${token}`),
    /** A session's questions (a solution's in a gallery round): ask and up-vote. */
    questions: (event: string, session: string, solution?: string | null) =>
      at(`/${event}/spoergsmaal/${session}${solution ? `/${solution}` : ''}`),
    /** The moderator's view of the same list. */
    moderateQuestions: (event: string, session: string, solution?: string | null) =>
      at(`/${event}/moderer/${session}${solution ? `/${solution}` : ''}`),
    /** The list on the big screen. */
    questionScreen: (event: string, session: string, solution?: string | null) =>
      at(`/${event}/skaerm/${session}${solution ? `/${solution}` : ''}`),

    // Registration and payment
    register: (event: string) => at(`/${event}/tilmelding`),
    thanks: (event: string) => at(`/${event}/tilmelding/tak`),
    /** After an order paid by invoice: confirmed, awaiting payment. */
    thanksInvoice: (event: string) => at(`/${event}/tilmelding/tak?betaling=faktura`),
    paid: (event: string) => at(`/${event}/tilmelding/betalt`),
    paymentCancelled: (event: string) => at(`/${event}/tilmelding/afbrudt`),

    // My page
    myPage: () => at(MY_PAGE_PATH),
    myProgramme: () => at(`${MY_PAGE_PATH}/program`),
    myProgrammeCalendar: (event: string) => at(`${MY_PAGE_PATH}/program/${event}.ics`),
    mySolutions: () => at(`${MY_PAGE_PATH}/losninger`),
    mySolution: (solutionId: string) => at(`${MY_PAGE_PATH}/losninger/${solutionId}`),
    /** A team's lead scanner and leads; `round` picks the gallery round to scan at. */
    myLeads: (solutionId: string, round?: string) =>
      at(`${MY_PAGE_PATH}/losninger/${solutionId}/leads${round ? `?runde=${round}` : ''}`),
    myLeadsExport: (solutionId: string, format: 'csv' | 'xlsx') =>
      at(`${MY_PAGE_PATH}/losninger/${solutionId}/leads.${format}`),
    /** Whether exhibitors may have my details, and which teams do (the confirmation email links here). */
    myExhibitorConsent: () => at(`${MY_PAGE_PATH}/udstillere`),
    ticket: (ticketId: string) => at(`${MY_PAGE_PATH}/billetter/${ticketId}`),
    cancelTicket: (ticketId: string) => at(`${MY_PAGE_PATH}/billetter/${ticketId}/afmeld`),
    /** One of my invoices or credit notes to download (`pdf` or the UBL `xml`). */
    myInvoice: (invoiceId: string, format: 'pdf' | 'xml') => at(`${MY_PAGE_PATH}/fakturaer/${invoiceId}.${format}`),
    myData: () => at(`${MY_PAGE_PATH}/data.json`),
    myDataView: () => at(`${MY_PAGE_PATH}/data`),
    deleteAccount: () => at(`${MY_PAGE_PATH}/slet-konto`),
    myTakeaways: (event: string) => at(`${MY_PAGE_PATH}/${event}/udbytte`),
    myTakeawaysPdf: (event: string) => at(`${MY_PAGE_PATH}/${event}/udbytte.pdf`),
    myTakeawaysCalendar: (event: string) => at(`${MY_PAGE_PATH}/${event}/udbytte.ics`),
    myCertificate: (event: string) => at(`${MY_PAGE_PATH}/${event}/bevis.pdf`),
    /** The feedback on what I presented, as a speaker or an exhibitor. */
    myPresentedFeedback: () => at(`${MY_PAGE_PATH}/feedback`),
    /** Contact exchange: My contacts, the scanner (a contact QR's target, `?k=<token>`), the card, the files. */
    myContacts: () => at(`${MY_PAGE_PATH}/kontakter`),
    contactScan: (token?: string) =>
      at(`${MY_PAGE_PATH}/kontakter/scan${token ? `?k=${encodeURIComponent(token)}` : ''}`),
    myContactCard: () => at(`${MY_PAGE_PATH}/kontakter/kort`),
    /** Just the requests waiting for an answer, as a fragment My page polls while its contact QR is shown. */
    myContactRequests: () => at(`${MY_PAGE_PATH}/kontakter/anmodninger`),
    myContactsVcard: () => at(`${MY_PAGE_PATH}/kontakter.vcf`),
    myContactsCsv: () => at(`${MY_PAGE_PATH}/kontakter.csv`),

    // After the day, without signing in: a certificate's verify page, a team's reply page
    verifyCertificate: (token: string) => at(`/bevis/${token}`),
    contactReply: (token: string) => at(`/svar/${token}`),
    /** Where an email's unsubscribe link lands (the signed token names the event and address). */
    unsubscribe: (token: string) => at(`/afmeld/${token}`),

    // Sign-in
    /** The sign-in page; with `next`, where to come back to afterwards. */
    signIn: (next?: string) =>
      next === undefined ? at(SIGN_IN_PATH) : `${at(SIGN_IN_PATH)}?next=${encodeURIComponent(next)}`,
    /** Where a sign-in link from an email lands. */
    signInConfirm: () => at(`${SIGN_IN_PATH}/bekraeft`),
    signOut: () => at(SIGN_OUT_PATH),

    // The organiser console and check-in
    console: () => at(CONSOLE_PATH),
    consoleEvent: (event: string) => at(`/konsol/${event}`),
    newEvent: () => at('/konsol/ny'),
    /** Who may create events for an organisation (its event creators' page). */
    consoleOrganisation: (organisation: string) => at(`/konsol/organisation/${organisation}`),
    copyEvent: (event: string) => at(`/konsol/${event}/kopier`),
    consoleTool: (tool: ConsoleTool, event: string) => at(TOOL_PATHS[tool](event)),
    reviewSolution: (event: string, solutionId: string) => at(`/konsol/${event}/losninger/${solutionId}`),
    /** An organiser's edit of a solution's public texts, link and theme tags. */
    solutionContent: (event: string, solutionId: string) => at(`/konsol/${event}/losninger/${solutionId}/indhold`),
    /** Move, resize or cancel one session from the schedule grid. */
    scheduleSession: (event: string, sessionId: string) => at(`/konsol/${event}/skema/${sessionId}`),
    /** The programme editor's page for one session. */
    sessionEditor: (event: string, sessionId: string) => at(`/konsol/${event}/program/sessioner/${sessionId}`),
    // The programme editor's catalogue; `id` 'ny' is the "new" form (sessions: sessionEditor).
    consoleTracks: (event: string) => at(`/konsol/${event}/program/spor`),
    consoleTrack: (event: string, id: string) => at(`/konsol/${event}/program/spor/${id}`),
    consoleRooms: (event: string) => at(`/konsol/${event}/program/lokaler`),
    consoleRoom: (event: string, id: string) => at(`/konsol/${event}/program/lokaler/${id}`),
    consoleSpeakers: (event: string) => at(`/konsol/${event}/program/talere`),
    consoleSpeaker: (event: string, id: string) => at(`/konsol/${event}/program/talere/${id}`),
    /** An invoice or credit note of the event by its number (`pdf` or the UBL `xml`); audited download. */
    consoleInvoice: (event: string, number: string, format: 'pdf' | 'xml') =>
      at(`/konsol/${event}/fakturaer/${number}.${format}`),
    /** The report's figures as one CSV file (UTF-8 with BOM, `;`). */
    reportCsv: (event: string) => at(`/konsol/${event}/rapport.csv`),
    /** The printable list of who booked one session, for the door of its room. */
    roomList: (event: string, sessionId: string) => at(`/konsol/${event}/lister/${sessionId}`),
    /** The printable lists of the gallery rounds one solution presents in. */
    exhibitorLists: (event: string, solutionId: string) => at(`/konsol/${event}/lister/udstiller/${solutionId}`),
    /** The export page with one list's columns to choose. */
    exportList: (event: string, list: string) => `${at(`/konsol/${event}/eksport`)}?liste=${encodeURIComponent(list)}`,
    consoleAttendee: (event: string, ticketId: string) => at(`/konsol/${event}/deltagere/${ticketId}`),
    /** The survey's own questions and speakers' access; `id` 'ny' is the "new" form. */
    consoleSurveyQuestions: (event: string) => at(`/konsol/${event}/feedback/evaluering`),
    consoleSurveyQuestion: (event: string, id: string) => at(`/konsol/${event}/feedback/evaluering/${id}`),
    /** The feedback report's export (`csv` or `xlsx`). */
    feedbackExport: (event: string, format: 'csv' | 'xlsx') => at(`/konsol/${event}/feedback/eksport.${format}`),
    /** The takeaways article exactly as readers will see it, drafts included. */
    articlePreview: (event: string) => at(`/konsol/${event}/artikel/forhaandsvisning`),
    /** The organiser's invoice settings, bank file import and bookkeeping export. */
    invoiceSettings: (event: string) => at(`/konsol/${event}/fakturaer/indstillinger`),
    invoiceBankImport: (event: string) => at(`/konsol/${event}/fakturaer/bankimport`),
    invoiceExport: (event: string) => at(`/konsol/${event}/fakturaer/eksport.csv`),
    /** The audience award's live result for the big screen at the closing session. */
    awardScreen: (event: string) => at(`/konsol/${event}/pris/skaerm`),
    ticketTypeEditor: (event: string, ticketType: string) => at(`/konsol/${event}/billetter/${ticketType}`),
    newTicketType: (event: string) => at(`/konsol/${event}/billetter/ny`),
    /** One email to attendees: its draft, preview and sending, or its delivery. */
    consoleBroadcast: (event: string, id: string) => at(`/konsol/${event}/email/${id}`),
    consoleBroadcastProgress: (event: string, id: string) => at(`/konsol/${event}/email/${id}/fremdrift`),
    /** A draft's preview in one language: the frame's document (its own CSP for the email's style attributes). */
    consoleBroadcastPreview: (event: string, id: string, language: 'da' | 'en') =>
      at(`/konsol/${event}/email/${id}/visning?sprog=${language}`),
    checkin: () => at('/checkin/'),
    /** Where a team invitation's link lands (the token is the whole secret). */
    invitation: (token: string) => at(`/invitation/${token}`),
    checkinManifest: () => at('/checkin/manifest.webmanifest'),
    checkinServiceWorker: () => at('/checkin/sw.js'),

    // Development only
    devMailbox: () => at('/dev/mailbox'),
    devMailboxMessage: (id: string) => at(`/dev/mailbox/${id}`),
    devMailboxMessageHtml: (id: string) => `/dev/mailbox/${encodeURIComponent(id)}/html`,
  };
}

export type Paths = ReturnType<typeof pathsFor>;

/** API routes pages and emails point to; not localised (they answer in no language). */
/** The lean booking endpoint (src/pages/api/booking.ts); the middleware treats its session specially. */
export const LEAN_BOOKING_PATH = '/api/booking';

export const apiPaths = {
  /** The booking form's JSON endpoint (its script posts there; without JavaScript the form posts to the action). */
  book: (lang: 'da' | 'en') => `${LEAN_BOOKING_PATH}?lang=${lang}`,
  seats: (event: string) => `/api/events/${event}/seats.json`,
  calendarFeed: (token: string) => `/api/calendar/${token}.ics`,
  checkinDashboardStream: (eventId: string) => `/api/checkin/${eventId}/dashboard?stream=1`,
};

/** The platform's own statement, linked when an event names none (and on pages outside an event). */
export const PLATFORM_ACCESSIBILITY_STATEMENT = '/tilgaengelighed';

/**
 * The footer's accessibility-statement link. A path on this site is shown in
 * the visitor's language; an organiser's statement elsewhere is linked as is.
 */
export function accessibilityStatementHref(lang: Lang, url: string | null | undefined): string {
  const target = url ?? PLATFORM_ACCESSIBILITY_STATEMENT;
  return target.startsWith('/') && !target.startsWith('//') ? localizePath(lang, target) : target;
}
