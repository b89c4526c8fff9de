// Guards over the whole schema, read from the catalog, so that a new table,
// policy or function that breaks a house rule fails here without anyone
// having to remember to write a test for it. Then the invariants that
// constraints promise, tried against real rows.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { worldAt } from '../fixtures/clock.ts';
import { freshDatabase } from '../fixtures/db.ts';
import type { Tx } from '../../src/lib/db/db.server.ts';
import { type Queryable, rolledBack, sqlState } from '../fixtures/sql.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';

const { sql } = await freshDatabase();

/** Schemas our bootstrap adds to imitate Supabase's own; not ours to guard. */
const SUPABASE_SCHEMAS = ['auth', 'extensions'];

/**
 * Functions in our schemas that anon and authenticated may execute, on purpose:
 * row-level security policies call them as the querying role.
 */
const CALLABLE_BY_API_ROLES = [
  // Registration: a visitor registers, joins the waitlist and opens an offer
  // without an account; a signed-in attendee cancels, re-issues and erases.
  // Call for solutions: policies' helpers, reading contact details, accepting invitations.
  // Exhibitor leads: a team member scans, a visitor lists and withdraws theirs, an organiser sets
  // the retention and sees how many there are (20261203140501_leads.sql).
  // Booking: a signed-in attendee books, cancels, claims and lists their seats,
  // and keeps a calendar feed; a calendar app reads the feed with its token.
  // Check-in: the event's staff check tickets in, search attendees and fetch
  // the offline pack, and see who booked the session they scan at; its
  // organisers undo a check-in and set the no-show release (each function
  // checks the role).
  // Materials: the read and edit policies' helpers (what the caller may see or change).
  // Takeaways: an attendee reads their own attendance and check-in, takes
  // notes (a policy's helper) and contacts a solution's team; the team reads
  // and answers with the link's token.
  // Console settings: organisers read their ticket types' access codes; a
  // registration link's code opens its ticket type; organisers make their
  // event's gallery rounds.
  // Call questions: the check of events.call_fields runs as the organiser who writes it.
  // Retention: organisers read the date their event's personal data goes and set the months.
  // Report and operations: organisers read their event's figures, failed emails, refunds and
  // pending checkouts, and retry a failed email or refund (each function checks the role).
  // Team: organisers invite, revoke and read their event's team (each function
  // checks the organiser role); whoever holds an invitation link may read what
  // it is (the token is the secret), and its invitee accepts it.
  // Console: an event creator creates or copies an event (each function
  // checks the event_creator role, and organiser of the source for a copy);
  // policies ask who creates events and which organisations an organiser sees.
  // Schedule: the event's organisers read the grid, move, cancel, discard and
  // publish (each function checks the role).
  // Programme editor: organisers name a speaker's organisation.
  // Organisations: event creators read, invite, withdraw and take back who may create events
  // there (each function checks the event_creator role); whoever holds the link reads and accepts it.
  // Registrations: the event's organisers list, search and change tickets (each function checks the
  // role); the search folding is computed by whoever writes a ticket (a generated column).
  // Feedback: attendees answer the survey; speakers and exhibitors read the
  // feedback on what they presented (no authors); survey questions' checks
  // and whether one has answers.
  // Email to attendees: organisers count a segment, send and retry the failed
  // (each function checks the organiser role); whoever holds an unsubscribe
  // link uses it (the signature is the permission).
  // Audience award: organisers save it, nominate, close and announce (each function checks the
  // role); a voter's link reads and casts their vote (the signature is the permission); the
  // signed-in attendee gets their own link; totals go to organisers, and to everyone once announced.
  // Contact exchange: a ticket holder gets their contact code (or a new one), asks the owner of a
  // code, answers a request made to them, removes a contact (each checks the caller); the cards' and
  // notes' policies ask whether two people are connected.
  // Every request: a one-write transaction checks its caller's deadline before
  // its COMMIT (it only raises; it reads and writes nothing).
  // Questions in a session: ticket holders ask and vote, moderators moderate and open or close
  // a list (each function checks the ticket, the moderator role, the window); the board and the
  // window are read through functions that show each caller only what they may see.
  // Solutions' content: organisers edit a solution's texts and theme tags (the function checks the
  // organiser role of its event); the tags' check constraints call their validators as the writer.
  'private.accept_organisation_invitation(bytea)',
  'private.accept_solution_invitations()',
  'private.accept_team_invitation(bytea)',
  'private.answer_contact_request(uuid,boolean)',
  'private.answer_solution_contact(bytea,text)',
  'private.ask_question(uuid,uuid,text,boolean)',
  'private.asked_question(uuid)',
  'private.attendee_emails(uuid)',
  'private.award_results(uuid)',
  'private.award_step(uuid,integer,text)',
  'private.award_voter(text)',
  'private.book_session(uuid,uuid,boolean)',
  'private.bounced_emails_of(uuid,integer)',
  'private.broadcast_audience_count(uuid,text,text)',
  'private.calendar_feed_entries(bytea)',
  'private.call_fields_valid(jsonb)',
  'private.call_is_open(uuid)',
  'private.cancel_booking(uuid)',
  'private.cancel_ticket(uuid)',
  'private.capture_lead(uuid,uuid,uuid,integer,text,integer)',
  'private.cast_award_vote(text,uuid)',
  'private.change_session(uuid,integer,integer,timestamp with time zone,timestamp with time zone,uuid,boolean)',
  'private.check_in(uuid,uuid,integer,uuid,text,uuid,timestamp with time zone)',
  'private.check_in_from_device(uuid,uuid,text,uuid,integer,uuid,text,uuid,timestamp with time zone)',
  'private.check_in_session(uuid,uuid,uuid,integer,uuid,timestamp with time zone)',
  'private.check_in_session_from_device(uuid,uuid,text,uuid,uuid,integer,uuid,timestamp with time zone)',
  'private.checkin_attendees(uuid,text,integer)',
  'private.checkin_dashboard(uuid,integer)',
  'private.checkin_dashboard_version(uuid)',
  'private.checkin_device_pack_sent(uuid,uuid,text)',
  'private.checkin_device_seen(uuid,uuid,text)',
  'private.checkin_device_sessions(uuid,uuid)',
  'private.checkin_device_tickets(uuid,uuid)',
  'private.checkin_devices_of(uuid)',
  'private.checkin_gate(uuid,text)',
  'private.checkin_pack_expires_at(uuid)',
  'private.checkin_rehearsal_on(uuid)',
  'private.checkin_ticket_state(uuid,uuid,integer)',
  'private.checkin_window(uuid)',
  'private.claim_booking_offer(uuid)',
  'private.commit_before(timestamp with time zone)',
  'private.contact_solution_team(uuid,text,boolean,boolean,bytea)',
  'private.copy_event(uuid,uuid,text,text,text,date)',
  'private.correct_ticket_holder(uuid,integer,text,text)',
  'private.create_event(uuid,text,text,text,timestamp with time zone,timestamp with time zone,text,text)',
  'private.current_email()',
  'private.decide_held_scan(uuid,uuid,boolean)',
  'private.discard_session_drafts(uuid,uuid,integer)',
  'private.edit_solution_content(uuid,integer,text,text,text,text,text,text,text,text,text,text[],text[])',
  'private.email_health_of(uuid)',
  'private.erase_my_personal_data()',
  'private.event_is_public(uuid)',
  'private.event_lead_count(uuid)',
  'private.event_people(uuid,uuid[])',
  'private.event_public_keys(uuid)',
  'private.event_team(uuid)',
  'private.export_my_data()',
  'private.failed_emails_of(uuid,integer)',
  'private.failed_refunds_of(uuid)',
  'private.feedback_closes_at(timestamp with time zone)',
  'private.feedback_ticket_for_session(uuid)',
  'private.find_waitlist_offer(bytea)',
  'private.fold_search(text)',
  'private.generate_gallery_rounds(uuid,integer,integer,timestamp with time zone,integer,integer,integer)',
  'private.has_event_role(uuid,event_role[])',
  'private.holds_valid_ticket(uuid)',
  'private.i_was_checked_in(uuid)',
  'private.in_my_accepted_connection(uuid)',
  'private.invite_to_organisation(uuid,text,text,bytea,interval)',
  'private.invite_to_team(uuid,text,event_role,uuid,text,bytea,interval)',
  'private.invoice_terms(uuid)',
  'private.is_event_creator(uuid)',
  'private.is_my_contact(uuid)',
  'private.is_my_ticket(uuid)',
  'private.is_solution_member(uuid)',
  'private.is_solution_owner(uuid)',
  'private.issue_calendar_feed(uuid,bytea)',
  'private.join_waitlist(uuid,text,text,text,text)',
  'private.may_edit_material(uuid,uuid)',
  'private.may_read_material(uuid,uuid,uuid,material_visibility)',
  'private.moderate_question(uuid,text)',
  'private.moderates_question_list(uuid)',
  'private.moderates_questions(uuid,uuid)',
  'private.my_attendance(uuid)',
  'private.my_award_link(uuid)',
  'private.my_bookings(uuid)',
  'private.my_calendar_entries(uuid)',
  'private.my_contact_code(uuid)',
  'private.my_leads()',
  'private.my_presented_feedback()',
  'private.my_presented_sessions()',
  'private.organisation_creators(uuid)',
  'private.organisation_in_my_events(uuid)',
  'private.organisation_invitation_by_token(bytea)',
  'private.organisation_is_public(uuid)',
  'private.organisation_people(uuid,uuid[])',
  'private.organiser_cancel_ticket(uuid,integer,boolean)',
  'private.pending_checkouts_of(uuid,integer)',
  'private.presented_in(uuid)',
  'private.presents_in_session(uuid)',
  'private.publish_schedule(uuid)',
  'private.question_board(uuid,uuid)',
  'private.question_window(uuid,uuid)',
  'private.queue_broadcast(uuid,text)',
  'private.record_confirmation_resend(uuid,text)',
  'private.record_export(uuid,text,text,text[],boolean,text)',
  // Pay by invoice: an organiser's download of an invoice is recorded (and gated) here.
  'private.record_invoice_download(uuid,text)',
  'private.register(uuid,text,text,text,jsonb,boolean,bytea,text)',
  'private.register_by_invoice(uuid,uuid,text,text,text,jsonb,jsonb,bytea,text)',
  'private.register_once(uuid,uuid,text,text,text,jsonb,boolean,bytea,text)',
  'private.registration_rows(uuid,text,text)',
  'private.reissue_ticket(uuid)',
  'private.remove_contact(uuid)',
  'private.replace_contact_code(uuid)',
  'private.report_checkin_curve(uuid,integer)',
  'private.report_email_delivery(uuid)',
  'private.report_municipalities(uuid)',
  'private.report_overview(uuid)',
  'private.report_registrations_per_day(uuid)',
  'private.report_sectors(uuid)',
  'private.report_sessions(uuid)',
  'private.report_ticket_types(uuid)',
  'private.request_contact(uuid,text)',
  'private.retention_ends_at(timestamp with time zone,text,integer)',
  'private.retry_failed_broadcast(uuid,text)',
  'private.retry_failed_email(uuid,uuid)',
  'private.retry_failed_emails(uuid)',
  'private.retry_failed_refund(uuid,uuid)',
  'private.revoke_calendar_feed(uuid)',
  'private.revoke_checkin_device(uuid,uuid)',
  'private.revoke_organisation_invitation(uuid,uuid)',
  'private.revoke_organisation_role(uuid,uuid)',
  'private.revoke_team_invitation(uuid,uuid)',
  'private.revoke_team_role(uuid,uuid,event_role)',
  'private.save_award(uuid,integer,text,text,text,text,timestamp with time zone,timestamp with time zone,integer)',
  'private.save_session_feedback(uuid,integer,text)',
  'private.save_survey(uuid,integer,text,jsonb)',
  'private.save_survey_response(uuid,integer,text)',
  'private.schedule_rooms(uuid)',
  'private.schedule_sessions(uuid)',
  // An organiser's "send reminders now" (20261203140300_invoice_console.sql); it checks the role itself.
  'private.send_invoice_reminders(uuid,text)',
  'private.session_feedback_summary(uuid)',
  'private.session_scan_bookings(uuid,uuid[],uuid[])',
  'private.set_award_nominee(uuid,uuid,boolean,integer)',
  'private.set_checkin_rehearsal(uuid,boolean)',
  'private.set_lead_retention(uuid,integer,integer)',
  'private.set_no_show_release(uuid,integer)',
  'private.set_question_window(uuid,uuid,text)',
  'private.set_retention(uuid,integer,integer)',
  'private.solution_contact(uuid)',
  'private.solution_contact_by_token(bytea)',
  'private.solution_is_accepted(uuid)',
  'private.solution_is_public(uuid)',
  'private.solution_transition_allowed(solution_status,solution_status,text)',
  'private.speaker_organisation(uuid,text,sector)',
  'private.survey_question_answered(uuid)',
  'private.takeaway_article_is_public(uuid)',
  'private.team_invitation_by_token(bytea)',
  'private.texts_within(text[],integer,integer)',
  'private.theme_tags_en_valid(text[],text[])',
  'private.theme_tags_valid(text[])',
  'private.ticket_search_text(text,text,text)',
  'private.ticket_type_access_codes(uuid)',
  'private.ticket_types_for_code(uuid,text)',
  'private.transfer_ticket(uuid,integer,text,text,text)',
  'private.undo_check_in(uuid)',
  'private.unlisted_ticket_types(uuid)',
  'private.unsubscribe_by_token(text,boolean)',
  'private.vote_question(uuid,boolean)',
  'private.withdraw_lead(uuid)',
];

/** Schemas the API roles can reach: public, plus any schema granted to anon or authenticated. */
async function exposedSchemas(db: Queryable): Promise<string[]> {
  const rows = await db<{ schema: string }[]>`
    select nspname as schema from pg_namespace
    where (nspname = 'public'
           or has_schema_privilege('anon', oid, 'usage')
           or has_schema_privilege('authenticated', oid, 'usage'))
      and nspname not in ('pg_catalog', 'information_schema')
      and nspname <> all (${SUPABASE_SCHEMAS})`;
  return rows.map((row) => row.schema).sort();
}

async function tablesWithoutRls(db: Queryable): Promise<string[]> {
  const rows = await db<{ name: string }[]>`
    select format('%I.%I', n.nspname, c.relname) as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and not c.relrowsecurity
      and n.nspname = any (${await exposedSchemas(db)})`;
  return rows.map((row) => row.name).sort();
}

/** Privileges anon or authenticated hold on relations in exposed schemas other than public. */
async function privateRelationsOpenToApiRoles(db: Queryable): Promise<string[]> {
  const rows = await db<{ grant: string }[]>`
    select format('%I.%I: %s %s', n.nspname, c.relname, r.role, p.privilege) as grant
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    cross join (values ('anon'), ('authenticated')) as r (role)
    cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) as p (privilege)
    where c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
      and n.nspname = any (${await exposedSchemas(db)}) and n.nspname <> 'public'
      and case when p.privilege in ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES')
               then has_any_column_privilege(r.role, c.oid, p.privilege)
               else has_table_privilege(r.role, c.oid, p.privilege) end`;
  return rows.map((row) => row.grant).sort();
}

/** Views run as their owner unless security_invoker is set, which bypasses RLS. */
async function viewsBypassingRls(db: Queryable): Promise<string[]> {
  const rows = await db<{ name: string }[]>`
    select format('%I.%I', n.nspname, c.relname) as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = any (${await exposedSchemas(db)})
      and ((c.relkind = 'v' and not coalesce('security_invoker=true' = any (c.reloptions), false))
           or c.relkind = 'm')
      and (has_table_privilege('anon', c.oid, 'select') or has_table_privilege('authenticated', c.oid, 'select'))`;
  return rows.map((row) => row.name).sort();
}

/** Policies that call auth.uid() and friends per row instead of once per statement. */
async function policiesWithBareAuthCalls(db: Queryable): Promise<string[]> {
  const rows = await db<{ policy: string }[]>`
    select distinct format('%I.%I: %s', p.schemaname, p.tablename, p.policyname) as policy
    from pg_policies p
    cross join lateral (values (p.qual), (p.with_check)) as e (expr)
    where e.expr is not null
      and regexp_replace(e.expr, '\\(\\s*SELECT\\s+auth\\.(uid|jwt|role|email)\\(\\)(\\s+AS\\s+\\w+)?\\s*\\)', '', 'gi')
          ~* 'auth\\.(uid|jwt|role|email)\\(\\)'`;
  return rows.map((row) => row.policy).sort();
}

interface FunctionFacts {
  name: string;
  schema: string;
  securityDefiner: boolean;
  config: string[] | null;
}

/** Functions defined in our schemas (not in extensions, the system or the Supabase imitation). */
async function ourFunctions(db: Queryable): Promise<FunctionFacts[]> {
  return db<FunctionFacts[]>`
    select p.oid::regprocedure::text as name, n.nspname as schema,
           p.prosecdef as "securityDefiner", p.proconfig as config
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname not in ('pg_catalog', 'information_schema')
      and n.nspname not like 'pg\\_%'
      and n.nspname <> all (${SUPABASE_SCHEMAS})
      and not exists (
        select 1 from pg_depend d
        where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')`;
}

async function unsafeSecurityDefiners(db: Queryable): Promise<string[]> {
  return (await ourFunctions(db))
    .filter((fn) => fn.securityDefiner)
    .filter((fn) => fn.schema === 'public' || !(fn.config ?? []).includes('search_path=""'))
    .map((fn) => fn.name)
    .sort();
}

async function functionsCallableByApiRoles(db: Queryable): Promise<string[]> {
  const rows = await db<{ name: string }[]>`
    select distinct p.oid::regprocedure::text as name
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname not in ('pg_catalog', 'information_schema')
      and n.nspname not like 'pg\\_%'
      and n.nspname <> all (${SUPABASE_SCHEMAS})
      and (has_function_privilege('anon', p.oid, 'execute') or has_function_privilege('authenticated', p.oid, 'execute'))
      and not exists (
        select 1 from pg_depend d
        where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')`;
  return rows.map((row) => row.name).sort();
}

type Guard = (db: Queryable) => Promise<string[]>;

/** What each guard reports once `probe` has run (in a rolled-back transaction) that it did not report before. */
async function newFindings<K extends string>(
  probe: (tx: Tx) => Promise<unknown>,
  guards: Record<K, Guard>,
): Promise<Record<K, string[]>> {
  const entries = Object.entries<Guard>(guards);
  const before = await Promise.all(entries.map(([, guard]) => guard(sql)));
  const after = await rolledBack(sql, async (tx) => {
    await probe(tx);
    return Promise.all(entries.map(([, guard]) => guard(tx)));
  });
  return Object.fromEntries(
    entries.map(([name], i) => [name, after[i]!.filter((finding) => !before[i]!.includes(finding))]),
  ) as Record<K, string[]>;
}

describe('exposed schemas', () => {
  it('are public and private (private only for the helpers policies call)', async () => {
    expect(await exposedSchemas(sql)).toEqual(['private', 'public']);
  });

  it('have row-level security on every table', async () => {
    expect(await tablesWithoutRls(sql)).toEqual([]);
  });

  it('have no views or materialized views that would bypass row-level security', async () => {
    expect(await viewsBypassingRls(sql)).toEqual([]);
  });

  it('cannot be written to by the API roles (no CREATE on any schema)', async () => {
    const rows = await sql`
      select nspname, r.role from pg_namespace cross join (values ('anon'), ('authenticated')) as r (role)
      where has_schema_privilege(r.role, oid, 'create')`;
    expect(rows).toEqual([]);
  });

  it('keep everything outside public closed to anon and authenticated (they may only call granted helpers)', async () => {
    expect(await privateRelationsOpenToApiRoles(sql)).toEqual([]);
  });

  it('guards notice a table without RLS, a view that runs as its owner and an open private table', async () => {
    const found = await newFindings(
      async (tx) => {
        await tx`create table public.guard_probe (id int)`;
        await tx`create view public.guard_probe_view as select * from public.guard_probe`;
        await tx`grant select on public.guard_probe_view to anon`;
        await tx`create table private.guard_probe (id int)`;
        await tx`alter table private.guard_probe enable row level security`;
        await tx`grant select (id) on private.guard_probe to authenticated`;
      },
      { tables: tablesWithoutRls, views: viewsBypassingRls, privateGrants: privateRelationsOpenToApiRoles },
    );
    expect(found).toEqual({
      tables: ['public.guard_probe'],
      views: ['public.guard_probe_view'],
      privateGrants: ['private.guard_probe: authenticated SELECT'],
    });
  });
});

describe('policies', () => {
  it('exist for reading every public table', async () => {
    const rows = await sql<{ table: string }[]>`
      select t.tablename as table from pg_tables t
      where t.schemaname = 'public'
        and not exists (select 1 from pg_policies p
                        where p.schemaname = t.schemaname and p.tablename = t.tablename and p.cmd in ('SELECT', 'ALL'))`;
    expect(rows).toEqual([]);
  });

  it('wrap auth.uid() and the other claim readers in a select', async () => {
    expect(await policiesWithBareAuthCalls(sql)).toEqual([]);
  });

  it('guard notices a bare auth.uid() and accepts a wrapped one', async () => {
    const found = await newFindings(
      async (tx) => {
        await tx`create table public.guard_probe (owner uuid)`;
        await tx`create policy "bare" on public.guard_probe for select using (owner = auth.uid())`;
        await tx`create policy "wrapped" on public.guard_probe for select using (owner = (select auth.uid()))`;
        await tx`create policy "bare check" on public.guard_probe for insert
                   with check ((select auth.uid()) is not null and owner = auth.uid())`;
      },
      { policies: policiesWithBareAuthCalls },
    );
    expect(found.policies).toEqual(['public.guard_probe: bare', 'public.guard_probe: bare check']);
  });
});

describe('functions', () => {
  it('that are security definer set an empty search_path and live outside public', async () => {
    const definers = (await ourFunctions(sql)).filter((fn) => fn.securityDefiner);
    expect(definers.length).toBeGreaterThan(0);
    expect(await unsafeSecurityDefiners(sql)).toEqual([]);
  });

  it('guard notices a security definer without search_path, and one in public', async () => {
    const found = await newFindings(
      async (tx) => {
        await tx`create function private.guard_probe() returns int language sql security definer as 'select 1'`;
        await tx`create function public.guard_probe() returns int language sql security definer set search_path = '' as 'select 1'`;
      },
      { definers: unsafeSecurityDefiners },
    );
    expect(found.definers).toEqual(['guard_probe()', 'private.guard_probe()']);
  });

  it('are executable by anon and authenticated only where granted on purpose', async () => {
    expect(await functionsCallableByApiRoles(sql)).toEqual(CALLABLE_BY_API_ROLES);
  });

  it('added later to private are not executable by the API roles by default', async () => {
    const found = await newFindings(
      (tx) => tx`create function private.guard_probe() returns int language sql as 'select 1'`,
      { callable: functionsCallableByApiRoles },
    );
    expect(found.callable).toEqual([]);
  });

  it('guard notices a function granted to anon', async () => {
    const found = await newFindings(
      async (tx) => {
        await tx`create function private.guard_probe() returns int language sql as 'select 1'`;
        await tx`grant execute on function private.guard_probe() to anon`;
      },
      { callable: functionsCallableByApiRoles },
    );
    expect(found.callable).toEqual(['private.guard_probe()']);
  });
});

describe('constraints', () => {
  let world: EventWorld;
  let other: EventWorld;
  beforeAll(async () => {
    world = await insertEventWorld(sql, { slug: 'vagt-test', status: 'published' });
    other = await insertEventWorld(sql, { slug: 'vagt-anden', status: 'draft' });
  });

  /** Runs one statement in its own rolled-back transaction; returns its SQLSTATE or undefined. */
  const attempt = (work: (tx: Queryable) => PromiseLike<unknown>) => rolledBack(sql, (tx) => sqlState(work(tx)));

  const insertSession = (
    tx: Queryable,
    values: { slug: string; from: string; to: string; room?: string | null; track?: string | null; event?: string },
  ) => tx`
    insert into public.sessions (event_id, slug, kind, title, starts_at, ends_at, room_id, track_id)
    values (${values.event ?? world.eventId}, ${values.slug}, 'workshop', 'Workshop',
            ${worldAt(values.from)}, ${worldAt(values.to)},
            ${values.room ?? null}, ${values.track ?? null})`;

  describe('sessions', () => {
    it('cannot overlap in one room', async () => {
      // The keynote holds Sal A from 09:00 to 10:00.
      expect(
        await attempt((tx) => insertSession(tx, { slug: 'overlap', from: '09:30', to: '10:30', room: world.roomId })),
      ).toBe('23P01');
      expect(
        await attempt((tx) => insertSession(tx, { slug: 'inside', from: '09:15', to: '09:45', room: world.roomId })),
      ).toBe('23P01');
    });

    it('may follow each other back to back, or overlap in different rooms', async () => {
      expect(
        await attempt((tx) => insertSession(tx, { slug: 'after', from: '12:00', to: '13:00', room: world.roomId })),
      ).toBe(undefined);
      expect(
        await attempt((tx) =>
          insertSession(tx, { slug: 'elsewhere', from: '09:30', to: '10:30', room: world.spareRoomId }),
        ),
      ).toBe(undefined);
      expect(await attempt((tx) => insertSession(tx, { slug: 'roomless', from: '09:30', to: '10:30' }))).toBe(
        undefined,
      );
    });

    it('cannot be moved into an occupied slot', async () => {
      expect(
        await attempt(
          (tx) =>
            tx`update public.sessions set starts_at = starts_at - interval '30 minutes' where id = ${world.roundId}`,
        ),
      ).toBe('23P01');
    });

    it('end after they start', async () => {
      expect(await attempt((tx) => insertSession(tx, { slug: 'backwards', from: '14:00', to: '13:00' }))).toBe('23514');
      expect(await attempt((tx) => insertSession(tx, { slug: 'instant', from: '14:00', to: '14:00' }))).toBe('23514');
    });

    it('use a room and a track of their own event only', async () => {
      expect(
        await attempt((tx) =>
          insertSession(tx, { slug: 'foreign-room', from: '15:00', to: '16:00', room: other.roomId }),
        ),
      ).toBe('23503');
      expect(
        await attempt((tx) =>
          insertSession(tx, { slug: 'foreign-track', from: '15:00', to: '16:00', track: other.trackId }),
        ),
      ).toBe('23503');
      expect(
        await attempt((tx) =>
          insertSession(tx, { slug: 'own', from: '15:00', to: '16:00', room: world.spareRoomId, track: world.trackId }),
        ),
      ).toBe(undefined);
    });
  });

  describe('events', () => {
    const insertEvent = (tx: Queryable, slug: string, from = '2031-01-01T08:00:00Z', to = '2031-01-01T16:00:00Z') => tx`
      insert into public.events (slug, name, starts_at, ends_at, venue_name, organiser_name)
      values (${slug}, 'Dag', ${from}, ${to}, 'Sted', 'Arrangør')`;

    it('end after they start', async () => {
      expect(await attempt((tx) => insertEvent(tx, 'baglaens', '2031-01-01T16:00:00Z', '2031-01-01T08:00:00Z'))).toBe(
        '23514',
      );
    });

    it('have slugs of lower-case words joined by single hyphens, and not reserved ones', async () => {
      expect(await attempt((tx) => insertEvent(tx, 'innovationsdag-2031'))).toBe(undefined);
      for (const slug of [
        'Innovationsdag',
        'to  ord',
        'to--streger',
        '-foran',
        'bagved-',
        'æble',
        '',
        'a'.repeat(81),
        'admin',
        'en',
      ]) {
        expect({ slug, state: await attempt((tx) => insertEvent(tx, slug)) }).toEqual({ slug, state: '23514' });
      }
    });

    it('cannot take the slug of a top-level page of the site', async () => {
      // /<event-slug> shares the root with these pages; a static route would hide the event.
      const pages = (await readdir(path.resolve(import.meta.dirname, '../../src/pages')))
        .filter((entry) => !entry.startsWith('[') && !entry.startsWith('_'))
        .map((entry) => entry.replace(/\.(astro|ts|js|md)$/, ''))
        .filter((name) => name !== 'index');
      expect(pages.length).toBeGreaterThan(0);
      const accepted: string[] = [];
      for (const slug of pages) {
        if ((await attempt((tx) => insertEvent(tx, slug))) !== '23514') accepted.push(slug);
      }
      expect(accepted).toEqual([]);
    });

    it('have unique slugs', async () => {
      expect(await attempt((tx) => insertEvent(tx, 'vagt-test'))).toBe('23505');
    });
  });

  it('slugs of other tables are validated by the same domain', async () => {
    expect(
      await attempt(
        (tx) => tx`insert into public.tracks (event_id, slug, name) values (${world.eventId}, 'Ikke Gyldig', 'X')`,
      ),
    ).toBe('23514');
    expect(await attempt((tx) => insertSession(tx, { slug: 'ikke_gyldig', from: '15:00', to: '16:00' }))).toBe('23514');
  });

  describe('gallery rounds', () => {
    const present = (tx: Queryable, session: string, solution: string, position: number, event = world.eventId) => tx`
      insert into public.gallery_presentations (event_id, session_id, solution_id, position)
      values (${event}, ${session}, ${solution}, ${position})`;

    it('hold at most three solutions, in positions 1 to 3', async () => {
      const states = await rolledBack(sql, async (tx) => {
        const extra = async (slug: string) =>
          (
            await tx<{ id: string }[]>`
              insert into public.solutions (event_id, slug, title, summary, contact_name, contact_email, status)
              values (${world.eventId}, ${slug}, ${slug}, 'Resumé', 'Navn', 'navn@example.org', 'accepted') returning id`
          )[0]!.id;
        const third = await extra('tredje');
        const fourth = await extra('fjerde');
        return {
          third: await sqlState(tx.savepoint((sp) => present(sp, world.roundId, third, 3))),
          fourthAtFour: await sqlState(tx.savepoint((sp) => present(sp, world.roundId, fourth, 4))),
          fourthAtZero: await sqlState(tx.savepoint((sp) => present(sp, world.roundId, fourth, 0))),
          fourthAtTaken: await sqlState(tx.savepoint((sp) => present(sp, world.roundId, fourth, 2))),
          count: (await tx`select 1 from public.gallery_presentations where session_id = ${world.roundId}`).length,
        };
      });
      expect(states).toEqual({
        third: undefined,
        fourthAtFour: '23514',
        fourthAtZero: '23514',
        fourthAtTaken: '23505',
        count: 3,
      });
    });

    it('present a solution once per round', async () => {
      expect(await attempt((tx) => present(tx, world.roundId, world.acceptedSolutionId, 3))).toBe('23505');
    });

    it('are the only sessions a presentation can hang off', async () => {
      expect(await attempt((tx) => present(tx, world.keynoteId, world.acceptedSolutionId, 1))).toBe('23503');
      expect(
        await attempt(
          (tx) => tx`
            insert into public.gallery_presentations (event_id, session_id, session_kind, solution_id, position)
            values (${world.eventId}, ${world.keynoteId}, 'keynote', ${world.acceptedSolutionId}, 1)`,
        ),
      ).toBe('23514');
    });

    it('cannot stop being gallery rounds while they hold presentations', async () => {
      expect(await attempt((tx) => tx`update public.sessions set kind = 'workshop' where id = ${world.roundId}`)).toBe(
        '23503',
      );
    });

    it('show solutions of their own event only', async () => {
      expect(await attempt((tx) => present(tx, world.emptyRoundId, other.acceptedSolutionId, 1))).toBe('23503');
    });
  });

  describe('takeaways', () => {
    const insertTakeaway = (tx: Queryable, session: string | null, position: number) => tx`
      insert into public.takeaways (event_id, session_id, position, title)
      values (${world.eventId}, ${session}, ${position}, 'Pointe')`;

    it('are numbered once per session', async () => {
      // The world has takeaways 1 and 2 on the keynote and 1 for the event as a whole.
      expect(await attempt((tx) => insertTakeaway(tx, world.keynoteId, 1))).toBe('23505');
      expect(await attempt((tx) => insertTakeaway(tx, world.keynoteId, 3))).toBe(undefined);
      expect(await attempt((tx) => insertTakeaway(tx, world.roundId, 1))).toBe(undefined);
    });

    it('are numbered once per event when they belong to no session', async () => {
      expect(await attempt((tx) => insertTakeaway(tx, null, 1))).toBe('23505');
      expect(await attempt((tx) => insertTakeaway(tx, null, 2))).toBe(undefined);
    });

    it('belong to a session of their own event', async () => {
      expect(
        await attempt(
          (tx) => tx`
            insert into public.takeaways (event_id, session_id, position, title)
            values (${world.eventId}, ${other.keynoteId}, 9, 'Pointe')`,
        ),
      ).toBe('23503');
    });

    it('have positions from 1', async () => {
      expect(await attempt((tx) => insertTakeaway(tx, null, 0))).toBe('23514');
    });
  });
});
