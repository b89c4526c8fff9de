// The lean booking endpoint (POST /api/booking, JSON) against the built server:
// the same guarantees as the booking form's action — a live session, our own
// origin, the per-person rate limit, and private.book_session's capacity and
// waitlist — each refusal a 4xx with a code and a sentence in the asked
// language. No browser: what is tested is the HTTP contract, through both of
// the endpoint's doors: the built server's fast lane (a local session as it
// is) and the Astro route (a session due for renewal, which only readClaims
// renews — the path a Supabase session takes as well).
import { createLocalAuth, LOCAL_SESSION_COOKIE } from '../../src/lib/auth/local-auth.server.ts';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { insertAttendees, insertBookableSession } from '../fixtures/booking-world.ts';
import { insertEventWorld } from '../fixtures/world.ts';
import { expect, test } from './fixtures.ts';

interface Answer {
  status: number;
  body: { ok: boolean; code?: string; error?: string; message: string; position?: number; location?: string };
  setCookie: string | null;
}

/** Which door a session's posts take: a fresh session the fast lane's, one past half its life Astro's. */
const DOORS = [
  { door: 'fast lane', sessionSeconds: 12 * 3600 },
  { door: 'Astro route', sessionSeconds: 3600 },
] as const;

for (const { door, sessionSeconds } of DOORS) {
  test(`the JSON endpoint books under the same rules as the form, and refuses in words (${door})`, async ({
    baseURL,
  }) => {
    test.setTimeout(90_000);
    const db: Sql = connect(process.env.E2E_DATABASE_URL!, { max: 2 });
    try {
      const tag = `api-${sessionSeconds}-${Date.now()}`;
      // A day of its own (never the demo day: other specs count its gallery rounds).
      const EVENT = `e2e-${tag}`;
      const world = await insertEventWorld(db, { slug: EVENT, status: 'published' });
      const [event] = await db<
        { id: string; ends_at: Date }[]
      >`select id, ends_at from public.events where id = ${world.eventId}`;
      // A round of one seat after the day, at an hour of its own, and three attendees (one without a ticket).
      const starts = new Date(event!.ends_at.getTime() + (20 + (Date.now() % 50)) * 24 * 3600_000);
      const session = await insertBookableSession(db, {
        eventId: event!.id,
        slug: tag,
        startsAt: starts.toISOString(),
        endsAt: new Date(starts.getTime() + 3600_000).toISOString(),
        capacity: 1,
      });
      const [first, second] = await insertAttendees(db, { eventId: event!.id, count: 2, tag });
      const [ticketless] = await db<{ id: string; email: string }[]>`
      insert into auth.users (id, email) values (gen_random_uuid(), ${`${tag}-none@example.org`}) returning id, email`;
      // Sessions as sign-in issues them, signed with the server's shared secret (the same database).
      const auth = createLocalAuth({ db, sessionSeconds, ipLimitPerHour: 1_000, mailer: async () => {} });
      const cookieOf = async (user: { id: string; email: string }) =>
        `${LOCAL_SESSION_COOKIE}=${(await auth.issueSession(user)).token}`;
      const firstCookie = await cookieOf({ id: first!.userId, email: first!.email });
      const secondCookie = await cookieOf({ id: second!.userId, email: second!.email });
      const noTicketCookie = await cookieOf(ticketless!);

      const book = async (
        options: { cookie?: string; origin?: string | null; lang?: 'da' | 'en'; body?: string } = {},
      ): Promise<Answer> => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (options.cookie) headers['cookie'] = options.cookie;
        if (options.origin !== null) headers['origin'] = options.origin ?? baseURL!;
        const response = await fetch(`${baseURL}/api/booking?lang=${options.lang ?? 'da'}`, {
          method: 'POST',
          headers,
          body: options.body ?? JSON.stringify({ event: event!.id, session, back: `/${EVENT}/galleri` }),
          redirect: 'manual',
        });
        expect(response.headers.get('content-type')).toContain('application/json');
        expect(response.headers.get('cache-control')).toBe('private, no-store');
        // The middleware's headers, on either door.
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('x-frame-options')).toBe('DENY');
        expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
        return {
          status: response.status,
          body: (await response.json()) as Answer['body'],
          setCookie: response.headers.get('set-cookie'),
        };
      };
      const seats = async () =>
        (await db<{ taken: number }[]>`select seats_taken as taken from public.sessions where id = ${session}`)[0]!
          .taken;

      // Signed out: 401, in Danish or English as asked; nothing booked.
      expect(await book()).toMatchObject({
        status: 401,
        body: { ok: false, error: 'not_signed_in', message: 'Log ind for at booke en plads' },
      });
      expect((await book({ lang: 'en' })).body.message).toBe('Sign in to book a seat');
      // Another site's page (or no Origin at all) may not book for a signed-in visitor.
      expect(await book({ cookie: firstCookie, origin: 'https://evil.example' })).toMatchObject({
        status: 403,
        body: { error: 'cross_origin', message: expect.stringContaining('ikke kom fra denne side') },
      });
      expect((await book({ cookie: firstCookie, origin: null })).status).toBe(403);
      // Bad input: 400 with the form's sentence.
      expect(await book({ cookie: firstCookie, body: '{"event": 1' })).toMatchObject({
        status: 400,
        body: { error: 'bad_request', message: 'Forespørgslen var ugyldig. Prøv igen fra programmet.' },
      });
      expect(
        (await book({ cookie: firstCookie, body: JSON.stringify({ event: event!.id, session: 'x' }) })).status,
      ).toBe(400);
      // Signed in without a ticket: the booking function's refusal, 403.
      expect(await book({ cookie: noTicketCookie })).toMatchObject({ status: 403, body: { error: 'no_ticket' } });
      expect(await seats()).toBe(0);

      // The one seat, then the line: over capacity is a numbered place on the waitlist, never a second seat.
      const booked = await book({ cookie: firstCookie });
      expect(booked).toMatchObject({
        status: 200,
        body: { ok: true, code: 'confirmed', message: 'Du har fået en plads.' },
      });
      expect(booked.body.location).toBe(`/${EVENT}/galleri?booking=confirmed&session=${session}`);
      // The door it took: Astro's readClaims renews a session past half its life; the fast lane
      // takes only a session it need not renew, and sets no cookie.
      if (door === 'Astro route') expect(booked.setCookie).toContain(`${LOCAL_SESSION_COOKIE}=`);
      else expect(booked.setCookie).toBeNull();
      const waiting = await book({ cookie: secondCookie, lang: 'en' });
      expect(waiting).toMatchObject({ status: 200, body: { ok: true, code: 'waitlisted', position: 1 } });
      expect(waiting.body.message).toContain('You are number 1 on the waitlist');
      expect(await seats()).toBe(1);
      // Twice is once: 409 already_booked.
      expect(await book({ cookie: firstCookie })).toMatchObject({ status: 409, body: { error: 'already_booked' } });

      // The person's rate limit (BOOKING_USER_LIMIT_PER_MINUTE, 60 by default) holds here too: 429 with the wait.
      let limited: Answer | undefined;
      for (let attempt = 0; attempt < 70 && !limited; attempt += 1) {
        const answer = await book({ cookie: firstCookie });
        if (answer.status === 429) limited = answer;
      }
      expect(limited).toMatchObject({ status: 429, body: { error: 'rate_limited' } });
      expect(limited!.body.message).toMatch(/Vent \d+ minut/);

      // A session ended since the cookie was issued (signed out elsewhere) books nothing: 401, cookie cleared.
      await db`delete from private.auth_sessions where user_id = ${second!.userId}`;
      const ended = await book({ cookie: secondCookie });
      expect(ended).toMatchObject({ status: 401, body: { error: 'not_signed_in' } });
      expect(ended.setCookie).toMatch(
        new RegExp(`${LOCAL_SESSION_COOKIE}=[^;]*;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)`, 'i'),
      );
      const [line] = await db<{ n: number }[]>`
      select count(*)::int as n from public.bookings where session_id = ${session} and status <> 'cancelled'`;
      expect(line!.n).toBe(2);
    } finally {
      await db.end();
    }
  });
}
