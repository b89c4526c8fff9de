// `npm run bench:vote`: the audience award's vote in the closing session.
// 1,200 checked-in attendees (tests/fixtures/takeaways-world.ts) and an open
// award with three nominees on the built server with its embedded Postgres;
// then every attendee votes once over HTTP at the same time (a form post to
// the vote action, as a phone without JavaScript would send it; CONNECTIONS
// phones at once), every attendee's phone sends it again (a double tap: the
// answer is "unchanged"), and the same SQL function is called directly from
// this process with the same concurrency on a second event. Votes per second
// and p50/p95/p99 beside each other, and after each run the exactly-once
// check: one vote row per ticket, none lost, none doubled (the bench fails
// otherwise). 1,200 phones in two minutes is 10 votes a second on average.
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { ANON, connect, type Sql } from '../src/lib/db/db.server.ts';
import { castVote } from '../src/lib/award/award.server.ts';
import { startTestServer } from '../tests/fixtures/server.ts';
import { insertPastDay, type PastDay } from '../tests/fixtures/takeaways-world.ts';
import { BENCH_SERVER_ENV, benchClientAddress } from './lib/clients.ts';
import { percentile } from './lib/load.ts';
import { BENCH_FSYNC, printSetup } from './lib/setup.ts';

const ATTENDEES = Number(process.env.BENCH_ATTENDEES ?? 1200);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

const round = (value: number) => Math.round(value * 10) / 10;
const ANSWERS = [
  'unchanged',
  'changed',
  'cast',
  'invalid',
  'cancelled',
  'not_checked_in',
  'no_award',
  'not_open',
  'closed',
];

/** An open award with the day's two solutions and a third nominee, and every ticket's vote link. */
async function openAward(db: Sql, day: PastDay): Promise<{ links: string[]; nominees: string[] }> {
  const [third] = await db<{ id: string }[]>`
    insert into public.solutions (event_id, slug, title, summary, contact_name, contact_email, status)
    values (${day.eventId}, 'tredje', 'Den tredje', 'En løsning mere', 'Kim', 'kim@example.org', 'accepted')
    returning id`;
  const [award] = await db<{ id: string }[]>`
    insert into public.awards (event_id, name, opens_at, closes_at)
    values (${day.eventId}, 'Publikumsprisen', now() - interval '1 minute', now() + interval '1 hour')
    returning id`;
  const nominees = [day.solutionId, day.otherSolutionId, third!.id];
  await db`
    insert into public.award_nominees (event_id, award_id, solution_id)
    select ${day.eventId}, ${award!.id}, unnest(${nominees}::uuid[])`;
  const links = await db<{ token: string }[]>`
    select private.sign_award_link(id, revision) as token from public.tickets
     where event_id = ${day.eventId} order by id`;
  return { links: links.map((row) => row.token), nominees };
}

async function exactlyOnce(db: Sql, eventId: string, expected: number): Promise<string> {
  const [row] = await db<{ rows: number; tickets: number }[]>`
    select count(*)::int as rows, count(distinct ticket_id)::int as tickets
      from private.award_votes where event_id = ${eventId}`;
  const ok = row!.rows === expected && row!.tickets === expected;
  if (!ok) process.exitCode = 1;
  return `${row!.rows} rows for ${row!.tickets} tickets (expected ${expected}): ${ok ? 'exact' : 'BROKEN'}`;
}

/** Every link posts its vote once over HTTP; 200s with the expected answer are counted and timed. */
async function overHttp(
  label: string,
  baseUrl: string,
  links: string[],
  choiceOf: (index: number) => string,
  expected: string,
): Promise<Record<string, string | number>> {
  const times: number[] = [];
  const answers: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  // autocannon ends a run with an amount at its next one-second tick; the last answer ends it here.
  let lastAnswer = started;
  await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url: baseUrl,
        connections: CONNECTIONS,
        amount: links.length,
        timeout: 30,
        requests: [
          {
            method: 'POST',
            path: '/_actions/award.vote',
            setupRequest: (request) => {
              const index = next++;
              return {
                ...request,
                headers: {
                  'content-type': 'application/x-www-form-urlencoded',
                  origin: baseUrl,
                  'x-forwarded-for': benchClientAddress(index),
                },
                body: new URLSearchParams({ token: links[index]!, solution: choiceOf(index) }).toString(),
              };
            },
            onResponse: (status, body) => {
              // The action's answer is devalue-encoded; its code is one of these strings in it.
              const code =
                status === 200 ? (ANSWERS.find((name) => body.includes(`"${name}"`)) ?? '?') : `HTTP ${status}`;
              answers[code] = (answers[code] ?? 0) + 1;
            },
          },
        ],
      },
      (error: unknown, finished: autocannon.Result) => (error ? reject(error) : resolve(finished)),
    ).on('response', (_client: unknown, status: number, _size: number, responseTime: number) => {
      lastAnswer = performance.now();
      if (status === 200) times.push(responseTime);
    });
  });
  const seconds = (lastAnswer - started) / 1000;
  times.sort((a, b) => a - b);
  const ok = answers[expected] ?? 0;
  if (ok !== links.length) process.exitCode = 1;
  return {
    what: label,
    votes: links.length,
    [`answered ${expected}`]: ok,
    perSecond: round(links.length / seconds),
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    p99: round(percentile(times, 99)),
    other: JSON.stringify(Object.fromEntries(Object.entries(answers).filter(([code]) => code !== expected))),
  };
}

/** The same SQL function from this process, CONNECTIONS at a time through a pool of that size. */
async function direct(
  db: Sql,
  links: string[],
  choiceOf: (index: number) => string,
): Promise<Record<string, string | number>> {
  const times: number[] = [];
  const answers: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      for (let index = next++; index < links.length; index = next++) {
        const began = performance.now();
        const answer = await castVote(ANON, links[index]!, choiceOf(index), db);
        times.push(performance.now() - began);
        answers[answer.code] = (answers[answer.code] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const ok = answers['cast'] ?? 0;
  if (ok !== links.length) process.exitCode = 1;
  return {
    what: 'private.cast_award_vote direct (same concurrency)',
    votes: links.length,
    'answered cast': ok,
    perSecond: round(links.length / seconds),
    p50: round(percentile(times, 50)),
    p95: round(percentile(times, 95)),
    p99: round(percentile(times, 99)),
    other: JSON.stringify(Object.fromEntries(Object.entries(answers).filter(([code]) => code !== 'cast'))),
  };
}

async function main() {
  const server = await startTestServer({
    dataDir: path.join(os.tmpdir(), `samspil-bench-vote-${process.pid}`),
    env: BENCH_SERVER_ENV,
    fsync: BENCH_FSYNC,
  });
  const db = connect(server.databaseUrl, { max: CONNECTIONS });
  try {
    const seeding = performance.now();
    const hall = await insertPastDay(db, { slug: 'bench-pris', attendees: ATTENDEES, hoursAgo: 6 });
    const sql = await insertPastDay(db, { slug: 'bench-pris-sql', attendees: ATTENDEES, hoursAgo: 6 });
    const overTheAir = await openAward(db, hall);
    const inProcess = await openAward(db, sql);
    console.log(
      `vote: ${ATTENDEES} checked-in attendees per event, 3 nominees, seeded in ${round((performance.now() - seeding) / 1000)} s`,
    );
    await printSetup(db, {
      concurrency: CONNECTIONS,
      pool: `server ${process.env.DATABASE_POOL_MAX ?? 10}, direct SQL ${CONNECTIONS}`,
    });
    const choice = (nominees: string[]) => (index: number) => nominees[index % nominees.length]!;
    const burst = await overHttp(
      'POST vote (first time)',
      server.baseUrl,
      overTheAir.links,
      choice(overTheAir.nominees),
      'cast',
    );
    const burstCheck = await exactlyOnce(db, hall.eventId, ATTENDEES);
    const replay = await overHttp(
      'POST vote again (double tap)',
      server.baseUrl,
      overTheAir.links,
      choice(overTheAir.nominees),
      'unchanged',
    );
    const replayCheck = await exactlyOnce(db, hall.eventId, ATTENDEES);
    const sqlRun = await direct(db, inProcess.links, choice(inProcess.nominees));
    const sqlCheck = await exactlyOnce(db, sql.eventId, ATTENDEES);
    console.table([burst, replay, sqlRun]);
    console.log(`after the burst: ${burstCheck}`);
    console.log(`after the replays: ${replayCheck}`);
    console.log(`after the direct run: ${sqlCheck}`);
    console.log(
      `HTTP ${burst.perSecond} votes/s (p95 ${burst.p95} ms) = ${round((Number(burst.perSecond) / Number(sqlRun.perSecond)) * 100)} % of direct SQL ${sqlRun.perSecond}/s; ` +
        `1,200 phones in two minutes need 10/s`,
    );
  } finally {
    await db.end();
    await server.stop();
  }
}

await main();
