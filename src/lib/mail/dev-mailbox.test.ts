import { describe, expect, it } from 'vitest';
import { attachmentSize, devMailboxAvailable, devMailboxOpenTo, linkify, previewHtml } from './dev-mailbox.ts';

describe('devMailboxAvailable', () => {
  it('is there in embedded mode, and gone with Resend or outside development', () => {
    const embedded = { RESEND_API_KEY: undefined, NODE_ENV: undefined, SAMSPIL_DATABASE_MODE: 'embedded' as const };
    expect(devMailboxAvailable(embedded)).toBe(true);
    expect(devMailboxAvailable({ ...embedded, RESEND_API_KEY: 're_1' })).toBe(false);
    expect(devMailboxAvailable({ ...embedded, SAMSPIL_DATABASE_MODE: 'external' })).toBe(false);
    expect(devMailboxAvailable({ ...embedded, SAMSPIL_DATABASE_MODE: 'external', NODE_ENV: 'production' })).toBe(false);
  });
});

describe('devMailboxOpenTo', () => {
  const embedded = {
    RESEND_API_KEY: undefined,
    NODE_ENV: undefined,
    SAMSPIL_DATABASE_MODE: 'embedded' as const,
    SITE_URL: undefined,
    DEV_MAILBOX_REMOTE: false,
  };

  it('opens to this machine only', () => {
    expect(devMailboxOpenTo(embedded, '127.0.0.1')).toBe(true);
    expect(devMailboxOpenTo(embedded, '::1')).toBe(true);
    expect(devMailboxOpenTo(embedded, '::ffff:127.0.0.1')).toBe(true);
    expect(devMailboxOpenTo(embedded, '192.168.1.23')).toBe(false);
    expect(devMailboxOpenTo(embedded, '203.0.113.9')).toBe(false);
    expect(devMailboxOpenTo(embedded, undefined)).toBe(false);
  });

  it('opens to other machines with the development flag, on a private origin', () => {
    expect(devMailboxOpenTo({ ...embedded, DEV_MAILBOX_REMOTE: true }, '192.168.1.23')).toBe(true);
    expect(
      devMailboxOpenTo({ ...embedded, DEV_MAILBOX_REMOTE: true, SITE_URL: 'http://192.168.1.5:4321' }, '192.168.1.23'),
    ).toBe(true);
    expect(devMailboxOpenTo({ ...embedded, SITE_URL: 'https://samspil.test:8443' }, '127.0.0.1')).toBe(true);
  });

  it('never opens on a site with a public origin, flag or loopback', () => {
    const site = { ...embedded, SITE_URL: 'https://innovationsdag.dk' };
    expect(devMailboxOpenTo(site, '127.0.0.1')).toBe(false);
    expect(devMailboxOpenTo({ ...site, DEV_MAILBOX_REMOTE: true }, '192.168.1.23')).toBe(false);
  });

  it('never opens where it is not the delivery', () => {
    expect(devMailboxOpenTo({ ...embedded, RESEND_API_KEY: 're_1' }, '127.0.0.1')).toBe(false);
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
