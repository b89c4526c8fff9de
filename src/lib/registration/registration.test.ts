// The registration's pure rules, fed ordinary, hostile and random input: the
// schemas answer with message keys at the right field names, and whatever
// they accept fits the database's constraints (so a form can never make the
// server answer 500).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SECTORS } from '../events/events.ts';
import { applyIntent, chooseFromQuery, detailsFromForm, emptyAttendee } from './form-state.ts';
import { registrationDa, registrationEn } from '../i18n/dictionary/registration.ts';
import { isMessageKey, t } from '../i18n/messages.ts';
import { describeRefusal, refused } from '../site/refusal.ts';
import { attendeeDetailsForm, deleteAccountInput, parseTicketId, ticketIdInput } from './my-page.ts';
import {
  ATTENDEE_FIELDS,
  availabilityOf,
  canCancel,
  countFrom,
  emailField,
  fieldErrorsFrom,
  joinWaitlistInput,
  nameField,
  REGISTER_REFUSALS,
  registrationForm,
  vatIncluded,
} from './registration.ts';
import { ticketReference, ticketValidity } from '../tickets/tickets.ts';
import { formatDateTime } from '../i18n/format.ts';

const TYPE_ID = '4925eaec-794f-4716-8d85-26204ad14698';

function form(entries: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(entries)) data.append(name, value);
  return data;
}

const validAttendee = (index: number, email = `person${index}@kommune.dk`): Record<string, string> => ({
  [`attendees.${index}.name`]: `Person ${index}`,
  [`attendees.${index}.email`]: email,
  [`attendees.${index}.sector`]: 'kommune',
});

const registrationWith = (entries: Record<string, string>, count = 1) =>
  form({ ticketTypeId: TYPE_ID, count: String(count), buyerAttends: 'true', ...validAttendee(0), ...entries });

/** What the database's check constraints on tickets and orders require of a stored text. */
function fitsDatabase(value: string | null, max: number, required: boolean): boolean {
  if (value === null) return !required;
  return (
    value.length <= max && !value.includes('\u0000') && (!required || value.trim().length >= 1) && value.isWellFormed()
  );
}

describe('the registration form', () => {
  it('turns fieldsets named attendees.<i>.<field> into attendees; the attending buyer is attendee 1', () => {
    const result = registrationForm.safeParse(
      form({
        ticketTypeId: TYPE_ID,
        count: '2',
        buyerAttends: 'true',
        ...validAttendee(0, '  Anna@Kommune.DK '),
        'attendees.0.dietaryNeeds': 'Vegetar\nIngen nødder',
        'attendees.0.consentNewsletter': 'on',
        ...validAttendee(1),
        'attendees.1.organisation': '  Aarhus Kommune ',
      }),
    );
    expect(result.success).toBe(true);
    const input = result.data!;
    expect(input.buyer).toEqual({ name: 'Person 0', email: 'anna@kommune.dk' });
    expect(input.attendees).toHaveLength(2);
    expect(input.attendees[0]).toMatchObject({
      email: 'anna@kommune.dk',
      dietaryNeeds: 'Vegetar\nIngen nødder',
      consentNewsletter: true,
      consentShareContact: false,
      organisation: null,
    });
    expect(input.attendees[1]).toMatchObject({ organisation: 'Aarhus Kommune', jobTitle: null });
  });

  it('takes a separate buyer who does not attend', () => {
    const result = registrationForm.safeParse(
      form({
        ...Object.fromEntries(registrationWith({})),
        buyerAttends: 'false',
        'buyer.name': 'Bo',
        'buyer.email': 'bo@x.dk',
      }),
    );
    expect(result.data?.buyer).toEqual({ name: 'Bo', email: 'bo@x.dk' });
    const missing = registrationForm.safeParse(
      form({ ...Object.fromEntries(registrationWith({})), buyerAttends: 'false' }),
    );
    expect(missing.success).toBe(false);
    expect([...fieldErrorsFrom(missing.error!.issues).keys()]).toContain('buyer.name');
  });

  const hostile: [string, Record<string, string>, string, string][] = [
    ['an empty name', { 'attendees.0.name': '' }, 'attendees.0.name', 'registration.field.nameRequired'],
    ['a name of spaces', { 'attendees.0.name': '   \t ' }, 'attendees.0.name', 'registration.field.nameRequired'],
    [
      'a name of 201 characters',
      { 'attendees.0.name': 'x'.repeat(201) },
      'attendees.0.name',
      'registration.field.max200',
    ],
    ['a NUL byte', { 'attendees.0.name': 'Anna\u0000' }, 'attendees.0.name', 'registration.field.invalidCharacters'],
    [
      'a line break in a name',
      { 'attendees.0.name': 'An\nna' },
      'attendees.0.name',
      'registration.field.invalidCharacters',
    ],
    [
      'a form feed inside a job title',
      { 'attendees.0.jobTitle': 'Ch\u000cef' },
      'attendees.0.jobTitle',
      'registration.field.invalidCharacters',
    ],
    [
      'a bell in a free text',
      { 'attendees.0.dietaryNeeds': 'ding\u0007' },
      'attendees.0.dietaryNeeds',
      'registration.field.invalidCharacters',
    ],
    [
      '501 characters of needs',
      { 'attendees.0.accessibilityNeeds': 'y'.repeat(501) },
      'attendees.0.accessibilityNeeds',
      'registration.field.max500',
    ],
    [
      'a municipality of 101 characters',
      { 'attendees.0.municipality': 'z'.repeat(101) },
      'attendees.0.municipality',
      'registration.field.max100',
    ],
    ['no email', { 'attendees.0.email': '' }, 'attendees.0.email', 'registration.field.emailRequired'],
    [
      'an email without a domain',
      { 'attendees.0.email': 'anna@' },
      'attendees.0.email',
      'registration.field.emailInvalid',
    ],
    [
      'an email without a dot',
      { 'attendees.0.email': 'anna@localhost' },
      'attendees.0.email',
      'registration.field.emailInvalid',
    ],
    ['two at-signs', { 'attendees.0.email': 'a@@b.dk' }, 'attendees.0.email', 'registration.field.emailInvalid'],
    [
      'a header injection',
      { 'attendees.0.email': 'a@b.dk\r\nBcc: x@y.dk' },
      'attendees.0.email',
      'registration.field.emailInvalid',
    ],
    [
      'an email of 255 characters',
      { 'attendees.0.email': `${'a'.repeat(246)}@kommune.dk` },
      'attendees.0.email',
      'registration.field.emailInvalid',
    ],
    ['an unknown sector', { 'attendees.0.sector': 'pirat' }, 'attendees.0.sector', 'registration.field.sectorRequired'],
    [
      'a ticket type that is not a uuid',
      { ticketTypeId: "1' or '1'='1" },
      'ticketTypeId',
      'registration.field.ticketTypeRequired',
    ],
    ['a forged offer token', { offer: '../../etc/passwd' }, 'offer', 'registration.error.offer_invalid'],
  ];

  it.each(hostile)('refuses %s at its field, with a message key', (_, entries, field, key) => {
    const result = registrationForm.safeParse(registrationWith(entries));
    expect(result.success).toBe(false);
    const errors = fieldErrorsFrom(result.error!.issues);
    expect(errors.get(field)).toBe(key);
    for (const message of errors.values()) expect(isMessageKey(message)).toBe(true);
  });

  it('accepts what is merely unusual as plain text: quotes, markup, emoji, Danish letters', () => {
    const result = registrationForm.safeParse(
      registrationWith({
        'attendees.0.name': "Søren O'Brien-Ærø <script>alert(1)</script> 🎉",
        'attendees.0.organisation': "Robert'); DROP TABLE tickets;--",
        'attendees.0.email': 'søren@kommune.dk',
      }),
    );
    expect(result.success).toBe(true);
    expect(result.data!.attendees[0]!.name).toContain('<script>');
  });

  it('flags the second of two attendees with the same email', () => {
    const result = registrationForm.safeParse(registrationWith({ ...validAttendee(1, 'PERSON0@kommune.dk') }, 2));
    expect(fieldErrorsFrom(result.error!.issues).get('attendees.1.email')).toBe('registration.field.emailDuplicate');
  });

  it('reads at most 100 fieldsets however large a count is posted', () => {
    expect(countFrom('0')).toBe(1);
    expect(countFrom('-3')).toBe(1);
    expect(countFrom('999999')).toBe(1);
    expect(countFrom('5000')).toBe(100);
    expect(countFrom('abc')).toBe(1);
    expect(countFrom(' 7 ')).toBe(7);
  });

  it('never throws, and whatever it accepts fits the database (random input)', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.constant(''),
    );
    fc.assert(
      fc.property(
        fc.record({
          name: text,
          email: fc.oneof(text, fc.emailAddress()),
          organisation: text,
          sector: fc.oneof(fc.constantFrom(...SECTORS), text),
          jobTitle: text,
          municipality: text,
          dietaryNeeds: fc.string({ unit: 'binary', maxLength: 600 }),
          accessibilityNeeds: text,
          consentShareContact: fc.constantFrom('on', '', 'true', 'x'),
          count: fc.oneof(fc.nat().map(String), text),
        }),
        (values) => {
          const entries: Record<string, string> = {
            ticketTypeId: TYPE_ID,
            count: values.count,
            buyerAttends: 'true',
          };
          for (const field of ATTENDEE_FIELDS) {
            const value = (values as Record<string, string>)[field];
            if (value !== undefined) entries[`attendees.0.${field}`] = value;
          }
          const result = registrationForm.safeParse(form(entries));
          if (!result.success) {
            for (const message of fieldErrorsFrom(result.error.issues).values()) {
              expect(isMessageKey(message)).toBe(true);
            }
            return;
          }
          for (const person of result.data.attendees) {
            expect(fitsDatabase(person.name, 200, true)).toBe(true);
            expect(fitsDatabase(person.organisation, 200, false)).toBe(true);
            expect(fitsDatabase(person.jobTitle, 200, false)).toBe(true);
            expect(fitsDatabase(person.municipality, 100, false)).toBe(true);
            expect(fitsDatabase(person.dietaryNeeds, 500, false)).toBe(true);
            expect(fitsDatabase(person.accessibilityNeeds, 500, false)).toBe(true);
            expect(person.email).toMatch(/^[^@\s]+@[^@\s]+\.[^@\s]+$/);
            expect(person.email).toBe(person.email.toLowerCase());
            expect(person.email.length).toBeLessThanOrEqual(254);
            // No sector is no answer: whether the event requires one is the use case's check.
            expect([...SECTORS, null]).toContain(person.sector);
          }
        },
      ),
      { numRuns: 400 },
    );
    // 400 generated forms take about a second alone; allow for a loaded 2-core CI machine.
  }, 30_000);

  it('refuses a lone surrogate (FormData already replaces it; a JSON caller could send one)', () => {
    expect(nameField.safeParse('Anna\uD800').error?.issues[0]?.message).toBe('registration.field.invalidCharacters');
  });

  it('normalises an email the way sign-in does', () => {
    expect(emailField.parse('  Anne.Marie@Region.DK ')).toBe('anne.marie@region.dk');
    expect(emailField.safeParse('anne marie@region.dk').success).toBe(false);
  });
});

describe('the waitlist and My page forms', () => {
  it('refuse hostile input with message keys', () => {
    const waitlist = joinWaitlistInput.safeParse({ ticketTypeId: 'x', name: '\u0000', email: 'nope' });
    const errors = fieldErrorsFrom(waitlist.error!.issues);
    expect([...errors.keys()].sort()).toEqual(['email', 'name', 'ticketTypeId']);
    expect(ticketIdInput.safeParse({ ticketId: "'; delete from tickets; --" }).success).toBe(false);
    expect(ticketIdInput.safeParse({ ticketId: TYPE_ID }).success).toBe(true);
    expect(deleteAccountInput.safeParse({ confirm: null }).error?.issues[0]?.message).toBe(
      'myPage.delete.confirmRequired',
    );
    expect(parseTicketId('not-a-uuid')).toBe(null);
    expect(parseTicketId(TYPE_ID.toUpperCase())).toBe(TYPE_ID);
  });

  it('check the details form like the registration, never touching the email', () => {
    const ok = attendeeDetailsForm.safeParse(
      form({ ticketId: TYPE_ID, ...validAttendee(0), 'attendees.0.email': 'ignored' }),
    );
    expect(ok.success).toBe(true);
    expect(ok.data!.attendees[0]).not.toHaveProperty('email');
    const bad = attendeeDetailsForm.safeParse(form({ ticketId: 'x', 'attendees.0.name': 'y'.repeat(300) }));
    const errors = fieldErrorsFrom(bad.error!.issues);
    expect(errors.get('attendees.0.name')).toBe('registration.field.max200');
    expect(errors.has('ticketId')).toBe(true);
  });
});

describe('the two steps', () => {
  const types = [
    { id: 'a', slug: 'offentligt-ansat', selectable: true },
    { id: 'b', slug: 'privat', selectable: false },
  ];

  it('reads step 1 from the query, within the event limit', () => {
    const ok = chooseFromQuery(new URLSearchParams('billettype=offentligt-ansat&antal=3&deltager=nej'), types, 20);
    expect(ok).toMatchObject({ ticketTypeId: 'a', count: 3, buyerAttends: false });
    expect(ok.errors.size).toBe(0);
    for (const query of ['billettype=privat&antal=1', 'billettype=x&antal=1', 'antal=1']) {
      expect(chooseFromQuery(new URLSearchParams(query), types, 20).errors.get('billettype')).toBe(
        'registration.field.ticketTypeRequired',
      );
    }
    for (const antal of ['0', '21', '-1', '1.5', 'x', '', '1e3']) {
      expect(
        chooseFromQuery(new URLSearchParams({ billettype: 'offentligt-ansat', antal }), types, 20).errors.get('antal'),
      ).toBe('registration.field.countInvalid');
    }
  });

  it('adds and removes fieldsets, keeping what was typed, within 1..max', () => {
    const posted = form({
      step: 'details',
      ticketTypeId: TYPE_ID,
      count: '2',
      ...validAttendee(0),
      ...validAttendee(1),
    });
    const state = detailsFromForm(posted);
    const added = applyIntent(state, 'add', 3);
    expect(added.attendees).toHaveLength(3);
    expect(added.attendees[2]).toEqual(emptyAttendee());
    expect(applyIntent(added, 'add', 3).attendees).toHaveLength(3);
    const removed = applyIntent(state, 'remove:0', 3);
    expect(removed.attendees.map((person) => person.email)).toEqual(['person1@kommune.dk']);
    expect(applyIntent(removed, 'remove:0', 3).attendees).toHaveLength(1);
    expect(applyIntent(state, 'remove:99', 3)).toBe(state);
    expect(applyIntent(state, 'explode', 3)).toBe(state);
  });
});

describe('rules', () => {
  const now = new Date('2027-01-10T12:00:00Z');
  const startsAt = new Date('2027-02-25T07:30:00Z');
  const type = { priceOre: 149500, capacity: 10, sold: 9, salesStart: null, salesEnd: null };

  it('say whether a ticket type can be bought now', () => {
    expect(availabilityOf(type, now, startsAt, true)).toEqual({ kind: 'available', seatsLeft: 1 });
    expect(availabilityOf({ ...type, sold: 10 }, now, startsAt, true)).toEqual({ kind: 'sold_out' });
    expect(availabilityOf(type, now, startsAt, false)).toEqual({ kind: 'payment_unavailable' });
    expect(availabilityOf({ ...type, priceOre: 0 }, now, startsAt, false)).toEqual({ kind: 'available', seatsLeft: 1 });
    expect(availabilityOf({ ...type, salesStart: new Date('2027-01-11T00:00:00Z') }, now, startsAt, true).kind).toBe(
      'not_yet',
    );
    expect(availabilityOf(type, startsAt, startsAt, true)).toEqual({ kind: 'ended' });
  });

  it('compute the VAT inside a price, cancellation and ticket validity', () => {
    expect(vatIncluded(149500, 25)).toBe(29900);
    expect(vatIncluded(0, 25)).toBe(0);
    expect(vatIncluded(10000, 0)).toBe(0);
    const event = { cancellationDeadline: new Date('2027-02-18T22:59:00Z'), startsAt };
    expect(canCancel({ status: 'valid' }, event, now)).toBe(true);
    expect(canCancel({ status: 'valid' }, event, new Date('2027-02-19T00:00:00Z'))).toBe(false);
    expect(canCancel({ status: 'cancelled' }, event, now)).toBe(false);
    expect(
      canCancel({ status: 'valid' }, { cancellationDeadline: null, startsAt }, new Date('2027-02-24T00:00:00Z')),
    ).toBe(true);
    const validity = ticketValidity({ startsAt, endsAt: new Date('2027-02-25T15:30:00Z') });
    expect(validity.validFrom.toISOString()).toBe('2027-02-24T07:30:00.000Z');
    expect(validity.validUntil.toISOString()).toBe('2027-02-26T03:30:00.000Z');
    expect(ticketReference('K7Q4MX2A', 2)).toBe('K7Q4MX2A-2');
  });

  it('format a deadline in the event’s time zone', () => {
    expect(formatDateTime('da', new Date('2027-02-18T22:59:00Z'))).toBe('18. februar 2027 kl. 23.59');
    expect(formatDateTime('en', new Date('2027-02-18T22:59:00Z'))).toBe('18 February 2027 at 23:59');
  });

  it('put refusals into words: at the attendee’s email field when one is named, else above the form', () => {
    const tr = t('da');
    expect(describeRefusal(tr, refused('duplicate_attendee', { attendee: 2 }), REGISTER_REFUSALS)).toEqual({
      status: 400,
      message: 'Hver deltager skal have sin egen e-mailadresse.',
      field: 'attendees.2.email',
    });
    // Never tells that an address has a ticket, nor where.
    expect(describeRefusal(tr, refused('already_registered', { attendee: 2 }), REGISTER_REFUSALS).field).toBe(
      undefined,
    );
    expect(describeRefusal(tr, refused('sold_out'), REGISTER_REFUSALS)).toEqual({
      status: 409,
      message: 'Der er desværre ikke pladser nok tilbage af denne billettype.',
      field: undefined,
    });
    expect(describeRefusal(tr, refused('unavailable'), REGISTER_REFUSALS).status).toBe(503);
  });
});

describe('the strings', () => {
  it('exist in Danish and English with the same keys', () => {
    expect(Object.keys(registrationEn)).toEqual(Object.keys(registrationDa));
  });
});
