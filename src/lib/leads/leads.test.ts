import { describe, expect, it } from 'vitest';
import { t } from '../i18n/messages.ts';
import { describeRefusal } from '../site/refusal.ts';
import {
  classifyScannedText,
  consentForm,
  groupByRound,
  LEAD_REFUSALS,
  MY_LEADS_REFUSALS,
  outcomeStatus,
  leadNoteForm,
  leadRetentionForm,
  leadScanRateRules,
  leadsList,
  scanForm,
  untrustedCodeRefusal,
} from './leads.ts';
import { rowValues } from '../exports/exports.ts';

const SOLUTION = '6f1c2a52-2d0e-4a5e-9a53-0d6f2b8f5a10';
const LEAD = '0b6e2f7c-1111-4a5e-9a53-0d6f2b8f5a10';

describe('classifyScannedText', () => {
  it("reads a ticket's reference in any case and with stray spaces", () => {
    expect(classifyScannedText(' 7k3m9qxa-2 ')).toEqual({ kind: 'reference', orderReference: '7K3M9QXA', position: 2 });
    expect(classifyScannedText('7K3M 9QXA-12')).toEqual({
      kind: 'reference',
      orderReference: '7K3M9QXA',
      position: 12,
    });
  });

  it('needs the ticket number: an order reference alone names several people', () => {
    expect(classifyScannedText('7K3M9QXA')).toEqual({ kind: 'unreadable' });
    expect(classifyScannedText('7K3M9QXA-0')).toEqual({ kind: 'unreadable' });
  });

  it('takes a long S-code as a ticket code for the verifier, and nothing else', () => {
    const code = `S1${'A'.repeat(152)}`;
    expect(classifyScannedText(code.toLowerCase())).toEqual({ kind: 'code', code });
    expect(classifyScannedText('S1ABC')).toEqual({ kind: 'unreadable' });
    expect(classifyScannedText('https://example.org/')).toEqual({ kind: 'unreadable' });
    expect(classifyScannedText('')).toEqual({ kind: 'unreadable' });
  });
});

describe('refusals', () => {
  it('answers a forged code and another event’s ticket with a 4xx and a clear message', () => {
    const tr = t('da');
    expect(untrustedCodeRefusal('bad_signature')).toBe('forged');
    expect(untrustedCodeRefusal('malformed')).toBe('forged');
    expect(untrustedCodeRefusal('unknown_key')).toBe('forged');
    expect(untrustedCodeRefusal('wrong_event')).toBe('wrong_event');
    expect(describeRefusal(tr, { ok: false, code: 'forged' }, LEAD_REFUSALS)).toEqual({
      status: 422,
      message: 'Koden er ikke en ægte Samspil-billet. Intet er gemt.',
      field: 'code',
    });
    expect(describeRefusal(tr, { ok: false, code: 'wrong_event' }, LEAD_REFUSALS).status).toBe(422);
    expect(describeRefusal(tr, { ok: false, code: 'unknown_ticket' }, LEAD_REFUSALS).status).toBe(404);
    expect(describeRefusal(t('en'), { ok: false, code: 'rate_limited', retryAfterSeconds: 42 }, LEAD_REFUSALS)).toEqual(
      expect.objectContaining({ status: 429, message: expect.stringContaining('42 seconds') }),
    );
  });

  it('gives a page the status of a form outcome: input error, refusal, or none', () => {
    expect(outcomeStatus(undefined, MY_LEADS_REFUSALS)).toBeUndefined();
    expect(outcomeStatus({ data: { ok: true } }, MY_LEADS_REFUSALS)).toBeUndefined();
    expect(outcomeStatus({ error: { status: 400 } }, MY_LEADS_REFUSALS)).toBe(400);
    expect(outcomeStatus({ data: { ok: false, code: 'not_found' } }, MY_LEADS_REFUSALS)).toBe(404);
    expect(
      outcomeStatus({ data: { ok: false, code: 'rate_limited', retryAfterSeconds: 5 } as const }, LEAD_REFUSALS),
    ).toBe(429);
  });

  it('limits each team member on their own', () => {
    expect(leadScanRateRules('a').map((rule) => rule.bucket)).toEqual(['lead-scan:user:a', 'lead-scan:user:a']);
    expect(leadScanRateRules('a').map((rule) => rule.windowSeconds)).toEqual([60, 3600]);
  });
});

describe('forms', () => {
  it('reads the scan, refusing an empty or overlong code', () => {
    expect(scanForm.safeParse({ solutionId: SOLUTION, roundId: LEAD, code: ' 7K3M9QXA-1 ' }).data?.code).toBe(
      '7K3M9QXA-1',
    );
    expect(scanForm.safeParse({ solutionId: SOLUTION, roundId: LEAD, code: '  ' }).error?.issues[0]?.message).toBe(
      'leads.scan.empty',
    );
    expect(scanForm.safeParse({ solutionId: SOLUTION, roundId: LEAD, code: 'x'.repeat(401) }).success).toBe(false);
  });

  it('reads the note and interest: blank is none, 2,000 characters at most', () => {
    expect(leadNoteForm.parse({ solutionId: SOLUTION, leadId: LEAD, interest: '', note: '  \r\n ' })).toEqual({
      solutionId: SOLUTION,
      leadId: LEAD,
      interest: null,
      note: null,
    });
    expect(leadNoteForm.parse({ solutionId: SOLUTION, leadId: LEAD, interest: 'high', note: 'a\r\nb' }).note).toBe(
      'a\nb',
    );
    expect(leadNoteForm.safeParse({ solutionId: SOLUTION, leadId: LEAD, interest: 'urgent', note: '' }).success).toBe(
      false,
    );
    expect(
      leadNoteForm.safeParse({ solutionId: SOLUTION, leadId: LEAD, interest: '', note: 'x'.repeat(2001) }).error
        ?.issues[0]?.message,
    ).toBe('leads.note.tooLong');
  });

  it('reads the visitor’s yes or no, and the organiser’s days within 1–365', () => {
    expect(consentForm.parse({ ticketId: LEAD, consent: 'yes' }).consent).toBe(true);
    expect(consentForm.parse({ ticketId: LEAD, consent: 'no' }).consent).toBe(false);
    expect(consentForm.safeParse({ ticketId: LEAD, consent: 'maybe' }).success).toBe(false);
    expect(leadRetentionForm.parse({ event: LEAD, days: ' 60 ', version: '3' })).toEqual({
      event: LEAD,
      days: 60,
      version: 3,
    });
    for (const days of ['0', '366', '-1', 'sixty']) {
      expect(leadRetentionForm.safeParse({ event: LEAD, days, version: '1' }).success).toBe(false);
    }
  });
});

describe('the list', () => {
  const lead = (id: string, session: string | null) => ({
    id,
    session_id: session,
    round_title: session,
    attendee_name: 'Anna',
    attendee_email: 'anna@example.org',
    organisation_name: null,
    job_title: 'Konsulent',
    interest: 'medium' as const,
    note: 'Ring',
    created_at: new Date('2027-02-25T10:00:00Z'),
  });

  it('groups leads by round in the rounds’ order, others last', () => {
    const groups = groupByRound([{ id: 'r1' }, { id: 'r2' }], [lead('a', 'r2'), lead('b', null), lead('c', 'r1')]);
    expect(groups.map((g) => [g.roundId, g.leads.map((l) => l.id)])).toEqual([
      ['r1', ['c']],
      ['r2', ['a']],
      [null, ['b']],
    ]);
  });

  it('exports what the visitor shared and the team’s note, withholding nothing from the team', () => {
    const list = leadsList(t('en'));
    expect(list.columns.map((c) => c.key)).toEqual([
      'name',
      'email',
      'organisation',
      'jobTitle',
      'interest',
      'note',
      'round',
      'scannedAt',
    ]);
    const values = rowValues(list, list.columns, lead('a', 'r1'), { thirdParty: true });
    expect(values.slice(0, 6)).toEqual(['Anna', 'anna@example.org', null, 'Konsulent', 'Medium', 'Ring']);
  });
});
