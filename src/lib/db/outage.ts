// What a database failure means for the request that met it: the database is
// away (503, try again: the answer will change by itself) or the request's own
// data was unacceptable (400: sending it again never helps). Pure: no I/O.

/** The client-side deadline of a transaction passed (the server did not answer in time). */
export class DatabaseTimeoutError extends Error {
  readonly code = 'SAMSPIL_DB_TIMEOUT';
  constructor() {
    super('The database did not answer in time');
  }
}

/** The request carried input no route can use (control characters, bytes that are not UTF-8). */
export class MalformedInputError extends Error {
  readonly code = 'SAMSPIL_BAD_INPUT';
  constructor() {
    super('The request contained malformed input');
  }
}

/** Set by the error page to the status it means (503, 400, 500); the middleware answers with it. */
export const ERROR_STATUS_HEADER = 'x-samspil-error-status';

/** Seconds a client should wait before trying again while the database is away. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

// postgres.js's own codes for a connection that failed or went away, and Node's socket errors.
const CONNECTION_CODES = new Set([
  'SAMSPIL_DB_TIMEOUT',
  // The file storage (storage/port.ts) did not answer: as temporary as a database outage.
  'SAMSPIL_STORAGE_UNAVAILABLE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is going down, starting up, full or too slow:
 * class 08 (connection exception), 57P01–57P03 (shut down, crashed, starting),
 * 53300 (too many connections), 57014 (statement_timeout cancelled it).
 */
function isUnavailableState(state: string): boolean {
  return state.startsWith('08') || /^57P0[123]$/.test(state) || state === '53300' || state === '57014';
}

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  // Errors arrive wrapped (an action's error, an AggregateError of a failed connect): follow the causes.
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    const inner = (current as { errors?: unknown }).errors;
    if (Array.isArray(inner)) codes.push(...inner.flatMap(codesOf));
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

/** True when the error means the database is unreachable or not answering: a 503 with Retry-After. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return codesOf(error).some((code) => CONNECTION_CODES.has(code) || isUnavailableState(code));
}

/**
 * True when Postgres refused the request's own data: class 22 (data
 * exception), e.g. 22021 for a NUL byte or a byte sequence that is not
 * UTF-8, 22001 for a value too long. A 400: retrying the same input never helps.
 */
export function isBadInputError(error: unknown): boolean {
  return codesOf(error).some((code) => code === 'SAMSPIL_BAD_INPUT' || /^22[0-9A-Z]{3}$/.test(code));
}
