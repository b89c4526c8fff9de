// The lean booking endpoint's Astro door (the work is answerBookingApi in
// src/lib/booking/booking-api.server.ts): what `astro dev` serves, and what
// the built server falls back to when its fast lane
// (src/lib/booking/booking-fast-lane.server.ts) leaves a post to Astro — a
// session only readClaims can read (Supabase Auth, one due for renewal, none).
// The form itself still posts to the action without JavaScript.
import type { APIRoute } from 'astro';
import { clearLocalSessionCookie } from '../../lib/auth/local-auth.server.ts';
import { answerBookingApi, BOOKING_API_MAX_BODY_BYTES } from '../../lib/booking/booking-api.server.ts';
import { json, jsonBodyOf } from '../../lib/checkin/http.ts';

export const prerender = false;

export const POST: APIRoute = async (context) => {
  const { request, url, locals } = context;
  const answered = await answerBookingApi({
    url,
    origin: request.headers.get('origin'),
    claims: locals.claims,
    unconfirmed: locals.unconfirmedSession ?? null,
    client: { forwardedFor: request.headers.get('x-forwarded-for'), socketAddress: clientAddressOf(context) },
    readBody: () => jsonBodyOf(request, BOOKING_API_MAX_BODY_BYTES),
  });
  if (answered.endSession) clearLocalSessionCookie(context);
  const response = json(answered.body, answered.status);
  for (const [name, value] of Object.entries(answered.headers)) response.headers.set(name, value);
  return response;
};

/** Astro's clientAddress, which throws where the adapter cannot tell. */
function clientAddressOf(context: { clientAddress: string }): string | undefined {
  try {
    return context.clientAddress;
  } catch {
    return undefined;
  }
}
