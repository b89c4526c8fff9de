// Organiser use cases: the list of an event's solutions, one solution with
// its history, the decision (emailed to the contact person), and placing
// accepted solutions in gallery rounds. Runs as the organiser under RLS: an
// organiser of another event finds nothing and may write nothing.
import type { MyEvent } from '../auth/my-roles.server.ts';
import { asUser, type SignedIn, sql, type Sql, type Tx } from '../db/db.server.ts';
import type { Sector } from '../events/events.ts';
import type { Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import { enqueueEmail } from '../mail/outbox.server.ts';
import { refusalState, type Outcome } from './solutions.server.ts';
import {
  type AssignInput,
  type ListedSolution,
  matchesFilters,
  type PartnerInput,
  type ReviewDecision,
  type ReviewInput,
  type SolutionFilters,
  type SolutionStatus,
} from './solutions.ts';
import { pathsFor } from '../site/paths.ts';

/** An event the caller organises, as the organiser page loader found it (auth/my-roles.server.ts). */
export type OrganisedEvent = Pick<MyEvent, 'id' | 'slug' | 'name' | 'timeZone'> & Partial<Pick<MyEvent, 'role'>>;

/**
 * A solution's organisations: once accepted (or seeded) they are rows in
 * solution_partners, lead first; before that, what the exhibitor typed
 * (solutions.partners). Reading only the typed list left seeded solutions
 * without organisations in the console.
 */
const partnersOf = (tx: Tx) => tx`coalesce(
  (select json_agg(json_build_object('name', o.name, 'sector', o.sector) order by sp.role = 'partner', sp.position, o.name)
     from public.solution_partners sp join public.organisations o on o.id = sp.organisation_id
    where sp.solution_id = s.id),
  s.partners::json)`;

export interface SolutionListItem extends ListedSolution {
  id: string;
  slug: string;
  partners: PartnerInput[];
  rounds: number;
  createdAt: Date;
}

export async function listEventSolutions(
  claims: SignedIn,
  eventId: string,
  filters: SolutionFilters,
  db: Sql = sql(),
): Promise<SolutionListItem[]> {
  const rows = await asUser(
    claims,
    (tx) => tx<
      {
        id: string;
        slug: string;
        title: string;
        summary: string;
        contact_name: string | null;
        status: SolutionStatus;
        award_nominee: boolean;
        partners: PartnerInput[];
        rounds: number;
        created_at: Date;
      }[]
    >`
      select s.id, s.slug, s.title, s.summary, s.contact_name, s.status, s.award_nominee,
             ${partnersOf(tx)} as partners, s.created_at,
             (select count(*)::int from public.gallery_presentations gp where gp.solution_id = s.id) as rounds
      from public.solutions s
      where s.event_id = ${eventId} and s.status <> 'draft'
      order by s.created_at`,
    db,
  );
  return rows
    .map((row) => ({
      id: row.id,
      slug: row.slug,
      title: row.title,
      summary: row.summary,
      contactName: row.contact_name,
      status: row.status,
      awardNominee: row.award_nominee,
      partners: row.partners,
      sectors: row.partners.map((p) => p.sector),
      partnerNames: row.partners.map((p) => p.name),
      rounds: row.rounds,
      createdAt: row.created_at,
    }))
    .filter((solution) => matchesFilters(solution, filters));
}

export interface RoundOption {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  room: string | null;
  taken: { position: number; title: string; presentationId: string; solutionId: string }[];
}

export interface ReviewPage {
  solution: {
    id: string;
    slug: string;
    title: string;
    summary: string;
    targetGroup: string | null;
    results: string | null;
    evidence: string | null;
    links: string[];
    partners: PartnerInput[];
    /** Null when the contact deleted their account. */
    contactName: string | null;
    contactEmail: string;
    contactPhone: string | null;
    awardNominee: boolean;
    status: SolutionStatus;
  };
  reviews: { decision: ReviewDecision; message: string; createdAt: Date }[];
  rounds: RoundOption[];
}

export async function loadReview(
  claims: SignedIn,
  event: OrganisedEvent,
  solutionId: string,
  lang: Lang,
  db: Sql = sql(),
): Promise<ReviewPage | null> {
  return asUser(
    claims,
    async (tx) => {
      const [s] = await tx<
        {
          id: string;
          slug: string;
          title: string;
          summary: string;
          target_group: string | null;
          results: string | null;
          evidence: string | null;
          links: string[];
          partners: PartnerInput[];
          contact_name: string | null;
          award_nominee: boolean;
          status: SolutionStatus;
        }[]
      >`
      select s.id, s.slug, s.title, s.summary, s.target_group, s.results, s.evidence, s.links,
             ${partnersOf(tx)} as partners, s.contact_name, s.award_nominee, s.status
      from public.solutions s where s.id = ${solutionId} and s.event_id = ${event.id}`;
      if (!s) return null;
      const [contact] = await tx<{ contact_email: string | null; contact_phone: string | null }[]>`
      select contact_email, contact_phone from private.solution_contact(${solutionId})`;
      const reviews = await tx<{ decision: ReviewDecision; message: string; created_at: Date }[]>`
      select decision, message, created_at from public.solution_reviews
      where solution_id = ${solutionId} order by created_at desc`;
      // Gallery rounds are the organisers' to fill; a reviewer's page has none.
      const rounds = event.role === 'reviewer' ? [] : await loadRounds(tx, event.id, lang);
      return {
        solution: {
          id: s.id,
          slug: s.slug,
          title: s.title,
          summary: s.summary,
          targetGroup: s.target_group,
          results: s.results,
          evidence: s.evidence,
          links: s.links,
          partners: s.partners,
          contactName: s.contact_name,
          contactEmail: contact?.contact_email ?? '',
          contactPhone: contact?.contact_phone ?? null,
          awardNominee: s.award_nominee,
          status: s.status,
        },
        reviews: reviews.map((r) => ({ decision: r.decision, message: r.message, createdAt: r.created_at })),
        rounds,
      };
    },
    db,
  );
}

async function loadRounds(tx: Tx, eventId: string, lang: Lang): Promise<RoundOption[]> {
  const rows = await tx<
    {
      id: string;
      title: string;
      title_en: string | null;
      starts_at: Date;
      ends_at: Date;
      room: string | null;
      taken: { position: number; title: string; presentation_id: string; solution_id: string }[];
    }[]
  >`
    select s.id, s.title, s.title_en, s.starts_at, s.ends_at, r.name as room,
           coalesce((select json_agg(json_build_object('position', gp.position, 'title', so.title,
                                                       'presentation_id', gp.id, 'solution_id', so.id) order by gp.position)
                     from public.gallery_presentations gp join public.solutions so on so.id = gp.solution_id
                     where gp.session_id = s.id), '[]') as taken
    from public.sessions s left join public.rooms r on r.id = s.room_id
    where s.event_id = ${eventId} and s.kind = 'gallery_round'
    order by s.starts_at, r.name nulls last, s.title`;
  return rows.map((row) => ({
    id: row.id,
    title: localized(lang, row.title, row.title_en),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    room: row.room,
    taken: row.taken.map((t) => ({
      position: t.position,
      title: t.title,
      presentationId: t.presentation_id,
      solutionId: t.solution_id,
    })),
  }));
}

const TEMPLATE_OF = {
  accepted: 'solution-accepted',
  rejected: 'solution-rejected',
  changes_requested: 'solution-changes-requested',
} as const;

/** Records the organiser's decision; Postgres moves the status (or refuses the move). */
export async function decideOnSolution(
  claims: SignedIn,
  event: OrganisedEvent,
  input: ReviewInput,
  context: { origin: string; lang: Lang },
): Promise<Outcome<null>> {
  try {
    return await asUser(claims, async (tx) => {
      const [solution] = await tx<{ title: string; contact_name: string | null }[]>`
        select title, contact_name from public.solutions where id = ${input.solutionId} and event_id = ${event.id}`;
      if (!solution) return { ok: false, code: 'not_found' } as const;
      const [contact] = await tx<{ contact_email: string | null }[]>`
        select contact_email from private.solution_contact(${input.solutionId})`;
      const [review] = await tx<{ id: string }[]>`
        insert into public.solution_reviews (event_id, solution_id, decision, message)
        values (${event.id}, ${input.solutionId}, ${input.decision}, ${input.message}) returning id`;
      // A contact who deleted their account is told nothing: the decision stays on the solution.
      if (contact?.contact_email) {
        await enqueueEmail(tx, {
          idempotencyKey: `solution-review/${review!.id}`,
          to: contact.contact_email,
          lang: context.lang,
          template: TEMPLATE_OF[input.decision],
          data: {
            recipientName: solution.contact_name ?? '',
            eventName: event.name,
            solutionTitle: solution.title,
            message: input.message,
            myPageUrl: new URL(pathsFor(context.lang).mySolutions(), context.origin).href,
          },
        });
      }
      return { ok: true, value: null } as const;
    });
  } catch (error) {
    const { code } = refusalState(error);
    if (code === '23514') return { ok: false, code: 'invalid_transition' };
    if (code === '42501') return { ok: false, code: 'not_found' };
    throw error;
  }
}

/** Places an accepted solution in a round at a position; conflicts come back as codes. */
export async function assignToRound(
  claims: SignedIn,
  event: OrganisedEvent,
  input: AssignInput,
): Promise<Outcome<null>> {
  try {
    await asUser(
      claims,
      (tx) => tx`
        insert into public.gallery_presentations (event_id, session_id, solution_id, position)
        values (${event.id}, ${input.sessionId}, ${input.solutionId}, ${input.position})`,
    );
    return { ok: true, value: null };
  } catch (error) {
    const { code, constraint } = refusalState(error);
    if (code === '23P01') return { ok: false, code: 'overlapping_round' };
    if (code === '23505') {
      return { ok: false, code: constraint.includes('solution_id') ? 'already_in_round' : 'position_taken' };
    }
    if (code === '42501') return { ok: false, code: 'not_accepted' };
    if (code === '23503') return { ok: false, code: 'not_found' };
    throw error;
  }
}

export async function unassignFromRound(
  claims: SignedIn,
  event: OrganisedEvent,
  presentationId: string,
): Promise<Outcome<null>> {
  const deleted = await asUser(
    claims,
    (tx) => tx`delete from public.gallery_presentations where id = ${presentationId} and event_id = ${event.id}`,
  );
  return deleted.count === 1 ? { ok: true, value: null } : { ok: false, code: 'not_found' };
}

export type { Sector };
