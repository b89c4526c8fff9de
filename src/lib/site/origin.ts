// The origin that links in emails, calendars and payment return URLs are
// built on, for a request or for a background job. One rule everywhere:
// SITE_URL when set; without it only a loopback request (a developer's
// machine) may supply its own origin, and a job with no request uses
// localhost outside production. A forged Host header must never put someone
// else's site into an email.
import { isLoopbackHost } from '../auth/auth.ts';
import { type Env, serverEnv } from '../config.ts';

export interface OriginSettings {
  siteUrl: string | undefined;
  port: number;
  production: boolean;
}

export function originSettings(env: Env): OriginSettings {
  return { siteUrl: env.SITE_URL, port: env.PORT, production: env.NODE_ENV === 'production' };
}

/** The public origin, or null when none may be used (see the rule above). */
export function publicOrigin(settings: OriginSettings, requestUrl?: URL): string | null {
  if (settings.siteUrl) return new URL(settings.siteUrl).origin;
  if (requestUrl) return isLoopbackHost(requestUrl.hostname) ? requestUrl.origin : null;
  return settings.production ? null : `http://localhost:${settings.port}`;
}

/** No origin may be used for links in this configuration: SITE_URL is missing. Pages answer 503. */
export class NoPublicOriginError extends Error {}

/** The origin for links in this request's emails and redirects; throws NoPublicOriginError when none may be used. */
export function requestOrigin(url: URL, env: Env = serverEnv()): string {
  const origin = publicOrigin(originSettings(env), url);
  if (!origin) throw new NoPublicOriginError('Set SITE_URL: links in emails are built from it.');
  return origin;
}

/** The origin links in the jobs' emails are built from; null (and a log line saying the jobs are off) without one. */
export function jobOrigin(env: Env, name: string, log: (line: string) => void): string | null {
  const origin = publicOrigin(originSettings(env));
  if (!origin) log(`${name} are off: set SITE_URL, which links in emails are built from`);
  return origin;
}
