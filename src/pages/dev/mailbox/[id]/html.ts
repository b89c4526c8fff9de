// A dev mailbox message's HTML part, for the sandboxed frame on its page (../[id].astro), with
// the frame's own policy (src/lib/site/email-frame.ts). Same gate as the page: only where the
// dev mailbox is the delivery and open to the caller.
import type { APIRoute } from 'astro';
import { readEnv } from '../../../../lib/config.ts';
import { getDevMailboxMessage } from '../../../../lib/mail/dev-mailbox-transport.server.ts';
import { devMailboxOpenTo, previewHtml } from '../../../../lib/mail/dev-mailbox.ts';
import { emailFrameResponse } from '../../../../lib/site/email-frame.ts';
import { endpointParams } from '../../../../lib/site/route-params.ts';

export const prerender = false;

export const GET: APIRoute = async (context) => {
  // Under /en/ the middleware rewrites the path, so Astro's own params are not this route's.
  const id = endpointParams(context, '/dev/mailbox/[id]/html').id ?? '';
  const message = devMailboxOpenTo(readEnv(), context.clientAddress) ? await getDevMailboxMessage(id) : null;
  if (!message) {
    return new Response('not found', {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    });
  }
  return emailFrameResponse(previewHtml(message.html, message.attachments));
};
