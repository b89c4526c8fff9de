// Readiness for load balancers: can this instance reach its database right
// now? One `select 1` through the process pool, with its own short deadline
// so a frozen database answers "not ready" before the balancer's timeout.
import { sql } from './db.server.ts';

export type DatabaseHealth = { ok: true; latencyMs: number } | { ok: false; reason: 'timeout' | 'unreachable' };

export async function checkDatabase(timeoutMs = 2_000): Promise<DatabaseHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const probe = sql()`select 1`.then(() => 'ok' as const);
  probe.catch(() => {});
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const result = await Promise.race([probe, deadline]);
    if (result === 'timeout') return { ok: false, reason: 'timeout' };
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { ok: false, reason: 'unreachable' };
  } finally {
    clearTimeout(timer);
  }
}
