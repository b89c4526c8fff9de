import { afterEach, expect, it } from 'vitest';
import { type Kick, setKickForwarder } from '../jobs/kicks.ts';
import { kickOutboxWorker } from '../mail/worker.server.ts';
import { kickConfirmations } from './confirmations.server.ts';

afterEach(() => setKickForwarder(null));

it("a registration's confirmation kick and an email's outbox kick go to the jobs process, not run here", () => {
  const forwarded: Kick[] = [];
  setKickForwarder((kick) => forwarded.push(kick));
  // Without the forwarder these would run here and reach for the database.
  kickConfirmations('https://innovationsdag.example');
  kickOutboxWorker();
  expect(forwarded).toEqual([{ job: 'confirmations', origin: 'https://innovationsdag.example' }, { job: 'outbox' }]);
});
