// The Content-Security-Policy's hash of an inline <style> or <script> that a
// page writes itself (Astro hashes the ones it emits): what the page passes to
// Astro.csp.insertStyleHash / insertScriptHash, in its frontmatter, before the
// header is sent.
import { createHash } from 'node:crypto';

export function cspHash(content: string): `sha256-${string}` {
  return `sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}`;
}
