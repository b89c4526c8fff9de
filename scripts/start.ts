// `npm start`: builds only when the sources changed since the last build
// (scripts/build-stamp.ts), and then in parallel with the database's start, so
// a warm start is the server's own start; then serves (scripts/serve.ts).
import { build, buildIsCurrent, sourcesHash } from './build-stamp.ts';
import { serveOrFail } from './serve.ts';

const began = performance.now();
const root = process.cwd();
const hash = await sourcesHash(root);
let pending: Promise<void> | undefined;
if (!(await buildIsCurrent(root, hash))) {
  console.log('samspil: building the site (the sources changed since the last build); the database starts meanwhile');
  pending = build(root, hash);
  // Reported where it is awaited; this keeps an early failure from counting as unhandled meanwhile.
  pending.catch(() => {});
}
serveOrFail({ began, build: pending });
