import { describe, expect, it } from 'vitest';
import { attachmentSize, devMailboxAvailable, linkify, previewHtml } from './dev-mailbox.ts';

describe('devMailboxAvailable', () => {
  it('is there in embedded mode, and gone with Resend or outside development', () => {
    const embedded = { RESEND_API_KEY: undefined, NODE_ENV: undefined, SAMSPIL_DATABASE_MODE: 'embedded' as const };
    expect(devMailboxAvailable(embedded)).toBe(true);
    expect(devMailboxAvailable({ ...embedded, RESEND_API_KEY: 're_1' })).toBe(false);
    expect(devMailboxAvailable({ ...embedded, SAMSPIL_DATABASE_MODE: 'external' })).toBe(false);
    expect(devMailboxAvailable({ ...embedded, SAMSPIL_DATABASE_MODE: 'external', NODE_ENV: 'production' })).toBe(false);
  });
});

describe('previewHtml', () => {
  it('resolves cid: images from the attachments and opens links outside the frame', () => {
    const html =
      '<html><head><title>x</title></head><body><img src="cid:ticket-qr-1"><img src="cid:missing"></body></html>';
    const preview = previewHtml(html, [
      { filename: 'qr.png', contentType: 'image/png', contentBase64: 'iVBORw0KGgo=', contentId: 'ticket-qr-1' },
    ]);
    expect(preview).toContain('<head><base target="_blank"><title>');
    expect(preview).toContain('<img src="data:image/png;base64,iVBORw0KGgo=">');
    expect(preview).toContain('<img src="cid:missing">');
  });
});

describe('linkify', () => {
  it('turns http(s) URLs into links and leaves the rest as text', () => {
    expect(linkify('Log ind:\nhttps://x.dk/a?b=1. Ellers javascript:alert(1)')).toEqual([
      { text: 'Log ind:\n' },
      { text: 'https://x.dk/a?b=1', href: 'https://x.dk/a?b=1' },
      { text: '. Ellers javascript:alert(1)' },
    ]);
  });
});

describe('attachmentSize', () => {
  it('counts the decoded bytes', () => {
    expect(attachmentSize({ filename: 'a', contentType: 'text/plain', contentBase64: 'QkVHSU4=' })).toBe(5);
  });
});
