// A realistic issued invoice (a municipality buying tickets), for the unit
// tests and `npm run bench:invoice`; amounts split by the same rule as the
// database's, so it is what private.issue_invoice would have written.
import { splitGross } from './amounts.ts';
import type { InvoiceDocument } from './document.ts';

export function sampleInvoice(
  options: { tickets?: number; priceOre?: number; vatPercent?: number; language?: 'da' | 'en' } = {},
): InvoiceDocument {
  const tickets = options.tickets ?? 3;
  const priceOre = options.priceOre ?? 125_000;
  const vatPercent = options.vatPercent ?? 25;
  const totals = splitGross(Array.from({ length: tickets }, () => ({ grossOre: priceOre, vatPercent })));
  return {
    id: '8b0c1b5e-2f55-4d0e-9b8a-3b7f6c1d2e4f',
    kind: 'invoice',
    number: '17',
    issueDate: '2027-01-15',
    dueDate: '2027-02-14',
    currency: 'DKK',
    language: options.language ?? 'da',
    seller: {
      name: 'Center for Offentlig Innovation',
      cvr: '12345674',
      address: 'Frederiksberggade 1',
      postcode: '1459',
      city: 'København K',
      country: 'DK',
      bankReg: '1234',
      bankAccount: '12345678',
      iban: 'DK5000400440116243',
      bic: 'DABADKKK',
      email: 'faktura@coi.example.dk',
      eventName: 'Velfærdens Innovationsdag 2027',
    },
    buyer: {
      type: 'public',
      organisationName: 'Testrup Kommune',
      ean: '5798000000001',
      cvr: '29189846',
      orderReference: 'REK-4711',
      referencePerson: 'Rita Reference',
      email: 'faktura@testrup.dk',
      name: 'Indkøber Ib',
      address: 'Rådhuspladsen 1',
      postcode: '9999',
      city: 'Testrup',
      country: 'DK',
      orderNumber: '7K3M9QXA',
    },
    credits: null,
    lines: totals.lines.map((line, index) => ({
      position: index + 1,
      itemName: 'Offentlig billet',
      attendeeName: `Deltager ${index + 1} Ærø`,
      ...line,
    })),
    netOre: totals.netOre,
    vatOre: totals.vatOre,
    grossOre: totals.grossOre,
  };
}

/** A credit note for the first `tickets` lines of `invoice`, split again by the rule. */
export function sampleCreditNote(invoice: InvoiceDocument, tickets = 1): InvoiceDocument {
  const credited = invoice.lines.slice(0, tickets);
  const totals = splitGross(credited.map((line) => ({ grossOre: line.grossOre, vatPercent: line.vatPercent })));
  return {
    ...invoice,
    id: '1d7c9a40-5d8e-4f5b-8a61-2c3b4d5e6f70',
    kind: 'credit_note',
    number: String(Number(invoice.number) + 1),
    issueDate: '2027-01-20',
    dueDate: null,
    credits: { number: invoice.number, issueDate: invoice.issueDate },
    lines: credited.map((line, index) => ({ ...line, ...totals.lines[index]!, position: index + 1 })),
    netOre: totals.netOre,
    vatOre: totals.vatOre,
    grossOre: totals.grossOre,
  };
}
