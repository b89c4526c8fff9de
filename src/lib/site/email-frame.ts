// An email's HTML shown in a sandboxed frame beside a page of ours (the dev mailbox, a
// broadcast's preview in the console). An email is styled by style attributes, which the
// pages' Content-Security-Policy forbids, and a srcdoc frame would inherit that policy: so the
// frame loads the email from a route of its own that answers with this policy instead. Nothing
// runs in it (sandbox, no scripts), nothing loads but the email's own data: images, and only
// our pages may frame it. Pure: no I/O.

export const EMAIL_FRAME_POLICY =
  "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'; " +
  'sandbox allow-popups allow-popups-to-escape-sandbox';

/** The email's HTML as the frame's document, never stored by a cache. */
export function emailFrameResponse(html: string): Response {
  return new Response(html, {
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'private, no-store',
      'content-security-policy': EMAIL_FRAME_POLICY,
      'x-frame-options': 'SAMEORIGIN',
      'x-content-type-options': 'nosniff',
    },
  });
}
