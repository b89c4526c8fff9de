// Row-level security, table by table, for the three callers the app has: an
// anonymous visitor, a signed-in stranger (no role in any event) and the
// service role. The public reads published events' public rows and writes
// nothing; the service role reads and writes everything.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { asService, asUser, type Claims, type Tx } from '../../src/lib/db/db.server.ts';
import { worldAt } from '../fixtures/clock.ts';
import { freshDatabase } from '../fixtures/db.ts';
import { fingerprint, rolledBackAs, sqlState, type TransactionRunner } from '../fixtures/sql.ts';
import { type EventWorld, insertEventWorld } from '../fixtures/world.ts';
import { insertBookingRows } from '../fixtures/booking-world.ts';
import { insertRegistrationRows, type RegistrationRows } from '../fixtures/registration-world.ts';
import { insertSolutionTeamRows } from '../fixtures/solutions-world.ts';
import { insertCheckInRows } from '../fixtures/checkin-world.ts';
import { insertMaterialRows } from '../fixtures/materials-world.ts';
import { insertIssuedInvoice } from '../fixtures/invoice-world.ts';

const { sql } = await freshDatabase();

const PUBLISHED_EVENTS = `(select id from public.events where status = 'published')`;
const PUBLIC_SOLUTIONS = `(select id from public.solutions where status = 'accepted' and event_id in ${PUBLISHED_EVENTS})`;

interface Worlds {
  published: EventWorld;
  draft: EventWorld;
  /** Ticket types, orders, tickets and waitlist entries on each. */
  registration: { published: RegistrationRows; draft: RegistrationRows };
}

interface TableCase {
  /** Identifies a row; an SQL expression over `t` that uses only publicly readable columns. */
  key: string;
  /**
   * The rows everyone may read, in plain SQL over `t` (evaluated by the superuser); or null when the
   * table is not public at all: anon may not read it, and a stranger sees none of its rows.
   */
  publicRows: string | null;
  /** Columns anon and authenticated must never read, whatever the row. */
  privateColumns: string[];
  /** A column to set to itself in update attempts. */
  touch: string;
  /** A valid new row (the service role proves it by inserting it). */
  newRow: (worlds: Worlds) => Record<string, unknown>;
  /** Written only by triggers: even the service role may not write, change or delete rows. */
  appendOnly?: true;
}

/** A survey question in each event (see beforeAll). */
const RLS_QUESTION = { published: randomUUID(), draft: randomUUID() };
/** A broadcast in each event, with one recipient and one unsubscribe (see beforeAll). */
const RLS_BROADCAST = { published: randomUUID(), draft: randomUUID() };

/** An award in each event with the accepted solution nominated, and a published event without one (see beforeAll). */
const RLS_AWARD = { published: randomUUID(), draft: randomUUID(), spareEventId: randomUUID() };

/** A question list on each event's keynote, with one question (see beforeAll). */
const RLS_QUESTION_LIST = { published: randomUUID(), draft: randomUUID() };
/** An issued invoice in each event (see beforeAll). */
const RLS_INVOICE = { published: '', draft: '' };

/** A revoked door device in each event, with a held scan (see beforeAll). */
const RLS_DEVICE = { published: randomUUID(), draft: randomUUID() };

/** Contact exchange: Alice and Bob accepted each other; Alice asked Carl, who has not answered (see beforeAll). */
const person = (name: string) => ({
  role: 'authenticated' as const,
  sub: randomUUID(),
  aud: 'authenticated' as const,
  email: `${name}-kontakt@example.org`,
});
const RLS_CONTACTS = {
  alice: person('alice'),
  bob: person('bob'),
  carl: person('carl'),
  accepted: randomUUID(),
  pending: randomUUID(),
};

const strangerId = randomUUID();
const strangerEmail = 'fremmed@example.org';
const stranger: Claims = { role: 'authenticated', sub: strangerId, aud: 'authenticated', email: strangerEmail };

const DAY = worldAt;

/** Every table in the public schema. A new table fails the suite until it is added here. */
const MATRIX: Record<string, TableCase> = {
  organisations: {
    key: 't.id',
    publicRows: `t.id in (
        select organisation_id from public.solution_partners where solution_id in ${PUBLIC_SOLUTIONS}
        union
        select organisation_id from public.speakers where event_id in ${PUBLISHED_EVENTS})`,
    privateColumns: ['created_at', 'updated_at'],
    touch: 'name',
    newRow: () => ({ name: 'Ny Fond', sector: 'fond' }),
  },
  events: {
    key: 't.id',
    publicRows: `t.status = 'published'`,
    privateColumns: [],
    touch: 'name',
    newRow: () => ({
      slug: 'rls-ny-dag',
      name: 'Ny dag',
      starts_at: DAY('08:00'),
      ends_at: DAY('16:00'),
      venue_name: 'Sted',
      organiser_name: 'Arrangør',
      status: 'published',
    }),
  },
  tracks: {
    key: 't.id',
    publicRows: `t.event_id in ${PUBLISHED_EVENTS}`,
    privateColumns: [],
    touch: 'name',
    newRow: ({ published }) => ({ event_id: published.eventId, slug: 'nyt-spor', name: 'Nyt spor' }),
  },
  rooms: {
    key: 't.id',
    publicRows: `t.event_id in ${PUBLISHED_EVENTS}`,
    privateColumns: [],
    touch: 'name',
    newRow: ({ published }) => ({ event_id: published.eventId, name: 'Sal C', capacity: 12 }),
  },
  sessions: {
    key: 't.id',
    publicRows: `t.event_id in ${PUBLISHED_EVENTS}`,
    privateColumns: [],
    touch: 'title',
    newRow: ({ published }) => ({
      event_id: published.eventId,
      slug: 'ny-workshop',
      kind: 'workshop',
      title: 'Ny workshop',
      starts_at: DAY('13:00'),
      ends_at: DAY('14:00'),
    }),
  },
  speakers: {
    key: 't.id',
    publicRows: `t.event_id in ${PUBLISHED_EVENTS}`,
    privateColumns: [],
    touch: 'name',
    newRow: ({ published }) => ({ event_id: published.eventId, slug: 'ny-taler', name: 'Ny Taler' }),
  },
  session_speakers: {
    key: `concat_ws('/', t.session_id, t.speaker_id)`,
    publicRows: `t.event_id in ${PUBLISHED_EVENTS}`,
    privateColumns: [],
    touch: 'position',
    newRow: ({ published }) => ({
      event_id: published.eventId,
      session_id: published.roundId,
      speaker_id: published.speakerId,
      role: 'host',
    }),
  },
  solutions: {
    key: 't.id',
    publicRows: `t.id in ${PUBLIC_SOLUTIONS}`,
    privateColumns: ['contact_email', 'contact_phone', 'owner_user_id'],
    touch: 'title',
    newRow: ({ published }) => ({
      event_id: published.eventId,
      slug: 'ny-losning',
      title: 'Ny løsning',
      summary: 'Resumé',
      contact_name: 'Navn',
      contact_email: 'navn@example.org',
      status: 'accepted',
    }),
  },
  solution_partners: {
    key: `concat_ws('/', t.solution_id, t.organisation_id)`,
    publicRows: `t.solution_id in ${PUBLIC_SOLUTIONS}`,
    privateColumns: [],
    touch: 'position',
    newRow: ({ published }) => ({
      event_id: published.eventId,
      solution_id: published.acceptedSolutionId,
      organisation_id: published.submittedOnlyOrganisationId,
      role: 'partner',
    }),
  },
  gallery_presentations: {
    key: 't.id',
    publicRows: `t.solution_id in ${PUBLIC_SOLUTIONS}`,
    privateColumns: [],
    touch: 'position',
    newRow: ({ published }) => ({
      event_id: published.eventId,
      session_id: published.emptyRoundId,
      solution_id: published.acceptedSolutionId,
      position: 1,
    }),
  },
  // Teams and reviews belong to the solution's people and the event's
  // organisers (tests/db/solutions-*.test.ts); the public sees none of them.
  solution_team_members: {
    key: 't.id',
    publicRows: null,
    privateColumns: [],
    touch: 'invited_email',
    newRow: ({ published }) => ({
      event_id: published.eventId,
      solution_id: published.acceptedSolutionId,
      invited_email: 'ny-kollega@example.org',
    }),
  },
  solution_reviews: {
    key: 't.id',
    publicRows: null,
    privateColumns: [],
    touch: 'message',
    newRow: ({ published }) => ({
      event_id: published.eventId,
      solution_id: published.submittedSolutionId,
      decision: 'changes_requested',
      message: 'Tilføj gerne resultater',
    }),
  },
  event_roles: {
    key: `concat_ws('/', t.event_id, t.user_id, t.role)`,
    publicRows: null,
    privateColumns: [],
    touch: 'role',
    newRow: ({ published }) => ({ event_id: published.eventId, user_id: strangerId, role: 'attendee' }),
  },
  organisation_roles: {
    key: `concat_ws('/', t.organisation_id, t.user_id, t.role)`,
    publicRows: null,
    privateColumns: [],
    touch: 'role',
    newRow: ({ published }) => ({
      organisation_id: published.organisationId,
      user_id: strangerId,
      role: 'event_creator',
    }),
  },
  ticket_types: {
    key: 't.id',
    publicRows: `t.event_id in ${PUBLISHED_EVENTS}`,
    // A type shown only by link: its code opens it (private.ticket_types_for_code).
    privateColumns: ['access_code'],
    touch: 'name',
    newRow: ({ published }) => ({
      event_id: published.eventId,
      slug: 'ny-billettype',
      name: 'Ny billettype',
      audience: 'other',
      price_ore: 49500,
      capacity: 25,
    }),
  },
  // Orders, tickets and waitlist places are personal: only their own people
  // (tests/db/registration.test.ts) and the event's organisers read them.
  orders: {
    key: 't.id',
    publicRows: null,
    privateColumns: [],
    touch: 'buyer_name',
    newRow: ({ published }) => ({
      event_id: published.eventId,
      buyer_name: 'Ny Bestiller',
      buyer_email: 'ny-bestiller@example.org',
      status: 'paid',
      total_ore: 0,
      paid_at: new Date('2030-01-01T09:00:00Z'),
    }),
  },
  tickets: {
    key: 't.id',
    publicRows: null,
    privateColumns: [],
    touch: 'attendee_name',
    newRow: ({ published, registration }) => ({
      event_id: published.eventId,
      order_id: registration.published.orderId,
      ticket_type_id: registration.published.ticketTypeId,
      position: 2,
      status: 'valid',
      price_ore: 0,
      attendee_name: 'Ny Deltager',
      attendee_email: 'ny-deltager@example.org',
      sector: 'region',
      issued_at: new Date('2030-01-01T09:00:00Z'),
    }),
  },
  waitlist_entries: {
    key: 't.id',
    publicRows: null,
    privateColumns: ['offer_token_hash', 'offer_notified_at'],
    touch: 'name',
    newRow: ({ published, registration }) => ({
      event_id: published.eventId,
      ticket_type_id: registration.published.ticketTypeId,
      name: 'Ny Venter',
      email: 'ny-venter@example.org',
    }),
  },
  // Bookings and calendar feeds are personal: only their attendee
  // (tests/db/booking.test.ts, tests/db/calendar.test.ts) and, for bookings,
  // the event's organisers read them; only the booking functions write them.
  bookings: {
    key: 't.id',
    publicRows: null,
    privateColumns: ['seat_notice_due', 'no_show_notice_due'],
    touch: 'status',
    newRow: ({ published, registration }) => ({
      event_id: published.eventId,
      session_id: published.roundId,
      ticket_id: registration.published.ticketId,
      status: 'confirmed',
      // After the row's created_at (now()), as bookings_times_in_order asks, on any date the suite
      // runs: a fixed date here made the insert fail from 2030 on (npm run test:future, +2000d).
      confirmed_at: new Date(Date.now() + 3_600_000),
    }),
  },
  calendar_feeds: {
    key: 't.id',
    publicRows: null,
    privateColumns: ['token_hash'],
    touch: 'revoked_at',
    newRow: ({ published, registration }) => ({
      event_id: published.eventId,
      ticket_id: registration.published.ticketId,
      token_hash: Buffer.alloc(32, 7),
      // The ticket already has its one live feed.
      revoked_at: new Date('2030-01-01T09:00:00Z'),
    }),
  },
  // Check-in rows belong to the event's check-in staff and organisers
  // (tests/db/checkin.test.ts); only the check-in functions write them.
  checkin_gates: {
    key: 't.id',
    publicRows: null,
    privateColumns: [],
    touch: 'name',
    newRow: ({ published }) => ({ event_id: published.eventId, name: 'Sideindgang' }),
  },
  check_ins: {
    key: 't.id',
    publicRows: null,
    privateColumns: [],
    touch: 'device',
    newRow: ({ published, registration }) => ({
      event_id: published.eventId,
      ticket_id: registration.published.ticketId,
      device: 'ny-telefon',
      nonce: '6f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f',
      scanned_at: new Date(worldAt('10:30')),
      // The ticket already has its one active check-in.
      result: 'unpaid',
      revision: 1,
    }),
  },
  session_check_ins: {
    key: 't.id',
    publicRows: null,
    privateColumns: [],
    touch: 'at',
    newRow: ({ published, registration }) => ({
      event_id: published.eventId,
      session_id: published.keynoteId,
      ticket_id: registration.published.ticketId,
      nonce: '7a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d',
      at: new Date(worldAt('11:05')),
    }),
  },
  // Door devices and the scans held from revoked ones are the event's organisers' to read
  // (tests/db/checkin-devices.test.ts); only the check-in functions write them.
  checkin_devices: {
    key: 't.id::text',
    publicRows: null,
    privateColumns: [],
    touch: 'label',
    newRow: ({ published }) => ({
      event_id: published.eventId,
      id: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
      label: 'Ny telefon',
    }),
  },
  checkin_held_scans: {
    key: 't.id::text',
    publicRows: null,
    privateColumns: [],
    touch: 'gate',
    newRow: ({ published, registration }) => ({
      event_id: published.eventId,
      device_id: RLS_DEVICE.published,
      kind: 'door',
      nonce: '8b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e',
      ticket_id: registration.published.ticketId,
      revision: 1,
      device_label: 'Spærret telefon',
      scanned_at: new Date(worldAt('10:45')),
    }),
  },
  // Invitations are written only through private.invite_to_team and friends,
  // which check the organiser role (tests/db/team.test.ts); nobody else reads them.
  team_invitations: {
    key: 't.id',
    publicRows: null,
    privateColumns: [],
    touch: 'language',
    newRow: ({ published }) => ({
      event_id: published.eventId,
      email: 'inviteret@example.org',
      role: 'reviewer',
      language: 'da',
      expires_at: new Date(Date.now() + 7 * 86_400_000),
    }),
  },
  // The audit log is the event's organisers' to read (tests/db/console-foundation.test.ts)
  // and nobody's to write: only its trigger adds entries.
  audit_log: {
    key: 't.id::text',
    publicRows: null,
    privateColumns: [],
    touch: 'row_label',
    newRow: ({ published }) => ({
      event_id: published.eventId,
      actor_id: strangerId,
      table_name: 'rooms',
      row_key: { id: published.roomId },
      action: 'update',
    }),
    appendOnly: true,
  },
  // Retries of failed emails and refunds: the event's organisers read them; only the definer
  // functions of the operations page write them (tests/db/reports.test.ts).
  operation_retries: {
    key: 't.id',
    publicRows: null,
    privateColumns: [],
    touch: 'label',
    newRow: ({ published }) => ({
      event_id: published.eventId,
      kind: 'refund',
      original_id: randomUUID(),
      retry_id: randomUUID(),
      label: 'R-1',
    }),
    appendOnly: true,
  },
  // Notes about attendees are the event's organisers' (tests/db/registrations.test.ts).
  attendee_notes: {
    key: 't.id',
    publicRows: null,
    privateColumns: [],
    touch: 'body',
    newRow: ({ published, registration }) => ({
      event_id: published.eventId,
      ticket_id: registration.published.ticketId,
      body: 'Ringede om parkering',
    }),
  },
  // The review rubric and its scores are the event's organisers' and reviewers'
  // (tests/db/review-rubric.test.ts).
  review_criteria: {
    key: 't.id',
    publicRows: null,
    privateColumns: [],
    touch: 'name',
    newRow: ({ published }) => ({ event_id: published.eventId, name: 'Kapret kriterium' }),
  },
  review_scores: {
    key: 't.id',
    publicRows: null,
    privateColumns: [],
    touch: 'score',
    newRow: ({ published }) => ({
      event_id: published.eventId,
      solution_id: published.acceptedSolutionId,
      criterion_id: publishedCriterion,
      reviewer_id: published.organiserId,
      score: 3,
    }),
  },
  // Prepared schedule changes are the event's organisers' (tests/db/schedule.test.ts), written
  // only through private.change_session and friends.
  session_drafts: {
    key: 't.session_id',
    publicRows: null,
    privateColumns: [],
    touch: 'prepared_at',
    newRow: ({ published }) => ({
      event_id: published.eventId,
      session_id: published.keynoteId,
      base_version: 1,
      starts_at: new Date(worldAt('13:00')),
      ends_at: new Date(worldAt('14:00')),
    }),
  },
  takeaways: {
    key: 't.id',
    publicRows: `t.published_at <= now() and t.event_id in ${PUBLISHED_EVENTS}`,
    privateColumns: [],
    touch: 'title',
    newRow: ({ published }) => ({
      event_id: published.eventId,
      position: 50,
      title: 'Ny pointe',
      published_at: new Date('2020-05-03T09:00:00Z'),
    }),
  },
  // The organisers' article (tests/db/article.test.ts): public once published and the day is over.
  takeaway_articles: {
    key: 't.event_id',
    publicRows: 'private.takeaway_article_is_public(t.event_id)',
    privateColumns: [],
    touch: 'title',
    newRow: ({ draft }) => ({ event_id: draft.eventId, title: 'Ny artikel', body: 'Tekst' }),
  },
  takeaway_article_images: {
    key: 't.id',
    publicRows: 'private.takeaway_article_is_public(t.event_id)',
    privateColumns: [],
    touch: 'alt',
    newRow: ({ published }) => ({
      event_id: published.eventId,
      number: 77,
      storage_key: `articles/${published.eventId}/${randomUUID()}.webp`,
      content_type: 'image/webp',
      byte_size: 100,
      alt: 'Nyt billede',
    }),
  },
  // Who sees the other visibilities: tests/db/materials.test.ts.
  materials: {
    key: 't.id',
    publicRows: `t.visibility = 'public' and t.event_id in ${PUBLISHED_EVENTS}
      and (t.solution_id is null or t.solution_id in ${PUBLIC_SOLUTIONS})`,
    privateColumns: [],
    touch: 'title',
    newRow: ({ published }) => ({
      event_id: published.eventId,
      session_id: published.roundId,
      title: 'Nyt materiale',
      visibility: 'public',
      link_url: 'https://example.org/ny',
    }),
  },
  // An attendee's own notes and contacts (tests/db/takeaways.test.ts): nobody else reads them.
  session_notes: {
    key: 't.id',
    publicRows: null,
    privateColumns: [],
    touch: 'body',
    newRow: ({ published }) => ({
      event_id: published.eventId,
      session_id: published.keynoteId,
      user_id: published.organiserId,
      body: 'Ny note',
    }),
  },
  // Feedback and survey answers (tests/db/feedback.test.ts): written only through
  // private.save_*; the author and the event's organisers read them.
  session_feedback: {
    key: 't.id',
    publicRows: null,
    privateColumns: ['ticket_id'],
    touch: 'comment',
    newRow: ({ published, registration }) => ({
      event_id: published.eventId,
      session_id: published.keynoteId,
      ticket_id: registration.published.ticketId,
      rating: 4,
    }),
  },
  survey_responses: {
    key: 't.id',
    publicRows: null,
    privateColumns: ['ticket_id'],
    touch: 'comment',
    newRow: ({ published, registration }) => ({
      event_id: published.eventId,
      ticket_id: registration.published.ticketId,
      score: 8,
    }),
  },
  // The organisers' survey questions, the answers to them, and speakers' sign-in addresses
  // (tests/db/survey-questions.test.ts): questions are public on published events; answers and
  // addresses never are.
  survey_questions: {
    key: 't.id',
    publicRows: `t.event_id in ${PUBLISHED_EVENTS}`,
    privateColumns: [],
    touch: 'position',
    newRow: ({ published }) => ({ event_id: published.eventId, kind: 'text', prompt: 'Nyt spørgsmål' }),
  },
  survey_answers: {
    key: 't.id',
    publicRows: null,
    privateColumns: ['ticket_id'],
    touch: 'answer_text',
    newRow: ({ published, registration }) => ({
      event_id: published.eventId,
      question_id: RLS_QUESTION.published,
      ticket_id: registration.published.ticketId,
      answer_text: 'Nyt svar',
    }),
  },
  speaker_emails: {
    key: 't.speaker_id',
    publicRows: null,
    privateColumns: ['email'],
    touch: 'email',
    newRow: ({ published }) => ({
      speaker_id: published.speakerId,
      event_id: published.eventId,
      email: 'ny-taler@example.org',
    }),
  },
  // Email to attendees (tests/db/broadcasts.test.ts): the event's organisers only; recipients and
  // unsubscribes are written only by private.queue_broadcast and private.unsubscribe_by_token.
  broadcasts: {
    key: 't.id',
    publicRows: null,
    privateColumns: [],
    touch: 'subject_da',
    newRow: ({ published }) => ({
      event_id: published.eventId,
      subject_da: 'Ny udsendelse',
      body_da: 'Hej',
      segment: 'everyone',
    }),
  },
  broadcast_recipients: {
    key: 't.id',
    publicRows: null,
    privateColumns: [],
    touch: 'name',
    newRow: ({ published }) => ({
      broadcast_id: RLS_BROADCAST.published,
      event_id: published.eventId,
      email: 'ny-modtager@example.org',
      name: 'Ny Modtager',
      language: 'da',
    }),
  },
  email_unsubscribes: {
    key: `concat_ws('/', t.event_id, t.email)`,
    publicRows: null,
    privateColumns: [],
    touch: 'unsubscribed_at',
    newRow: ({ published }) => ({ event_id: published.eventId, email: 'ny-afmeldt@example.org' }),
  },
  // Only the draft event has a reminder row; the new row is the published event's.
  event_reminders: {
    key: 't.event_id',
    publicRows: null,
    privateColumns: [],
    touch: 'enabled',
    newRow: ({ published }) => ({ event_id: published.eventId, enabled: true }),
  },
  solution_contacts: {
    key: 't.id',
    publicRows: null,
    privateColumns: ['sender_ticket_id', 'reply_token_hash'],
    touch: 'message',
    newRow: ({ published, registration }) => ({
      event_id: published.eventId,
      solution_id: published.acceptedSolutionId,
      sender_user_id: strangerId,
      sender_ticket_id: registration.published.ticketId,
      message: 'Ny besked',
      reply_token_hash: Buffer.alloc(32, 9),
    }),
  },
  // Exhibitor leads (tests/db/leads.test.ts): only the solution's team; written by private.capture_lead.
  leads: {
    key: 't.id',
    publicRows: null,
    privateColumns: [],
    touch: 'note',
    newRow: ({ published, registration }) => ({
      event_id: published.eventId,
      solution_id: published.submittedSolutionId,
      ticket_id: registration.published.ticketId,
      attendee_name: 'Ny Kontakt',
      attendee_email: 'ny-kontakt@example.org',
    }),
  },
  // Pay by invoice (tests/db/invoices.test.ts): settings are the event's organisers'; the buyer's
  // invoicing details, invoices and lines are read by the order's buyer and the event's organisers
  // only. Invoices and their lines are written only by private.issue_invoice/issue_credit_note and
  // never change (organisers and server jobs may set paid_at and reminders only).
  invoice_settings: {
    key: 't.event_id',
    publicRows: null,
    privateColumns: [],
    touch: 'seller_name',
    newRow: () => ({ event_id: RLS_AWARD.spareEventId, seller_name: 'Ny Sælger', seller_cvr: '12345674' }),
  },
  invoice_buyers: {
    key: 't.order_id',
    publicRows: null,
    privateColumns: [],
    touch: 'organisation_name',
    newRow: ({ registration }) => ({
      order_id: registration.published.orderId,
      buyer_type: 'company',
      cvr: '55133018',
      organisation_name: 'Nyt Firma',
      invoice_email: 'faktura@nytfirma.dk',
    }),
  },
  // A signed-in buyer's remembered invoicing details (tests/db/invoice-checkout.test.ts): their own
  // to read and delete, written only by private.register_by_invoice.
  invoice_buyer_profiles: {
    key: 't.user_id',
    publicRows: null,
    privateColumns: [],
    touch: 'organisation_name',
    newRow: ({ draft }) => ({
      user_id: draft.organiserId,
      buyer_type: 'public',
      ean: '5798000416604',
      organisation_name: 'Ny Kommune',
      reference_person: 'Rita Reference',
      invoice_email: 'faktura@nykommune.dk',
    }),
  },
  invoices: {
    key: 't.id',
    publicRows: null,
    privateColumns: [],
    touch: 'number',
    newRow: ({ published, registration }) => ({
      event_id: published.eventId,
      order_id: registration.published.orderId,
      kind: 'invoice',
      seller_cvr: '12345674',
      number: '999',
      issue_date: '2030-01-01',
      due_date: '2030-01-31',
      due_at: new Date('2030-02-01T00:00:00Z'),
      net_ore: 800,
      vat_ore: 200,
      gross_ore: 1000,
      language: 'da',
      seller: {},
      buyer: {},
    }),
    appendOnly: true,
  },
  invoice_lines: {
    key: `concat_ws('/', t.invoice_id, t.position)`,
    publicRows: null,
    privateColumns: [],
    touch: 'item_name',
    newRow: ({ registration }) => ({
      invoice_id: RLS_INVOICE.published,
      position: 99,
      ticket_id: registration.published.ticketId,
      credit: false,
      item_name: 'Billet',
      vat_percent: 25,
      net_ore: 800,
      vat_ore: 200,
      gross_ore: 1000,
    }),
    appendOnly: true,
  },
  // The audience award (tests/db/award.test.ts): the award and its nominees are public on published
  // events; the votes live in private.award_votes, which nobody but its functions reads.
  // Questions in a session (tests/db/questions.test.ts): lists are public on published events;
  // questions only for the event's ticket holders, moderators and the asker; authors and votes
  // live in the private schema.
  question_lists: {
    key: 't.id',
    publicRows: `t.event_id in ${PUBLISHED_EVENTS}`,
    privateColumns: [],
    touch: 'opened',
    newRow: ({ published }) => ({ event_id: published.eventId, session_id: published.emptyRoundId }),
  },
  questions: {
    key: 't.id',
    publicRows: null,
    privateColumns: [],
    touch: 'body',
    newRow: ({ published }) => ({
      event_id: published.eventId,
      list_id: RLS_QUESTION_LIST.published,
      body: 'Et nyt spørgsmål',
    }),
  },
  awards: {
    key: 't.id',
    publicRows: `t.event_id in ${PUBLISHED_EVENTS}`,
    privateColumns: [],
    touch: 'name',
    newRow: () => ({ event_id: RLS_AWARD.spareEventId, name: 'Ny pris' }),
  },
  award_nominees: {
    key: `concat_ws('/', t.award_id, t.solution_id)`,
    publicRows: `t.event_id in ${PUBLISHED_EVENTS}`,
    privateColumns: [],
    touch: 'jury_points',
    newRow: ({ published }) => ({
      event_id: published.eventId,
      award_id: RLS_AWARD.published,
      solution_id: published.submittedSolutionId,
    }),
  },
  // Contact exchange (tests/db/contacts.test.ts and 'contact cards' below): nothing public; a card is
  // readable by its owner and, once accepted, by the other person; the rest only by the people in it.
  contact_cards: {
    key: 't.user_id',
    publicRows: null,
    privateColumns: [],
    touch: 'name',
    newRow: ({ published }) => ({ user_id: published.organiserId, name: 'Ny Arrangør' }),
  },
  contact_codes: {
    key: 't.id',
    publicRows: null,
    privateColumns: [],
    touch: 'revoked_at',
    newRow: ({ published }) => ({
      event_id: published.eventId,
      user_id: published.organiserId,
      token: 'NyToken0123456789abcde',
      short_code: 'NYK0DE12',
    }),
  },
  contact_connections: {
    key: 't.id',
    publicRows: null,
    privateColumns: [],
    touch: 'status',
    newRow: ({ published, draft }) => ({
      event_id: published.eventId,
      requester_id: published.organiserId,
      recipient_id: draft.organiserId,
    }),
  },
  contact_notes: {
    key: `concat_ws('/', t.connection_id, t.author_id)`,
    publicRows: null,
    privateColumns: [],
    touch: 'body',
    newRow: () => ({ connection_id: RLS_CONTACTS.accepted, author_id: RLS_CONTACTS.bob.sub, body: 'Ny note' }),
  },
};
const TABLES = Object.keys(MATRIX).sort();

interface Caller {
  name: string;
  run: TransactionRunner;
}
const anonymous: Caller = { name: 'an anonymous visitor', run: (work) => asUser({ role: 'anon' }, work, sql) };
const signedInStranger: Caller = { name: 'a signed-in stranger', run: (work) => asUser(stranger, work, sql) };
const serviceRole: Caller = { name: 'the service role', run: (work) => asService(work, sql) };
const PUBLIC_CALLERS = [anonymous, signedInStranger];

let worlds: Worlds;
/** The published event's review criterion, for review_scores' new row. */
let publishedCriterion = '';
beforeAll(async () => {
  await sql`insert into auth.users (id, email) values (${strangerId}, ${strangerEmail})`;
  await sql`
    insert into public.events (id, slug, name, starts_at, ends_at, venue_name, organiser_name, status)
    values (${RLS_AWARD.spareEventId}, 'rls-uden-pris', 'Uden pris', ${DAY('08:00')}, ${DAY('16:00')}, 'Sted', 'Arrangør',
            'published')`;
  const published = await insertEventWorld(sql, { slug: 'rls-offentlig', status: 'published' });
  const draft = await insertEventWorld(sql, { slug: 'rls-kladde', status: 'draft' });
  worlds = {
    published,
    draft,
    registration: {
      published: await insertRegistrationRows(sql, published.eventId, 'offentlig'),
      draft: await insertRegistrationRows(sql, draft.eventId, 'kladde'),
    },
  };
  await insertSolutionTeamRows(sql, published, 'offentlig');
  await insertSolutionTeamRows(sql, draft, 'kladde');
  await insertMaterialRows(sql, published);
  await insertMaterialRows(sql, draft);
  await sql`
    insert into public.organisation_roles (organisation_id, user_id, role)
    values (${published.organisationId}, ${published.organiserId}, 'event_creator')`;
  for (const [world, rows] of [
    [published, worlds.registration.published],
    [draft, worlds.registration.draft],
  ] as const) {
    await sql`
      insert into public.attendee_notes (event_id, ticket_id, author_id, body)
      values (${world.eventId}, ${rows.ticketId}, ${world.organiserId}, 'Har bestilt vegetarmad')`;
  }
  // A review criterion on each, and a score on each event's submitted solution.
  for (const world of [published, draft]) {
    const [criterion] = await sql<{ id: string }[]>`
      insert into public.review_criteria (event_id, name) values (${world.eventId}, 'Nytteværdi') returning id`;
    await sql`
      insert into public.review_scores (event_id, solution_id, criterion_id, reviewer_id, score)
      values (${world.eventId}, ${world.submittedSolutionId}, ${criterion!.id}, ${world.organiserId}, 4)`;
    if (world === published) publishedCriterion = criterion!.id;
  }
  // A retried email on each (only private.retry_* write these; tests/db/reports.test.ts).
  for (const world of [published, draft]) {
    await sql`
      insert into public.operation_retries (event_id, kind, original_id, retry_id, label)
      values (${world.eventId}, 'email', ${randomUUID()}, ${randomUUID()}, 'ticket-confirmation')`;
  }
  // A prepared schedule change on each (the published event's is the one drafts exist for).
  for (const world of [published, draft]) {
    await sql`
      insert into public.session_drafts (event_id, session_id, base_version, starts_at, ends_at)
      values (${world.eventId}, ${world.emptyRoundId}, 1, ${worldAt('15:00')}, ${worldAt('16:00')})`;
  }
  for (const world of [published, draft]) {
    await sql`
      insert into public.team_invitations (event_id, email, role, language, invited_by, expires_at)
      values (${world.eventId}, 'inviteret-af-fixture@example.org', 'checkin_staff', 'en', ${world.organiserId},
              now() + interval '7 days')`;
  }
  for (const [world, rows, tokenByte] of [
    [published, worlds.registration.published, 1],
    [draft, worlds.registration.draft, 2],
  ] as const) {
    await insertBookingRows(sql, {
      eventId: world.eventId,
      sessionId: world.emptyRoundId,
      ticketId: rows.ticketId,
      tokenByte,
    });
  }
  for (const [world, rows] of [
    [published, worlds.registration.published],
    [draft, worlds.registration.draft],
  ] as const) {
    await insertCheckInRows(sql, { eventId: world.eventId, ticketId: rows.ticketId, sessionId: world.roundId });
  }
  for (const [world, rows, deviceId] of [
    [published, worlds.registration.published, RLS_DEVICE.published],
    [draft, worlds.registration.draft, RLS_DEVICE.draft],
  ] as const) {
    await sql`
      insert into public.checkin_devices (event_id, id, label, revoked_at)
      values (${world.eventId}, ${deviceId}, 'Spærret telefon', now())`;
    await sql`
      insert into public.checkin_held_scans (event_id, device_id, kind, nonce, ticket_id, revision, gate, device_label,
                                             scanned_at)
      values (${world.eventId}, ${deviceId}, 'door', gen_random_uuid(), ${rows.ticketId}, 1, 'Nord', 'Spærret telefon',
              now())`;
  }
  for (const [world, rows, tokenByte] of [
    [published, worlds.registration.published, 3],
    [draft, worlds.registration.draft, 4],
  ] as const) {
    await sql`
      insert into public.session_notes (event_id, session_id, user_id, body)
      values (${world.eventId}, ${world.roundId}, ${world.organiserId}, 'Min note')`;
    await sql`
      insert into public.solution_contacts (event_id, solution_id, sender_user_id, sender_ticket_id, message, reply_token_hash)
      values (${world.eventId}, ${world.acceptedSolutionId}, ${world.organiserId}, ${rows.ticketId}, 'Hej',
              ${Buffer.alloc(32, tokenByte)})`;
    await sql`
      insert into public.session_feedback (event_id, session_id, ticket_id, rating, comment)
      values (${world.eventId}, ${world.roundId}, ${rows.ticketId}, 5, 'Godt')`;
    const questionListId = world === draft ? RLS_QUESTION_LIST.draft : RLS_QUESTION_LIST.published;
    await sql`
      insert into public.question_lists (id, event_id, session_id) values (${questionListId}, ${world.eventId}, ${world.keynoteId})`;
    await sql`
      insert into public.questions (event_id, list_id, body, author_name)
      values (${world.eventId}, ${questionListId}, 'Hvordan kommer vi i gang?', 'Deltager')`;
    const awardId = world === draft ? RLS_AWARD.draft : RLS_AWARD.published;
    await sql`insert into public.awards (id, event_id, name) values (${awardId}, ${world.eventId}, 'Publikumsprisen')`;
    await sql`
      insert into public.award_nominees (event_id, award_id, solution_id, jury_points)
      values (${world.eventId}, ${awardId}, ${world.acceptedSolutionId}, 50)`;
    const questionId = world === draft ? RLS_QUESTION.draft : RLS_QUESTION.published;
    await sql`
      insert into public.survey_questions (id, event_id, kind, prompt)
      values (${questionId}, ${world.eventId}, 'text', 'Hvad tager du med hjem?')`;
    // Only in the draft: the matrix's new row is the published ticket's one answer (and speaker's address).
    if (world === draft) {
      await sql`
        insert into public.survey_responses (event_id, ticket_id, score) values (${world.eventId}, ${rows.ticketId}, 9)`;
      await sql`
        insert into public.survey_answers (event_id, question_id, ticket_id, answer_text)
        values (${world.eventId}, ${questionId}, ${rows.ticketId}, 'Nye venner')`;
      await sql`
        insert into public.speaker_emails (speaker_id, event_id, email)
        values (${world.speakerId}, ${world.eventId}, 'taler@example.org')`;
    }
  }
  // A published article of a day that is over (public) and a draft on the published event (not).
  const [pastDay] = await sql<{ id: string }[]>`
    insert into public.events (slug, name, starts_at, ends_at, venue_name, organiser_name, status)
    values ('rls-artikel-fortid', 'Dagen der var', now() - interval '3 days', now() - interval '3 days' + interval '8 hours',
            'Hallen', 'Os', 'published')
    returning id`;
  for (const [eventId, publishedAt] of [
    [pastDay!.id, new Date()],
    [published.eventId, null],
  ] as const) {
    await sql`
      insert into public.takeaway_articles (event_id, title, body, published_at)
      values (${eventId}, 'Takeaways', 'Tekst', ${publishedAt})`;
    await sql`
      insert into public.takeaway_article_images (event_id, number, storage_key, content_type, byte_size, alt)
      values (${eventId}, 1, ${`articles/${eventId}/${randomUUID()}.webp`}, 'image/webp', 100, 'Et billede')`;
  }
  for (const world of [published, draft]) {
    const id = world === published ? RLS_BROADCAST.published : RLS_BROADCAST.draft;
    await sql`
      insert into public.broadcasts (id, event_id, subject_da, body_da, segment)
      values (${id}, ${world.eventId}, 'Udsendelse', 'Hej', 'everyone')`;
    await sql`
      insert into public.broadcast_recipients (broadcast_id, event_id, email, name, language)
      values (${id}, ${world.eventId}, 'modtager@example.org', 'Modtager', 'da')`;
    await sql`insert into public.email_unsubscribes (event_id, email) values (${world.eventId}, 'afmeldt@example.org')`;
  }
  await sql`insert into public.event_reminders (event_id, enabled) values (${draft.eventId}, true)`;
  // Contact exchange: cards for all three, Alice's code, Alice ↔ Bob accepted (with Alice's note), Alice → Carl pending.
  {
    const { alice, bob, carl, accepted, pending } = RLS_CONTACTS;
    for (const [who, name] of [
      [alice, 'Alice'],
      [bob, 'Bob'],
      [carl, 'Carl'],
    ] as const) {
      await sql`insert into auth.users (id, email) values (${who.sub}, ${who.email})`;
      await sql`insert into public.contact_cards (user_id, name, email) values (${who.sub}, ${name}, ${who.email})`;
    }
    await sql`
      insert into public.contact_codes (event_id, user_id, token, short_code)
      values (${published.eventId}, ${alice.sub}, 'AliceToken0123456789ab', 'A11CE234')`;
    await sql`
      insert into public.contact_connections (id, event_id, requester_id, recipient_id, status, answered_at)
      values (${accepted}, ${published.eventId}, ${alice.sub}, ${bob.sub}, 'accepted', now()),
             (${pending}, ${published.eventId}, ${alice.sub}, ${carl.sub}, 'pending', null)`;
    await sql`
      insert into public.contact_notes (connection_id, author_id, body) values (${accepted}, ${alice.sub}, 'Bob kan data')`;
  }
  // A lead of each event's accepted solution on the event's ticket.
  for (const [world, rows] of [
    [published, worlds.registration.published],
    [draft, worlds.registration.draft],
  ] as const) {
    await sql`
      insert into public.leads (event_id, solution_id, session_id, ticket_id, attendee_name, attendee_email, note)
      values (${world.eventId}, ${world.acceptedSolutionId}, ${world.roundId}, ${rows.ticketId}, 'Deltager',
              'deltager@example.org', 'Vil høre mere')`;
  }
  // Invoice settings, an order paid by invoice with its buyer's details, and its invoice, in each event.
  RLS_INVOICE.published = (await insertIssuedInvoice(sql, { eventId: published.eventId })).invoiceId;
  RLS_INVOICE.draft = (await insertIssuedInvoice(sql, { eventId: draft.eventId })).invoiceId;
  await sql`
    insert into public.invoice_buyer_profiles (user_id, buyer_type, cvr, organisation_name, invoice_email)
    values (${published.organiserId}, 'company', '24256790', 'Testfirma A/S', 'faktura@testfirma.dk')`;
  // An organiser's change in each event, so the audit log has rows to hide.
  for (const world of [published, draft]) {
    await sql.begin(async (tx) => {
      const claims = { role: 'authenticated', sub: world.organiserId };
      await tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
      await tx`update public.rooms set capacity = capacity + 1 where id = ${world.roomId}`;
    });
  }
});

const tableCase = (table: string): TableCase => MATRIX[table]!;

async function keysAs(caller: Caller, table: string): Promise<string[]> {
  const rows = await caller.run((tx) =>
    tx.unsafe<{ key: string }[]>(`select ${tableCase(table).key} as key from public.${table} t`),
  );
  return rows.map((row) => row.key).sort();
}

/** True for rows everyone may read; never null. */
const isPublic = (table: string) => `coalesce((${tableCase(table).publicRows ?? 'false'}), false)`;

/** Keys of all rows and of the publicly readable ones, as the superuser sees them. */
async function expectedKeys(table: string): Promise<{ all: string[]; visible: string[] }> {
  const rows = await sql.unsafe<{ key: string; visible: boolean }[]>(
    `select ${tableCase(table).key} as key, ${isPublic(table)} as visible from public.${table} t`,
  );
  return {
    all: rows.map((row) => row.key).sort(),
    visible: rows
      .filter((row) => row.visible)
      .map((row) => row.key)
      .sort(),
  };
}

async function fingerprints(): Promise<Record<string, unknown>> {
  const entries = await Promise.all(TABLES.map(async (table) => [table, await fingerprint(sql, `public.${table}`)]));
  return Object.fromEntries(entries);
}

async function columnsOf(table: string): Promise<string[]> {
  const rows = await sql<{ column: string }[]>`
    select column_name as column from information_schema.columns
    where table_schema = 'public' and table_name = ${table} order by ordinal_position`;
  return rows.map((row) => row.column);
}

/** Inserts `row`; with `returning`, gives back its key (which needs read access to the new row). */
function insertRow(tx: Tx, table: string, row: Record<string, unknown>, options: { returning: boolean }) {
  const columns = Object.keys(row);
  return tx.unsafe<{ key: string }[]>(
    `insert into public.${table} as t (${columns.join(', ')})
     values (${columns.map((_, i) => `$${i + 1}`).join(', ')})
     ${options.returning ? `returning ${tableCase(table).key} as key` : ''}`,
    Object.values(row) as never[],
  );
}

/** Outcome of a write: the SQLSTATE it failed with, or how many rows it changed. */
async function tryWrite(caller: Caller, write: (tx: Tx) => Promise<{ count: number }>): Promise<string | number> {
  let count = -1;
  const state = await sqlState(
    caller.run(async (tx) => {
      count = (await write(tx)).count;
    }),
  );
  return state ?? count;
}

it('the matrix covers exactly the tables in the public schema', async () => {
  const rows = await sql<{ table: string }[]>`
    select tablename as table from pg_tables where schemaname = 'public'`;
  expect(rows.map((row) => row.table).sort()).toEqual(TABLES);
});

describe.each(TABLES)('%s', (table) => {
  const { privateColumns, touch, newRow, key, publicRows } = tableCase(table);
  const readAll = async (caller: Caller) => {
    const readable = (await columnsOf(table)).filter((column) => !privateColumns.includes(column));
    return caller.run((tx) => tx.unsafe(`select ${readable.join(', ')} from public.${table}`));
  };

  it(`has ${publicRows === null ? 'rows to hide' : 'public and non-public rows to tell apart'}`, async () => {
    const { all, visible } = await expectedKeys(table);
    if (publicRows !== null) expect(visible.length).toBeGreaterThan(0);
    expect(all.length).toBeGreaterThan(visible.length);
  });

  if (publicRows === null) {
    it(`is not readable at all by ${anonymous.name}`, async () => {
      expect(await sqlState(readAll(anonymous))).toBe('42501');
    });

    it(`shows ${signedInStranger.name} none of its rows`, async () => {
      expect(await readAll(signedInStranger)).toEqual([]);
    });
  }

  for (const caller of publicRows === null ? [] : PUBLIC_CALLERS) {
    it(`is readable by ${caller.name} in its public rows only`, async () => {
      expect(await keysAs(caller, table)).toEqual((await expectedKeys(table)).visible);
    });

    it(`lets ${caller.name} read every column except ${privateColumns.join(', ') || 'none'}`, async () => {
      expect((await readAll(caller)).length).toBeGreaterThan(0);
      for (const column of privateColumns) {
        expect({
          column,
          state: await sqlState(caller.run((tx) => tx.unsafe(`select ${column} from public.${table}`))),
        }).toEqual({ column, state: '42501' });
      }
    });
  }

  for (const caller of PUBLIC_CALLERS) {
    it(`cannot be written by ${caller.name}`, async () => {
      const before = await fingerprints();

      expect(await tryWrite(caller, (tx) => insertRow(tx, table, newRow(worlds), { returning: false }))).toBe('42501');
      expect([0, '42501']).toContain(
        await tryWrite(caller, (tx) => tx.unsafe(`update public.${table} set ${touch} = ${touch}`)),
      );
      expect([0, '42501']).toContain(await tryWrite(caller, (tx) => tx.unsafe(`delete from public.${table}`)));
      expect(await tryWrite(caller, (tx) => tx.unsafe(`truncate public.${table} cascade`))).toBe('42501');

      expect(await fingerprints()).toEqual(before);
    });
  }

  it('is readable by the service role in full, drafts included', async () => {
    expect(await keysAs(serviceRole, table)).toEqual((await expectedKeys(table)).all);
    const rows = await serviceRole.run((tx) => tx.unsafe(`select * from public.${table}`));
    expect(Object.keys(rows[0]!).sort()).toEqual((await columnsOf(table)).sort());
  });

  if (tableCase(table).appendOnly) {
    it('cannot be written, changed or deleted even by the service role', async () => {
      const before = await fingerprints();
      expect(await tryWrite(serviceRole, (tx) => insertRow(tx, table, newRow(worlds), { returning: false }))).toBe(
        '42501',
      );
      expect(await tryWrite(serviceRole, (tx) => tx.unsafe(`update public.${table} set ${touch} = ${touch}`))).toBe(
        '42501',
      );
      expect(await tryWrite(serviceRole, (tx) => tx.unsafe(`delete from public.${table}`))).toBe('42501');
      expect(await fingerprints()).toEqual(before);
    });
    return;
  }

  it('can be written by the service role, non-public rows included', async () => {
    const { all, visible } = await expectedKeys(table);
    const outcome = await rolledBackAs(serviceRole.run, async (tx) => {
      const updatedHidden = await tx.unsafe(
        `update public.${table} t set ${touch} = ${touch} where not ${isPublic(table)}`,
      );
      const [inserted] = await insertRow(tx, table, newRow(worlds), { returning: true });
      const own = `${key} = '${inserted!.key}'`;
      return {
        updatedHidden: updatedHidden.count,
        updatedOwn: (await tx.unsafe(`update public.${table} t set ${touch} = ${touch} where ${own}`)).count,
        deletedOwn: (await tx.unsafe(`delete from public.${table} t where ${own}`)).count,
      };
    });
    expect(outcome).toEqual({ updatedHidden: all.length - visible.length, updatedOwn: 1, deletedOwn: 1 });
  });
});

describe("exhibitor leads: the solution's team only", () => {
  // Organisers do not read leads: the visitor consented to share with the teams that scan them, not with the
  // organiser (20261203140501_leads.sql). Neither does the visitor read the table: they see which teams hold
  // their details through private.my_leads, never the team's note.
  const member: Claims = {
    role: 'authenticated',
    sub: randomUUID(),
    aud: 'authenticated',
    email: 'team-rls@example.org',
  };
  const otherTeam: Claims = {
    role: 'authenticated',
    sub: randomUUID(),
    aud: 'authenticated',
    email: 'andet-rls@example.org',
  };
  const as = (claims: Claims): Caller => ({ name: claims.role, run: (work) => asUser(claims, work, sql) });
  const leadKeys = async (caller: Caller) =>
    (await caller.run((tx) => tx<{ id: string }[]>`select id from public.leads order by id`)).map((row) => row.id);

  beforeAll(async () => {
    const { published } = worlds;
    for (const [claims, solutionId] of [
      [member, published.acceptedSolutionId],
      [otherTeam, published.submittedSolutionId],
    ] as const) {
      if (claims.role !== 'authenticated') continue;
      await sql`insert into auth.users (id, email) values (${claims.sub}, ${claims.email!})`;
      await sql`
        insert into public.solution_team_members (event_id, solution_id, role, invited_email, user_id, accepted_at)
        values (${published.eventId}, ${solutionId}, 'member', ${claims.email!}, ${claims.sub}, now())`;
    }
  });

  it("lets a team member read, note and delete their solution's leads, and nobody else's", async () => {
    const [own] = await sql<{ id: string }[]>`
      select id from public.leads where solution_id = ${worlds.published.acceptedSolutionId}`;
    expect(await leadKeys(as(member))).toEqual([own!.id]);
    const noted = await rolledBackAs(as(member).run, async (tx) => ({
      updated: (await tx`update public.leads set note = 'Ring i januar', interest = 'high'`).count,
      deleted: (await tx`delete from public.leads`).count,
    }));
    expect(noted).toEqual({ updated: 1, deleted: 1 });
  });

  it("denies another team, the event's organiser and the visitor the leads, and everyone a direct insert", async () => {
    const organiser: Claims = { role: 'authenticated', sub: worlds.published.organiserId, aud: 'authenticated' };
    const visitor: Claims = {
      role: 'authenticated',
      sub: randomUUID(),
      aud: 'authenticated',
      email: 'deltager-offentlig@example.org',
    };
    for (const claims of [otherTeam, organiser, visitor]) {
      expect(await leadKeys(as(claims))).toEqual([]);
      const before = await fingerprint(sql, 'public.leads');
      expect(await tryWrite(as(claims), (tx) => tx`update public.leads set note = 'x'`)).toBe(0);
      expect(await tryWrite(as(claims), (tx) => tx`delete from public.leads`)).toBe(0);
      expect(await fingerprint(sql, 'public.leads')).toEqual(before);
    }
    // Not even the team inserts directly, nor rewrites the visitor's details: only private.capture_lead.
    for (const claims of [member, organiser]) {
      expect(
        await tryWrite(as(claims), (tx) =>
          insertRow(tx, 'leads', tableCase('leads').newRow(worlds), { returning: false }),
        ),
      ).toBe('42501');
    }
    expect(await tryWrite(as(member), (tx) => tx`update public.leads set attendee_email = 'x@example.org'`)).toBe(
      '42501',
    );
  });
});

describe('what the public sees of the demo seed', () => {
  const count = async (caller: Caller, query: string, ...params: string[]) =>
    (await caller.run((tx) => tx.unsafe<{ n: number }[]>(`select count(*)::int as n from ${query}`, params)))[0]!.n;
  const idOf = async (query: string) => (await sql.unsafe<{ id: string }[]>(query))[0]!.id;

  it('shows the published event and its sessions, but not the draft event or its sessions', async () => {
    const published = await idOf(`select id from public.events where slug = 'velfaerdens-innovationsdag-2027'`);
    const draft = await idOf(`select id from public.events where slug = 'velfaerdens-innovationsdag-2028'`);
    const sessionsOf = 'public.sessions where event_id = $1';
    const allPublishedSessions = await count(serviceRole, sessionsOf, published);
    expect(allPublishedSessions).toBeGreaterThan(0);

    for (const caller of PUBLIC_CALLERS) {
      expect(await count(caller, 'public.events where id = $1', published)).toBe(1);
      expect(await count(caller, sessionsOf, published)).toBe(allPublishedSessions);
      expect(await count(caller, 'public.events where id = $1', draft)).toBe(0);
      expect(await count(caller, sessionsOf, draft)).toBe(0);
    }
    expect(await count(serviceRole, 'public.events where id = $1', draft)).toBe(1);
  });

  it('hides the submitted solution and unpublished takeaways', async () => {
    const submitted = await idOf(`select id from public.solutions where status = 'submitted' limit 1`);
    const unpublished = 'public.takeaways where published_at is null';
    expect(await count(serviceRole, unpublished)).toBeGreaterThan(0);

    for (const caller of PUBLIC_CALLERS) {
      expect(await count(caller, 'public.solutions where id = $1', submitted)).toBe(0);
      expect(await count(caller, 'public.gallery_presentations where solution_id = $1', submitted)).toBe(0);
      expect(await count(caller, unpublished)).toBe(0);
    }
    expect(await count(serviceRole, 'public.solutions where id = $1', submitted)).toBe(1);
  });

  it('shows an organisation only once a public solution or a published speaker links to it', async () => {
    const { published, draft } = worlds;
    const byName = 'public.organisations where name = $1';
    for (const caller of PUBLIC_CALLERS) {
      // In the seed, Slagelse Kommune partners only the submitted solution; Region Sjælland only the draft event.
      expect(await count(caller, byName, 'Slagelse Kommune')).toBe(0);
      expect(await count(caller, byName, 'Region Sjælland')).toBe(0);
      expect(await count(caller, byName, 'Region Midtjylland')).toBe(1);
      expect(await count(caller, 'public.organisations where id = $1', published.organisationId)).toBe(1);
      expect(await count(caller, 'public.organisations where id = $1', published.submittedOnlyOrganisationId)).toBe(0);
      expect(await count(caller, 'public.organisations where id = $1', draft.organisationId)).toBe(0);
    }
  });

  it("refuses solutions' contact e-mail and phone with permission denied", async () => {
    for (const caller of PUBLIC_CALLERS) {
      for (const query of [
        'select contact_email from public.solutions',
        'select contact_phone from public.solutions',
        'select * from public.solutions',
        `select id from public.solutions where contact_email like '%@%'`,
      ]) {
        expect({ query, state: await sqlState(caller.run((tx) => tx.unsafe(query))) }).toEqual({
          query,
          state: '42501',
        });
      }
    }
  });
});

describe('contact cards', () => {
  const { alice, bob, carl, accepted, pending } = RLS_CONTACTS;
  const as =
    (claims: Claims): TransactionRunner =>
    (work) =>
      asUser(claims, work, sql);
  const cardsSeenBy = async (claims: Claims) =>
    (await as(claims)((tx) => tx<{ name: string }[]>`select name from public.contact_cards order by name`)).map(
      (row) => row.name,
    );

  it('are readable by their owner and, once accepted, by the other person only', async () => {
    expect(await cardsSeenBy(alice)).toEqual(['Alice', 'Bob']);
    expect(await cardsSeenBy(bob)).toEqual(['Alice', 'Bob']);
    // Carl was asked but has not answered: neither sees the other's card.
    expect(await cardsSeenBy(carl)).toEqual(['Carl']);
    expect(await cardsSeenBy(stranger)).toEqual([]);
  });

  it('become readable when the recipient accepts, and not when they decline', async () => {
    const afterAnswer = (answer: boolean) =>
      rolledBackAs(as(carl), async (tx) => {
        await tx`select private.answer_contact_request(${pending}, ${answer})`;
        await tx`select set_config('request.jwt.claims', ${JSON.stringify(alice)}, true)`;
        return (await tx<{ name: string }[]>`select name from public.contact_cards order by name`).map((r) => r.name);
      });
    expect(await afterAnswer(true)).toEqual(['Alice', 'Bob', 'Carl']);
    expect(await afterAnswer(false)).toEqual(['Alice', 'Bob']);
  });

  it('cannot be changed by anyone but their owner', async () => {
    const changed = await rolledBackAs(as(bob), async (tx) => ({
      others: (await tx`update public.contact_cards set name = 'Hacket' where user_id <> ${bob.sub}`).count,
      own: (await tx`update public.contact_cards set name = 'Bobby' where user_id = ${bob.sub}`).count,
    }));
    expect(changed).toEqual({ others: 0, own: 1 });
  });

  it('keep notes, codes and requests to the people they belong to', async () => {
    const read = (claims: Claims, query: string) =>
      as(claims)((tx) => tx.unsafe<{ n: number }[]>(`select count(*)::int as n from ${query}`)).then(
        (rows) => rows[0]!.n,
      );
    expect(await read(alice, 'public.contact_notes')).toBe(1);
    expect(await read(bob, 'public.contact_notes')).toBe(0);
    expect(await read(alice, 'public.contact_codes')).toBe(1);
    expect(await read(bob, 'public.contact_codes')).toBe(0);
    expect(await read(alice, 'public.contact_connections')).toBe(2);
    expect(await read(bob, 'public.contact_connections')).toBe(1);
    expect(await read(carl, 'public.contact_connections')).toBe(1);
    // A declined request disappears for the one who asked.
    const seenByAlice = await rolledBackAs(as(carl), async (tx) => {
      await tx`select private.answer_contact_request(${pending}, false)`;
      await tx`select set_config('request.jwt.claims', ${JSON.stringify(alice)}, true)`;
      return (await tx<{ id: string }[]>`select id from public.contact_connections`).map((r) => r.id);
    });
    expect(seenByAlice).toEqual([accepted]);
    // Nobody writes a connection straight into the table.
    expect(
      await sqlState(
        as(bob)(
          (tx) => tx`
          insert into public.contact_connections (event_id, requester_id, recipient_id, status, answered_at)
          values (${worlds.published.eventId}, ${bob.sub}, ${carl.sub}, 'accepted', now())`,
        ),
      ),
    ).toBe('42501');
  });
});
