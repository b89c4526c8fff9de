import { describe, expect, it } from 'vitest';
import {
  answerText,
  choiceLines,
  newQuestionInput,
  questionColumns,
  questionReport,
  type SurveyQuestion,
} from './questions.ts';
import { formatAverage } from './feedback.ts';
import { speakerEmailInput } from './presented.ts';
import { describeEntry } from '../audit/audit-log.ts';
import { t } from '../i18n/messages.ts';

const EVENT = '8f1c2a52-3b7e-4c1d-9a7f-0f6f0c1e2d3b';
const base: SurveyQuestion = {
  id: 'q',
  kind: 'choice',
  prompt: 'Hvad var bedst?',
  promptEn: 'What was best?',
  choices: ['Sporene', 'Galleriet'],
  choicesEn: ['The tracks', 'The gallery'],
  required: false,
  position: 0,
  version: 1,
  answered: false,
};

const issuesOf = (input: Record<string, unknown>) => {
  const parsed = newQuestionInput.safeParse({ eventId: EVENT, kind: 'choice', prompt: 'Hvad?', ...input });
  return parsed.success ? [] : parsed.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
};

describe('survey questions', () => {
  it('reads options one per line, trimmed, without empty lines', () => {
    expect(choiceLines(' Ja \r\n\r\nNej\n  ')).toEqual(['Ja', 'Nej']);
    expect(choiceLines(undefined)).toEqual([]);
  });

  it('puts each problem of the form at its field', () => {
    expect(issuesOf({ choices: 'Ja\nNej' })).toEqual([]);
    // Empty optional fields come as null from a posted form.
    expect(issuesOf({ choices: 'Ja\nNej', promptEn: null, choicesEn: null, position: null })).toEqual([]);
    expect(issuesOf({ prompt: '  ' })).toContainEqual(['prompt', 'feedback.questions.promptMissing']);
    expect(issuesOf({ prompt: null })).toContainEqual(['prompt', 'feedback.questions.promptMissing']);
    expect(issuesOf({ choices: 'Kun én' })).toEqual([['choices', 'feedback.questions.choicesCount']]);
    expect(issuesOf({ choices: `Ja\n${'x'.repeat(101)}` })).toEqual([['choices', 'feedback.questions.choiceTooLong']]);
    expect(issuesOf({ choices: 'Ja\nNej', choicesEn: 'Yes' })).toEqual([
      ['choicesEn', 'feedback.questions.choicesEnCount'],
    ]);
    expect(issuesOf({ kind: 'stars' })).toContainEqual(['kind', 'feedback.questions.kindInvalid']);
    expect(issuesOf({ kind: 'text', position: '1001' })).toEqual([['position', 'feedback.questions.positionInvalid']]);
    // Options typed for a text question are not a problem: they are not stored.
    expect(issuesOf({ kind: 'text', choices: 'Ja' })).toEqual([]);
  });

  it('writes options only for a choice question, English ones only when given', () => {
    const parsed = newQuestionInput.parse({ eventId: EVENT, kind: 'text', prompt: 'Hvorfor?', choices: 'Ja\nNej' });
    expect(questionColumns(parsed)).toMatchObject({ kind: 'text', choices: null, choices_en: null, required: false });
    const choice = newQuestionInput.parse({ eventId: EVENT, kind: 'choice', prompt: 'Hvad?', choices: 'Ja\nNej' });
    expect(questionColumns(choice)).toMatchObject({ choices: ['Ja', 'Nej'], choices_en: null, position: 0 });
  });

  it('counts a scale, a choice and the texts of a question', () => {
    const scale = { ...base, kind: 'scale' as const, choices: null, choicesEn: null };
    const rows = [3, 5, 5].map((n) => ({ questionId: 'q', scale: n, choice: null, text: null }));
    expect(questionReport(scale, rows)).toMatchObject({ count: 3, average: 13 / 3, distribution: [0, 0, 1, 0, 2] });
    const chosen = [1, 1, 0, 7].map((n) => ({ questionId: 'q', scale: null, choice: n, text: null }));
    expect(
      questionReport(base, [...chosen, { questionId: 'other', scale: null, choice: 0, text: null }]),
    ).toMatchObject({ count: 3, distribution: [1, 2] });
    const text = { ...base, kind: 'text' as const, choices: null, choicesEn: null };
    expect(
      questionReport(text, [{ questionId: 'q', scale: null, choice: null, text: 'Mere kaffe', author: 'Ida' }]).texts,
    ).toEqual([{ text: 'Mere kaffe', author: 'Ida' }]);
  });

  it('words an answer for the export in the reader’s language', () => {
    expect(answerText('en', base, { questionId: 'q', scale: null, choice: 1, text: null })).toBe('The gallery');
    expect(answerText('da', base, { questionId: 'q', scale: null, choice: 1, text: null })).toBe('Galleriet');
  });

  it('formats an average to one decimal', () => {
    expect(formatAverage('da', 4.25)).toBe('4,3');
    expect(formatAverage('en', 4)).toBe('4.0');
  });

  it('reads a speaker’s address in lower case, and an empty one as none', () => {
    const id = EVENT;
    expect(speakerEmailInput.parse({ speakerId: id, email: ' Lene@Example.org ', version: '0' })).toEqual({
      speakerId: id,
      email: 'lene@example.org',
      version: 0,
    });
    expect(speakerEmailInput.parse({ speakerId: id, email: '', version: '2' }).email).toBeNull();
    expect(speakerEmailInput.parse({ speakerId: id, email: null, version: '2' }).email).toBeNull();
    expect(speakerEmailInput.safeParse({ speakerId: id, email: 'ikke en adresse', version: '1' }).success).toBe(false);
  });

  it('puts a change to a question into words in the audit log', () => {
    const described = describeEntry(
      {
        id: '1',
        actorId: '00000000-0000-4000-8000-000000000001',
        at: new Date('2027-02-25T08:00:00Z'),
        table: 'survey_questions',
        rowKey: { id: '00000000-0000-4000-8000-0000000000aa' },
        label: 'Hvad tager du med hjem?',
        action: 'update',
        before: { prompt: 'Hvad tager du med?' },
        after: { prompt: 'Hvad tager du med hjem?' },
      },
      { tr: t('da'), lang: 'da', timeZone: 'Europe/Copenhagen', names: { things: new Map(), people: new Map() } },
    );
    expect(described.summary).toBe(
      'Evalueringsspørgsmålet »Hvad tager du med hjem?« ændret: spørgsmål Hvad tager du med? → Hvad tager du med hjem?',
    );
  });
});
