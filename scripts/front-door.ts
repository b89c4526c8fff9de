// What every request meets before the app (scripts/serve.ts): the body limit,
// forwarded headers kept only from trusted proxies, and the booking
// endpoint's fast lane (#16); everything else goes on to `next` (the page
// cache and Astro).
import type { RequestListener } from 'node:http';
import { answerBookingFast, isBookingPost } from '../src/lib/booking/booking-fast-lane.server.ts';
import type { Env } from '../src/lib/config.ts';
import { refuseOversizedBody } from '../src/lib/limits/body-limit.ts';
import { FORWARDED_HEADERS, forwardedHeaders } from '../src/lib/site/network.ts';

export function frontDoor(
  env: Pick<Env, 'REQUEST_BODY_LIMIT_BYTES' | 'TRUSTED_PROXY_HOPS' | 'SITE_URL' | 'PORT'>,
  next: RequestListener,
): RequestListener {
  // Astro trusts forwarded headers on every request (security.allowedDomains in astro.config.mjs);
  // here each request keeps only those its trusted proxies vouch for (TRUSTED_PROXY_HOPS, SITE_URL).
  const policy = { trustedHops: env.TRUSTED_PROXY_HOPS, siteUrl: env.SITE_URL };
  return (req, res) => {
    if (refuseOversizedBody(req, res, env.REQUEST_BODY_LIMIT_BYTES)) return;
    const trusted = forwardedHeaders(req.headers, policy);
    for (const name of FORWARDED_HEADERS) delete req.headers[name];
    Object.assign(req.headers, trusted);
    // A booking from a local session is answered before Astro, with the same work.
    if (isBookingPost(req)) {
      answerBookingFast(req, res, { port: env.PORT }).then(
        (answered) => answered || next(req, res),
        (error: unknown) => {
          console.error('samspil: the booking fast lane failed;', error);
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
          res.end('{"error":"server_error"}');
        },
      );
      return;
    }
    next(req, res);
  };
}
