import { describe, expect, it } from 'vitest';
import { DatabaseTimeoutError, isBadInputError, isDatabaseUnavailable, MalformedInputError } from './outage.ts';

const withCode = (code: string) => Object.assign(new Error(code), { code });

describe('isDatabaseUnavailable', () => {
  it('is true for a database that is away, starting, shutting down or too slow', () => {
    for (const code of [
      'ECONNREFUSED',
      'CONNECT_TIMEOUT',
      'CONNECTION_CLOSED',
      'CONNECTION_ENDED',
      '57P01',
      '57P03',
      '08006',
      '53300',
      '57014',
    ]) {
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
    }
    expect(isDatabaseUnavailable(new DatabaseTimeoutError())).toBe(true);
  });

  it('looks through causes and aggregated errors', () => {
    expect(isDatabaseUnavailable(new Error('action failed', { cause: withCode('ECONNREFUSED') }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([withCode('ECONNREFUSED')], 'connect'))).toBe(true);
  });

  it('is false for bugs and for refused data', () => {
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable(withCode('22021'))).toBe(false);
    expect(isDatabaseUnavailable(withCode('23505'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});

describe('isBadInputError', () => {
  it('is true for Postgres data exceptions (class 22) and malformed requests', () => {
    expect(isBadInputError(withCode('22021'))).toBe(true);
    expect(isBadInputError(withCode('22P05'))).toBe(true);
    expect(isBadInputError(withCode('22001'))).toBe(true);
    expect(isBadInputError(new MalformedInputError())).toBe(true);
  });

  it('is false for an outage or a constraint', () => {
    expect(isBadInputError(withCode('ECONNREFUSED'))).toBe(false);
    expect(isBadInputError(withCode('23505'))).toBe(false);
  });
});
