// `npm run build`: `astro build`, then the stamp that tells `npm start` this
// build is of the current sources (scripts/build-stamp.ts).
import { build, sourcesHash } from './build-stamp.ts';

const root = process.cwd();
try {
  await build(root, await sourcesHash(root));
} catch (error) {
  console.error(`samspil: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
