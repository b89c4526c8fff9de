import { defineMiddleware } from 'astro:middleware';
import { ANON } from './lib/db/db.server.ts';
import { splitLocale } from './lib/i18n/locales.ts';

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

export const onRequest = defineMiddleware(async (context, next) => {
  const { lang, path } = splitLocale(context.url.pathname);
  context.locals.lang = lang;
  context.locals.pathWithoutLang = path;
  context.locals.claims = ANON;
  // English pages are the Danish page files rendered with lang = 'en'.
  const response = lang === 'en' ? await next(path + context.url.search) : await next();
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    if (!response.headers.has(name)) response.headers.set(name, value);
  }
  return response;
});
