// A step of a user's transaction that only the service role may take — queueing
// a waitlist offer, reading what a cancellation needs for its email — in the
// same transaction, so it commits or rolls back with the user's change. The
// same switch the mail outbox makes for its one insert. (A failed step aborts
// the whole transaction, so there is nothing to switch back then.)
import type { Tx } from '../db/db.server.ts';

export async function withServiceRole<T>(tx: Tx, work: () => Promise<T>): Promise<T> {
  const [current] = await tx<{ role: string }[]>`select current_setting('role') as role`;
  await tx`select set_config('role', 'service_role', true)`;
  const result = await work();
  await tx`select set_config('role', ${current!.role}, true)`;
  return result;
}
