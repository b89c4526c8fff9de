// The built server with two HTTP worker processes (WEB_CONCURRENCY=2): the
// workers accept connections themselves from the socket they share
// (cluster.SCHED_NONE, scripts/serve.ts), answer pages and bookings through
// the fast lane, and a worker that dies is replaced while the other serves.
// The background jobs run in a process of their own at a lower priority
// (scripts/jobs-process.ts), and a worker's kick after a registration reaches
// it through the first process. No browser: the server's processes and answers are what is tested.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createLocalAuth, LOCAL_SESSION_COOKIE } from '../../src/lib/auth/local-auth.server.ts';
import { connect, type Sql } from '../../src/lib/db/db.server.ts';
import { insertAttendees, insertBookableSession } from '../fixtures/booking-world.ts';
import { freshStamp } from '../fixtures/stamp.ts';
import { startTestServer, type TestServer } from '../fixtures/server.ts';
import { insertEventWorld } from '../fixtures/world.ts';
import { expect, test } from './fixtures.ts';

let server: TestServer;
let db: Sql;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startTestServer({
    dataDir: path.join(os.tmpdir(), `samspil-workers-${process.pid}-${freshStamp()}`),
    env: { WEB_CONCURRENCY: '2' },
  });
  db = connect(server.databaseUrl, { max: 2 });
});

test.afterAll(async () => {
  await db?.end({ timeout: 5 });
  await server?.stop();
});

/** The server's HTTP workers: its child processes running scripts/serve-worker.ts. */
function workerPids(): number[] {
  return childrenRunning('serve-worker');
}

function childrenRunning(script: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const parent = Number(readFileSync(`/proc/${name}/stat`, 'utf8').split(')').pop()!.trim().split(' ')[1]);
        return parent === server.process.pid && readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(script);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** The server's jobs process (scripts/serve-jobs.ts), a child of its first process. */
function jobsPids(): number[] {
  return childrenRunning('serve-jobs');
}

/** A process's nice value (field 19 of /proc/<pid>/stat). */
function niceness(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').pop()!.trim().split(' ')[16]);
}

/** The inodes of the sockets listening on the server's port (/proc/net/tcp and tcp6, state 0A). */
function listeningInodes(): Set<string> {
  const port = Number(new URL(server.baseUrl).port).toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[1]?.endsWith(`:${port}`) && fields[3] === '0A') inodes.add(fields[9]!);
    }
  }
  return inodes;
}

/** Whether a process holds one of these sockets open. */
function holdsSocket(pid: number, inodes: Set<string>): boolean {
  return readdirSync(`/proc/${pid}/fd`).some((fd) => {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      return inodes.has(/^socket:\[(\d+)\]$/.exec(target)?.[1] ?? '');
    } catch {
      return false;
    }
  });
}

/** One request on a connection of its own (no keep-alive), as a rush of new visitors makes them. */
function request(pathname: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const sent = http.request(
      `${server.baseUrl}${pathname}`,
      { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    sent.on('error', reject);
    sent.end(options.body);
  });
}

test('two workers accept and answer a burst of new connections, book through the fast lane, and one that dies is replaced', async () => {
  test.setTimeout(90_000);
  const first = workerPids();
  expect(first).toHaveLength(2);
  // Each worker holds the listening socket itself (the first process does not relay connections).
  const listening = listeningInodes();
  expect(listening.size).toBeGreaterThan(0);
  expect(first.map((pid) => holdsSocket(pid, listening))).toEqual([true, true]);

  // A burst of new connections, all answered.
  const answers = await Promise.all(Array.from({ length: 60 }, () => request('/api/health/ready')));
  expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));

  // A booking from a local session, answered by a worker's fast lane.
  const tag = `workers-${freshStamp()}`;
  const world = await insertEventWorld(db, { slug: tag, status: 'published' });
  const [event] = await db<{ ends_at: Date }[]>`select ends_at from public.events where id = ${world.eventId}`;
  const starts = new Date(event!.ends_at.getTime() + 30 * 24 * 3600_000);
  const session = await insertBookableSession(db, {
    eventId: world.eventId,
    slug: tag,
    startsAt: starts.toISOString(),
    endsAt: new Date(starts.getTime() + 3600_000).toISOString(),
    capacity: 5,
  });
  const [attendee] = await insertAttendees(db, { eventId: world.eventId, count: 1, tag });
  const auth = createLocalAuth({ db, sessionSeconds: 12 * 3600, ipLimitPerHour: 1_000, mailer: async () => {} });
  const token = (await auth.issueSession({ id: attendee!.userId, email: attendee!.email })).token;
  const booked = await request('/api/booking?lang=en', {
    method: 'POST',
    headers: {
      cookie: `${LOCAL_SESSION_COOKIE}=${token}`,
      origin: server.baseUrl,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ event: world.eventId, session, back: `/${tag}/galleri` }),
  });
  expect({ status: booked.status, body: JSON.parse(booked.body) as unknown }).toMatchObject({
    status: 200,
    body: { ok: true, code: 'confirmed' },
  });

  // A worker killed outright: the other keeps answering, and the server starts a new one.
  process.kill(first[0]!, 'SIGKILL');
  await expect.poll(() => workerPids().filter((pid) => !first.includes(pid)).length, { timeout: 30_000 }).toBe(1);
  const after = await Promise.all(Array.from({ length: 20 }, () => request('/api/health/ready')));
  expect(after.map((answer) => answer.status)).toEqual(after.map(() => 200));
});

test("the background jobs run in a process of their own at a lower priority, confirm a worker's registration, and are replaced when they die", async () => {
  test.setTimeout(60_000);
  const [jobs] = jobsPids();
  expect(jobsPids()).toHaveLength(1);
  // Below the requests: the HTTP workers keep the priority the server started with.
  const base = niceness(server.process.pid!);
  expect(niceness(jobs!)).toBe(Math.min(19, base + 10));
  expect(workerPids().map(niceness)).toEqual([base, base]);
  const postgresBase = niceness(server.database.pids()[0]!);
  // Its connections name themselves, and their Postgres processes (on this machine) run lower too.
  await expect
    .poll(
      async () => {
        const rows = await db<{ pid: number }[]>`
          select pid from pg_stat_activity where application_name = 'samspil-jobs'`;
        return rows.length > 0 && rows.every((row) => niceness(row.pid) === Math.min(19, postgresBase + 10));
      },
      { timeout: 15_000 },
    )
    .toBe(true);

  // Who marks an order's confirmation as queued: recorded by a trigger in this throwaway database.
  await db.unsafe(`
    create table if not exists public.e2e_confirmed_by (order_id uuid primary key, application text not null);
    create or replace function public.e2e_record_confirmer() returns trigger language plpgsql as $$
    begin
      insert into public.e2e_confirmed_by values (new.id, current_setting('application_name'));
      return null;
    end $$;
    drop trigger if exists e2e_record_confirmer on public.orders;
    create trigger e2e_record_confirmer after update of confirmation_queued_at on public.orders
      for each row when (old.confirmation_queued_at is null and new.confirmation_queued_at is not null)
      execute function public.e2e_record_confirmer();`);
  const tag = `jobs-${freshStamp()}`;
  const world = await insertEventWorld(db, { slug: tag, status: 'published' });
  const [type] = await db<{ id: string }[]>`
    insert into public.ticket_types (event_id, slug, name, audience, price_ore, capacity)
    values (${world.eventId}, 'gratis', 'Gratis', 'public_sector', 0, 10) returning id`;
  const register = async (who: string) => {
    const email = `${who}-${tag}@example.org`;
    const answer = await request(`/${tag}/tilmelding?_action=registration.register`, {
      method: 'POST',
      headers: { origin: server.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        step: 'details',
        ticketTypeId: type!.id,
        count: '1',
        buyerAttends: 'true',
        'attendees.0.name': `Deltager ${who}`,
        'attendees.0.email': email,
        'attendees.0.organisation': 'Jobrup Kommune',
        'attendees.0.sector': 'kommune',
      }).toString(),
    });
    expect(answer.status).toBe(303);
    return email;
  };
  const confirmedBy = async (email: string) => {
    const rows = await db<{ application: string }[]>`
      select c.application from public.e2e_confirmed_by c join public.orders o on o.id = c.order_id
       where o.buyer_email = ${email}`;
    return rows.map((row) => row.application);
  };

  const first = await register('first');
  await expect.poll(() => confirmedBy(first), { timeout: 20_000 }).toEqual(['samspil-jobs']);

  // Killed outright: the server starts another, which confirms the next registration.
  process.kill(jobs!, 'SIGKILL');
  await expect.poll(() => jobsPids().filter((pid) => pid !== jobs).length, { timeout: 20_000 }).toBe(1);
  const second = await register('second');
  await expect.poll(() => confirmedBy(second), { timeout: 20_000 }).toEqual(['samspil-jobs']);
  const [mail] = await db<{ count: number }[]>`
    select count(*)::int as count from private.outbox_emails
     where recipient in (${first}, ${second}) and template = 'order-confirmation'`;
  expect(mail!.count).toBe(2);
});
