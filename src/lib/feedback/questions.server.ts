// The organisers' survey questions against the database: list them (with
// whether answers have arrived), add, change at the version the form showed,
// delete. Written as the signed-in organiser under RLS, so the version
// trigger and the audit log see every change; Postgres refuses a change of
// meaning once a question has answers (survey_questions_answered).
import postgres from 'postgres';
import { asUser, type Claims, type SignedIn, type Sql, sql, type Tx } from '../db/db.server.ts';
import { refused } from '../site/refusal.ts';
import {
  type NewQuestionInput,
  type QuestionInput,
  type QuestionKind,
  type QuestionRefusal,
  questionColumns,
  type SurveyQuestion,
} from './questions.ts';

interface QuestionRow {
  id: string;
  kind: QuestionKind;
  prompt: string;
  prompt_en: string | null;
  choices: string[] | null;
  choices_en: string[] | null;
  required: boolean;
  position: number;
  version: number;
  answered: boolean;
}

const toQuestion = (row: QuestionRow): SurveyQuestion => ({
  id: row.id,
  kind: row.kind,
  prompt: row.prompt,
  promptEn: row.prompt_en,
  choices: row.choices,
  choicesEn: row.choices_en,
  required: row.required,
  position: row.position,
  version: row.version,
  answered: row.answered,
});

/** An event's questions in their order, as the reader may see them (RLS: published events, or organisers). */
export async function listSurveyQuestions(claims: Claims, eventId: string, db: Sql = sql()): Promise<SurveyQuestion[]> {
  return asUser(claims, (tx) => questionsOf(tx, eventId), db);
}

/** The questions, within a transaction that is already the reader's. */
export async function questionsOf(tx: Tx, eventId: string): Promise<SurveyQuestion[]> {
  const rows = await tx<QuestionRow[]>`
    select q.id, q.kind, q.prompt, q.prompt_en, q.choices, q.choices_en, q.required, q.position, q.version,
           private.survey_question_answered(q.id) as answered
      from public.survey_questions q
     where q.event_id = ${eventId}
     order by q.position, q.created_at, q.id`;
  return rows.map(toQuestion);
}

type Written = { ok: true; id: string };

class Rollback extends Error {
  readonly refusal: QuestionRefusal;
  constructor(refusal: QuestionRefusal) {
    super(`rolled back: ${refusal.code}`);
    this.refusal = refusal;
  }
}

/** Runs a write; a rollback or the "answered" guard becomes a refusal. */
async function refusing<T>(write: () => Promise<T>): Promise<T | QuestionRefusal> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof Rollback) return error.refusal;
    if (error instanceof postgres.PostgresError && error.constraint_name === 'survey_questions_answered')
      return refused('question_answered');
    throw error;
  }
}

export async function createSurveyQuestion(
  claims: SignedIn,
  input: NewQuestionInput,
  db: Sql = sql(),
): Promise<Written | QuestionRefusal> {
  return refusing(() =>
    asUser(
      claims,
      async (tx) => {
        const [event] = await tx<{ organiser: boolean }[]>`
          select private.has_event_role(id, 'organiser') as organiser from public.events where id = ${input.eventId}`;
        if (!event?.organiser) throw new Rollback(refused('not_found'));
        const [row] = await tx<{ id: string }[]>`
          insert into public.survey_questions ${tx({ event_id: input.eventId, ...questionColumns(input) })}
          returning id`;
        return { ok: true as const, id: row!.id };
      },
      db,
    ),
  );
}

/** Whether the caller organises the row's event: then a missing version means someone else saved first. */
async function missing(tx: Tx, id: string): Promise<QuestionRefusal> {
  const [row] = await tx<{ organiser: boolean }[]>`
    select private.has_event_role(event_id, 'organiser') as organiser from public.survey_questions where id = ${id}`;
  return row?.organiser ? refused('changed_elsewhere') : refused('not_found');
}

export async function updateSurveyQuestion(
  claims: SignedIn,
  input: QuestionInput,
  db: Sql = sql(),
): Promise<Written | QuestionRefusal> {
  return refusing(() =>
    asUser(
      claims,
      async (tx) => {
        const [row] = await tx<{ id: string }[]>`
          update public.survey_questions set ${tx(questionColumns(input))}
           where id = ${input.id} and version = ${input.version}
          returning id`;
        if (!row) throw new Rollback(await missing(tx, input.id));
        return { ok: true as const, id: row.id };
      },
      db,
    ),
  );
}

export async function deleteSurveyQuestion(
  claims: SignedIn,
  input: { id: string; version: number },
  db: Sql = sql(),
): Promise<{ ok: true } | QuestionRefusal> {
  return refusing(() =>
    asUser(
      claims,
      async (tx) => {
        const deleted = await tx`
          delete from public.survey_questions where id = ${input.id} and version = ${input.version}`;
        if (deleted.count === 0) throw new Rollback(await missing(tx, input.id));
        return { ok: true as const };
      },
      db,
    ),
  );
}
