// Call-for-solutions use cases for exhibitors: propose, edit, submit,
// withdraw, invite colleagues, and the portal's view of their solutions.
// Everything runs as the caller under RLS; Postgres decides who may do what
// and which status moves are allowed, and emails are queued in the same
// transaction as the change they report.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { asUser, type Claims, type SignedIn, type Tx } from '../db/db.server.ts';
import type { Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import { enqueueEmail } from '../mail/outbox.server.ts';
import type { SolutionFormValues } from './form-values.ts';
import { rowsForStored } from './partner-rows.ts';
import { type CallField, type CallFields, callFieldsFrom, hiddenFields, missingRequiredFields } from './call-fields.ts';
import {
  type CallWindow,
  canEdit,
  editClosedReason,
  type EditClosedReason,
  type OrganiserContact,
  type PartnerInput,
  type SolutionErrorCode,
  type SolutionInput,
  type SolutionStatus,
  slugFor,
} from './solutions.ts';
import { pathsFor } from '../site/paths.ts';

export type Outcome<T> = { ok: true; value: T } | { ok: false; code: SolutionErrorCode; fields?: readonly string[] };

const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const refuse = (code: SolutionErrorCode): Outcome<never> => ({ ok: false, code });

/**
 * The event's call questions applied to a write: a submission with a required
 * field empty is refused (with the fields), and the columns of fields the
 * event does not ask are left out, so answers given before stay.
 */
function applyCallFields(
  stored: unknown,
  input: SolutionInput,
  columns: Record<string, unknown>,
  submitting: boolean,
): { ok: false; code: 'required_missing'; fields: readonly string[] } | { ok: true; columns: Record<string, unknown> } {
  const fields = callFieldsFrom(stored);
  if (submitting) {
    const missing = missingRequiredFields(fields, input);
    if (missing.length > 0) return { ok: false, code: 'required_missing', fields: missing };
  }
  const written = { ...columns };
  for (const field of hiddenFields(fields)) {
    for (const column of CALL_FIELD_COLUMNS[field]) delete written[column];
  }
  return { ok: true, columns: written };
}

const CALL_FIELD_COLUMNS: Record<CallField, readonly string[]> = {
  titleEn: ['title_en'],
  summaryEn: ['summary_en'],
  targetGroup: ['target_group'],
  results: ['results'],
  evidence: ['evidence'],
  links: ['links', 'link_url'],
  contactPhone: ['contact_phone'],
};

/** The trigger solutions_required_fields refused (the settings changed while the form was filled in). */
const isRequiredFieldsRefusal = (error: unknown): boolean =>
  error instanceof postgres.PostgresError && error.constraint_name === 'solutions_required_fields';

/** The SQLSTATE of a failed query, or rethrows what is not a database refusal. */
export function refusalState(error: unknown): { code: string; constraint: string } {
  if (error instanceof postgres.PostgresError) return { code: error.code, constraint: error.constraint_name ?? '' };
  throw error;
}

export interface CallEvent extends CallWindow {
  id: string;
  slug: string;
  name: string;
  /** Which optional fields the form asks, and which it requires. */
  fields: CallFields;
}

export async function loadCall(claims: Claims, eventSlug: string, lang: Lang): Promise<CallEvent | null> {
  const [row] = await asUser(
    claims,
    (tx) => tx<
      {
        id: string;
        slug: string;
        name: string;
        name_en: string | null;
        call_opens_at: Date | null;
        call_closes_at: Date | null;
        status: 'draft' | 'published' | 'archived';
        call_fields: unknown;
      }[]
    >`
      select id, slug, name, name_en, call_opens_at, call_closes_at, status, call_fields
        from public.events where slug = ${eventSlug}`,
  );
  if (!row) return null;
  return {
    id: row.id,
    slug: row.slug,
    name: localized(lang, row.name, row.name_en),
    opensAt: row.call_opens_at,
    closesAt: row.call_closes_at,
    eventStatus: row.status,
    fields: callFieldsFrom(row.call_fields),
  };
}

const contentColumns = (input: SolutionInput, tx: Tx) => ({
  title: input.title,
  summary: input.summary,
  title_en: input.titleEn,
  summary_en: input.summaryEn,
  target_group: input.targetGroup,
  results: input.results,
  evidence: input.evidence,
  links: input.links,
  link_url: input.links[0] ?? null,
  partners: tx.json(input.partners as unknown as postgres.JSONValue),
  award_nominee: input.awardNominee,
  contact_name: input.contactName,
  contact_email: input.contactEmail,
  contact_phone: input.contactPhone,
});

async function queueNotice(
  tx: Tx,
  template: 'solution-received' | 'solution-changes-requested' | 'solution-accepted' | 'solution-rejected',
  key: string,
  details: { to: string; name: string; eventName: string; title: string; message?: string; origin: string; lang: Lang },
): Promise<void> {
  await enqueueEmail(tx, {
    idempotencyKey: key,
    to: details.to,
    lang: details.lang,
    template,
    data: {
      recipientName: details.name,
      eventName: details.eventName,
      solutionTitle: details.title,
      message: details.message ?? '',
      myPageUrl: new URL(pathsFor(details.lang).mySolutions(), details.origin).href,
    },
  });
}

/** Proposes a solution (a draft, or submitted at once) while the call is open. */
export async function proposeSolution(
  claims: SignedIn,
  eventSlug: string,
  input: SolutionInput,
  context: { origin: string; lang: Lang },
): Promise<Outcome<{ id: string; status: SolutionStatus }>> {
  try {
    return await asUser(claims, async (tx) => {
      const [event] = await tx<{ id: string; name: string; name_en: string | null; call_fields: unknown }[]>`
        select id, name, name_en, call_fields from public.events where slug = ${eventSlug}`;
      if (!event) return refuse('not_found');
      const status: SolutionStatus = input.intent === 'submit' ? 'submitted' : 'draft';
      const content = applyCallFields(event.call_fields, input, contentColumns(input, tx), status === 'submitted');
      if (!content.ok) return content;
      const row = {
        event_id: event.id,
        slug: slugFor(input.title, randomBytes(4).toString('hex')),
        status,
        ...content.columns,
      };
      const [inserted] = await tx<{ id: string }[]>`insert into public.solutions ${tx(row)} returning id`;
      const id = inserted!.id;
      if (status === 'submitted') {
        await queueNotice(tx, 'solution-received', `solution-received/${id}/1`, {
          to: input.contactEmail,
          name: input.contactName,
          eventName: localized(context.lang, event.name, event.name_en),
          title: input.title,
          origin: context.origin,
          lang: context.lang,
        });
      }
      return ok({ id, status });
    });
  } catch (error) {
    // The insert policy refuses outside the call window.
    if (refusalState(error).code === '42501') return refuse('call_closed');
    if (isRequiredFieldsRefusal(error)) return refuse('required_missing');
    throw error;
  }
}

/** Edits a solution; with intent "submit" a draft or a solution sent back for changes is (re)submitted. */
export async function editSolution(
  claims: SignedIn,
  solutionId: string,
  input: SolutionInput,
  context: { origin: string; lang: Lang },
): Promise<Outcome<{ status: SolutionStatus; sentIn: boolean }>> {
  try {
    return await editSolutionAs(claims, solutionId, input, context);
  } catch (error) {
    if (isRequiredFieldsRefusal(error)) return refuse('required_missing');
    throw error;
  }
}

function editSolutionAs(
  claims: SignedIn,
  solutionId: string,
  input: SolutionInput,
  context: { origin: string; lang: Lang },
): Promise<Outcome<{ status: SolutionStatus; sentIn: boolean }>> {
  return asUser(claims, async (tx) => {
    const [current] = await tx<
      {
        status: SolutionStatus;
        event_name: string;
        event_name_en: string | null;
        resubmissions: number;
        call_fields: unknown;
      }[]
    >`
      select s.status, coalesce(e.name, s.title) as event_name, e.name_en as event_name_en, e.call_fields,
             (select count(*)::int from public.solution_reviews r where r.solution_id = s.id) as resubmissions
      from public.solutions s left join public.events e on e.id = s.event_id
      where s.id = ${solutionId}`;
    if (!current) return refuse('not_found');
    const submitting = input.intent === 'submit' && current.status !== 'submitted';
    const status: SolutionStatus = submitting ? 'submitted' : current.status;
    const content = applyCallFields(current.call_fields, input, contentColumns(input, tx), status === 'submitted');
    if (!content.ok) return content;
    const updated = await tx`
      update public.solutions set ${tx({ ...content.columns, status })}
      where id = ${solutionId} and status = ${current.status}`;
    if (updated.count === 0) return refuse('not_editable');
    if (submitting) {
      await queueNotice(tx, 'solution-received', `solution-received/${solutionId}/${current.resubmissions + 2}`, {
        to: input.contactEmail,
        name: input.contactName,
        eventName: localized(context.lang, current.event_name, current.event_name_en),
        title: input.title,
        origin: context.origin,
        lang: context.lang,
      });
    }
    // sentIn: this save submitted it (the page says "submitted", not just "saved").
    return ok({ status, sentIn: submitting });
  });
}

export async function withdrawSolution(claims: SignedIn, solutionId: string): Promise<Outcome<null>> {
  try {
    const updated = await asUser(
      claims,
      (tx) => tx`update public.solutions set status = 'withdrawn' where id = ${solutionId}`,
    );
    return updated.count === 1 ? ok(null) : refuse('not_editable');
  } catch (error) {
    if (refusalState(error).code === '23514') return refuse('invalid_transition');
    throw error;
  }
}

/** Invites a colleague by email; they join when they sign in with that address. */
export async function inviteTeammate(
  claims: SignedIn,
  solutionId: string,
  email: string,
  context: { origin: string; lang: Lang },
): Promise<Outcome<null>> {
  try {
    return await asUser(claims, async (tx) => {
      const [solution] = await tx<{ event_id: string; title: string; name: string; name_en: string | null }[]>`
        select s.event_id, s.title, coalesce(e.name, s.title) as name, e.name_en
        from public.solutions s left join public.events e on e.id = s.event_id
        where s.id = ${solutionId} and private.is_solution_member(s.id)`;
      if (!solution) return refuse('not_found');
      const [invited] = await tx<{ id: string }[]>`
        insert into public.solution_team_members (event_id, solution_id, invited_email)
        values (${solution.event_id}, ${solutionId}, ${email}) returning id`;
      const paths = pathsFor(context.lang);
      await enqueueEmail(tx, {
        idempotencyKey: `solution-invitation/${invited!.id}`,
        to: email,
        lang: context.lang,
        template: 'solution-invitation',
        data: {
          inviterEmail: claims.email ?? '',
          eventName: localized(context.lang, solution.name, solution.name_en),
          solutionTitle: solution.title,
          signInUrl: new URL(paths.signIn(paths.mySolutions()), context.origin).href,
        },
      });
      return ok(null);
    });
  } catch (error) {
    if (refusalState(error).code === '23505') return refuse('already_invited');
    throw error;
  }
}

// ── The exhibitor portal ─────────────────────────────────────────────────
export interface MySolution {
  id: string;
  slug: string;
  title: string;
  status: SolutionStatus;
  editable: boolean;
  /** Why it can no longer be edited (null while it can). */
  closedReason: EditClosedReason | null;
  isOwner: boolean;
  event: { slug: string; name: string; timeZone: string; organiser: OrganiserContact };
  reviews: { decision: string; message: string; createdAt: Date }[];
  rounds: {
    title: string;
    startsAt: Date;
    endsAt: Date;
    room: string | null;
    position: number;
    booked: number;
    capacity: number | null;
  }[];
  team: { email: string; role: 'owner' | 'member'; accepted: boolean }[];
}

interface MyRow {
  id: string;
  slug: string;
  title: string;
  title_en: string | null;
  status: SolutionStatus;
  event_slug: string;
  event_name: string;
  event_name_en: string | null;
  organiser_name: string;
  organiser_email: string | null;
  timezone: string;
  call_opens_at: Date | null;
  call_closes_at: Date | null;
  is_owner: boolean;
  reviews: { decision: string; message: string; created_at: string }[];
  rounds: {
    title: string;
    title_en: string | null;
    starts_at: string;
    ends_at: string;
    room: string | null;
    room_en: string | null;
    position: number;
    booked: number;
    capacity: number | null;
  }[];
  team: { email: string; role: 'owner' | 'member'; accepted: boolean }[];
}

/** Accepts open invitations to the caller's address, then lists the solutions they are on the team of. */
export async function loadMySolutions(claims: SignedIn, lang: Lang, now = new Date()): Promise<MySolution[]> {
  const rows = await asUser(claims, async (tx) => {
    await tx`select private.accept_solution_invitations()`;
    return tx<MyRow[]>`
      select s.id, s.slug, s.title, s.title_en, s.status, coalesce(e.slug, '') as event_slug,
             coalesce(e.name, '') as event_name, e.name_en as event_name_en,
             coalesce(e.organiser_name, '') as organiser_name, e.contact_email as organiser_email,
             coalesce(e.timezone, 'Europe/Copenhagen') as timezone, e.call_opens_at, e.call_closes_at, private.is_solution_owner(s.id) as is_owner,
             coalesce((select json_agg(json_build_object('decision', r.decision, 'message', r.message, 'created_at', r.created_at)
                                       order by r.created_at desc)
                       from public.solution_reviews r where r.solution_id = s.id), '[]') as reviews,
             coalesce((select json_agg(json_build_object('title', ss.title, 'title_en', ss.title_en, 'starts_at', ss.starts_at,
                                                         'ends_at', ss.ends_at, 'room', rm.name, 'room_en', rm.name_en,
                                                         'position', gp.position,
                                                         'booked', ss.seats_taken, 'capacity', coalesce(ss.capacity, rm.capacity))
                                       order by ss.starts_at)
                       from public.gallery_presentations gp
                       join public.sessions ss on ss.id = gp.session_id
                       left join public.rooms rm on rm.id = ss.room_id
                       where gp.solution_id = s.id), '[]') as rounds,
             coalesce((select json_agg(json_build_object('email', m.invited_email, 'role', m.role, 'accepted', m.accepted_at is not null)
                                       order by m.role, m.created_at)
                       from public.solution_team_members m where m.solution_id = s.id), '[]') as team
      from public.solutions s
      -- An event that was unpublished after the call is no longer readable; keep the solution listed.
      left join public.events e on e.id = s.event_id
      where private.is_solution_member(s.id)
      order by e.starts_at desc nulls last, s.created_at`;
  });
  return rows.map((row) => {
    const call = { opensAt: row.call_opens_at, closesAt: row.call_closes_at };
    return {
      id: row.id,
      slug: row.slug,
      title: localized(lang, row.title, row.title_en),
      status: row.status,
      editable: canEdit(row.status, call, now),
      closedReason: editClosedReason(row.status, call, now),
      isOwner: row.is_owner,
      event: {
        slug: row.event_slug,
        name: localized(lang, row.event_name, row.event_name_en),
        timeZone: row.timezone,
        organiser: { name: row.organiser_name, email: row.organiser_email },
      },
      reviews: row.reviews.map((r) => ({
        decision: r.decision,
        message: r.message,
        createdAt: new Date(r.created_at),
      })),
      rounds: row.rounds.map((r) => ({
        title: localized(lang, r.title, r.title_en),
        startsAt: new Date(r.starts_at),
        endsAt: new Date(r.ends_at),
        room: r.room === null ? null : localized(lang, r.room, r.room_en),
        position: r.position,
        booked: r.booked,
        capacity: r.capacity,
      })),
      team: row.team,
    };
  });
}

export interface EditableSolution {
  id: string;
  status: SolutionStatus;
  editable: boolean;
  closedReason: EditClosedReason | null;
  eventSlug: string;
  eventName: string;
  organiser: OrganiserContact;
  /** Which optional fields the event's call asks, and which it requires. */
  fields: CallFields;
  values: SolutionFormValues;
}

export async function loadSolutionForEdit(
  claims: SignedIn,
  solutionId: string,
  lang: Lang,
  now = new Date(),
): Promise<EditableSolution | null> {
  return asUser(claims, async (tx) => {
    const [row] = await tx<
      {
        id: string;
        status: SolutionStatus;
        title: string;
        summary: string;
        title_en: string | null;
        summary_en: string | null;
        target_group: string | null;
        results: string | null;
        evidence: string | null;
        links: string[];
        partners: PartnerInput[];
        contact_name: string | null;
        contact_phone: string | null;
        award_nominee: boolean;
        event_slug: string;
        event_name: string;
        event_name_en: string | null;
        organiser_name: string;
        organiser_email: string | null;
        call_opens_at: Date | null;
        call_closes_at: Date | null;
        call_fields: unknown;
      }[]
    >`
      select s.id, s.status, s.title, s.summary, s.title_en, s.summary_en, s.target_group, s.results, s.evidence, s.links, s.partners,
             s.contact_name, s.award_nominee, coalesce(e.slug, '') as event_slug,
             coalesce(e.name, '') as event_name, e.name_en as event_name_en,
             coalesce(e.organiser_name, '') as organiser_name, e.contact_email as organiser_email,
             e.call_opens_at, e.call_closes_at, e.call_fields
      from public.solutions s left join public.events e on e.id = s.event_id
      where s.id = ${solutionId} and private.is_solution_member(s.id)`;
    if (!row) return null;
    const [contact] = await tx<{ contact_email: string | null; contact_phone: string | null }[]>`
      select contact_email, contact_phone from private.solution_contact(${solutionId})`;
    const call = { opensAt: row.call_opens_at, closesAt: row.call_closes_at };
    return {
      id: row.id,
      status: row.status,
      editable: canEdit(row.status, call, now),
      closedReason: editClosedReason(row.status, call, now),
      eventSlug: row.event_slug,
      eventName: localized(lang, row.event_name, row.event_name_en),
      organiser: { name: row.organiser_name, email: row.organiser_email },
      fields: callFieldsFrom(row.call_fields),
      values: {
        title: row.title,
        summary: row.summary,
        titleEn: row.title_en ?? '',
        summaryEn: row.summary_en ?? '',
        targetGroup: row.target_group ?? '',
        results: row.results ?? '',
        evidence: row.evidence ?? '',
        links: row.links.join('\n'),
        partners: rowsForStored(row.partners),
        contactName: row.contact_name ?? '',
        contactEmail: contact?.contact_email ?? '',
        contactPhone: contact?.contact_phone ?? '',
        awardNominee: row.award_nominee,
      },
    };
  });
}
