import { describe, expect, it } from 'vitest';
import { cspHash } from './csp.ts';

describe('cspHash', () => {
  it('is the SHA-256 of the UTF-8 text in base64, as CSP Level 2 defines it', () => {
    // The CSP spec's own example: <script>alert('Hello, world.');</script>.
    expect(cspHash("alert('Hello, world.');")).toBe('sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng=');
  });
});
