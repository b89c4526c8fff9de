import { describe, expect, it } from 'vitest';
import { fieldErrorsFrom, registrationForm } from '../registration/registration.ts';
import { invoiceBuyerInput, invoiceFormValues, invoiceState } from './checkout.ts';

const MUNICIPALITY = {
  buyerType: 'public',
  organisationName: 'Testrup Kommune',
  ean: '5798000416604',
  orderReference: 'REK-4711',
  referencePerson: 'Rita Reference',
  invoiceEmail: 'Faktura@Testrup.dk ',
  remember: false,
};

function messages(fields: Record<string, unknown>): Record<string, string> {
  const parsed = invoiceBuyerInput.safeParse({ ...MUNICIPALITY, ...fields });
  return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('the invoicing details', () => {
  it('keep an EAN and a CVR as plain digits and the invoice address in lower case', () => {
    const parsed = invoiceBuyerInput.parse({ ...MUNICIPALITY, ean: '5798 0004 16604', cvr: 'DK 64942212' });
    expect(parsed).toMatchObject({ ean: '5798000416604', cvr: '64942212', invoiceEmail: 'faktura@testrup.dk' });
  });

  it('name the field and the reason for each bad detail', () => {
    expect(messages({ ean: '5798000416605' })).toEqual({ ean: 'invoiceCheckout.field.eanCheckDigit' });
    expect(messages({ ean: '57980004166' })).toEqual({ ean: 'invoiceCheckout.field.eanFormat' });
    expect(messages({ ean: '' })).toEqual({ ean: 'invoiceCheckout.field.eanRequired' });
    expect(messages({ cvr: '64942213' })).toEqual({ cvr: 'invoiceCheckout.field.cvrCheckDigit' });
    expect(messages({ organisationName: '  ' })).toEqual({
      organisationName: 'invoiceCheckout.field.organisationRequired',
    });
    expect(messages({ orderReference: ' ', referencePerson: '' })).toEqual({
      orderReference: 'invoiceCheckout.field.orderReferenceRequired',
      referencePerson: 'invoiceCheckout.field.referencePersonRequired',
    });
    expect(messages({ invoiceEmail: 'faktura' })).toEqual({ invoiceEmail: 'invoiceCheckout.field.emailInvalid' });
    expect(messages({ buyerType: 'private' })).toEqual({ buyerType: 'invoiceCheckout.field.buyerTypeRequired' });
    expect(messages({ orderReference: 'x'.repeat(101) })).toEqual({ orderReference: 'invoiceCheckout.field.max100' });
  });

  it('ask a company for its CVR number, not for an EAN, order number or reference person', () => {
    const company = { buyerType: 'company', ean: '', orderReference: '', referencePerson: '' };
    expect(messages(company)).toEqual({ cvr: 'invoiceCheckout.field.cvrRequired' });
    expect(messages({ ...company, cvr: '55133018' })).toEqual({});
  });
});

describe('the registration form with payment by invoice', () => {
  const form = (fields: Record<string, string>) => {
    const data = new FormData();
    for (const [name, value] of Object.entries({
      ticketTypeId: '0b5d4a8e-6f4a-4c53-9a55-2f7c4b7f1e01',
      count: '1',
      'attendees.0.name': 'Anne',
      'attendees.0.email': 'anne@testrup.dk',
      ...fields,
    }))
      data.set(name, value);
    return data;
  };
  const invoiceFields = {
    paymentMethod: 'invoice',
    'invoice.buyerType': 'public',
    'invoice.organisationName': 'Testrup Kommune',
    'invoice.ean': '5798000416604',
    'invoice.orderReference': 'REK-1',
    'invoice.referencePerson': 'Rita',
    'invoice.invoiceEmail': 'faktura@testrup.dk',
  };

  it('carries the invoicing details only when the invoice is chosen', () => {
    expect(registrationForm.parse(form(invoiceFields)).invoice).toMatchObject({ ean: '5798000416604' });
    expect(registrationForm.parse(form({ ...invoiceFields, paymentMethod: 'card' })).invoice).toBeUndefined();
  });

  it('puts each refusal at its input, named as the form names it', () => {
    const parsed = registrationForm.safeParse(form({ ...invoiceFields, 'invoice.ean': '5798000416640' }));
    expect(parsed.success).toBe(false);
    expect(Object.fromEntries(fieldErrorsFrom(parsed.error!.issues))).toEqual({
      'invoice.ean': 'invoiceCheckout.field.eanCheckDigit',
    });
  });
});

describe('what the invoice fieldset shows', () => {
  const remembered = {
    buyerType: 'public' as const,
    ean: '5798000416604',
    cvr: null,
    organisationName: 'Testrup Kommune',
    referencePerson: 'Rita',
    invoiceEmail: 'faktura@testrup.dk',
  };

  it('is the remembered details on a fresh form, never the last order number', () => {
    expect(invoiceFormValues(null, remembered)).toEqual({
      buyerType: 'public',
      organisationName: 'Testrup Kommune',
      ean: '5798000416604',
      cvr: '',
      orderReference: '',
      referencePerson: 'Rita',
      invoiceEmail: 'faktura@testrup.dk',
      remember: true,
    });
  });

  it('is what was posted after a refusal', () => {
    const posted = new FormData();
    posted.set('paymentMethod', 'invoice');
    posted.set('invoice.ean', '123');
    posted.set('invoice.buyerType', 'nonsense');
    expect(invoiceFormValues(posted, remembered)).toMatchObject({ ean: '123', buyerType: null, remember: false });
  });
});

describe("an invoice's state for the buyer", () => {
  const invoice = {
    kind: 'invoice' as const,
    dueDate: '2027-01-02',
    paidAt: null,
    grossOre: 375_000,
    creditedOre: 0,
    creditsNumber: null,
  };

  it('awaits payment until its due date has passed, then is overdue', () => {
    expect(invoiceState(invoice, '2027-01-02')).toEqual({ kind: 'awaiting', dueDate: '2027-01-02' });
    expect(invoiceState(invoice, '2027-01-03')).toEqual({ kind: 'overdue', dueDate: '2027-01-02' });
  });

  it('is paid once marked paid, credited once credited in full, and a credit note names its invoice', () => {
    const paidAt = new Date('2026-12-20T10:00:00Z');
    expect(invoiceState({ ...invoice, paidAt }, '2027-02-01')).toEqual({ kind: 'paid', paidAt });
    expect(invoiceState({ ...invoice, creditedOre: 125_000 }, '2026-12-04').kind).toBe('awaiting');
    expect(invoiceState({ ...invoice, creditedOre: 375_000 }, '2027-02-01')).toEqual({ kind: 'credited' });
    expect(invoiceState({ ...invoice, kind: 'credit_note', dueDate: null, creditsNumber: '7' }, '2027-02-01')).toEqual({
      kind: 'credit_note',
      creditsNumber: '7',
    });
  });
});
