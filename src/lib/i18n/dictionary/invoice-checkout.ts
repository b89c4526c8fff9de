// Part of the one dictionary (src/lib/i18n/messages.ts): paying by invoice on
// the registration form, the thanks page, and the buyer's invoices on My page.
import type { Message } from '../message-format.ts';

export const invoiceCheckoutDa = {
  'invoiceCheckout.payment': 'Betaling',
  'invoiceCheckout.payByCard': 'Betal med kort eller MobilePay nu',
  'invoiceCheckout.payByInvoice': 'Betal på faktura (EAN eller CVR)',
  'invoiceCheckout.invoiceOnlyHint':
    'Betalte billetter til denne dag betales på faktura. Billetterne er bekræftet med det samme, og fakturaen sendes elektronisk.',
  'invoiceCheckout.invoiceHint': {
    one: 'Billetterne er bekræftet med det samme. Fakturaen forfalder {count} dag efter udstedelsen og sendes som PDF og e-faktura (OIOUBL/Peppol).',
    other:
      'Billetterne er bekræftet med det samme. Fakturaen forfalder {count} dage efter udstedelsen og sendes som PDF og e-faktura (OIOUBL/Peppol).',
  },
  'invoiceCheckout.details': 'Fakturaoplysninger',
  'invoiceCheckout.buyerType': 'Hvem betaler?',
  'invoiceCheckout.buyerType.public': 'En offentlig myndighed (kommune, region, stat) – med EAN-nummer',
  'invoiceCheckout.buyerType.company': 'En virksomhed eller forening – med CVR-nummer',
  'invoiceCheckout.organisationName': 'Organisationens navn',
  'invoiceCheckout.ean': 'EAN-nummer',
  'invoiceCheckout.eanHint': '13 cifre, fx 5798000416604. Offentlige myndigheder skal oplyse det.',
  'invoiceCheckout.cvr': 'CVR-nummer',
  'invoiceCheckout.cvrHint': '8 cifre. Virksomheder skal oplyse det.',
  'invoiceCheckout.orderReference': 'Ordre- eller rekvisitionsnummer',
  'invoiceCheckout.orderReferenceHint': 'Jeres eget nummer for købet. Offentlige myndigheder skal oplyse det.',
  'invoiceCheckout.referencePerson': 'Referenceperson',
  'invoiceCheckout.referencePersonHint':
    'Den person hos jer, fakturaen skal godkendes af. Offentlige myndigheder skal oplyse det.',
  'invoiceCheckout.invoiceEmail': 'E-mail til fakturaen',
  'invoiceCheckout.invoiceEmailHint': 'Hertil sender vi fakturaen som PDF og e-faktura.',
  'invoiceCheckout.remember': 'Husk fakturaoplysningerne til næste tilmelding',
  'invoiceCheckout.rememberHint': 'Gemmes på din konto. Du kan slette dem på Min side.',
  'invoiceCheckout.prefilled': 'Udfyldt med de fakturaoplysninger, du bad os huske.',
  'invoiceCheckout.submit': 'Bestil på faktura',
  'invoiceCheckout.submitEither': 'Tilmeld og betal',

  'invoiceCheckout.field.buyerTypeRequired': 'Vælg, om det er en offentlig myndighed eller en virksomhed, der betaler.',
  'invoiceCheckout.field.organisationRequired': 'Skriv navnet på den organisation, der betaler.',
  'invoiceCheckout.field.eanRequired': 'Offentlige myndigheder skal oplyse deres EAN-nummer.',
  'invoiceCheckout.field.eanFormat': 'Et EAN-nummer er 13 cifre.',
  'invoiceCheckout.field.eanCheckDigit':
    'Det EAN-nummer findes ikke – kontrolcifret passer ikke. Tjek, om et ciffer er byttet om eller tastet forkert.',
  'invoiceCheckout.field.cvrRequired': 'Virksomheder skal oplyse deres CVR-nummer.',
  'invoiceCheckout.field.cvrFormat': 'Et CVR-nummer er 8 cifre.',
  'invoiceCheckout.field.cvrCheckDigit':
    'Det CVR-nummer findes ikke – det består ikke kontrollen (modulus 11). Tjek, om et ciffer er tastet forkert.',
  'invoiceCheckout.field.orderReferenceRequired':
    'Offentlige myndigheder skal oplyse et ordre- eller rekvisitionsnummer.',
  'invoiceCheckout.field.referencePersonRequired': 'Offentlige myndigheder skal oplyse en referenceperson.',
  'invoiceCheckout.field.emailRequired': 'Skriv den e-mailadresse, fakturaen skal sendes til.',
  'invoiceCheckout.field.emailInvalid': 'Skriv en gyldig e-mailadresse, fx faktura@kommune.dk.',
  'invoiceCheckout.field.max100': 'Højst 100 tegn.',
  'invoiceCheckout.field.max200': 'Højst 200 tegn.',
  'invoiceCheckout.field.invalidCharacters': 'Feltet indeholder tegn, vi ikke kan gemme.',
  'invoiceCheckout.error.invoice_unavailable':
    'Der kan ikke betales på faktura for denne billettype. Vælg kortbetaling, eller kontakt arrangøren.',

  'invoiceCheckout.cancel.creditYes': 'Udsted en kreditnota på {amount} (fakturaen ændres ikke)',
  'invoiceCheckout.cancel.creditNo': 'Ingen kreditnota – fakturaen skal betales fuldt ud',
  'invoiceCheckout.cancel.done': 'Billetten er annulleret, og der er udstedt en kreditnota på {amount}.',

  'invoiceCheckout.cancel.credit':
    'Billetten er betalt på faktura: der udstedes en kreditnota på {amount} til fakturaens modtager, og fakturaen nedskrives tilsvarende.',
  'invoiceCheckout.cancel.credited':
    'Der er udstedt en kreditnota på {amount}. Den er sendt til fakturaens e-mailadresse.',

  'invoiceCheckout.thanks.title': 'Tak – jeres bestilling er bekræftet',
  'invoiceCheckout.thanks.awaiting':
    'Billetterne er udstedt. Betaling: afventer betaling på faktura, som forfalder {date}. Fakturaen sendes til fakturaens e-mailadresse.',

  'invoiceCheckout.my.heading': 'Fakturaer og kreditnotaer',
  'invoiceCheckout.my.intro':
    'Fakturaer for de tilmeldinger, du har betalt på faktura, og kreditnotaer for afmeldte billetter.',
  'invoiceCheckout.my.none': 'Du har ingen fakturaer.',
  'invoiceCheckout.my.orderByInvoice': 'Bekræftet – betales på faktura',
  'invoiceCheckout.my.number': 'Nummer',
  'invoiceCheckout.my.kind': 'Type',
  'invoiceCheckout.my.kind.invoice': 'Faktura',
  'invoiceCheckout.my.kind.credit_note': 'Kreditnota',
  'invoiceCheckout.my.event': 'Arrangement',
  'invoiceCheckout.my.issued': 'Udstedt',
  'invoiceCheckout.my.amount': 'Beløb inkl. moms',
  'invoiceCheckout.my.status': 'Status',
  'invoiceCheckout.my.download': 'Hent',
  'invoiceCheckout.my.pdf': 'PDF',
  'invoiceCheckout.my.xml': 'E-faktura (XML)',
  'invoiceCheckout.my.pdfLabel': '{kind} {number} som PDF',
  'invoiceCheckout.my.xmlLabel': '{kind} {number} som e-faktura (XML)',
  'invoiceCheckout.status.awaiting': 'Afventer betaling, forfalder {date}',
  'invoiceCheckout.status.overdue': 'Forfalden {date}',
  'invoiceCheckout.status.paid': 'Betalt {date}',
  'invoiceCheckout.status.credited': 'Krediteret',
  'invoiceCheckout.status.creditNote': 'Krediterer faktura {number}',
  'invoiceCheckout.saved.heading': 'Gemte fakturaoplysninger',
  'invoiceCheckout.saved.intro': 'Vi udfylder fakturafelterne med disse oplysninger, når du tilmelder på faktura.',
  'invoiceCheckout.saved.delete': 'Slet de gemte fakturaoplysninger',
  'invoiceCheckout.saved.deleted': 'De gemte fakturaoplysninger er slettet.',
  'myData.section.invoicingDetails': 'Gemte fakturaoplysninger',
  'myData.field.buyerType': 'Betaler',
  'myData.field.ean': 'EAN-nummer',
  'myData.field.cvr': 'CVR-nummer',
  'myData.field.organisationName': 'Organisation',
  'myData.field.referencePerson': 'Referenceperson',
  'myData.field.invoiceEmail': 'E-mail til fakturaen',
} as const satisfies Record<string, Message>;

export type InvoiceCheckoutMessageKey = keyof typeof invoiceCheckoutDa;

export const invoiceCheckoutEn: { readonly [K in InvoiceCheckoutMessageKey]: Message } = {
  'invoiceCheckout.payment': 'Payment',
  'invoiceCheckout.payByCard': 'Pay by card or MobilePay now',
  'invoiceCheckout.payByInvoice': 'Pay by invoice (EAN or CVR)',
  'invoiceCheckout.invoiceOnlyHint':
    'Paid tickets for this day are paid by invoice. The tickets are confirmed at once, and the invoice is sent electronically.',
  'invoiceCheckout.invoiceHint': {
    one: 'The tickets are confirmed at once. The invoice is due {count} day after it is issued and is sent as a PDF and an e-invoice (OIOUBL/Peppol).',
    other:
      'The tickets are confirmed at once. The invoice is due {count} days after it is issued and is sent as a PDF and an e-invoice (OIOUBL/Peppol).',
  },
  'invoiceCheckout.details': 'Invoicing details',
  'invoiceCheckout.buyerType': 'Who pays?',
  'invoiceCheckout.buyerType.public': 'A public authority (municipality, region, state) – with an EAN number',
  'invoiceCheckout.buyerType.company': 'A company or association – with a CVR number',
  'invoiceCheckout.organisationName': "Organisation's name",
  'invoiceCheckout.ean': 'EAN number',
  'invoiceCheckout.eanHint': '13 digits, e.g. 5798000416604. Public authorities must give it.',
  'invoiceCheckout.cvr': 'CVR number',
  'invoiceCheckout.cvrHint': '8 digits. Companies must give it.',
  'invoiceCheckout.orderReference': 'Order or requisition number',
  'invoiceCheckout.orderReferenceHint': 'Your own number for the purchase. Public authorities must give it.',
  'invoiceCheckout.referencePerson': 'Reference person',
  'invoiceCheckout.referencePersonHint':
    'The person in your organisation who approves the invoice. Public authorities must give it.',
  'invoiceCheckout.invoiceEmail': 'Email for the invoice',
  'invoiceCheckout.invoiceEmailHint': 'We send the invoice here as a PDF and an e-invoice.',
  'invoiceCheckout.remember': 'Remember the invoicing details for my next registration',
  'invoiceCheckout.rememberHint': 'Kept with your account. You can delete them on My page.',
  'invoiceCheckout.prefilled': 'Filled in with the invoicing details you asked us to remember.',
  'invoiceCheckout.submit': 'Order on invoice',
  'invoiceCheckout.submitEither': 'Register and pay',

  'invoiceCheckout.field.buyerTypeRequired': 'Choose whether a public authority or a company pays.',
  'invoiceCheckout.field.organisationRequired': 'Enter the name of the organisation that pays.',
  'invoiceCheckout.field.eanRequired': 'Public authorities must give their EAN number.',
  'invoiceCheckout.field.eanFormat': 'An EAN number is 13 digits.',
  'invoiceCheckout.field.eanCheckDigit':
    'That EAN number does not exist – its check digit does not match. Check for swapped or mistyped digits.',
  'invoiceCheckout.field.cvrRequired': 'Companies must give their CVR number.',
  'invoiceCheckout.field.cvrFormat': 'A CVR number is 8 digits.',
  'invoiceCheckout.field.cvrCheckDigit':
    'That CVR number does not exist – it fails the modulus 11 check. Check for a mistyped digit.',
  'invoiceCheckout.field.orderReferenceRequired': 'Public authorities must give an order or requisition number.',
  'invoiceCheckout.field.referencePersonRequired': 'Public authorities must give a reference person.',
  'invoiceCheckout.field.emailRequired': 'Enter the email address the invoice is sent to.',
  'invoiceCheckout.field.emailInvalid': 'Enter a valid email address, e.g. invoices@example.org.',
  'invoiceCheckout.field.max100': 'At most 100 characters.',
  'invoiceCheckout.field.max200': 'At most 200 characters.',
  'invoiceCheckout.field.invalidCharacters': 'The field holds characters we cannot store.',
  'invoiceCheckout.error.invoice_unavailable':
    'This ticket type cannot be paid by invoice. Choose card payment, or contact the organisers.',

  'invoiceCheckout.cancel.creditYes': 'Issue a credit note of {amount} (the invoice is not changed)',
  'invoiceCheckout.cancel.creditNo': 'No credit note – the invoice is to be paid in full',
  'invoiceCheckout.cancel.done': 'The ticket is cancelled, and a credit note of {amount} is issued.',

  'invoiceCheckout.cancel.credit':
    "The ticket is paid by invoice: a credit note of {amount} is issued to the invoice's recipient, and what is owed goes down by as much.",
  'invoiceCheckout.cancel.credited': "A credit note of {amount} is issued. It is sent to the invoice's email address.",

  'invoiceCheckout.thanks.title': 'Thank you – your order is confirmed',
  'invoiceCheckout.thanks.awaiting':
    'The tickets are issued. Payment: awaiting payment by invoice, due {date}. The invoice is sent to the invoice email address.',

  'invoiceCheckout.my.heading': 'Invoices and credit notes',
  'invoiceCheckout.my.intro':
    'Invoices for the registrations you paid by invoice, and credit notes for cancelled tickets.',
  'invoiceCheckout.my.none': 'You have no invoices.',
  'invoiceCheckout.my.orderByInvoice': 'Confirmed – paid by invoice',
  'invoiceCheckout.my.number': 'Number',
  'invoiceCheckout.my.kind': 'Type',
  'invoiceCheckout.my.kind.invoice': 'Invoice',
  'invoiceCheckout.my.kind.credit_note': 'Credit note',
  'invoiceCheckout.my.event': 'Event',
  'invoiceCheckout.my.issued': 'Issued',
  'invoiceCheckout.my.amount': 'Amount incl. VAT',
  'invoiceCheckout.my.status': 'Status',
  'invoiceCheckout.my.download': 'Download',
  'invoiceCheckout.my.pdf': 'PDF',
  'invoiceCheckout.my.xml': 'E-invoice (XML)',
  'invoiceCheckout.my.pdfLabel': '{kind} {number} as PDF',
  'invoiceCheckout.my.xmlLabel': '{kind} {number} as an e-invoice (XML)',
  'invoiceCheckout.status.awaiting': 'Awaiting payment, due {date}',
  'invoiceCheckout.status.overdue': 'Overdue since {date}',
  'invoiceCheckout.status.paid': 'Paid {date}',
  'invoiceCheckout.status.credited': 'Credited',
  'invoiceCheckout.status.creditNote': 'Credits invoice {number}',
  'invoiceCheckout.saved.heading': 'Saved invoicing details',
  'invoiceCheckout.saved.intro':
    'We fill in the invoice fields with these details when you register to pay by invoice.',
  'invoiceCheckout.saved.delete': 'Delete the saved invoicing details',
  'invoiceCheckout.saved.deleted': 'The saved invoicing details are deleted.',
  'myData.section.invoicingDetails': 'Saved invoicing details',
  'myData.field.buyerType': 'Payer',
  'myData.field.ean': 'EAN number',
  'myData.field.cvr': 'CVR number',
  'myData.field.organisationName': 'Organisation',
  'myData.field.referencePerson': 'Reference person',
  'myData.field.invoiceEmail': 'Email for the invoice',
};
