// The registration questions an event asks: which of sector, municipality,
// dietary and accessibility needs the form shows, and which it requires
// (events.question_*, 20261203110400). The registration form, its use case
// and My page follow them. Pure: no I/O.
export const QUESTIONS = ['sector', 'municipality', 'dietary', 'accessibility'] as const;
export type Question = (typeof QUESTIONS)[number];
export const QUESTION_MODES = ['hidden', 'optional', 'required'] as const;
export type QuestionMode = (typeof QUESTION_MODES)[number];
export type Questions = Record<Question, QuestionMode>;

/** What the registration form asks when an event has not chosen (the columns' defaults). */
export const DEFAULT_QUESTIONS: Questions = {
  sector: 'required',
  municipality: 'optional',
  dietary: 'optional',
  accessibility: 'optional',
};

/** The attendee field each question fills. */
export const QUESTION_FIELDS = {
  sector: 'sector',
  municipality: 'municipality',
  dietary: 'dietaryNeeds',
  accessibility: 'accessibilityNeeds',
} as const satisfies Record<Question, string>;

export type Answers = { [Q in Question as (typeof QUESTION_FIELDS)[Q]]?: string | null | undefined };

/** The first required question an attendee left unanswered, or null. */
export function firstMissingAnswer(questions: Questions, attendee: Answers): Question | null {
  for (const question of QUESTIONS) {
    const answer = attendee[QUESTION_FIELDS[question]];
    if (questions[question] === 'required' && (answer === null || answer === undefined || answer === '')) {
      return question;
    }
  }
  return null;
}

/** The attendee with the answers to questions the event does not ask dropped. */
export function withoutHiddenAnswers<T extends Answers>(questions: Questions, attendee: T): T {
  const copy = { ...attendee };
  for (const question of QUESTIONS) {
    if (questions[question] === 'hidden') (copy as Answers)[QUESTION_FIELDS[question]] = null;
  }
  return copy;
}
