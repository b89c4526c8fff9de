// A waitlist offer link's token is stored only as its SHA-256: a copy of the
// table gives nobody a working link.
import { createHash } from 'node:crypto';

export function offerTokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
