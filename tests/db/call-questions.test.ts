// The questions the call for solutions asks (20261203130900_call_questions):
// organisers choose them through the settings use case (RLS, the version
// check, the audit log take part); the column's check allows only known
// fields and modes; and a submitted solution with a required field empty is
// refused by Postgres itself, as the exhibitor writes it under RLS.
import { beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { asUser, type SignedIn } from '../../src/lib/db/db.server.ts';
import { loadEventSettings, saveCallSettings } from '../../src/lib/settings/settings.server.ts';
import type { CallSettingsInput } from '../../src/lib/settings/settings.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { grantRole, insertUser, setCallWindow, type TestUser } from '../fixtures/solutions.ts';
import { sqlState } from '../fixtures/sql.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase();

let world: EventWorld;
let organiser: TestUser;
let reviewer: TestUser;
let exhibitor: TestUser;

const version = async () =>
  (await sql<{ version: number }[]>`select version from public.events where id = ${world.eventId}`)[0]!.version;

const callForm = async (overrides: Partial<CallSettingsInput> = {}): Promise<CallSettingsInput> => ({
  event: world.eventId,
  version: await version(),
  callOpensAt: null,
  callClosesAt: null,
  reviewRubric: null,
  reviewRubricEn: null,
  slotsPerRound: 3,
  ...overrides,
});

/** The constraint a failed write names, or undefined when it went through. */
async function refusedBy(query: PromiseLike<unknown>): Promise<string | undefined> {
  try {
    await query;
    return undefined;
  } catch (error) {
    if (error instanceof postgres.PostgresError) return error.constraint_name || `${error.code} ${error.message}`;
    throw error;
  }
}

const propose = (status: 'draft' | 'submitted', columns: Record<string, unknown> = {}) =>
  asUser(
    exhibitor.claims as SignedIn,
    async (tx) =>
      (
        await tx<{ id: string }[]>`
          insert into public.solutions ${tx({
            event_id: world.eventId,
            slug: `losning-${Math.random().toString(36).slice(2, 10)}`,
            title: 'Færre ventelister',
            summary: 'Et fælles overblik over ventetider.',
            status,
            contact_name: 'Sara Sørensen',
            contact_email: exhibitor.email,
            ...columns,
          })} returning id`
      )[0]!.id,
    sql,
  );

beforeAll(async () => {
  world = await insertEventWorld(sql, { slug: 'indkaldelse-a', status: 'published' });
  organiser = await insertUser(sql, 'arrangoer@indkaldelse.dk');
  reviewer = await insertUser(sql, 'bedoemmer@indkaldelse.dk');
  exhibitor = await insertUser(sql, 'udstiller@indkaldelse.dk');
  await grantRole(sql, world.eventId, organiser.id, 'organiser');
  await grantRole(sql, world.eventId, reviewer.id, 'reviewer');
  await setCallWindow(sql, world.eventId, true);
});

describe('the call’s questions', () => {
  it('are saved by the event’s organisers only, at the version they saw, and audited', async () => {
    const before = await version();
    const form = await callForm({ askResults: 'required', askLinks: 'hidden', askEvidence: 'optional' });

    // A reviewer of the event, or anyone else, changes nothing.
    expect(await saveCallSettings(reviewer.claims as SignedIn, form, sql)).toEqual({ ok: false, code: 'not_found' });
    expect(await saveCallSettings(exhibitor.claims as SignedIn, form, sql)).toEqual({ ok: false, code: 'not_found' });
    expect(await version()).toBe(before);

    expect(await saveCallSettings(organiser.claims as SignedIn, form, sql)).toMatchObject({ ok: true });
    const [row] = await sql<{ call_fields: unknown; version: number }[]>`
      select call_fields, version from public.events where id = ${world.eventId}`;
    // Only what differs from the default is stored.
    expect(row!.call_fields).toEqual({ results: 'required', links: 'hidden' });
    expect(row!.version).toBe(before + 1);
    const settings = await loadEventSettings(organiser.claims as SignedIn, world.eventId, sql);
    expect(settings?.callFields).toMatchObject({ results: 'required', links: 'hidden', evidence: 'optional' });

    // A second save with the version the first one showed is refused, and changes nothing.
    expect(
      await saveCallSettings(organiser.claims as SignedIn, { ...form, version: before, askResults: 'hidden' }, sql),
    ).toMatchObject({ ok: false, code: 'changed_elsewhere' });
    expect((await loadEventSettings(organiser.claims as SignedIn, world.eventId, sql))?.callFields.results).toBe(
      'required',
    );

    const [audit] = await sql<{ after: Record<string, unknown> }[]>`
      select after from public.audit_log
       where event_id = ${world.eventId} and table_name = 'events' and actor_id = ${organiser.id}
       order by id desc limit 1`;
    expect(audit?.after).toMatchObject({ call_fields: { results: 'required', links: 'hidden' } });
  });

  it('allow only the form’s optional fields and the three modes', async () => {
    expect(
      await sqlState(sql`update public.events set call_fields = '{"title": "hidden"}' where id = ${world.eventId}`),
    ).toBe('23514');
    expect(
      await sqlState(sql`update public.events set call_fields = '{"results": "maybe"}' where id = ${world.eventId}`),
    ).toBe('23514');
    expect(await sqlState(sql`update public.events set call_fields = '[]' where id = ${world.eventId}`)).toBe('23514');
  });

  it('refuse a submitted solution with a required field empty, but not a draft', async () => {
    // results is required (the first test, which also emptied the call's window).
    await setCallWindow(sql, world.eventId, true);
    expect(await refusedBy(propose('submitted'))).toBe('solutions_required_fields');
    expect(await refusedBy(propose('submitted', { results: '   ' }))).toBe('solutions_required_fields');
    const draft = await propose('draft');
    // Submitting the draft as it is: refused, and the draft stays a draft.
    expect(
      await refusedBy(
        asUser(
          exhibitor.claims as SignedIn,
          (tx) => tx`update public.solutions set status = 'submitted' where id = ${draft}`,
          sql,
        ),
      ),
    ).toBe('solutions_required_fields');
    expect((await sql`select status from public.solutions where id = ${draft}`)[0]!.status).toBe('draft');
    await asUser(
      exhibitor.claims as SignedIn,
      (tx) => tx`update public.solutions set status = 'submitted', results = 'Halveret ventetid' where id = ${draft}`,
      sql,
    );
    expect((await sql`select status from public.solutions where id = ${draft}`)[0]!.status).toBe('submitted');
  });

  it('never block a decision on a solution submitted before the rules were tightened', async () => {
    await sql`update public.events set call_fields = '{"contactPhone": "required"}' where id = ${world.eventId}`;
    // The world's submitted solution has no phone; the organiser's decision still goes through.
    await sql`update public.solutions set status = 'accepted' where id = ${world.submittedSolutionId}`;
    expect((await sql`select status from public.solutions where id = ${world.submittedSolutionId}`)[0]!.status).toBe(
      'accepted',
    );
  });
});
