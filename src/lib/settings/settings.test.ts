import { describe, expect, it } from 'vitest';
import { fromWallClock, toWallClock } from '../i18n/wall-clock.ts';
import { parseKroner, vatPartOre } from './fields.ts';
import { DEFAULT_QUESTIONS, firstMissingAnswer, withoutHiddenAnswers } from './questions.ts';
import { bookingSettingsForm, registrationSettingsForm, ticketSlug, ticketTypeForm } from './settings.ts';

const EVENT = '0b3d2a43-8c55-4a53-9b6b-4d6a0f2b1c11';

const ticketForm = (overrides: Record<string, unknown> = {}) => ({
  event: EVENT,
  name: 'Offentligt ansat',
  audience: 'public_sector',
  price: '1.250',
  capacity: '500',
  visibility: 'listed',
  ...overrides,
});

const issuesOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]));

describe('prices in kroner', () => {
  it('read Danish and English ways of writing an amount as exact øre', () => {
    expect(parseKroner('1250')).toBe(125_000);
    expect(parseKroner('1.250')).toBe(125_000);
    expect(parseKroner('1.250,50')).toBe(125_050);
    expect(parseKroner('1250,5')).toBe(125_050);
    expect(parseKroner('1 250,05 kr.')).toBe(125_005);
    expect(parseKroner('0')).toBe(0);
  });

  it('refuse three decimals, negatives and anything else rather than round', () => {
    for (const text of ['12,345', '12.3456', '1,250.50', '-100', '1e3', 'gratis', '', '1.25.0']) {
      expect(parseKroner(text), text).toBeNull();
    }
  });

  it('find the moms inside a price that includes 25 %', () => {
    expect(vatPartOre(125_000, 25)).toBe(25_000);
    expect(vatPartOre(99_500, 25)).toBe(19_900);
    expect(vatPartOre(1, 25)).toBe(0);
    expect(vatPartOre(10_000, 0)).toBe(0);
  });
});

describe('wall-clock times in the event’s zone', () => {
  it('round-trip in winter and summer time', () => {
    const winter = fromWallClock('2027-02-25T09:30', 'Europe/Copenhagen')!;
    expect(winter.toISOString()).toBe('2027-02-25T08:30:00.000Z');
    expect(toWallClock(winter, 'Europe/Copenhagen')).toBe('2027-02-25T09:30');
    const summer = fromWallClock('2027-06-10T09:30', 'Europe/Copenhagen')!;
    expect(summer.toISOString()).toBe('2027-06-10T07:30:00.000Z');
  });

  it('refuse a time the spring change skips and dates that do not exist; take the first of a doubled hour', () => {
    expect(fromWallClock('2027-03-28T02:30', 'Europe/Copenhagen')).toBeNull();
    expect(fromWallClock('2027-02-31T10:00', 'Europe/Copenhagen')).toBeNull();
    expect(fromWallClock('2027-02-25 10:00', 'Europe/Copenhagen')).toBeNull();
    expect(fromWallClock('2027-10-31T02:30', 'Europe/Copenhagen')!.toISOString()).toBe('2027-10-31T00:30:00.000Z');
  });
});

describe('the ticket type form', () => {
  it('reads a full form: price in øre incl. moms, a code only when chosen', () => {
    const parsed = ticketTypeForm.parse(
      ticketForm({
        salesStart: '2027-01-01T09:00',
        salesEnd: '2027-02-01T09:00',
        visibility: 'code',
        accessCode: ' VIP-27 ',
      }),
    );
    expect(parsed).toMatchObject({
      price: 125_000,
      capacity: 500,
      accessCode: 'VIP-27',
      nameEn: null,
      maxPerOrder: null,
    });
    expect(ticketTypeForm.parse(ticketForm({ accessCode: 'VIP-27' })).accessCode).toBeNull();
  });

  it('puts each fault at its field: three decimals, negative capacity, 10,000 characters', () => {
    const result = ticketTypeForm.safeParse(
      ticketForm({ price: '12,345', capacity: '-5', name: 'x'.repeat(10_000), description: 'y'.repeat(10_000) }),
    );
    expect(issuesOf(result)).toEqual({
      price: 'settings.field.price',
      capacity: 'settings.field.wholeNumber',
      name: 'settings.field.max120',
      description: 'settings.field.max2000',
    });
  });

  it('refuses a sale that closes before it opens, at the closing field', () => {
    const result = ticketTypeForm.safeParse(
      ticketForm({ salesStart: '2027-02-01T09:00', salesEnd: '2027-01-01T09:00' }),
    );
    expect(issuesOf(result)).toEqual({ salesEnd: 'settings.field.closeBeforeOpen' });
  });

  it('wants a code when the type is by code only, and a version when it edits', () => {
    expect(issuesOf(ticketTypeForm.safeParse(ticketForm({ visibility: 'code', accessCode: 'ab' })))).toEqual({
      accessCode: 'settings.ticket.accessCode.invalid',
    });
    expect(
      issuesOf(ticketTypeForm.safeParse(ticketForm({ ticketType: '5e1f9c8a-1d7e-4e0b-9a55-2f4a3f6b7c88' }))),
    ).toEqual({ version: 'settings.badForm' });
  });

  it('makes slugs from Danish names', () => {
    expect(ticketSlug('Studerende & ledige')).toBe('studerende-ledige');
    expect(ticketSlug('Privat virksomhed', 2)).toBe('privat-virksomhed-2');
    expect(ticketSlug('Ærø Østergård Ålborg')).toBe('aeroe-oestergaard-aalborg');
    expect(ticketSlug('!!!')).toBe('billet');
  });
});

describe('the registration and booking forms', () => {
  const registration = {
    event: EVENT,
    version: '3',
    questionSector: 'optional',
    questionMunicipality: 'hidden',
    questionDietary: 'required',
    questionAccessibility: 'optional',
    waitlistOfferHours: '48',
    teamOrders: true,
    maxTicketsPerOrder: '20',
  };

  it('read the registration settings', () => {
    expect(registrationSettingsForm.parse(registration)).toMatchObject({
      version: 3,
      questionMunicipality: 'hidden',
      cancellationDeadline: null,
      teamOrders: true,
    });
  });

  it('refuse an unknown question mode, hours out of range and a missing version', () => {
    const result = registrationSettingsForm.safeParse({
      ...registration,
      version: undefined,
      questionSector: 'sometimes',
      waitlistOfferHours: '0',
    });
    expect(issuesOf(result)).toMatchObject({
      version: expect.any(String),
      questionSector: 'settings.badForm',
      waitlistOfferHours: 'settings.field.wholeNumber',
    });
  });

  it('refuse a booking window that closes before it opens', () => {
    const result = bookingSettingsForm.safeParse({
      event: EVENT,
      version: '1',
      bookingOpensAt: '2027-02-20T10:00',
      bookingClosesAt: '2027-02-20T10:00',
      waitlistMode: 'offer',
      offerMinutes: '120',
    });
    expect(issuesOf(result)).toEqual({ bookingClosesAt: 'settings.field.closeBeforeOpen' });
  });
});

describe('registration questions', () => {
  it('name the first required question left unanswered', () => {
    const questions = { ...DEFAULT_QUESTIONS, municipality: 'required' as const };
    expect(firstMissingAnswer(questions, { sector: 'kommune', municipality: 'Aarhus' })).toBeNull();
    expect(firstMissingAnswer(questions, { sector: null, municipality: null })).toBe('sector');
    expect(firstMissingAnswer(questions, { sector: 'kommune', municipality: '' })).toBe('municipality');
    expect(firstMissingAnswer({ ...questions, sector: 'hidden' }, { sector: null, municipality: 'Aarhus' })).toBeNull();
  });

  it('drop answers to questions the event does not ask', () => {
    const questions = { ...DEFAULT_QUESTIONS, dietary: 'hidden' as const };
    expect(withoutHiddenAnswers(questions, { dietaryNeeds: 'Vegan', municipality: 'Odense' })).toEqual({
      dietaryNeeds: null,
      municipality: 'Odense',
    });
  });
});
