// The audience award's reads and writes. Organisers act as themselves (the
// definer functions check the organiser role and the version again); voters
// act with their link's token, anonymous or signed in — the token is the
// permission, checked by Postgres (private.cast_award_vote). Votes are never
// read here one by one: only totals, through private.award_results.
import { asUser, type Claims, type SignedIn, sql, type Sql, type Tx } from '../db/db.server.ts';
import { fromWallClock } from '../i18n/wall-clock.ts';
import { refused } from '../site/refusal.ts';
import type { AwardFormInput, AwardRefusal, NomineeTally, VoteAnswer, VoteRefusal } from './award.ts';

export interface Award {
  id: string;
  eventId: string;
  name: string;
  nameEn: string | null;
  description: string | null;
  descriptionEn: string | null;
  opensAt: Date | null;
  closesAt: Date | null;
  juryShare: number;
  announcedAt: Date | null;
  version: number;
}

export interface Nominee {
  solutionId: string;
  slug: string;
  title: string;
  titleEn: string | null;
  summary: string;
  summaryEn: string | null;
  /** The lead organisation (or the first partner), for the ballot. */
  organisation: string | null;
}

type AwardRow = Award;

const AWARD_COLUMNS = (tx: Tx) => tx`
  a.id, a.event_id as "eventId", a.name, a.name_en as "nameEn", a.description, a.description_en as "descriptionEn",
  a.opens_at as "opensAt", a.closes_at as "closesAt", a.jury_share as "juryShare",
  a.announced_at as "announcedAt", a.version`;

/** A solution's columns for the ballot, over `s`, with its lead organisation (or first partner). */
const SOLUTION_COLUMNS = (tx: Tx) => tx`
  s.id as "solutionId", s.slug, s.title, s.title_en as "titleEn", s.summary, s.summary_en as "summaryEn",
  (select o.name from public.solution_partners p join public.organisations o on o.id = p.organisation_id
    where p.solution_id = s.id order by (p.role = 'lead') desc, p.position limit 1) as organisation`;

/** The event's nominees, as the caller may read them (everyone for a published event). */
async function nomineesOf(tx: Tx, eventId: string): Promise<Nominee[]> {
  return tx<Nominee[]>`
    select ${SOLUTION_COLUMNS(tx)}
      from public.award_nominees n
      join public.solutions s on s.id = n.solution_id
     where n.event_id = ${eventId}
     order by s.title, s.id`;
}

async function talliesOf(tx: Tx, eventId: string): Promise<NomineeTally[]> {
  return tx<NomineeTally[]>`
    select solution_id as "solutionId", votes, jury_points as "juryPoints"
      from private.award_results(${eventId})`;
}

export interface AwardConsole {
  award: Award | null;
  /** Every accepted solution of the event, with whether it is a nominee. */
  candidates: (Nominee & { nominee: boolean; juryPoints: number | null })[];
  tallies: NomineeTally[];
  /** Tickets checked in at the entrance: who may vote. */
  eligible: number;
}

/** The organisers' view: settings, candidates, live totals. Null for anyone else. */
export async function loadAwardConsole(
  claims: SignedIn,
  eventId: string,
  db: Sql = sql(),
): Promise<AwardConsole | null> {
  return asUser(
    claims,
    async (tx) => {
      const [allowed] = await tx<{ ok: boolean }[]>`select private.has_event_role(${eventId}, 'organiser') as ok`;
      if (!allowed?.ok) return null;
      const [award] = await tx<AwardRow[]>`
        select ${AWARD_COLUMNS(tx)} from public.awards a where a.event_id = ${eventId}`;
      const candidates = await tx<(Nominee & { nominee: boolean; juryPoints: number | null })[]>`
        select ${SOLUTION_COLUMNS(tx)}, (n.solution_id is not null) as nominee, n.jury_points as "juryPoints"
          from public.solutions s
          left join public.award_nominees n on n.solution_id = s.id
         where s.event_id = ${eventId} and s.status = 'accepted'
         order by s.title, s.id`;
      const tallies = await talliesOf(tx, eventId);
      const [eligible] = await tx<{ count: number }[]>`
        select count(distinct c.ticket_id)::int as count from public.check_ins c
         where c.event_id = ${eventId} and c.result = 'ok' and c.undone_at is null`;
      return { award: award ?? null, candidates, tallies, eligible: eligible?.count ?? 0 };
    },
    db,
  );
}

export interface PublicAward {
  award: Award;
  nominees: Nominee[];
  /** Totals, once announced (empty before). */
  tallies: NomineeTally[];
}

/** The award as anyone may see it on a published event's page; null when there is none. */
export async function loadPublicAward(claims: Claims, eventId: string, db: Sql = sql()): Promise<PublicAward | null> {
  return asUser(
    claims,
    async (tx) => {
      const [award] = await tx<AwardRow[]>`
        select ${AWARD_COLUMNS(tx)} from public.awards a where a.event_id = ${eventId}`;
      if (!award) return null;
      const nominees = await nomineesOf(tx, eventId);
      const tallies = award.announcedAt ? await talliesOf(tx, eventId) : [];
      return { award, nominees, tallies };
    },
    db,
  );
}

export type Ballot = { ok: true; eventId: string; choice: string | null } | VoteRefusal;

/** Who a vote link speaks for and what they chose so far; a refusal when it cannot vote at all. */
export async function loadBallot(claims: Claims, token: string, db: Sql = sql()): Promise<Ballot> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ code: VoteRefusal['code'] | 'ok'; event_id: string | null; choice: string | null }[]>`
      select code, event_id, choice from private.award_voter(${token})`,
    db,
  );
  if (!row || row.code !== 'ok') return refused(row?.code === 'ok' || !row ? 'invalid' : row.code);
  return { ok: true, eventId: row.event_id!, choice: row.choice };
}

/** The event a vote link belongs to, whatever it may do (for the page to show the right event). */
export async function eventOfVoteLink(claims: Claims, token: string, db: Sql = sql()): Promise<string | null> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ event_id: string | null }[]>`select event_id from private.award_voter(${token})`,
    db,
  );
  return row?.event_id ?? null;
}

/** Casts, changes or repeats the vote of the link's ticket. */
export async function castVote(
  claims: Claims,
  token: string,
  solutionId: string | undefined,
  db: Sql = sql(),
): Promise<VoteAnswer> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ answer: { code: string } }[]>`
      select private.cast_award_vote(${token}, ${solutionId ?? null}::uuid) as answer`,
    db,
  );
  const code = row?.answer.code;
  if (code === 'cast' || code === 'changed' || code === 'unchanged') return { ok: true, code };
  return refused((code ?? 'invalid') as VoteRefusal['code']);
}

/** The signed-in person's own vote link for the event (their ticket), or null when they hold none. */
export async function myVoteLink(claims: SignedIn, eventId: string, db: Sql = sql()): Promise<string | null> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ token: string | null }[]>`select private.my_award_link(${eventId}) as token`,
    db,
  );
  return row?.token ?? null;
}

type Saved = { ok: true; version: number | null };

function answerOf(answer: { code: string; version?: number }): Saved | AwardRefusal {
  if (answer.code === 'saved') return { ok: true, version: answer.version ?? null };
  return refused(answer.code as AwardRefusal['code']);
}

/** Creates or updates the award; times are read as wall clocks in the event's zone. */
export async function saveAward(
  claims: SignedIn,
  input: AwardFormInput,
  db: Sql = sql(),
): Promise<Saved | AwardRefusal> {
  return asUser(
    claims,
    async (tx) => {
      const [event] = await tx<{ timezone: string }[]>`select timezone from public.events where id = ${input.event}`;
      if (!event) return refused('not_found');
      const moment = (wallClock: string | null) =>
        wallClock === null ? null : fromWallClock(wallClock, event.timezone);
      const opensAt = moment(input.opensAt);
      const closesAt = moment(input.closesAt);
      // A wall clock the zone skips (the spring change) names no moment.
      if ((input.opensAt !== null && !opensAt) || (input.closesAt !== null && !closesAt))
        return refused('window_order');
      const [row] = await tx<{ answer: { code: string; version?: number } }[]>`
        select private.save_award(
          ${input.event}, ${input.version ?? null}::integer, ${input.name}, ${input.nameEn}, ${input.description},
          ${input.descriptionEn}, ${opensAt}, ${closesAt}, ${input.juryShare}) as answer`;
      return answerOf(row!.answer);
    },
    db,
  );
}

export async function setNominee(
  claims: SignedIn,
  input: { event: string; solution: string; nominee: boolean; juryPoints: number | null },
  db: Sql = sql(),
): Promise<Saved | AwardRefusal> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ answer: { code: string } }[]>`
      select private.set_award_nominee(${input.event}, ${input.solution}, ${input.nominee}, ${input.juryPoints}::integer) as answer`,
    db,
  );
  return answerOf(row!.answer);
}

export async function awardStep(
  claims: SignedIn,
  input: { event: string; version: number; step: 'close' | 'announce' | 'withdraw' },
  db: Sql = sql(),
): Promise<Saved | AwardRefusal> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ answer: { code: string; version?: number } }[]>`
      select private.award_step(${input.event}, ${input.version}, ${input.step}) as answer`,
    db,
  );
  return answerOf(row!.answer);
}
