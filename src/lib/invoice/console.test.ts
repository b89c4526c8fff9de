import { describe, expect, it } from 'vitest';
import { csvLines } from '../exports/csv.ts';
import { chooseColumns, csvCell } from '../exports/exports.ts';
import { t } from '../i18n/messages.ts';
import { invoiceExportList } from './console-export.ts';
import {
  countByStatus,
  invoiceSettingsForm,
  invoiceStatus,
  isValidIban,
  markPaidForm,
  outstandingOre,
  paidOnProblem,
  parseStatusFilter,
  reminderDue,
} from './console.ts';

const DAY = 86_400_000;
const now = new Date('2027-03-01T10:00:00Z');
const facts = (overrides: Partial<Parameters<typeof invoiceStatus>[0]> = {}) => ({
  grossOre: 375_000,
  creditedOre: 0,
  paidAt: null,
  dueAt: new Date(now.getTime() + DAY),
  ...overrides,
});

describe('an invoice’s status', () => {
  it('is issued until due, then overdue, paid once paid, credited when credited in full', () => {
    expect(invoiceStatus(facts(), now)).toBe('issued');
    expect(invoiceStatus(facts({ dueAt: now }), now)).toBe('overdue');
    expect(invoiceStatus(facts({ dueAt: new Date(now.getTime() - DAY), paidAt: now }), now)).toBe('paid');
    expect(invoiceStatus(facts({ creditedOre: 375_000 }), now)).toBe('credited');
    // Credited in full wins over paid (the money goes back); a partly credited invoice follows the rest.
    expect(invoiceStatus(facts({ creditedOre: 375_000, paidAt: now }), now)).toBe('credited');
    expect(invoiceStatus(facts({ creditedOre: 125_000, dueAt: now }), now)).toBe('overdue');
    expect(outstandingOre({ grossOre: 375_000, creditedOre: 125_000 })).toBe(250_000);
  });

  it('counts and filters by status', () => {
    expect(countByStatus(['issued', 'paid', 'paid', 'overdue'])).toEqual({
      issued: 1,
      overdue: 1,
      paid: 2,
      credited: 0,
    });
    expect(parseStatusFilter('overdue')).toBe('overdue');
    expect(parseStatusFilter('deleted')).toBeNull();
    expect(parseStatusFilter(null)).toBeNull();
  });

  it('is due a reminder 3, 14 and 28 days after the due moment, one step at a time', () => {
    const dueAt = new Date(now.getTime() - 3 * DAY);
    expect(reminderDue({ ...facts({ dueAt }), remindersSent: 0 }, now)).toBe(true);
    expect(reminderDue({ ...facts({ dueAt }), remindersSent: 1 }, now)).toBe(false);
    expect(reminderDue({ ...facts({ dueAt: new Date(now.getTime() - 14 * DAY) }), remindersSent: 1 }, now)).toBe(true);
    expect(reminderDue({ ...facts({ dueAt: new Date(now.getTime() - 99 * DAY) }), remindersSent: 3 }, now)).toBe(false);
    expect(reminderDue({ ...facts({ dueAt, paidAt: now }), remindersSent: 0 }, now)).toBe(false);
    expect(reminderDue({ ...facts({ dueAt, creditedOre: 375_000 }), remindersSent: 0 }, now)).toBe(false);
  });
});

describe('the settings form', () => {
  const form = (fields: Record<string, unknown>) =>
    invoiceSettingsForm.safeParse({
      event: '00000000-0000-4000-8000-000000000001',
      version: '',
      enabled: false,
      dueDays: '30',
      ...fields,
    });
  const fieldErrors = (result: ReturnType<typeof form>) =>
    Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]));

  it('saves half-filled settings while invoices are off', () => {
    const result = form({ sellerName: 'Center for Offentlig Innovation' });
    expect(result.success).toBe(true);
    expect(result.data).toMatchObject({
      version: null,
      enabled: false,
      sellerName: 'Center for Offentlig Innovation',
      iban: null,
    });
  });

  it('refuses to turn invoices on without what an invoice must carry, at each missing field', () => {
    expect(fieldErrors(form({ enabled: true, sellerName: 'COI' }))).toEqual({
      sellerCvr: 'invoiceConsole.requiredToEnable',
      sellerAddress: 'invoiceConsole.requiredToEnable',
      sellerPostcode: 'invoiceConsole.requiredToEnable',
      sellerCity: 'invoiceConsole.requiredToEnable',
      bankReg: 'invoiceConsole.paymentRequiredToEnable',
    });
  });

  it('turns invoices on with the seller and an account, reading what people paste', () => {
    const result = form({
      version: '4',
      enabled: true,
      sellerName: 'Center for Offentlig Innovation',
      sellerCvr: 'DK 2425 6790',
      sellerAddress: 'Nørregade 7',
      sellerPostcode: '1165',
      sellerCity: 'København K',
      bankReg: '1234',
      bankAccount: '00-1234 5678',
      iban: 'dk50 0040 0440 1162 43',
      bic: 'dabadkkk',
      invoiceEmail: 'Faktura@COI.example.org',
    });
    expect(result.error?.issues).toBeUndefined();
    expect(result.data).toMatchObject({
      version: 4,
      sellerCvr: '24256790',
      bankAccount: '0012345678',
      iban: 'DK5000400440116243',
      bic: 'DABADKKK',
      invoiceEmail: 'faktura@coi.example.org',
      dueDays: 30,
    });
  });

  it('says what is wrong with a CVR, an IBAN, a half bank account and the terms', () => {
    expect(
      fieldErrors(
        form({ sellerCvr: '24256791', iban: 'DK5000400440116244', bankReg: '1234', dueDays: '400', bic: 'DAB' }),
      ),
    ).toEqual({
      sellerCvr: 'invoiceConsole.cvr.checkDigit',
      iban: 'invoiceConsole.iban.invalid',
      dueDays: 'settings.field.wholeNumber',
      bic: 'invoiceConsole.bic.invalid',
    });
    expect(fieldErrors(form({ sellerCvr: '1234' }))).toEqual({ sellerCvr: 'invoiceConsole.cvr.format' });
    expect(fieldErrors(form({ bankReg: '1234' }))).toEqual({ bankAccount: 'invoiceConsole.bank.bothOrNeither' });
    expect(isValidIban('GB82WEST12345698765432')).toBe(true);
    expect(isValidIban('GB82WEST12345698765433')).toBe(false);
  });
});

describe('marking paid', () => {
  it('reads the date the browser posts and refuses one after today or before the invoice', () => {
    const base = { event: '00000000-0000-4000-8000-000000000001', invoice: '00000000-0000-4000-8000-000000000002' };
    expect(markPaidForm.parse({ ...base, paidOn: '2027-02-28' }).paidOn).toBe('2027-02-28');
    expect(markPaidForm.parse({ ...base, paidOn: '28-02-2027' }).paidOn).toBe('2027-02-28');
    expect(markPaidForm.safeParse({ ...base, paidOn: '2027-02-30' }).success).toBe(false);
    expect(paidOnProblem('2027-03-02', '2027-01-10', '2027-03-01')).toBe('future');
    expect(paidOnProblem('2027-01-09', '2027-01-10', '2027-03-01')).toBe('before_issue');
    expect(paidOnProblem('2027-03-01', '2027-01-10', '2027-03-01')).toBeNull();
  });
});

describe('the bookkeeping export', () => {
  it('writes credit notes negative, dates as dates and the status in words, for Danish Excel', () => {
    const tr = t('da');
    const list = invoiceExportList(tr, now);
    const invoice = {
      number: '12',
      kind: 'invoice' as const,
      issueDate: '2027-01-10',
      dueDate: '2027-02-09',
      dueAt: new Date('2027-02-09T23:00:00Z'),
      netOre: 300_000,
      vatOre: 75_000,
      grossOre: 375_000,
      creditedOre: 125_000,
      paidAt: null,
      paidOn: null,
      remindersSent: 1,
      organisation: 'Aarhus Kommune',
      ean: '5798000416604',
      cvr: null,
      orderReference: 'PO-1',
      referencePerson: 'Mette Holm',
      creditsNumber: null,
    };
    const credit = {
      ...invoice,
      number: '13',
      kind: 'credit_note' as const,
      dueDate: null,
      dueAt: null,
      netOre: 100_000,
      vatOre: 25_000,
      grossOre: 125_000,
      creditedOre: 0,
      remindersSent: 0,
      creditsNumber: '12',
    };
    const columns = chooseColumns(list, []);
    const options = { lang: 'da' as const, timeZone: 'Europe/Copenhagen', thirdParty: false };
    const line = (row: typeof invoice | typeof credit) =>
      columns.map((column) => csvCell(column.type, column.value(row), options, tr));
    const text = csvLines([columns.map((column) => tr(column.header)), line(invoice), line(credit)]);
    expect(text.split('\r\n')).toEqual([
      'Nummer;Type;Krediterer faktura;Udstedt;Forfalden;Køber;EAN;CVR;Ordrenummer;Referenceperson;Beløb ekskl. moms;Moms;Beløb inkl. moms;Status;Betalt;Rykkere sendt',
      '12;Faktura;;2027-01-10;2027-02-09;Aarhus Kommune;5798000416604;;PO-1;Mette Holm;3000,00;750,00;3750,00;Forfalden;;1',
      '13;Kreditnota;12;2027-01-10;;Aarhus Kommune;5798000416604;;PO-1;Mette Holm;-1000,00;-250,00;-1250,00;;;0',
      '',
    ]);
  });
});
