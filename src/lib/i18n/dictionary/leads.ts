// Part of the one dictionary (src/lib/i18n/messages.ts): exhibitor leads —
// the team's scanner, list and export, the visitor's consent and withdrawals
// on My page, the consent text on the registration form, and the organiser's
// lead retention. Danish first.
import type { Message } from '../message-format.ts';

export const leadsDa = {
  'leads.title': 'Leads – {solution}',
  'leads.back': 'Tilbage til mine løsninger',
  'leads.link': 'Leads',
  'leads.linkText': 'Scan besøgendes billetter ved jeres runder, og se jeres leads.',
  'leads.intro': {
    one: 'Scan den besøgendes badge eller billet. Et lead gemmes kun, hvis den besøgende selv har sagt ja til at dele sine oplysninger med udstillere – ellers gemmes intet. Kun jeres team kan se jeres leads, og de slettes automatisk {count} dag efter dagen.',
    other:
      'Scan den besøgendes badge eller billet. Et lead gemmes kun, hvis den besøgende selv har sagt ja til at dele sine oplysninger med udstillere – ellers gemmes intet. Kun jeres team kan se jeres leads, og de slettes automatisk {count} dage efter dagen.',
  },
  'leads.noRounds': 'Jeres løsning er ikke sat på en runde i galleriet endnu. Så snart den er, kan I scanne her.',
  'leads.rounds': 'Jeres runder',
  'leads.scan.heading': 'Scan ved {round}',
  'leads.scan.code': 'Billettens reference eller kode',
  'leads.scan.codeHint': 'Fx 7K3M9QXA-2 (står under QR-koden). En håndscanner kan også skrive koden her.',
  'leads.scan.submit': 'Gem lead',
  'leads.scan.camera': 'Scan med kameraet',
  'leads.scan.cameraStop': 'Sluk kameraet',
  'leads.scan.cameraDenied': 'Kameraet kunne ikke starte. Giv siden lov til at bruge kameraet, eller skriv referencen.',
  'leads.scan.cameraLabel': 'Kameraets billede til scanning af QR-koder',
  'leads.scan.created': '{name} er gemt i jeres leads.',
  'leads.scan.already': '{name} er allerede i jeres leads – de står der kun én gang.',
  'leads.scan.noConsent':
    'Tak for snakken! Den besøgende har ikke valgt at dele sine oplysninger med udstillere, så der er ikke gemt noget. Vil de dele alligevel, kan de slå det til på Min side – eller give jer et visitkort.',
  'leads.scan.notMember': 'Du er ikke med i denne løsnings team.',
  'leads.scan.wrongRound': 'Vælg en af jeres egne runder.',
  'leads.scan.unknownTicket': 'Der er ingen billet med den reference til denne dag. Tjek referencen, og prøv igen.',
  'leads.scan.revoked':
    'Koden er erstattet af en nyere. Bed den besøgende vise billetten fra deres e-mail eller Min side.',
  'leads.scan.notValid': 'Billetten er ikke gyldig (aflyst eller ikke betalt). Intet er gemt.',
  'leads.scan.unreadable':
    'Det er ikke en billet. Skriv billettens reference med nummer, fx 7K3M9QXA-2, eller scan QR-koden.',
  'leads.scan.empty': 'Scan en QR-kode, eller skriv billettens reference.',
  'leads.scan.forged': 'Koden er ikke en ægte Samspil-billet. Intet er gemt.',
  'leads.scan.wrongEvent': 'Billetten hører til en anden dag. Intet er gemt.',
  'leads.scan.rateLimited': {
    one: 'I har scannet meget på kort tid. Vent {count} sekund, og prøv igen.',
    other: 'I har scannet meget på kort tid. Vent {count} sekunder, og prøv igen.',
  },
  'leads.list.heading': 'Jeres leads ({count})',
  'leads.list.none': 'I har ingen leads endnu.',
  'leads.list.round': '{round} ({count})',
  'leads.list.otherRound': 'Andre runder',
  'leads.list.scannedAt': 'Scannet {when}',
  'leads.note.interest': 'Interesse',
  'leads.note.label': 'Note',
  'leads.note.save': 'Gem note',
  'leads.note.saved': 'Noten er gemt.',
  'leads.note.tooLong': 'Noten må højst være {max} tegn.',
  'leads.interest.none': 'Ikke angivet',
  'leads.interest.low': 'Lav',
  'leads.interest.medium': 'Middel',
  'leads.interest.high': 'Høj',
  'leads.export.csv': 'Hent som CSV',
  'leads.export.xlsx': 'Hent som Excel (XLSX)',
  'leads.export.sheet': 'Leads',
  'leads.col.name': 'Navn',
  'leads.col.email': 'E-mail',
  'leads.col.organisation': 'Organisation',
  'leads.col.jobTitle': 'Stilling',
  'leads.col.interest': 'Interesse',
  'leads.col.note': 'Note',
  'leads.col.round': 'Runde',
  'leads.col.scannedAt': 'Scannet',
  'leads.form.bad': 'Det kunne ikke lade sig gøre. Genindlæs siden, og prøv igen.',

  'leads.consent.hint': {
    one: 'Kun de udstillerteams, du selv lader scanne din billet eller badge i løsningsgalleriet, får disse oplysninger – ikke andre udstillere. Teamet kan skrive en note og din interesse. Alt slettes automatisk {count} dag efter dagen. Du kan se, hvilke teams der har dine oplysninger, og trække dem tilbage – ét team ad gangen eller alle – på Min side.',
    other:
      'Kun de udstillerteams, du selv lader scanne din billet eller badge i løsningsgalleriet, får disse oplysninger – ikke andre udstillere. Teamet kan skrive en note og din interesse. Alt slettes automatisk {count} dage efter dagen. Du kan se, hvilke teams der har dine oplysninger, og trække dem tilbage – ét team ad gangen eller alle – på Min side.',
  },
  'leads.consent.others': {
    one: 'Om udstillere må få denne deltagers navn, organisation, stilling og e-mail, bestemmer deltageren selv via linket i sin bekræftelse eller på Min side. Indtil da får ingen udstiller oplysningerne. Oplysninger, der deles, slettes {count} dag efter dagen.',
    other:
      'Om udstillere må få denne deltagers navn, organisation, stilling og e-mail, bestemmer deltageren selv via linket i sin bekræftelse eller på Min side. Indtil da får ingen udstiller oplysningerne. Oplysninger, der deles, slettes {count} dage efter dagen.',
  },

  'leads.mine.heading': 'Udstillere og dine oplysninger',
  'leads.mine.back': 'Tilbage til Min side',
  'leads.mine.intro':
    'Siger du ja, får de udstillerteams, du selv lader scanne din billet eller badge i løsningsgalleriet, dit navn, din organisation, din stilling og din e-mail – kun de teams, ikke arrangørerne eller andre udstillere. Kun du kan give eller trække samtykket; den, der tilmeldte dig, kan ikke.',
  'leads.mine.noTickets': 'Du har ingen billetter, hvor det er aktuelt.',
  'leads.mine.sharing': 'Du deler dine oplysninger med de udstillere, der scanner dig (siden {date}).',
  'leads.mine.notSharing': 'Du deler ikke dine oplysninger med udstillere.',
  'leads.mine.what': {
    one: 'Teamet kan skrive en note og din interesse. Alt slettes automatisk {count} dag efter dagen.',
    other: 'Teamet kan skrive en note og din interesse. Alt slettes automatisk {count} dage efter dagen.',
  },
  'leads.mine.giveButton': 'Del mine oplysninger med udstillere, der scanner mig',
  'leads.mine.withdrawButton': 'Stop med at dele (sletter det, teams har fået)',
  'leads.mine.given': 'Tak. Udstillere, du lader scanne din billet, får nu dine oplysninger.',
  'leads.mine.withdrawnAll': 'Du deler ikke længere dine oplysninger, og teams, der havde dem, har fået dem slettet.',
  'leads.mine.withdrawn': 'Teamet har ikke længere dine oplysninger.',
  'leads.mine.teams': 'Teams, der har dine oplysninger',
  'leads.mine.noTeams': 'Ingen udstillerteams har dine oplysninger.',
  'leads.mine.since': 'Siden {date} · slettes senest {until}',
  'leads.mine.withdrawOne': 'Tag mine oplysninger tilbage',

  'leads.retention.heading': 'Udstilleres leads',
  'leads.retention.intro':
    'Udstillerteams gemmer leads, når besøgende har sagt ja til at dele deres oplysninger. Arrangører kan ikke se dem. Antal leads hos teamene lige nu: {count}.',
  'leads.retention.label': 'Slet leads så mange dage efter dagen',
  'leads.retention.hint': 'Mellem 1 og 365 dage. Registreringsformularen fortæller deltagerne tallet.',
  'leads.retention.invalid': 'Skriv et antal dage mellem 1 og 365.',
  'leads.retention.save': 'Skift antal dage',
  'leads.retention.saved': 'Gemt. Leads slettes nu efter det nye antal dage.',

  'myData.section.exhibitorLeads': 'Udstillere, der har mine kontaktoplysninger',
  'myData.field.interest': 'Interesse',
} as const satisfies Record<string, Message>;

export const leadsEn: { readonly [K in keyof typeof leadsDa]: Message } = {
  'leads.title': 'Leads – {solution}',
  'leads.back': 'Back to my solutions',
  'leads.link': 'Leads',
  'leads.linkText': "Scan visitors' tickets at your rounds, and see your leads.",
  'leads.intro': {
    one: "Scan the visitor's badge or ticket. A lead is saved only if the visitor has chosen to share their details with exhibitors – otherwise nothing is saved. Only your team sees your leads, and they are deleted automatically {count} day after the event.",
    other:
      "Scan the visitor's badge or ticket. A lead is saved only if the visitor has chosen to share their details with exhibitors – otherwise nothing is saved. Only your team sees your leads, and they are deleted automatically {count} days after the event.",
  },
  'leads.noRounds': 'Your solution is not in a gallery round yet. As soon as it is, you can scan here.',
  'leads.rounds': 'Your rounds',
  'leads.scan.heading': 'Scan at {round}',
  'leads.scan.code': "The ticket's reference or code",
  'leads.scan.codeHint':
    'For example 7K3M9QXA-2 (printed below the QR code). A hand scanner can type the code here too.',
  'leads.scan.submit': 'Save lead',
  'leads.scan.camera': 'Scan with the camera',
  'leads.scan.cameraStop': 'Turn the camera off',
  'leads.scan.cameraDenied': 'The camera could not start. Allow the page to use the camera, or type the reference.',
  'leads.scan.cameraLabel': "The camera's picture for scanning QR codes",
  'leads.scan.created': '{name} is saved in your leads.',
  'leads.scan.already': '{name} is already in your leads – they are listed once.',
  'leads.scan.noConsent':
    "Thanks for the chat! This visitor has not chosen to share their details with exhibitors, so nothing was saved. If they'd like to share after all, they can turn it on on My page – or give you a business card.",
  'leads.scan.notMember': "You are not on this solution's team.",
  'leads.scan.wrongRound': 'Choose one of your own rounds.',
  'leads.scan.unknownTicket':
    'There is no ticket with that reference for this event. Check the reference and try again.',
  'leads.scan.revoked':
    'This code has been replaced by a newer one. Ask the visitor to show the ticket from their email or My page.',
  'leads.scan.notValid': 'The ticket is not valid (cancelled or not paid). Nothing was saved.',
  'leads.scan.unreadable':
    "That is not a ticket. Type the ticket's reference with its number, for example 7K3M9QXA-2, or scan the QR code.",
  'leads.scan.empty': "Scan a QR code, or type the ticket's reference.",
  'leads.scan.forged': 'This code is not a genuine Samspil ticket. Nothing was saved.',
  'leads.scan.wrongEvent': 'This ticket belongs to another event. Nothing was saved.',
  'leads.scan.rateLimited': {
    one: 'You have scanned a lot in a short time. Wait {count} second and try again.',
    other: 'You have scanned a lot in a short time. Wait {count} seconds and try again.',
  },
  'leads.list.heading': 'Your leads ({count})',
  'leads.list.none': 'You have no leads yet.',
  'leads.list.round': '{round} ({count})',
  'leads.list.otherRound': 'Other rounds',
  'leads.list.scannedAt': 'Scanned {when}',
  'leads.note.interest': 'Interest',
  'leads.note.label': 'Note',
  'leads.note.save': 'Save note',
  'leads.note.saved': 'The note is saved.',
  'leads.note.tooLong': 'The note can be at most {max} characters.',
  'leads.interest.none': 'Not set',
  'leads.interest.low': 'Low',
  'leads.interest.medium': 'Medium',
  'leads.interest.high': 'High',
  'leads.export.csv': 'Download as CSV',
  'leads.export.xlsx': 'Download as Excel (XLSX)',
  'leads.export.sheet': 'Leads',
  'leads.col.name': 'Name',
  'leads.col.email': 'Email',
  'leads.col.organisation': 'Organisation',
  'leads.col.jobTitle': 'Job title',
  'leads.col.interest': 'Interest',
  'leads.col.note': 'Note',
  'leads.col.round': 'Round',
  'leads.col.scannedAt': 'Scanned',
  'leads.form.bad': 'That did not work. Reload the page and try again.',

  'leads.consent.hint': {
    one: 'Only the exhibitor teams you let scan your ticket or badge in the solution gallery get these details – no other exhibitors. The team can add a note and your level of interest. Everything is deleted automatically {count} day after the event. On My page you can see which teams have your details and take them back – one team at a time or all at once.',
    other:
      'Only the exhibitor teams you let scan your ticket or badge in the solution gallery get these details – no other exhibitors. The team can add a note and your level of interest. Everything is deleted automatically {count} days after the event. On My page you can see which teams have your details and take them back – one team at a time or all at once.',
  },
  'leads.consent.others': {
    one: "Whether exhibitors may have this attendee's name, organisation, job title and email is for the attendee to decide, through the link in their confirmation or on My page. Until then no exhibitor gets the details. Details that are shared are deleted {count} day after the event.",
    other:
      "Whether exhibitors may have this attendee's name, organisation, job title and email is for the attendee to decide, through the link in their confirmation or on My page. Until then no exhibitor gets the details. Details that are shared are deleted {count} days after the event.",
  },

  'leads.mine.heading': 'Exhibitors and your details',
  'leads.mine.back': 'Back to My page',
  'leads.mine.intro':
    'If you say yes, the exhibitor teams you let scan your ticket or badge in the solution gallery get your name, organisation, job title and email – only those teams, not the organisers or other exhibitors. Only you can give or withdraw this consent; whoever registered you cannot.',
  'leads.mine.noTickets': 'You have no tickets where this applies.',
  'leads.mine.sharing': 'You share your details with the exhibitors who scan you (since {date}).',
  'leads.mine.notSharing': 'You do not share your details with exhibitors.',
  'leads.mine.what': {
    one: 'The team can add a note and your level of interest. Everything is deleted automatically {count} day after the event.',
    other:
      'The team can add a note and your level of interest. Everything is deleted automatically {count} days after the event.',
  },
  'leads.mine.giveButton': 'Share my details with exhibitors who scan me',
  'leads.mine.withdrawButton': 'Stop sharing (deletes what teams have)',
  'leads.mine.given': 'Thank you. Exhibitors you let scan your ticket now get your details.',
  'leads.mine.withdrawnAll': 'You no longer share your details, and teams that had them have had them deleted.',
  'leads.mine.withdrawn': 'The team no longer has your details.',
  'leads.mine.teams': 'Teams that have your details',
  'leads.mine.noTeams': 'No exhibitor team has your details.',
  'leads.mine.since': 'Since {date} · deleted by {until} at the latest',
  'leads.mine.withdrawOne': 'Take my details back',

  'leads.retention.heading': "Exhibitors' leads",
  'leads.retention.intro':
    'Exhibitor teams keep leads when visitors have agreed to share their details. Organisers cannot see them. Leads the teams hold right now: {count}.',
  'leads.retention.label': 'Delete leads this many days after the event',
  'leads.retention.hint': 'Between 1 and 365 days. The registration form tells attendees the number.',
  'leads.retention.invalid': 'Enter a number of days between 1 and 365.',
  'leads.retention.save': 'Change the number of days',
  'leads.retention.saved': 'Saved. Leads are now deleted after the new number of days.',

  'myData.section.exhibitorLeads': 'Exhibitors who hold my contact details',
  'myData.field.interest': 'Interest',
};
