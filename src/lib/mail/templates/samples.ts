// Realistic data for every template, for tests and for trying the templates
// out in the dev mailbox. Velfærdens Innovationsdag in Øksnehallen.
import type {
  BookingReleasedData,
  BookingSeatData,
  BroadcastData,
  CancellationData,
  EventReminderData,
  InvoiceReminderData,
  InvoiceMailData,
  OrderConfirmationData,
  RegistrationNoticeData,
  ScheduleChangeData,
  SignInData,
  SolutionContactData,
  SolutionContactReplyData,
  SolutionInvitationData,
  SolutionNoticeData,
  TeamInvitationData,
  ThankYouData,
  TicketTransferredData,
  WaitlistOfferData,
} from './index.ts';

const event = {
  name: 'Velfærdens Innovationsdag 2027',
  startsAt: '2027-03-11T08:00:00Z',
  endsAt: '2027-03-11T15:30:00Z',
  timeZone: 'Europe/Copenhagen',
  venueName: 'Øksnehallen',
  venueAddress: 'Halmtorvet 11, 1700 København V',
  url: 'http://localhost:4321/velfaerdens-innovationsdag-2027',
};

// A 1×1 transparent PNG stands in for a ticket's QR code.
const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

export const SAMPLE_DATA: {
  'sign-in': SignInData;
  'order-confirmation': OrderConfirmationData;
  'waitlist-offer': WaitlistOfferData;
  cancellation: CancellationData;
  'booking-seat': BookingSeatData;
  'solution-received': SolutionNoticeData;
  'solution-changes-requested': SolutionNoticeData;
  'solution-accepted': SolutionNoticeData;
  'solution-rejected': SolutionNoticeData;
  'solution-invitation': SolutionInvitationData;
  'booking-released': BookingReleasedData;
  'registration-notice': RegistrationNoticeData;
  'team-invitation': TeamInvitationData;
  'schedule-change': ScheduleChangeData;
  'solution-contact': SolutionContactData;
  'solution-contact-reply': SolutionContactReplyData;
  'thank-you': ThankYouData;
  'ticket-transferred': TicketTransferredData;
  broadcast: BroadcastData;
  'event-reminder': EventReminderData;
  'invoice-reminder': InvoiceReminderData;
  invoice: InvoiceMailData;
} = {
  'sign-in': {
    link: 'http://localhost:4321/log-ind/bekraeft?token=3q2-7wEXAMPLE',
    code: '482913',
    expiresInMinutes: 10,
  },
  'order-confirmation': {
    orderReference: 'VID27-4F7K2',
    recipientName: 'Mette Kristensen',
    event,
    tickets: [
      {
        reference: 'T-8K2M4Q',
        holderName: 'Mette Kristensen',
        ticketTypeName: 'Offentlig ansat',
        priceOre: 125_000,
        ticketUrl: 'http://localhost:4321/min-side/billetter/T-8K2M4Q',
        qrPngBase64: PIXEL_PNG,
      },
      {
        reference: 'T-3HX9PD',
        holderName: 'Jonas Holm Larsen',
        ticketTypeName: 'Offentlig ansat',
        priceOre: 125_000,
        ticketUrl: 'http://localhost:4321/min-side/billetter/T-3HX9PD',
        qrPngBase64: PIXEL_PNG,
      },
    ],
    totalOre: 250_000,
    payment: 'invoice',
    invoice: { dueDate: '2027-01-02' },
    myPageUrl: 'http://localhost:4321/min-side',
    calendarIcs: [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Samspil//DA',
      'BEGIN:VEVENT',
      'UID:vid27@samspil',
      'DTSTAMP:20261123T120000Z',
      'DTSTART:20270311T080000Z',
      'DTEND:20270311T153000Z',
      'SUMMARY:Velfærdens Innovationsdag 2027',
      'LOCATION:Øksnehallen\\, Halmtorvet 11\\, 1700 København V',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  },
  'waitlist-offer': {
    recipientName: 'Ahmad Rasuli',
    eventName: event.name,
    eventStartsAt: event.startsAt,
    timeZone: event.timeZone,
    ticketTypeName: 'Offentlig ansat',
    offerUrl: 'http://localhost:4321/venteliste/tilbud/8d1c0f7e',
    expiresAt: '2027-02-24T11:00:00Z',
  },
  cancellation: {
    recipientName: 'Mette Kristensen',
    eventName: event.name,
    eventStartsAt: event.startsAt,
    timeZone: event.timeZone,
    eventUrl: event.url,
    reason: 'by-attendee',
    ticketHolders: ['Mette Kristensen', 'Jonas Holm Larsen'],
    refund: { amountOre: 250_000, method: 'card' },
  },
  'booking-seat': {
    recipientName: 'Ahmad Rasuli',
    eventName: event.name,
    sessionTitle: 'Løsningsgalleri: Nærhed i hjemmeplejen',
    sessionStartsAt: '2027-03-11T10:00:00Z',
    sessionEndsAt: '2027-03-11T11:00:00Z',
    timeZone: event.timeZone,
    offerExpiresAt: '2027-03-10T12:00:00Z',
    myProgrammeUrl: 'http://localhost:4321/min-side/program',
  },
  'solution-received': {
    recipientName: 'Lene Holm',
    eventName: event.name,
    solutionTitle: 'Borgerservice-to-go',
    message: '',
    myPageUrl: 'http://localhost:4321/min-side/losninger',
  },
  'solution-changes-requested': {
    recipientName: 'Lene Holm',
    eventName: event.name,
    solutionTitle: 'Borgerservice-to-go',
    message: 'Beskriv gerne, hvordan I har målt effekten, og tilføj et link til evalueringen.',
    myPageUrl: 'http://localhost:4321/min-side/losninger',
  },
  'solution-accepted': {
    recipientName: 'Lene Holm',
    eventName: event.name,
    solutionTitle: 'Borgerservice-to-go',
    message: 'Vi glæder os til at se jer i galleriet.',
    myPageUrl: 'http://localhost:4321/min-side/losninger',
  },
  'solution-rejected': {
    recipientName: 'Lene Holm',
    eventName: event.name,
    solutionTitle: 'Borgerservice-to-go',
    message: '',
    myPageUrl: 'http://localhost:4321/min-side/losninger',
  },
  'solution-invitation': {
    inviterEmail: 'lene.holm@frederiksberg.dk',
    eventName: event.name,
    solutionTitle: 'Borgerservice-to-go',
    signInUrl: 'http://localhost:4321/log-ind?next=%2Fmin-side%2Flosninger',
  },
  'booking-released': {
    recipientName: 'Ahmad Rasuli',
    eventName: event.name,
    sessionTitle: 'Løsningsgalleri: Nærhed i hjemmeplejen',
    sessionStartsAt: '2027-03-11T10:00:00Z',
    sessionEndsAt: '2027-03-11T11:00:00Z',
    timeZone: event.timeZone,
    minutes: 10,
    myProgrammeUrl: 'http://localhost:4321/min-side/program',
  },
  'registration-notice': {
    kind: 'waitlist-place',
    eventName: event.name,
    eventStartsAt: event.startsAt,
    timeZone: event.timeZone,
    ticketTypeName: 'Offentlig ansat',
    place: 3,
    already: true,
    eventUrl: event.url,
  },
  'schedule-change': {
    recipientName: 'Ahmad Rasuli',
    eventName: event.name,
    timeZone: event.timeZone,
    items: [
      {
        kind: 'moved',
        sessionTitle: 'Når politikere og bureaukrater sammen giver offentlig innovation flyvehøjde',
        oldStartsAt: '2027-03-11T10:00:00Z',
        oldEndsAt: '2027-03-11T11:00:00Z',
        startsAt: '2027-03-11T12:00:00Z',
        endsAt: '2027-03-11T13:00:00Z',
        oldRoom: 'Sal A',
        room: 'Sal B',
        clashTitle: 'Løsningsgalleri: Nærhed i hjemmeplejen',
      },
      {
        kind: 'cancelled',
        sessionTitle: 'Social Talks: børns trivsel',
        startsAt: '2027-03-11T13:30:00Z',
        endsAt: '2027-03-11T14:15:00Z',
      },
    ],
    myProgrammeUrl: 'http://localhost:4321/min-side/program',
  },
  'solution-contact': {
    eventName: event.name,
    solutionTitle: 'Borgerservice-to-go',
    message: 'Vi vil gerne høre mere om, hvordan I kom i gang.\nKan vi låne jeres tjekliste?',
    replyUrl: 'http://localhost:4321/svar/3q2-7wEXAMPLE3q2-7wEXAMPLE3q2-7wEXAMPLE12',
  },
  'solution-contact-reply': {
    eventName: event.name,
    solutionTitle: 'Borgerservice-to-go',
    reply: 'Selvfølgelig – vi sender den gerne.',
    contactName: 'Lene Holm',
    contactEmail: 'lene.holm@frederiksberg.dk',
    takeawaysUrl: 'http://localhost:4321/min-side/velfaerdens-innovationsdag-2027/udbytte',
  },
  'thank-you': {
    recipientName: 'Ahmad Rasuli',
    eventName: event.name,
    attended: true,
    takeawaysUrl: 'http://localhost:4321/min-side/velfaerdens-innovationsdag-2027/udbytte',
    unsubscribeUrl: 'https://samspil.example.org/afmeld/ZXhhbXBsZQ.c2lnbmF0dXJl',
  },
  'team-invitation': {
    inviterEmail: 'lene.holm@frederiksberg.dk',
    eventName: event.name,
    role: 'reviewer',
    solutionTitle: null,
    acceptUrl: 'http://localhost:4321/invitation/3q2-7wEXAMPLE',
    expiresAt: '2027-02-18T12:00:00Z',
  },
  'ticket-transferred': {
    recipientName: 'Ahmad Rasuli',
    eventName: event.name,
    eventStartsAt: '2027-02-25T08:00:00Z',
    timeZone: event.timeZone,
    eventUrl: 'http://localhost:4321/velfaerdens-innovationsdag-2027',
    ticketReference: '7K3M9QXA-2',
  },
  broadcast: {
    recipientName: 'Ahmad Rasuli',
    eventName: event.name,
    subject: 'Praktisk før dagen: garderobe og cykelparkering',
    body: 'Kære deltager\n\nGarderoben er **gratis**, og der er cykelparkering ved [Halmtorvet](https://example.org/kort).\n\n- Dørene åbner 08:30\n- Husk din billet',
    unsubscribeUrl: 'http://localhost:4321/afmeld/EXAMPLE.EXAMPLE',
  },
  'event-reminder': {
    recipientName: 'Ahmad Rasuli',
    eventName: event.name,
    venue: event.venueName,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timeZone: event.timeZone,
    ticketUrl: 'http://localhost:4321/min-side/billetter/5b1c2d3e-0000-4000-8000-000000000001',
    programmeUrl: 'http://localhost:4321/min-side/program',
    sessions: [
      { title: 'Den ny syntese', startsAt: '2027-03-11T08:30:00Z', endsAt: '2027-03-11T09:15:00Z', room: 'Store sal' },
      {
        title: 'Løsningsgalleri, runde 2',
        startsAt: '2027-03-11T10:00:00Z',
        endsAt: '2027-03-11T11:00:00Z',
        room: null,
      },
    ],
    unsubscribeUrl: 'http://localhost:4321/afmeld/EXAMPLE.EXAMPLE',
    award: {
      name: 'NYT SAMMEN BEDRE',
      voteUrl: 'http://localhost:4321/velfaerdens-innovationsdag-2027/stem/EXAMPLE.EXAMPLE',
    },
  },
  'invoice-reminder': {
    recipientName: 'Mette Holm',
    organisationName: 'Aarhus Kommune, Sundhed og Omsorg',
    eventName: event.name,
    invoiceNumber: '1042',
    issueDate: '2027-01-10',
    dueDate: '2027-02-09',
    amountOre: 375_000,
    step: 1,
    orderReference: 'PO-2027-0815',
    sellerName: 'Center for Offentlig Innovation',
    sellerEmail: 'faktura@coi.example.org',
    bankReg: '1234',
    bankAccount: '0012345678',
    myPageUrl: 'http://localhost:4321/min-side',
  },
  invoice: {
    kind: 'invoice',
    number: '1042',
    sellerName: 'Center for Offentlig Innovation',
    recipientName: 'Frederiksberg Kommune',
    eventName: event.name,
    orderReference: 'VID27-4F7K2',
    buyerOrderReference: 'REK-2027-0311',
    referencePerson: 'Mette Kristensen',
    ean: '5798000416604',
    issueDate: '2026-12-03',
    dueDate: '2027-01-02',
    netOre: 200_000,
    vatOre: 50_000,
    grossOre: 250_000,
    pdfUrl: 'http://localhost:4321/min-side/fakturaer/8d1c0f7e-2b1a-4c3d-9e8f-0a1b2c3d4e5f.pdf',
    xmlUrl: 'http://localhost:4321/min-side/fakturaer/8d1c0f7e-2b1a-4c3d-9e8f-0a1b2c3d4e5f.xml',
    myPageUrl: 'http://localhost:4321/min-side',
  },
};
