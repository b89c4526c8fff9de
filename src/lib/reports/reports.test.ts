import { describe, expect, it } from 'vitest';
import { t } from '../i18n/messages.ts';
import {
  emailTemplateLabel,
  fillPercent,
  noShowPercent,
  percent,
  registrationDays,
  type Report,
  reportCsvRecords,
  sectorFigures,
  splitSessions,
  topWithOthers,
} from './reports.ts';

const session = (overrides: Partial<Report['sessions'][number]> = {}): Report['sessions'][number] => ({
  id: 's1',
  title: 'Workshop om nærhed',
  titleEn: 'Workshop on closeness',
  kind: 'workshop',
  startsAt: new Date('2027-02-25T09:00:00Z'),
  capacity: 40,
  booked: 30,
  released: 2,
  waitlisted: 3,
  offered: 1,
  attended: 25,
  doorScanned: true,
  noShows: 7,
  ...overrides,
});

const report: Report = {
  timeZone: 'Europe/Copenhagen',
  overview: {
    registered: 5,
    capacity: 15,
    cancelled: 1,
    checkedIn: 3,
    waitlisted: 1,
    organisations: 4,
    municipalities: 2,
  },
  perDay: [
    { day: '2026-12-01', registrations: 3 },
    { day: '2026-12-03', registrations: 2 },
  ],
  ticketTypes: [{ id: 't', name: 'Standard', nameEn: null, capacity: 15, registered: 5 }],
  sectors: [
    { sector: 'region', registered: 1, organisations: 1, checkedIn: 1 },
    { sector: 'kommune', registered: 4, organisations: 2, checkedIn: 2 },
  ],
  municipalities: [
    { municipality: 'Aarhus', registered: 3 },
    { municipality: null, registered: 2 },
  ],
  sessions: [session(), session({ id: 'r1', kind: 'gallery_round', doorScanned: false, capacity: null })],
  checkins: [{ bucket: new Date('2027-02-25T07:00:00Z'), arrivals: 3 }],
  emails: [{ template: 'order-confirmation', queued: 1, sending: 0, sent: 4, failed: 1 }],
};

describe('rates', () => {
  it('gives whole per cents, and none without a whole', () => {
    expect(percent(1, 3)).toBe(33);
    expect(percent(2, 3)).toBe(67);
    expect(percent(1, 0)).toBeNull();
    expect(percent(1, null)).toBeNull();
    expect(fillPercent(session())).toBe(75);
    expect(fillPercent(session({ capacity: null }))).toBeNull();
  });

  it('counts no-shows against the seats held at the start, only where staff scanned', () => {
    // 30 still booked + 2 released = 32 seats held; 7 never came.
    expect(noShowPercent(session())).toBe(22);
    expect(noShowPercent(session({ doorScanned: false }))).toBeNull();
    expect(noShowPercent(session({ booked: 0, released: 0, noShows: 0 }))).toBeNull();
  });
});

describe('lists for charts', () => {
  it('keeps the largest rows and sums the rest into one', () => {
    const rows = [5, 4, 3, 2, 1].map((registered, i) => ({ label: `k${i}`, registered }));
    const cut = topWithOthers(rows, 2, (registered, count) => ({ label: `others ${count}`, registered }));
    expect(cut).toEqual([
      { label: 'k0', registered: 5 },
      { label: 'k1', registered: 4 },
      { label: 'others 3', registered: 6 },
    ]);
    expect(topWithOthers(rows, 5, () => ({ label: 'x', registered: 0 }))).toEqual(rows);
  });

  it('answers every sector in the order the form asks, also the empty ones', () => {
    const figures = sectorFigures(report);
    expect(figures.map((row) => row.sector)).toEqual([
      'kommune',
      'region',
      'stat',
      'privat_virksomhed',
      'civilsamfund',
      'fond',
      'forskning_uddannelse',
    ]);
    expect(figures[0]).toEqual({ sector: 'kommune', registered: 4, organisations: 2, checkedIn: 2 });
    expect(figures[2]).toEqual({ sector: 'stat', registered: 0, organisations: 0, checkedIn: 0 });
  });

  it('fills in the days without registrations, with running totals', () => {
    expect(registrationDays(report.perDay)).toEqual([
      { day: '2026-12-01', registrations: 3, total: 3 },
      { day: '2026-12-02', registrations: 0, total: 3 },
      { day: '2026-12-03', registrations: 2, total: 5 },
    ]);
    expect(registrationDays([])).toEqual([]);
  });

  it('puts gallery rounds apart from sessions', () => {
    const { sessions, rounds } = splitSessions(report.sessions);
    expect(sessions.map((s) => s.id)).toEqual(['s1']);
    expect(rounds.map((s) => s.id)).toEqual(['r1']);
  });
});

describe('the CSV records', () => {
  it('has one header and one line per figure, in the language asked', () => {
    const records = reportCsvRecords(report, 'da', t('da'));
    expect(records[0]).toEqual(['Afsnit', 'Emne', 'Mål', 'Værdi']);
    expect(records).toContainEqual(['Overblik', 'Tilmeldte', 'Antal', '5']);
    expect(records).toContainEqual(['Efter sektor', 'Kommune', 'Tilmeldte', '4']);
    expect(records).toContainEqual(['Tilmeldinger pr. dag', '2026-12-02', 'Tilmeldte i alt', '3']);
    expect(records).toContainEqual(['Efter kommune', 'Ikke oplyst', 'Tilmeldte', '2']);
    expect(records).toContainEqual(['Sessioner', 'Workshop om nærhed', 'Belægning (%)', '75']);
    expect(records).toContainEqual(['Gallerirunder', 'Workshop om nærhed', 'Udeblivelser (%)', '']);
    expect(records).toContainEqual(['E-mails', 'Ordrebekræftelse', 'Fejlet', '1']);
    for (const record of records) expect(record).toHaveLength(4);
    const en = reportCsvRecords(report, 'en', t('en'));
    expect(en[0]).toEqual(['Section', 'Item', 'Measure', 'Value']);
    expect(en).toContainEqual(['Sessions', 'Workshop on closeness', 'No-shows (%)', '22']);
  });

  it('names known email templates and keeps unknown ones as they are', () => {
    expect(emailTemplateLabel(t('en'), 'thank-you')).toBe('Thank you for today');
    expect(emailTemplateLabel(t('da'), 'broadcast')).toBe('broadcast');
  });
});
