// Every word the emails say, in Danish and English. Plain text with {name}
// placeholders: values are filled in as text, and the HTML layer escapes the
// finished sentence, so no entry ever holds markup.
import type { Lang } from '../../i18n/locales.ts';

const da = {
  'common.greeting': 'Hej {name}',
  'common.when': 'Hvornår',
  'common.where': 'Hvor',
  'common.whenSameDay': '{date}, kl. {start}–{end}',
  'common.whenSpan': '{start} til {end}',
  'common.linkFallback': 'Virker knappen ikke? Kopiér dette link ind i din browser:',
  'common.footer': 'Denne e-mail er sendt automatisk af Samspil, tilmeldingssystemet for innovationsdage.',

  'signIn.subject': 'Din kode til at logge ind: {code}',
  'signIn.preheader': 'Brug koden eller linket inden for {minutes} minutter.',
  'signIn.heading': 'Log ind',
  'signIn.intro':
    'Du har bedt om at logge ind. Tryk på knappen, eller skriv koden på siden, hvor du bad om at logge ind.',
  'signIn.button': 'Log ind',
  'signIn.codeLabel': 'Din kode',
  'signIn.otherDevice': 'Koden virker også, hvis du læser e-mailen på en anden enhed end den, du logger ind på.',
  'signIn.expiry': 'Linket og koden kan bruges én gang og udløber om {minutes} minutter.',
  'signIn.notYou':
    'Har du ikke bedt om at logge ind, kan du se bort fra denne e-mail. Ingen kan logge ind uden linket eller koden.',

  'order.subjectOne': 'Din billet til {event}',
  'order.subjectMany': 'Dine {count} billetter til {event}',
  'order.preheader': '{event}, {date}. Vis QR-koden ved indgangen.',
  'order.heading': 'Du er tilmeldt',
  'order.intro': 'Tak for din tilmelding til {event}. Vi glæder os til at se dig.',
  'order.introMany':
    'Tak for tilmeldingen til {event}. Her er alle billetterne i ordren – hver deltager får også sin egen billet på e-mail.',
  'order.registeredBy': '{name} har tilmeldt dig.',
  'order.exhibitorConsent':
    'Må udstillerne i løsningsgalleriet få dit navn, din organisation, din stilling og din e-mail, når du lader dem scanne din billet? Det bestemmer kun du – ikke den, der tilmeldte dig. Indtil du siger ja, får ingen udstiller dine oplysninger.',
  'order.exhibitorConsentButton': 'Vælg om udstillere må få dine oplysninger',
  'order.reference': 'Ordrenummer',
  'order.ticketHeading': 'Billet {number} af {count}',
  'order.holder': 'Deltager',
  'order.ticketType': 'Billettype',
  'order.price': 'Pris',
  'order.free': 'Gratis',
  'order.total': 'I alt inkl. moms',
  'order.qrAlt': 'QR-kode til billet {reference}',
  'order.showTicket': 'Vis billetten',
  'order.atTheDoor':
    'Vis QR-koden ved indgangen – på telefonen eller printet. Hver billet har sin egen kode og kan checkes ind én gang.',
  'order.paidByCard': 'Betalt med kort.',
  'order.invoice': 'Du modtager en faktura særskilt.',
  'order.invoiceDue':
    'Betaling på faktura: fakturaen følger i en særskilt e-mail til fakturaadressen. Ordren afventer betaling, som forfalder {date}.',
  'order.calendar': 'Kalenderfilen er vedhæftet, så du kan lægge dagen i din kalender.',
  'order.calendarFilename': 'innovationsdag.ics',
  'order.myPage': 'Skal du ændre eller afmelde din tilmelding? Det gør du på Min side.',
  'order.myPageButton': 'Gå til Min side',

  'waitlist.subject': 'Der er en plads til dig: {event}',
  'waitlist.preheader': 'Tag imod pladsen senest {deadline}.',
  'waitlist.heading': 'En plads er blevet ledig',
  'waitlist.intro':
    'Du står på ventelisten til {event} ({date}), og nu er der en ledig plads med billettypen {ticketType}.',
  'waitlist.deadline':
    'Pladsen er holdt til dig til {deadline}. Tager du ikke imod den inden da, går den videre til den næste på ventelisten.',
  'waitlist.button': 'Tag imod pladsen',
  'waitlist.decline': 'Kan du ikke komme alligevel? Så skal du ikke gøre noget.',

  'notice.registered.subject': 'Du har allerede en billet: {event}',
  'notice.registered.preheader': 'Din billet er på Min side.',
  'notice.registered.heading': 'Du har allerede en billet',
  'notice.registered.intro':
    'Nogen har netop forsøgt at tilmelde denne e-mailadresse til {event} ({date}). Adressen har allerede en billet, så der er ikke lavet en ny. Din billet og QR-koden er på Min side, hvor du logger ind med denne e-mailadresse.',
  'notice.registered.button': 'Gå til Min side',
  'notice.waitlist.subject': 'Din plads på ventelisten: {event}',
  'notice.waitlist.preheader': 'Du er nummer {place} på ventelisten.',
  'notice.waitlist.heading': 'Du er nummer {place} på ventelisten',
  'notice.waitlist.joined':
    'Du står nu på ventelisten til {event} ({date}) med billettypen {ticketType}, som nummer {place}.',
  'notice.waitlist.already':
    'Nogen har netop skrevet denne e-mailadresse på ventelisten til {event} ({date}). Du stod der allerede, med billettypen {ticketType}, og er nu nummer {place}.',
  'notice.waitlist.next':
    'Bliver en plads ledig, får du en e-mail med et tilbud, som du skal tage imod inden for en frist.',
  'notice.waitlist.button': 'Se arrangementet',
  'notice.notYou': 'Var det ikke dig? Så skal du ikke gøre noget.',

  'cancellation.subject': 'Din tilmelding til {event} er annulleret',
  'cancellation.subjectPaymentTooLate': 'Vi kunne ikke udstede dine billetter til {event}',
  'cancellation.heading': 'Tilmeldingen er annulleret',
  'cancellation.headingPaymentTooLate': 'Billetterne kunne ikke udstedes',
  'cancellation.byAttendee': 'Som du bad om, har vi annulleret din tilmelding til {event} ({date}).',
  'cancellation.byOrganiser': 'Arrangøren har annulleret din tilmelding til {event} ({date}).',
  'cancellation.paymentTooLate':
    'Din betaling kom frem, efter at reservationen af pladserne var udløbet, og i mellemtiden blev de sidste pladser til {event} ({date}) solgt. Derfor har vi ikke kunnet udstede billetter.',
  'cancellation.tickets': 'Annullerede billetter',
  'cancellation.refundCard':
    'Vi tilbagebetaler {amount} til det kort, du betalte med. Der kan gå 5–10 bankdage, før pengene står på din konto.',
  'cancellation.refundInvoice': 'Du modtager en kreditnota på {amount}.',
  'cancellation.noCharge': 'Du er ikke blevet opkrævet noget.',
  'cancellation.seatReleased': 'Din plads er givet videre, så en anden kan komme med.',
  'cancellation.again': 'Vil du alligevel gerne deltage? Så kan du tilmelde dig igen, så længe der er ledige pladser.',
  'cancellation.button': 'Se arrangementet',
  'bookingSeat.subjectConfirmed': 'Du har fået en plads: {session}',
  'bookingSeat.subjectOffered': 'Der er en plads til dig: {session}',
  'bookingSeat.preheaderConfirmed': 'Du er rykket op fra ventelisten.',
  'bookingSeat.preheaderOffered': 'Tag imod pladsen senest {deadline}.',
  'bookingSeat.headingConfirmed': 'Du har fået en plads',
  'bookingSeat.headingOffered': 'En plads er blevet ledig',
  'bookingSeat.introConfirmed':
    'Du stod på ventelisten til {session} på {event} ({time}). Nu er der blevet en plads ledig, og den er din.',
  'bookingSeat.introOffered':
    'Du står først på ventelisten til {session} på {event} ({time}), og nu er der blevet en plads ledig.',
  'bookingSeat.deadline':
    'Pladsen er holdt til dig til {deadline}. Tager du ikke imod den inden da, går den videre til den næste på ventelisten.',
  'bookingSeat.buttonConfirmed': 'Se dit program',
  'bookingSeat.buttonOffered': 'Tag imod pladsen',
  'bookingSeat.cancelNote': 'Kan du ikke alligevel? Afmeld pladsen under Mit program, så en anden kan få den.',
  'bookingReleased.subject': 'Din plads er givet videre: {session}',
  'bookingReleased.preheader': 'Du var ikke scannet ind ved døren, så pladsen gik til ventelisten.',
  'bookingReleased.heading': 'Din plads er givet videre',
  'bookingReleased.intro':
    'Du havde en plads til {session} på {event} ({time}). Fordi du ikke var scannet ind ved døren {after} efter start, er pladsen givet videre til den næste på ventelisten.',
  'bookingReleased.introNoMinutes':
    'Du havde en plads til {session} på {event} ({time}). Fordi du ikke var scannet ind ved døren i tide, er pladsen givet videre til den næste på ventelisten.',
  'bookingReleased.minuteOne': '{count} minut',
  'bookingReleased.minuteOther': '{count} minutter',
  'bookingReleased.why': 'Sådan sikrer vi, at ledige pladser bliver brugt, når der er andre, der venter på dem.',
  'bookingReleased.ticketStill':
    'Din billet til {event} gælder stadig. Du kan se dit program og booke andre sessioner med ledige pladser under Mit program.',
  'bookingReleased.button': 'Se dit program',
  'bookingReleased.wasThere': 'Var du der, men blev ikke scannet ind? Så sig det til personalet ved døren.',
  'thankYou.subject': 'Tak for i går: {event}',
  'thankYou.preheader': 'Dit udbytte af dagen: det, du var med til, materialerne og evalueringen.',
  'thankYou.heading': 'Tak fordi du var med',
  'thankYou.intro':
    'Tak fordi du var med til {event}. Vi har samlet dit udbytte af dagen ét sted: de sessioner og gallerirunder, du var med i, materialerne fra dem, løsningerne du mødte, dine egne noter og arrangørernes opsamling.',
  'thankYou.survey': 'Vi vil meget gerne høre, hvordan dagen var for dig. Evalueringen tager et par minutter.',
  'thankYou.certificate': 'Du kan også hente et deltagerbevis.',
  'thankYou.button': 'Se dit udbytte af dagen',
  'thankYou.article': 'Arrangørerne har samlet deres udbytte af dagen: {title}',
  'thankYou.articleButton': 'Læs arrangørernes udbytte',
  'thankYou.missed.subject': 'Vi savnede dig: {event}',
  'thankYou.missed.preheader': 'Materialerne fra dagen ligger klar til dig.',
  'thankYou.missed.heading': 'Vi savnede dig',
  'thankYou.missed.intro':
    'Vi så dig ikke til {event} – der kan komme så meget i vejen. Du er stadig velkommen til det, dagen bød på: materialerne fra sessionerne, løsningerne i galleriet og arrangørernes opsamling.',
  'thankYou.missed.button': 'Se materialerne fra dagen',
  'thankYou.missed.wasThere': 'Var du der, men blev ikke scannet ind? Så er dit udbytte af dagen det samme link.',
  'thankYou.unsubscribe': 'Vil du ikke have flere e-mails om {event}? Afmeld dem her:',
  'solution.button': 'Se dine løsninger',
  'solution.messageHeading': 'Besked fra arrangøren',
  'solution.received.subject': 'Vi har modtaget din løsning: {title}',
  'solution.received.heading': 'Tak for din løsning',
  'solution.received.intro':
    'Vi har modtaget »{title}« til løsningsgalleriet på {event}. Arrangørerne gennemgår den og vender tilbage. Du kan rette den, indtil indkaldelsen lukker.',
  'solution.changes.subject': 'Arrangøren beder om ændringer: {title}',
  'solution.changes.heading': 'Der er brug for ændringer',
  'solution.changes.intro':
    'Arrangørerne af {event} har læst »{title}« og beder dig om at rette den og indsende den igen.',
  'solution.accepted.subject': 'Din løsning er med i galleriet: {title}',
  'solution.accepted.heading': 'Tillykke – din løsning er udvalgt',
  'solution.accepted.intro':
    '»{title}« er udvalgt til løsningsgalleriet på {event}. Du kan se, hvornår og hvor du præsenterer, på din side.',
  'solution.rejected.subject': 'Svar på din løsning: {title}',
  'solution.rejected.heading': 'Din løsning kom ikke med denne gang',
  'solution.rejected.intro':
    'Tak fordi du indsendte »{title}« til {event}. Arrangørerne har desværre ikke plads til den i galleriet i år.',
  'solution.invitation.subject': 'Du er inviteret med på holdet bag {title}',
  'solution.invitation.heading': 'Du er inviteret med',
  'solution.invitation.intro': '{inviter} har inviteret dig med på holdet bag løsningen »{title}« til {event}.',
  'solution.invitation.how':
    'Log ind med denne e-mailadresse, så kan du se og rette løsningen og se, hvornår I præsenterer.',
  'solution.invitation.button': 'Log ind og se løsningen',
  'scheduleChange.subjectMoved': 'Nyt tidspunkt: {session}',
  'scheduleChange.subjectCancelled': 'Aflyst: {session}',
  'scheduleChange.subjectMany': 'Ændringer i dit program til {event}',
  'scheduleChange.preheader': 'Programmet for {event} er ændret. Her er det, der gælder for dig.',
  'scheduleChange.heading': 'Dit program er ændret',
  'scheduleChange.intro':
    'Arrangørerne af {event} har ændret programmet. Det gælder disse sessioner, som du har booket eller står på venteliste til:',
  'scheduleChange.cancelled': 'Sessionen {time} er aflyst. Din booking er annulleret, og du skal ikke gøre noget.',
  'scheduleChange.was': 'Før',
  'scheduleChange.now': 'Nu',
  'scheduleChange.roomWas': 'Lokale før',
  'scheduleChange.roomNow': 'Lokale nu',
  'scheduleChange.noRoom': 'Ikke fastlagt',
  'scheduleChange.clash':
    'Det nye tidspunkt overlapper med »{other}«, som du også har booket. Vælg den ene på Min side, så pladsen i den anden kan gå til en anden.',
  'scheduleChange.calendar':
    'Abonnerer du på dit program i din kalender, opdateres det af sig selv. Ellers kan du hente kalenderfilen igen på Min side.',
  'scheduleChange.button': 'Se dit program',

  'team.invitation.subject': 'Du er inviteret som {role}: {event}',
  'team.invitation.heading': 'Du er inviteret med på holdet',
  'team.invitation.intro': '{inviter} har inviteret dig som {role} ved {event}.',
  'team.invitation.introExhibitor': '{inviter} har inviteret dig med på holdet bag løsningen »{title}« ved {event}.',
  'team.invitation.how':
    'Tryk på knappen for at tage imod. Du bliver logget ind med denne e-mailadresse – har du ingen konto, bliver den oprettet.',
  'team.invitation.button': 'Tag imod invitationen',
  'team.invitation.expiry': 'Linket kan bruges én gang og virker til {deadline}.',
  'team.invitation.notYou': 'Forventede du ikke invitationen, kan du se bort fra denne e-mail.',
  'team.role.organiser': 'arrangør',
  'team.role.reviewer': 'bedømmer af løsninger',
  'team.role.checkin_staff': 'personale ved indtjekningen',
  'team.role.exhibitor_member': 'medlem af et udstillerhold',
  'team.role.event_creator': 'opretter af arrangementer',
  'team.invitation.introCreator': '{inviter} har givet dig lov til at oprette innovationsdage for {event} i Samspil.',
  'contact.subject': 'En deltager fra {event} vil gerne i kontakt om {title}',
  'contact.heading': 'En besked om {title}',
  'contact.intro':
    'En deltager, der mødte »{title}« i løsningsgalleriet på {event}, har skrevet til jer gennem Samspil. Deres adresse vises ikke, før I svarer, og jeres vises ikke, før I svarer.',
  'contact.messageLabel': 'Beskeden:',
  'contact.how': 'Svar via knappen. Svaret sendes til deltageren sammen med kontaktpersonens navn og e-mailadresse.',
  'contact.button': 'Læs og svar',
  'contact.noReply': 'Svar ikke på denne e-mail – brug knappen.',
  'contactReply.subject': 'Svar fra teamet bag {title}',
  'contactReply.heading': 'Teamet bag {title} har svaret',
  'contactReply.intro': 'Du skrev til teamet bag »{title}« efter {event}. Her er deres svar.',
  'contactReply.from': 'Fra {name} ({email}). Svar dem direkte på den adresse.',
  'contactReply.button': 'Se dit udbytte af dagen',
  'ticketTransferred.subject': 'Din billet til {event} er overdraget',
  'ticketTransferred.heading': 'Din billet er overdraget',
  'ticketTransferred.intro':
    'Arrangørerne har overdraget din billet {reference} til {event} ({date}) til en kollega efter aftale.',
  'ticketTransferred.oldCode': 'QR-koden på din billet virker ikke længere ved indgangen.',
  'ticketTransferred.button': 'Se arrangementet',
  'ticketTransferred.mistake':
    'Er det en fejl, så svar arrangørerne – deres kontaktoplysninger står på arrangementets side.',
} as const;

export type MailKey = keyof typeof da;

const en: Record<MailKey, string> = {
  'common.greeting': 'Hi {name}',
  'common.when': 'When',
  'common.where': 'Where',
  'common.whenSameDay': '{date}, {start}–{end}',
  'common.whenSpan': '{start} to {end}',
  'common.linkFallback': 'If the button does not work, copy this link into your browser:',
  'common.footer': 'This email was sent automatically by Samspil, the registration system for innovation days.',

  'signIn.subject': 'Your sign-in code: {code}',
  'signIn.preheader': 'Use the code or the link within {minutes} minutes.',
  'signIn.heading': 'Sign in',
  'signIn.intro': 'You asked to sign in. Press the button, or enter the code on the page where you asked to sign in.',
  'signIn.button': 'Sign in',
  'signIn.codeLabel': 'Your code',
  'signIn.otherDevice':
    'The code also works if you read this email on another device than the one you are signing in on.',
  'signIn.expiry': 'The link and the code can be used once and expire in {minutes} minutes.',
  'signIn.notYou':
    'If you did not ask to sign in, you can ignore this email. Nobody can sign in without the link or the code.',

  'order.subjectOne': 'Your ticket for {event}',
  'order.subjectMany': 'Your {count} tickets for {event}',
  'order.preheader': '{event}, {date}. Show the QR code at the entrance.',
  'order.heading': 'You are registered',
  'order.intro': 'Thank you for registering for {event}. We look forward to seeing you.',
  'order.introMany':
    'Thank you for registering for {event}. Here are all the tickets in the order – each attendee also receives their own ticket by email.',
  'order.registeredBy': '{name} registered you.',
  'order.exhibitorConsent':
    'May the exhibitors in the solution gallery have your name, organisation, job title and email when you let them scan your ticket? Only you decide that – not the person who registered you. Until you say yes, no exhibitor gets your details.',
  'order.exhibitorConsentButton': 'Choose whether exhibitors may have your details',
  'order.reference': 'Order number',
  'order.ticketHeading': 'Ticket {number} of {count}',
  'order.holder': 'Attendee',
  'order.ticketType': 'Ticket type',
  'order.price': 'Price',
  'order.free': 'Free',
  'order.total': 'Total incl. VAT',
  'order.qrAlt': 'QR code for ticket {reference}',
  'order.showTicket': 'View the ticket',
  'order.atTheDoor':
    'Show the QR code at the entrance – on your phone or printed. Each ticket has its own code and can be checked in once.',
  'order.paidByCard': 'Paid by card.',
  'order.invoice': 'You will receive an invoice separately.',
  'order.invoiceDue':
    'Payment by invoice: the invoice follows in a separate email to the invoice address. The order awaits payment, due {date}.',
  'order.calendar': 'The calendar file is attached so you can add the day to your calendar.',
  'order.calendarFilename': 'innovation-day.ics',
  'order.myPage': 'Need to change or cancel your registration? You can do it on My page.',
  'order.myPageButton': 'Go to My page',

  'waitlist.subject': 'A place is available for you: {event}',
  'waitlist.preheader': 'Accept the place by {deadline}.',
  'waitlist.heading': 'A place has become available',
  'waitlist.intro':
    'You are on the waiting list for {event} ({date}), and a place with the ticket type {ticketType} is now available.',
  'waitlist.deadline':
    'The place is held for you until {deadline}. If you have not accepted it by then, it passes to the next person on the waiting list.',
  'waitlist.button': 'Accept the place',
  'waitlist.decline': 'Cannot come after all? Then you do not need to do anything.',

  'notice.registered.subject': 'You already have a ticket: {event}',
  'notice.registered.preheader': 'Your ticket is on My page.',
  'notice.registered.heading': 'You already have a ticket',
  'notice.registered.intro':
    'Someone has just tried to register this email address for {event} ({date}). The address already has a ticket, so no new one was made. Your ticket and its QR code are on My page, where you sign in with this email address.',
  'notice.registered.button': 'Go to My page',
  'notice.waitlist.subject': 'Your place on the waiting list: {event}',
  'notice.waitlist.preheader': 'You are number {place} on the waiting list.',
  'notice.waitlist.heading': 'You are number {place} on the waiting list',
  'notice.waitlist.joined':
    'You are now on the waiting list for {event} ({date}) for the {ticketType} ticket, as number {place}.',
  'notice.waitlist.already':
    'Someone has just put this email address on the waiting list for {event} ({date}). You were already on it, for the {ticketType} ticket, and are now number {place}.',
  'notice.waitlist.next':
    'If a place becomes available, you will get an email with an offer to accept within a deadline.',
  'notice.waitlist.button': 'See the event',
  'notice.notYou': 'Was it not you? Then you do not need to do anything.',

  'cancellation.subject': 'Your registration for {event} has been cancelled',
  'cancellation.subjectPaymentTooLate': 'We could not issue your tickets for {event}',
  'cancellation.heading': 'Registration cancelled',
  'cancellation.headingPaymentTooLate': 'Your tickets could not be issued',
  'cancellation.byAttendee': 'As you asked, we have cancelled your registration for {event} ({date}).',
  'cancellation.byOrganiser': 'The organiser has cancelled your registration for {event} ({date}).',
  'cancellation.paymentTooLate':
    'Your payment arrived after the reservation of your places had expired, and in the meantime the last places for {event} ({date}) were sold. We could therefore not issue tickets.',
  'cancellation.tickets': 'Cancelled tickets',
  'cancellation.refundCard':
    'We are refunding {amount} to the card you paid with. It can take 5–10 banking days before the money reaches your account.',
  'cancellation.refundInvoice': 'You will receive a credit note for {amount}.',
  'cancellation.noCharge': 'You have not been charged anything.',
  'cancellation.seatReleased': 'Your place has been released so that someone else can come.',
  'cancellation.again': 'Would you still like to attend? You can register again while places are available.',
  'cancellation.button': 'View the event',
  'bookingSeat.subjectConfirmed': 'You have a seat: {session}',
  'bookingSeat.subjectOffered': 'A seat is available for you: {session}',
  'bookingSeat.preheaderConfirmed': 'You have moved up from the waitlist.',
  'bookingSeat.preheaderOffered': 'Claim the seat by {deadline}.',
  'bookingSeat.headingConfirmed': 'You have a seat',
  'bookingSeat.headingOffered': 'A seat has become available',
  'bookingSeat.introConfirmed':
    'You were on the waitlist for {session} at {event} ({time}). A seat has become available, and it is yours.',
  'bookingSeat.introOffered':
    'You are first on the waitlist for {session} at {event} ({time}), and a seat has become available.',
  'bookingSeat.deadline':
    'The seat is held for you until {deadline}. If you do not claim it by then, it passes to the next person on the waitlist.',
  'bookingSeat.buttonConfirmed': 'See your programme',
  'bookingSeat.buttonOffered': 'Claim the seat',
  'bookingSeat.cancelNote': 'Cannot make it after all? Cancel the seat under My programme so someone else can have it.',
  'bookingReleased.subject': 'Your seat has been passed on: {session}',
  'bookingReleased.preheader': 'You had not been scanned in at the door, so the seat went to the waitlist.',
  'bookingReleased.heading': 'Your seat has been passed on',
  'bookingReleased.intro':
    'You had a seat for {session} at {event} ({time}). Because you had not been scanned in at the door {after} after the start, the seat has been passed on to the next person on the waitlist.',
  'bookingReleased.introNoMinutes':
    'You had a seat for {session} at {event} ({time}). Because you had not been scanned in at the door in time, the seat has been passed on to the next person on the waitlist.',
  'bookingReleased.minuteOne': '{count} minute',
  'bookingReleased.minuteOther': '{count} minutes',
  'bookingReleased.why': 'This way free seats are used when others are waiting for them.',
  'bookingReleased.ticketStill':
    'Your ticket for {event} is still valid. You can see your programme and book other sessions with free seats under My programme.',
  'bookingReleased.button': 'See your programme',
  'bookingReleased.wasThere': 'Were you there but not scanned in? Please tell the staff at the door.',
  'thankYou.subject': 'Thank you for yesterday: {event}',
  'thankYou.preheader': 'Your takeaways from the day: what you attended, the materials and the survey.',
  'thankYou.heading': 'Thank you for joining us',
  'thankYou.intro':
    'Thank you for joining us at {event}. We have gathered your takeaways from the day in one place: the sessions and gallery rounds you attended, their materials, the solutions you met, your own notes and the organisers’ summary.',
  'thankYou.survey': 'We would love to hear how the day was for you. The survey takes a couple of minutes.',
  'thankYou.certificate': 'You can also download a certificate of attendance.',
  'thankYou.button': 'See your takeaways',
  'thankYou.article': 'The organisers have written up their takeaways from the day: {title}',
  'thankYou.articleButton': 'Read the organisers’ takeaways',
  'thankYou.missed.subject': 'We missed you: {event}',
  'thankYou.missed.preheader': 'The materials from the day are ready for you.',
  'thankYou.missed.heading': 'We missed you',
  'thankYou.missed.intro':
    'We did not see you at {event} – so much can get in the way. You are still welcome to what the day offered: the materials from the sessions, the solutions in the gallery and the organisers’ summary.',
  'thankYou.missed.button': 'See the materials from the day',
  'thankYou.missed.wasThere': 'Were you there but not scanned in? Your takeaways are at the same link.',
  'thankYou.unsubscribe': 'No more emails about {event}? Unsubscribe here:',
  'solution.button': 'See your solutions',
  'solution.messageHeading': 'Message from the organisers',
  'solution.received.subject': 'We have received your solution: {title}',
  'solution.received.heading': 'Thank you for your solution',
  'solution.received.intro':
    'We have received “{title}” for the solution gallery at {event}. The organisers will review it and get back to you. You can edit it until the call closes.',
  'solution.changes.subject': 'The organisers ask for changes: {title}',
  'solution.changes.heading': 'Changes needed',
  'solution.changes.intro':
    'The organisers of {event} have read “{title}” and ask you to revise it and submit it again.',
  'solution.accepted.subject': 'Your solution is in the gallery: {title}',
  'solution.accepted.heading': 'Congratulations – your solution was selected',
  'solution.accepted.intro':
    '“{title}” has been selected for the solution gallery at {event}. Your page shows when and where you present.',
  'solution.rejected.subject': 'About your solution: {title}',
  'solution.rejected.heading': 'Your solution was not selected this time',
  'solution.rejected.intro':
    'Thank you for submitting “{title}” to {event}. Unfortunately the organisers have no room for it in this year’s gallery.',
  'solution.invitation.subject': 'You are invited to the team behind {title}',
  'solution.invitation.heading': 'You are invited',
  'solution.invitation.intro': '{inviter} has invited you to the team behind the solution “{title}” for {event}.',
  'solution.invitation.how':
    'Sign in with this email address to see and edit the solution and to see when you present.',
  'solution.invitation.button': 'Sign in and see the solution',
  'scheduleChange.subjectMoved': 'New time: {session}',
  'scheduleChange.subjectCancelled': 'Cancelled: {session}',
  'scheduleChange.subjectMany': 'Changes to your programme for {event}',
  'scheduleChange.preheader': 'The programme for {event} has changed. Here is what it means for you.',
  'scheduleChange.heading': 'Your programme has changed',
  'scheduleChange.intro':
    'The organisers of {event} have changed the programme. These sessions you booked or are waiting for are affected:',
  'scheduleChange.cancelled':
    'The session {time} is cancelled. Your booking has been cancelled; you need not do anything.',
  'scheduleChange.was': 'Before',
  'scheduleChange.now': 'Now',
  'scheduleChange.roomWas': 'Room before',
  'scheduleChange.roomNow': 'Room now',
  'scheduleChange.noRoom': 'Not set',
  'scheduleChange.clash':
    'The new time overlaps with “{other}”, which you also booked. Choose one on My page, so the seat in the other can go to someone else.',
  'scheduleChange.calendar':
    'If your calendar subscribes to your programme, it updates by itself. Otherwise download the calendar file again on My page.',
  'scheduleChange.button': 'See your programme',

  'team.invitation.subject': 'You are invited as {role}: {event}',
  'team.invitation.heading': 'You are invited to the team',
  'team.invitation.intro': '{inviter} has invited you as {role} at {event}.',
  'team.invitation.introExhibitor': '{inviter} has invited you to the team behind the solution “{title}” at {event}.',
  'team.invitation.how':
    'Press the button to accept. You will be signed in with this email address – if you have no account, one is created.',
  'team.invitation.button': 'Accept the invitation',
  'team.invitation.expiry': 'The link can be used once and works until {deadline}.',
  'team.invitation.notYou': 'If you did not expect this invitation, you can ignore this email.',
  'team.role.organiser': 'organiser',
  'team.role.reviewer': 'solution reviewer',
  'team.role.checkin_staff': 'check-in staff',
  'team.role.exhibitor_member': 'exhibitor team member',
  'team.role.event_creator': 'event creator',
  'team.invitation.introCreator':
    '{inviter} has given you permission to create innovation days for {event} in Samspil.',
  'contact.subject': 'An attendee of {event} would like to get in touch about {title}',
  'contact.heading': 'A message about {title}',
  'contact.intro':
    'An attendee who met “{title}” in the solution gallery at {event} has written to you through Samspil. Their address is not shown until you answer, and yours is not shown until you answer.',
  'contact.messageLabel': 'The message:',
  'contact.how':
    'Answer with the button. The answer goes to the attendee with the contact person’s name and email address.',
  'contact.button': 'Read and answer',
  'contact.noReply': 'Do not reply to this email – use the button.',
  'contactReply.subject': 'An answer from the team behind {title}',
  'contactReply.heading': 'The team behind {title} has answered',
  'contactReply.intro': 'You wrote to the team behind “{title}” after {event}. Here is their answer.',
  'contactReply.from': 'From {name} ({email}). Write to them directly at that address.',
  'contactReply.button': 'See your takeaways from the day',
  'ticketTransferred.subject': 'Your ticket to {event} has been transferred',
  'ticketTransferred.heading': 'Your ticket has been transferred',
  'ticketTransferred.intro':
    'The organisers have transferred your ticket {reference} to {event} ({date}) to a colleague, as agreed.',
  'ticketTransferred.oldCode': 'The QR code on your ticket no longer works at the entrance.',
  'ticketTransferred.button': 'See the event',
  'ticketTransferred.mistake': 'If this is a mistake, contact the organisers – their details are on the event page.',
};

export const MAIL_DICTIONARY: Record<Lang, Record<MailKey, string>> = { da, en };

export type Translate = (key: MailKey, params?: Record<string, string | number>) => string;

/** Fills {name} placeholders; a placeholder without a value is a bug, so it throws. */
export function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Mail text "${template}" needs a value for {${name}}`);
    return String(value);
  });
}

export function translator(lang: Lang): Translate {
  const entries = MAIL_DICTIONARY[lang];
  return (key, params) => fill(entries[key], params);
}
