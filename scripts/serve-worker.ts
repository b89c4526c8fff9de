// One HTTP worker of a server with WEB_CONCURRENCY > 1 (forked by scripts/serve.ts,
// whose first process holds the database and the jobs process): the same
// HTTP server as a single process, on the port the workers share. Its
// environment (DATABASE_URL, …) is the first process's, set up before the fork.
import { readEnv } from '../src/lib/config.ts';
import { closePool } from '../src/lib/db/db.server.ts';
import { setKickForwarder } from '../src/lib/jobs/kicks.ts';
import { httpServer, LISTEN_BACKLOG, listenFailure } from './serve.ts';

const env = readEnv();
// Kicks after a commit go to the first process, which hands them to the jobs process.
setKickForwarder((kick) => process.send?.({ kick }));
const server = await httpServer(env);
const shutdown = async () => {
  server.close();
  server.closeAllConnections();
  await closePool().catch(() => {});
  process.exit(0);
};
server.on('error', (error: NodeJS.ErrnoException) => {
  process.send?.({ failed: listenFailure(env, error) });
  process.exit(1);
});
server.listen({ port: env.PORT, host: env.HOST, backlog: LISTEN_BACKLOG }, () => {
  const address = server.address();
  process.send?.({ listening: typeof address === 'object' && address ? address.port : env.PORT });
});
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
