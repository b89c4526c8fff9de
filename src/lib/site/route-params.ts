// An endpoint's route parameters, read from the path without its language
// prefix. Astro computes an endpoint's `params` from the URL that was asked
// for, and English URLs (/en/…) are rewritten by the middleware to the Danish
// route files, so under /en/ an endpoint's `params` come out empty (pages are
// not affected). Every localised endpoint (not /api/) reads its parameters
// here, with its own route pattern. Pure.
import type { APIContext } from 'astro';

/** `pattern` as the route file names it: '/[event]/program/[session].ics', '/files/[...key]'. */
export function routeParams(pattern: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const source = pattern
    .split(/(\[(?:\.\.\.)?[A-Za-z]\w*\])/)
    .map((part) => {
      const param = /^\[(\.\.\.)?(\w+)\]$/.exec(part);
      if (!param) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[2]!);
      return param[1] ? '(.+)' : '([^/]+)';
    })
    .join('');
  const match = new RegExp(`^${source}$`).exec(path);
  if (!match) return null;
  const params: Record<string, string> = {};
  try {
    names.forEach((name, index) => (params[name] = decodeURIComponent(match[index + 1]!)));
  } catch {
    return null;
  }
  return params;
}

/** The endpoint's parameters in either language; `{}` when the path is not the pattern's. */
export function endpointParams(context: Pick<APIContext, 'locals'>, pattern: string): Partial<Record<string, string>> {
  return routeParams(pattern, context.locals.pathWithoutLang) ?? {};
}
