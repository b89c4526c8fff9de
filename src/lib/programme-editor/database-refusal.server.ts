// How a programme write that Postgres refused becomes a refusal as data. The
// whole transaction has rolled back by then (nothing half-written); a
// constraint the editor knows (CONSTRAINT_REFUSALS) is the organiser's to fix
// at a field, anything else is a bug and stays an exception.
import postgres from 'postgres';
import { refused } from '../site/refusal.ts';
import { CONSTRAINT_REFUSALS, type ConstraintCode, type ProgrammeRefusal } from './programme-editor.ts';

/** Thrown inside a write's transaction to roll it back and answer with `refusal`. */
export class RollbackWith extends Error {
  readonly refusal: ProgrammeRefusal;
  constructor(refusal: ProgrammeRefusal) {
    super(`rolled back: ${refusal.code}`);
    this.refusal = refusal;
  }
}

/** The known constraint a database error names, or undefined. */
export function constraintRefusal(error: unknown): { code: ConstraintCode; field?: string } | undefined {
  if (!(error instanceof postgres.PostgresError)) return undefined;
  const name = error.constraint_name;
  return name ? CONSTRAINT_REFUSALS[name] : undefined;
}

/**
 * Runs a write (one transaction) and answers with its result, or with the
 * refusal it rolled back with, or with the refusal a known constraint means.
 */
export async function refusingWrite<T>(write: () => Promise<T>): Promise<T | ProgrammeRefusal> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof RollbackWith) return error.refusal;
    const known = constraintRefusal(error);
    if (!known) throw error;
    return known.field === undefined ? refused(known.code) : refused(known.code, { field: known.field });
  }
}
