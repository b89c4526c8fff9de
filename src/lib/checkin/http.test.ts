// How the check-in API reads the device a request names (x-checkin-device and
// its URI-encoded name): a missing id is no device, anything unreadable is a
// bad request, never a crash or a name with control characters.
import { describe, expect, it } from 'vitest';
import { deviceOf } from './http.ts';

const ID = '0f8e2a4c-6b1d-4e3f-9a5b-7c8d9e0f1a2b';
const request = (headers: Record<string, string>) => new Request('http://localhost/api/checkin/x/sync', { headers });

describe('deviceOf', () => {
  it('is null without the id: the request names no device', () => {
    expect(deviceOf(request({}))).toBeNull();
  });

  it('reads the id and the name, Danish letters included', () => {
    expect(
      deviceOf(
        request({
          'x-checkin-device': ID.toUpperCase(),
          'x-checkin-device-label': encodeURIComponent(' Øst-telefon '),
        }),
      ),
    ).toEqual({ id: ID, label: 'Øst-telefon' });
    expect(deviceOf(request({ 'x-checkin-device': ID }))).toEqual({ id: ID, label: 'device' });
  });

  it('refuses an id that is not a UUID, a name that is not URI-encoded, too long or with control characters', () => {
    expect(deviceOf(request({ 'x-checkin-device': 'telefon-1' }))).toBe('bad');
    expect(deviceOf(request({ 'x-checkin-device': ID, 'x-checkin-device-label': '%E0%A4%A' }))).toBe('bad');
    expect(deviceOf(request({ 'x-checkin-device': ID, 'x-checkin-device-label': 'x'.repeat(101) }))).toBe('bad');
    expect(
      deviceOf(request({ 'x-checkin-device': ID, 'x-checkin-device-label': encodeURIComponent('a\u0000b') })),
    ).toBe('bad');
  });
});
