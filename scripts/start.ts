// `npm start`: builds only when the sources changed since the last build
// (scripts/build-stamp.ts), and then in parallel with the database's start, so
// a warm start is the server's own start; then serves (scripts/serve.ts). The
// check itself (a hash of the build's inputs) also runs while the database
// starts: the server waits for it, and any build, once the database is ready.
import { build, buildIsCurrent, sourcesHash } from './build-stamp.ts';
import { serveOrFail } from './serve.ts';

const began = performance.now();
const root = process.cwd();
const pending = (async () => {
  const hash = await sourcesHash(root);
  if (await buildIsCurrent(root, hash)) return;
  console.log('samspil: building the site (the sources changed since the last build); the database starts meanwhile');
  await build(root, hash);
})();
// Reported where it is awaited; this keeps an early failure from counting as unhandled meanwhile.
pending.catch(() => {});
serveOrFail({ began, build: pending });
