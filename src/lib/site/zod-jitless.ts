// Imported first by every island that parses with zod. zod v4 probes whether
// it may compile parsers with `new Function` unless told not to, and a CSP
// without 'unsafe-eval' (ours) reports that probe as a violation even though
// zod catches it. Told once, before any schema is built, it never probes and
// parses through its interpreter, as it would after a failed probe. Only in
// the browser: the server has no CSP and keeps zod's compiled parsers.
import { config } from 'zod';

if (!import.meta.env.SSR) config({ jitless: true });
