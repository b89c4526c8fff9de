// Resend's webhook endpoint (delivered, bounced, complained). The Svix
// signature is checked over the raw body, so the body is read as text and
// parsed only after that. 400 for a bad or stale signature, 404 while it is
// not configured or for an email not (yet) known — Resend retries — and 200
// once recorded, recorded before, or not about delivery.
import type { APIRoute } from 'astro';
import { readEnv } from '../../../lib/config.ts';
import { handleResendWebhook } from '../../../lib/mail/delivery-webhook.server.ts';

export const prerender = false;

/** Resend's events are a few kilobytes; anything far larger is not one of them. */
const MAX_BODY_BYTES = 256_000;

export const POST: APIRoute = async ({ request }) => {
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > MAX_BODY_BYTES) return new Response('too large\n', { status: 413 });
  const body = await request.text();
  if (body.length > MAX_BODY_BYTES) return new Response('too large\n', { status: 413 });
  const answer = await handleResendWebhook(
    body,
    {
      id: request.headers.get('svix-id'),
      timestamp: request.headers.get('svix-timestamp'),
      signature: request.headers.get('svix-signature'),
    },
    { secret: readEnv().RESEND_WEBHOOK_SECRET },
  );
  return new Response(JSON.stringify({ received: answer.status === 200, outcome: answer.reason }), {
    status: answer.status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
};
