// Stripe's webhook endpoint. The signature is checked over the raw body, so
// the body is read as text and never parsed before that. 400 for a bad or
// stale signature (Stripe stops retrying it), 200 once handled or already
// handled, 500 when handling failed (Stripe retries; nothing was committed).
import type { APIRoute } from 'astro';
import { paymentProvider } from '../../../lib/payments/stripe.server.ts';
import { handleStripeWebhook } from '../../../lib/registration/payment-webhook.server.ts';
import { requestOrigin } from '../../../lib/site/origin.ts';

export const prerender = false;

/** Stripe's events are a few kilobytes; anything far larger is not one of them. */
const MAX_BODY_BYTES = 1_000_000;

export const POST: APIRoute = async ({ request, url }) => {
  const provider = paymentProvider();
  if (!provider) return new Response('payments are not configured\n', { status: 404 });
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > MAX_BODY_BYTES) return new Response('too large\n', { status: 413 });
  const body = await request.text();
  if (body.length > MAX_BODY_BYTES) return new Response('too large\n', { status: 413 });
  const outcome = await handleStripeWebhook(body, request.headers.get('stripe-signature'), {
    provider,
    origin: requestOrigin(url),
  });
  return new Response(JSON.stringify({ received: outcome.status === 200, outcome: outcome.reason }), {
    status: outcome.status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
};
