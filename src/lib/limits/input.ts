// Text no form or API of ours can use: NUL and the other C0 control
// characters (tab, line feed and carriage return excepted), DEL, the
// replacement character U+FFFD (what bytes that are not UTF-8 decode to) and
// lone surrogates. Postgres refuses NUL in text outright; the rest has no
// place in a name, an email or a gate's label. Pure: no I/O.
import { z } from 'zod';

// Matching control characters is this expression's purpose.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]|\p{Cs}/u;

export function isPlainText(value: string): boolean {
  return !FORBIDDEN.test(value);
}

/** A zod string that refuses control characters (for JSON APIs, where the middleware does not look). */
export function plainText(schema: z.ZodString = z.string()) {
  return schema.refine(isPlainText, { message: 'invalid_characters' });
}

/** The name of the first form field whose value (or name) is not plain text, or null. */
export function malformedFormField(form: FormData): string | null {
  for (const [name, value] of form) {
    if (!isPlainText(name)) return '?';
    if (typeof value === 'string' && !isPlainText(value)) return name;
  }
  return null;
}

/**
 * True when the URL's path or query decodes to text that is not plain, or
 * does not decode at all (a percent-escape that is not UTF-8).
 */
export function malformedUrl(href: string): boolean {
  const url = new URL(href);
  try {
    if (!isPlainText(decodeURIComponent(url.pathname))) return true;
  } catch {
    return true;
  }
  for (const [name, value] of url.searchParams) {
    if (!isPlainText(name) || !isPlainText(value)) return true;
  }
  return false;
}
