import { describe, expect, it } from 'vitest';
import {
  assignInput,
  callState,
  canEdit,
  canTransition,
  editClosedReason,
  fieldErrors,
  filtersFromQuery,
  inviteInput,
  matchesFilters,
  reviewInput,
  SOLUTION_STATUSES,
  slugFor,
  submitForm,
  type SolutionStatus,
} from './solutions.ts';

const DAY = 24 * 3600 * 1000;
const now = new Date('2030-03-01T12:00:00Z');
const open = { opensAt: new Date(now.getTime() - DAY), closesAt: new Date(now.getTime() + DAY) };

function form(values: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) {
    for (const item of Array.isArray(value) ? value : [value]) data.append(key, item);
  }
  return data;
}

const valid = {
  event: 'velfaerdens-innovationsdag-2027',
  title: 'Borgerservice-to-go',
  summary: 'Borgerservice rykker ud til borgerne.',
  targetGroup: '',
  results: '',
  evidence: '',
  links: 'https://frederiksberg.dk/to-go\nhttps://example.org/video',
  partnerName: ['Frederiksberg Kommune', '', ''],
  partnerSector: ['kommune', '', ''],
  contactName: 'Lene Holm',
  contactEmail: 'Lene.Holm@Frederiksberg.dk ',
  contactPhone: '+45 12 34 56 78',
  intent: 'submit',
};

describe('status transitions', () => {
  const allowed: [SolutionStatus, SolutionStatus, 'exhibitor' | 'organiser'][] = [
    ['draft', 'submitted', 'exhibitor'],
    ['changes_requested', 'submitted', 'exhibitor'],
    ['draft', 'withdrawn', 'exhibitor'],
    ['submitted', 'withdrawn', 'exhibitor'],
    ['changes_requested', 'withdrawn', 'exhibitor'],
    ['submitted', 'accepted', 'organiser'],
    ['submitted', 'rejected', 'organiser'],
    ['submitted', 'changes_requested', 'organiser'],
  ];

  it('allows exactly the documented moves, for exactly the documented actor', () => {
    for (const actor of ['exhibitor', 'organiser'] as const) {
      for (const from of SOLUTION_STATUSES) {
        for (const to of SOLUTION_STATUSES) {
          const expected = allowed.some(([a, b, who]) => a === from && b === to && who === actor);
          expect({ from, to, actor, ok: canTransition(from, to, actor) }).toEqual({ from, to, actor, ok: expected });
        }
      }
    }
  });

  it.each([
    ['accepted', 'withdrawn'],
    ['rejected', 'submitted'],
    ['withdrawn', 'draft'],
    ['accepted', 'rejected'],
  ] as const)('never lets anyone move %s → %s', (from, to) => {
    expect(canTransition(from, to, 'exhibitor') || canTransition(from, to, 'organiser')).toBe(false);
  });
});

describe('the call window', () => {
  it.each([
    [{ opensAt: null, closesAt: null }, 'none'],
    [{ opensAt: new Date(now.getTime() + 1), closesAt: new Date(now.getTime() + DAY) }, 'not_yet_open'],
    [open, 'open'],
    [{ opensAt: new Date(now.getTime() - DAY), closesAt: now }, 'closed'],
    [{ ...open, eventStatus: 'published' }, 'open'],
    [{ ...open, eventStatus: 'draft' }, 'not_yet_open'],
    [{ ...open, eventStatus: 'archived' }, 'closed'],
  ] as const)('%o is %s', (call, state) => {
    expect(callState(call, now)).toBe(state);
  });

  it('lets a team edit only open, undecided solutions', () => {
    expect(SOLUTION_STATUSES.filter((status) => canEdit(status, open, now))).toEqual([
      'draft',
      'submitted',
      'changes_requested',
    ]);
    expect(canEdit('draft', { opensAt: open.opensAt, closesAt: now }, now)).toBe(false);
  });

  it('says why a solution can no longer be edited', () => {
    const closed = { opensAt: open.opensAt, closesAt: now };
    expect(editClosedReason('submitted', open, now)).toBeNull();
    expect(editClosedReason('accepted', open, now)).toBe('accepted');
    expect(editClosedReason('rejected', closed, now)).toBe('rejected');
    expect(editClosedReason('withdrawn', open, now)).toBe('withdrawn');
    expect(editClosedReason('submitted', closed, now)).toBe('call_closed');
  });
});

describe('the solution form', () => {
  it('reads a valid form: trims, lower-cases the email, drops empty partner rows, splits links', () => {
    const parsed = submitForm.parse(form(valid));
    expect(parsed.event).toBe(valid.event);
    expect(parsed.solution).toMatchObject({
      title: 'Borgerservice-to-go',
      targetGroup: null,
      partners: [{ name: 'Frederiksberg Kommune', sector: 'kommune' }],
      links: ['https://frederiksberg.dk/to-go', 'https://example.org/video'],
      contactEmail: 'lene.holm@frederiksberg.dk',
      awardNominee: false,
      intent: 'submit',
    });
    expect(parsed.solution).toMatchObject({ titleEn: null, summaryEn: null });
  });

  it('reads the optional English title and summary', () => {
    const parsed = submitForm.parse(
      form({ ...valid, titleEn: ' Citizen Services To Go ', summaryEn: 'Out to people.' }),
    );
    expect(parsed.solution).toMatchObject({ titleEn: 'Citizen Services To Go', summaryEn: 'Out to people.' });
  });

  const hostile: [string, Record<string, string | string[]>, string, string][] = [
    ['an empty title', { title: '   ' }, 'title', 'solutions.field.titleRequired'],
    ['a title with a line break', { title: 'A\nB' }, 'title', 'solutions.field.invalidText'],
    ['a title with a NUL byte', { title: 'A\u0000B' }, 'title', 'solutions.field.invalidText'],
    ['a title of 201 characters', { title: 'x'.repeat(201) }, 'title', 'solutions.field.tooLong'],
    ['a summary of 4,001 characters', { summary: 'x'.repeat(4001) }, 'summary', 'solutions.field.tooLong'],
    ['an English title with a line break', { titleEn: 'A\nB' }, 'titleEn', 'solutions.field.invalidText'],
    ['an English summary of 4,001 characters', { summaryEn: 'x'.repeat(4001) }, 'summaryEn', 'solutions.field.tooLong'],
    ['no partner', { partnerName: ['', ''], partnerSector: ['', ''] }, 'partners', 'solutions.field.partnerRequired'],
    [
      'a partner without a sector',
      { partnerName: ['Kommune'], partnerSector: [''] },
      'partners',
      'solutions.field.sectorRequired',
    ],
    [
      'an unknown sector',
      { partnerName: ['X'], partnerSector: ['mafia'] },
      'partners',
      'solutions.field.sectorRequired',
    ],
    [
      'a sector without a name',
      { partnerName: [''], partnerSector: ['fond'] },
      'partners',
      'solutions.field.partnerNameRequired',
    ],
    [
      'nine partners',
      { partnerName: Array(9).fill('Org'), partnerSector: Array(9).fill('fond') },
      'partners',
      'solutions.field.tooManyPartners',
    ],
    ['a javascript: link', { links: 'javascript:alert(1)' }, 'links', 'solutions.field.linkInvalid'],
    ['a data: link', { links: 'data:text/html,<script>' }, 'links', 'solutions.field.linkInvalid'],
    ['six links', { links: Array(6).fill('https://a.dk').join('\n') }, 'links', 'solutions.field.tooManyLinks'],
    ['an email without @', { contactEmail: 'lene.holm' }, 'contactEmail', 'solutions.field.emailInvalid'],
    [
      'an email with a header injection',
      { contactEmail: 'a@b.dk\r\nBcc: x@y.dk' },
      'contactEmail',
      'solutions.field.emailInvalid',
    ],
    ['a phone with letters', { contactPhone: 'call me' }, 'contactPhone', 'solutions.field.phoneInvalid'],
    ['an empty contact name', { contactName: '' }, 'contactName', 'solutions.field.contactNameRequired'],
    ['an event slug with a path', { event: '../konsol' }, 'event', 'solutions.error.not_found'],
  ];

  it.each(hostile)('refuses %s with a message on the field', (_, override, field, message) => {
    const result = submitForm.safeParse(form({ ...valid, ...override }));
    expect(result.success).toBe(false);
    expect(fieldErrors(result.error!.issues).get(field)).toBe(message);
  });

  it('saves a draft when asked, and treats a forged intent as submit', () => {
    expect(submitForm.parse(form({ ...valid, intent: 'draft' })).solution.intent).toBe('draft');
    expect(submitForm.parse(form({ ...valid, intent: 'accepted' })).solution.intent).toBe('submit');
  });

  it('refuses something that is not a form', () => {
    expect(submitForm.safeParse({ title: 'x' }).success).toBe(false);
  });
});

describe('review, invitation and assignment input', () => {
  const id = '6f1c1f49-9d1e-4a57-a1e1-0f5b0f6a2b11';
  const event = 'velfaerdens-innovationsdag-2027';

  it('requires a message when asking for changes', () => {
    const result = reviewInput.safeParse({ event, solutionId: id, decision: 'changes_requested', message: '  ' });
    expect(fieldErrors(result.error!.issues).get('message')).toBe('solutions.field.messageRequired');
    expect(reviewInput.safeParse({ event, solutionId: id, decision: 'accepted', message: '' }).success).toBe(true);
    expect(reviewInput.parse({ event, solutionId: id, decision: 'rejected', message: null }).message).toBe('');
    expect(reviewInput.safeParse({ event, solutionId: id, decision: 'changes_requested', message: null }).success).toBe(
      false,
    );
  });

  it.each(['withdrawn', 'draft', '', 'ACCEPTED'])('refuses the decision %j', (decision) => {
    expect(reviewInput.safeParse({ event, solutionId: id, decision, message: 'x' }).success).toBe(false);
  });

  it.each(['0', '4', '1.5', '-1', 'x', ''])('refuses slot %j', (position) => {
    expect(assignInput.safeParse({ event, solutionId: id, sessionId: id, position }).success).toBe(false);
  });

  it('refuses ids that are not uuids and bad invitation emails', () => {
    expect(assignInput.safeParse({ event, solutionId: "1' or 1=1", sessionId: id, position: '1' }).success).toBe(false);
    expect(inviteInput.safeParse({ solutionId: id, email: 'nobody' }).success).toBe(false);
    expect(inviteInput.parse({ solutionId: id, email: ' A@B.dk ' }).email).toBe('a@b.dk');
  });
});

describe('slugs', () => {
  it.each([
    ['Borgerservice-to-go', 'borgerservice-to-go-ab12'],
    ['Ældre på øer – én løsning', 'aeldre-paa-oeer-en-loesning-ab12'],
    ['!!!', 'losning-ab12'],
    ['<script>alert(1)</script>', 'script-alert-1-script-ab12'],
  ])('%s → %s', (title, slug) => {
    expect(slugFor(title, 'AB12')).toBe(slug);
  });

  it('always matches the database slug domain', () => {
    for (const title of ['', ' ', '-', 'x'.repeat(300), '日本語', 'a--b', 'Ünïcödé']) {
      const slug = slugFor(title, 'ff00');
      expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(slug.length).toBeLessThanOrEqual(80);
    }
  });
});

describe('the organiser list filters', () => {
  const solution = {
    title: 'Social Talks',
    summary: 'Samtaler om børns trivsel',
    contactName: 'Anne',
    status: 'submitted' as const,
    awardNominee: true,
    sectors: ['kommune', 'civilsamfund'],
    partnerNames: ['Aarhus Kommune'],
  };

  it('ignores unknown values and matches by status, sector, nominee and text', () => {
    const filters = filtersFromQuery(new URLSearchParams('status=hacked&sektor=x&nomineret=ja&q=%20aarhus%20'));
    expect(filters).toEqual({ status: null, sector: null, nominee: true, query: 'aarhus' });
    expect(matchesFilters(solution, filters)).toBe(true);
    expect(matchesFilters(solution, { ...filters, status: 'accepted' })).toBe(false);
    expect(matchesFilters(solution, { ...filters, sector: 'fond' })).toBe(false);
    expect(matchesFilters(solution, { ...filters, nominee: false })).toBe(false);
    expect(matchesFilters(solution, { ...filters, query: 'TRIVSEL' })).toBe(true);
    expect(matchesFilters(solution, { ...filters, query: 'region' })).toBe(false);
  });
});
