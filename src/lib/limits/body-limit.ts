// The request body limit, applied to every route before the app reads a byte
// (scripts/serve.ts): a declared Content-Length over the limit is a 413, a
// streamed body of unknown length a 411, so no request can make the server
// read more than the limit into memory.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { splitLocale } from '../i18n/locales.ts';
import { t } from '../i18n/messages.ts';
import { LARGEST_UPLOAD_BYTES, MULTIPART_BODY_LIMIT_BYTES, megabytes } from './uploads.ts';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type BodyVerdict = 'ok' | 'too_large' | 'length_required';

export function judgeBody(
  method: string | undefined,
  headers: { 'content-length'?: string | undefined; 'transfer-encoding'?: string | undefined },
  limit: number,
): BodyVerdict {
  const length = headers['content-length'];
  if (length !== undefined) return Number(length) > limit ? 'too_large' : 'ok';
  if (headers['transfer-encoding'] && METHODS_WITH_BODY.has(method ?? '')) return 'length_required';
  return 'ok';
}

/**
 * The limit for one request: uploads (multipart forms) may be larger, up to
 * MULTIPART_BODY_LIMIT_BYTES, so that the upload's own limits (uploads.ts,
 * checked by the action before reading) can answer at the form's field.
 */
export function bodyLimitFor(contentType: string | undefined, limit: number): number {
  return /^multipart\/form-data/i.test(contentType ?? '') ? Math.max(limit, MULTIPART_BODY_LIMIT_BYTES) : limit;
}

/** Answers and closes a request whose body is over the limit; false when the request may go on. */
export function refuseOversizedBody(req: IncomingMessage, res: ServerResponse, baseLimit: number): boolean {
  const limit = bodyLimitFor(req.headers['content-type'], baseLimit);
  const verdict = judgeBody(req.method, req.headers, limit);
  if (verdict === 'ok') return false;
  const status = verdict === 'too_large' ? 413 : 411;
  const pathname = (req.url ?? '/').split('?')[0] ?? '/';
  const json = pathname.startsWith('/api/') || pathname.startsWith('/_actions/');
  const { lang } = splitLocale(pathname);
  const upload = limit !== baseLimit;
  const title = upload
    ? t(lang)('storage.refused.requestTooLarge', { megabytes: megabytes(LARGEST_UPLOAD_BYTES) })
    : t(lang)('service.tooLarge.title');
  const body = json
    ? JSON.stringify({ error: verdict, limitBytes: limit })
    : `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1></main></body></html>`;
  res.writeHead(status, {
    'content-type': json ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The rest of the body is never read: the connection cannot carry another request.
    connection: 'close',
  });
  res.end(body, () => req.socket.destroySoon?.());
  return true;
}
