import { describe, expect, it } from 'vitest';
import {
  createEventForm,
  editEventForm,
  EVENT_REFUSALS,
  eventConstraintRefusal,
  isTimeZone,
  nextStatus,
  nextYearText,
  sameWeekdayNextYear,
  toLocalDateTime,
} from './event-editor.ts';

const blank = {
  organisation: '6b1f7d1e-3c7a-4a43-9a43-2f3c4f5e6a7b',
  slug: 'ny-dag-2028',
  name: '  Ny dag  ',
  nameEn: null,
  venueName: 'Øksnehallen',
  startsOn: '2028-02-24',
  startsTime: '09:00',
  endsOn: '2028-02-24',
  endsTime: '16:00',
  timeZone: 'Europe/Copenhagen',
};

const issues = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]);

describe('createEventForm', () => {
  it('trims the texts and reads an empty optional field (null from Astro) as null', () => {
    const parsed = createEventForm.parse(blank);
    expect(parsed).toMatchObject({ name: 'Ny dag', nameEn: null, slug: 'ny-dag-2028' });
  });

  it('puts an end before the start at the end time, and a 10,000-character name at the name', () => {
    const result = createEventForm.safeParse({ ...blank, name: 'x'.repeat(10_000), endsTime: '08:59' });
    expect(issues(result)).toEqual([
      ['name', 'eventEditor.field.max200'],
      ['endsTime', 'eventEditor.field.endsBeforeStart'],
    ]);
  });

  it('accepts an end on a later day, and refuses bad slugs, dates, times and time zones', () => {
    expect(createEventForm.safeParse({ ...blank, endsOn: '2028-02-25', endsTime: '08:00' }).success).toBe(true);
    expect(issues(createEventForm.safeParse({ ...blank, slug: 'Ny Dag' }))).toEqual([
      ['slug', 'eventEditor.field.slugInvalid'],
    ]);
    expect(issues(createEventForm.safeParse({ ...blank, slug: null }))).toEqual([
      ['slug', 'eventEditor.field.slugInvalid'],
    ]);
    expect(issues(createEventForm.safeParse({ ...blank, startsOn: '2028-13-01', endsOn: '2028-13-01' }))).toEqual([
      ['startsOn', 'eventEditor.field.dateInvalid'],
      ['endsOn', 'eventEditor.field.dateInvalid'],
    ]);
    expect(issues(createEventForm.safeParse({ ...blank, startsTime: '9' }))).toEqual([
      ['startsTime', 'eventEditor.field.timeInvalid'],
    ]);
    expect(issues(createEventForm.safeParse({ ...blank, timeZone: 'Mars/Olympus' }))).toEqual([
      ['timeZone', 'eventEditor.field.timeZoneInvalid'],
    ]);
  });
});

describe('editEventForm', () => {
  const form = {
    ...blank,
    event: blank.organisation,
    version: '3',
    organiserName: 'Kommunen',
    description: 'x'.repeat(10_000),
    contactEmail: ' Kontakt@Kommune.DK ',
    accessibilityUrl: '/tilgaengelighed',
  };

  it('reads the version and every public field', () => {
    expect(editEventForm.parse(form)).toMatchObject({
      version: 3,
      theme: null,
      contactEmail: 'kontakt@kommune.dk',
      accessibilityUrl: '/tilgaengelighed',
    });
  });

  it('refuses a description over 10,000 characters, a bad address and link, and a form without a version', () => {
    const result = editEventForm.safeParse({
      ...form,
      description: 'x'.repeat(10_001),
      contactEmail: 'ikke en adresse',
      accessibilityUrl: 'javascript:alert(1)',
      version: '',
    });
    expect(issues(result)).toEqual([
      ['version', 'eventEditor.badForm'],
      ['description', 'eventEditor.field.max10000'],
      ['contactEmail', 'eventEditor.field.emailInvalid'],
      ['accessibilityUrl', 'eventEditor.field.urlInvalid'],
    ]);
  });
});

describe('the database refusals', () => {
  it('put a slug clash, a reserved slug and an end before the start at their fields, with 4xx statuses', () => {
    expect(EVENT_REFUSALS.slug_taken).toMatchObject({ status: 409, field: 'slug' });
    expect(EVENT_REFUSALS.slug_reserved).toMatchObject({ status: 422, field: 'slug' });
    expect(EVENT_REFUSALS.ends_before_start).toMatchObject({ status: 400, field: 'endsTime' });
    expect(EVENT_REFUSALS.changed_elsewhere).toMatchObject({ status: 409 });
    expect(eventConstraintRefusal('events_ends_after_start')).toBe('ends_before_start');
    expect(eventConstraintRefusal('events_status_forward')).toBe('invalid_transition');
    expect(eventConstraintRefusal('something_else')).toBe('invalid');
  });
});

describe('helpers', () => {
  it('moves only forward through the lifecycle', () => {
    expect([nextStatus('draft'), nextStatus('published'), nextStatus('archived')]).toEqual([
      'published',
      'archived',
      null,
    ]);
  });

  it('shows an instant on the wall clock of the event, across daylight saving', () => {
    expect(toLocalDateTime(new Date('2027-02-25T08:00:00Z'), 'Europe/Copenhagen')).toEqual({
      date: '2027-02-25',
      time: '09:00',
    });
    expect(toLocalDateTime(new Date('2027-07-01T07:00:00Z'), 'Europe/Copenhagen')).toEqual({
      date: '2027-07-01',
      time: '09:00',
    });
    expect(toLocalDateTime(new Date('2027-02-25T23:30:00Z'), 'Europe/Copenhagen').date).toBe('2027-02-26');
  });

  it('suggests next year for a copy: the year in names and slugs, and the same weekday 52 weeks on', () => {
    expect(nextYearText('Velfærdens Innovationsdag 2027')).toBe('Velfærdens Innovationsdag 2028');
    expect(nextYearText('velfaerdens-innovationsdag-2027')).toBe('velfaerdens-innovationsdag-2028');
    expect(nextYearText('Dag 12027 og 2099')).toBe('Dag 12027 og 2100');
    expect(nextYearText('Uden år')).toBe('Uden år');
    expect(sameWeekdayNextYear('2027-02-25')).toBe('2028-02-24');
    expect(new Date('2028-02-24T12:00:00Z').getUTCDay()).toBe(new Date('2027-02-25T12:00:00Z').getUTCDay());
  });

  it('knows real time zones only', () => {
    expect(isTimeZone('Europe/Copenhagen')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Europe/Nowhere')).toBe(false);
  });
});
