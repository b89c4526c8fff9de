import { describe, expect, it } from 'vitest';
import { t } from '../i18n/messages.ts';
import { composeMessage } from '../mail/mail.ts';
import { toResendPayload } from '../mail/resend-transport.server.ts';
import { markdownToEmailHtml } from '../mail/templates/markdown.ts';
import {
  acceptedCount,
  composeInput,
  describeSegment,
  finishedCount,
  isUnsubscribeToken,
  progressEvent,
  type Progress,
  progressPercent,
  segmentOf,
} from './broadcast.ts';

const EVENT = '6f1c2d3e-0000-4000-8000-000000000001';
const TYPE = '6f1c2d3e-0000-4000-8000-000000000002';
const base = { event: EVENT, subjectDa: ' Praktisk ', bodyDa: 'Hej', segment: 'everyone' };

describe('the compose form', () => {
  it('takes a Danish draft to everyone, trimming and dropping empty English', () => {
    const input = composeInput.parse({ ...base, subjectEn: '', bodyEn: '  ', broadcast: '' });
    expect(input).toMatchObject({ subjectDa: 'Praktisk', subjectEn: null, bodyEn: null, broadcast: null });
    expect(segmentOf(input)).toEqual({ segment: 'everyone', ref: null });
  });

  it('names the field of each mistake with its dictionary key', () => {
    const issues = (value: object) =>
      composeInput.safeParse(value).error?.issues.map((issue) => [issue.path[0], issue.message]) ?? [];
    expect(issues({ ...base, subjectDa: '' })).toContainEqual(['subjectDa', 'broadcast.field.subjectRequired']);
    expect(issues({ ...base, subjectDa: 'x'.repeat(201) })).toContainEqual([
      'subjectDa',
      'broadcast.field.subjectTooLong',
    ]);
    expect(issues({ ...base, subjectEn: 'Practical' })).toEqual([['bodyEn', 'broadcast.field.englishWhole']]);
    expect(issues({ ...base, segment: 'ticket_type' })).toEqual([['ticketType', 'broadcast.field.ticketTypeRequired']]);
    expect(issues({ ...base, segment: 'sector', sector: 'kommuner' })).toEqual([
      ['sector', 'broadcast.field.sectorRequired'],
    ]);
    expect(issues({ ...base, segment: 'alle' })).toContainEqual(['segment', 'broadcast.field.segmentRequired']);
  });

  it('keeps only the reference its segment needs', () => {
    const input = composeInput.parse({ ...base, segment: 'ticket_type', ticketType: TYPE, sector: 'stat' });
    expect(segmentOf(input)).toEqual({ segment: 'ticket_type', ref: TYPE });
  });
});

describe('segments in words', () => {
  it('names the ticket type, session or sector, and says when it is gone', () => {
    const names = { ticketTypes: [{ id: TYPE, name: 'Offentlig' }], sessions: [] };
    const tr = t('da');
    expect(describeSegment(tr, 'everyone', null, names)).toBe('Alle med en gyldig billet');
    expect(describeSegment(tr, 'ticket_type', TYPE, names)).toBe('Alle med en bestemt billettype: Offentlig');
    expect(describeSegment(tr, 'sector', 'region', names)).toBe('Alle fra en bestemt sektor: Region');
    expect(describeSegment(tr, 'session', EVENT, names)).toContain('(findes ikke længere)');
  });
});

describe('progress', () => {
  const counts = (fields: Partial<Progress>): Progress => ({
    total: 0,
    queued: 0,
    sent: 0,
    delivered: 0,
    failed: 0,
    bounced: 0,
    complained: 0,
    ...fields,
  });

  it('counts everything out of the queue as finished, in whole percent', () => {
    expect(progressPercent(counts({ total: 3, queued: 1, sent: 1, failed: 1 }))).toBe(66);
    expect(progressPercent(counts({ total: 2000, sent: 1999, failed: 1 }))).toBe(100);
    expect(progressPercent(counts({ total: 4, queued: 1, delivered: 1, bounced: 1, complained: 1 }))).toBe(75);
    expect(progressPercent(counts({}))).toBe(100);
  });

  it('counts delivered and complained as sent, and a bounce not', () => {
    const progress = counts({ total: 5, sent: 1, delivered: 2, complained: 1, bounced: 1 });
    expect(acceptedCount(progress)).toBe(4);
    expect(finishedCount(progress)).toBe(5);
  });

  it('is one Server-Sent Event per snapshot', () => {
    expect(progressEvent(counts({ total: 4, queued: 2, sent: 1, bounced: 1 }))).toBe(
      'event: progress\ndata: {"total":4,"queued":2,"sent":1,"delivered":0,"failed":0,"bounced":1,"complained":0,"done":2,"percent":50}\n\n',
    );
  });
});

describe('the organiser’s markdown in an email', () => {
  it('keeps the formatting and drops anything that could run or track', () => {
    const html = markdownToEmailHtml(
      '# Velkommen\n\n**Fed** og [link](https://example.org) <script>alert(1)</script>\n\n' +
        '[ondt](javascript:alert(1)) <img src="https://sporing.example/x.gif"> <a href="https://x.dk" onclick="x()">a</a>',
    ).value;
    expect(html).toContain('<h2 style=');
    expect(html).toContain('<strong>Fed</strong>');
    expect(html).toContain('href="https://example.org"');
    expect(html).not.toMatch(/script|javascript|onclick|<img|<h1/i);
  });

  it('carries List-Unsubscribe and RFC 8058’s one-click POST over https, and no link in a test to oneself', () => {
    const data = {
      recipientName: 'Ahmad',
      eventName: 'Dagen',
      subject: 'Hej',
      body: 'Tekst',
      unsubscribeUrl: 'https://samspil.example.org/afmeld/abc.def',
    };
    const message = composeMessage({ to: 'a@example.org', lang: 'da', template: 'broadcast', data });
    expect(message.headers).toEqual({
      'List-Unsubscribe': '<https://samspil.example.org/afmeld/abc.def>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    // RFC 8058 asks for https: a development link over http is only offered to open.
    const local = composeMessage({
      to: 'a@example.org',
      lang: 'da',
      template: 'broadcast',
      data: { ...data, unsubscribeUrl: 'http://localhost:4321/afmeld/abc.def' },
    });
    expect(local.headers).toEqual({ 'List-Unsubscribe': '<http://localhost:4321/afmeld/abc.def>' });
    expect(message.text).toContain('https://samspil.example.org/afmeld/abc.def');
    expect(toResendPayload(message, 'Samspil <noreply@example.org>').headers).toEqual(message.headers);
    const test = composeMessage({
      to: 'a@example.org',
      lang: 'en',
      template: 'broadcast',
      data: { ...data, unsubscribeUrl: undefined },
    });
    expect(test.headers).toBeUndefined();
    expect(test.text).toContain('This is a test');
  });
});

describe('unsubscribe tokens', () => {
  it('are recognised by shape before the database is asked', () => {
    expect(isUnsubscribeToken(`${'a'.repeat(20)}.${'B'.repeat(43)}`)).toBe(true);
    expect(isUnsubscribeToken('EKSEMPEL')).toBe(false);
    expect(isUnsubscribeToken(undefined)).toBe(false);
  });
});
