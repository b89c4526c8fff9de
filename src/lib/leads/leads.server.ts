// Exhibitor leads, the use cases: the team's scanner, list, notes and export;
// the visitor's consent and withdrawals; the organiser's retention setting
// and the retention job's sweep. Ticket codes are verified here with the
// event's public keys (the same verifier and key cache as the door); whether
// a lead may be stored is decided by private.capture_lead under a lock on
// the ticket row.
import { PassThrough } from 'node:stream';
import {
  asService,
  asServiceInOneTrip,
  asUser,
  type Claims,
  type SignedIn,
  type Sql,
  sql,
  type Tx,
} from '../db/db.server.ts';
import { csvWriter, xlsxWriter } from '../exports/writers.server.ts';
import { EXPORT_CONTENT_TYPES, exportFileName, type ExportFormat } from '../exports/exports.ts';
import type { Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import { t } from '../i18n/messages.ts';
import { rateDecision, rateLimitsStatement } from '../limits/rate-limit.server.ts';
import { refused } from '../site/refusal.ts';
import { importedPublicKey } from '../tickets/keys.server.ts';
import { verifyTicketCode } from '../tickets/ticket-code.ts';
import {
  captureAnswer,
  type CaptureResult,
  classifyScannedText,
  type LeadNoteInput,
  type LeadRow,
  LEAD_RETENTION_DAYS_DEFAULT,
  leadScanRateRules,
  leadsList,
  type ScanInput,
  untrustedCodeRefusal,
} from './leads.ts';

export interface LeadRound {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  room: string | null;
}

export interface LeadScanner {
  solution: { id: string; title: string };
  event: { id: string; slug: string; name: string; timeZone: string; retentionDays: number; endsAt: Date };
  rounds: LeadRound[];
  leads: (LeadRow & { scanned_by_me: boolean })[];
}

/** The team's scanner page: the solution, its rounds and its leads; null for anyone not on the team. */
export async function loadLeadScanner(
  claims: SignedIn,
  solutionId: string,
  lang: Lang,
  db: Sql = sql(),
): Promise<LeadScanner | null> {
  return asUser(
    claims,
    async (tx) => {
      const [solution] = await tx<
        {
          id: string;
          title: string;
          title_en: string | null;
          event_id: string;
          slug: string;
          name: string;
          name_en: string | null;
          timezone: string;
          lead_retention_days: number;
          ends_at: Date;
        }[]
      >`
        select s.id, s.title, s.title_en, e.id as event_id, e.slug, e.name, e.name_en, e.timezone,
               e.lead_retention_days, e.ends_at
          from public.solutions s join public.events e on e.id = s.event_id
         where s.id = ${solutionId} and private.is_solution_member(s.id)`;
      if (!solution) return null;
      const rounds = await tx<
        { id: string; title: string; title_en: string | null; starts_at: Date; ends_at: Date; room: string | null }[]
      >`
        select s.id, s.title, s.title_en, s.starts_at, s.ends_at, r.name as room
          from public.gallery_presentations gp
          join public.sessions s on s.id = gp.session_id
          left join public.rooms r on r.id = s.room_id
         where gp.solution_id = ${solutionId}
         order by s.starts_at, s.id`;
      const leads = await leadRows(tx, solutionId, lang);
      return {
        solution: { id: solution.id, title: localized(lang, solution.title, solution.title_en) },
        event: {
          id: solution.event_id,
          slug: solution.slug,
          name: localized(lang, solution.name, solution.name_en),
          timeZone: solution.timezone,
          retentionDays: solution.lead_retention_days,
          endsAt: solution.ends_at,
        },
        rounds: rounds.map((round) => ({
          id: round.id,
          title: localized(lang, round.title, round.title_en),
          startsAt: round.starts_at,
          endsAt: round.ends_at,
          room: round.room,
        })),
        leads,
      };
    },
    db,
  );
}

/** The solution's leads as the caller may read them (RLS: its team only), newest first. */
function leadRows(tx: Tx, solutionId: string, lang: Lang) {
  return tx<(LeadRow & { scanned_by_me: boolean })[]>`
    select l.id, l.session_id,
           ${lang === 'en' ? tx`coalesce(s.title_en, s.title)` : tx`s.title`} as round_title,
           l.attendee_name, l.attendee_email, l.organisation_name, l.job_title, l.interest, l.note, l.created_at,
           l.scanned_by = (select auth.uid()) as scanned_by_me
      from public.leads l
      left join public.sessions s on s.id = l.session_id
     where l.solution_id = ${solutionId}
     order by l.created_at desc, l.id`;
}

export interface CaptureContext {
  db?: Sql;
  now?: Date;
}

/**
 * One scan at the team's round: rate-limited per team member, the code's
 * signature verified for the solution's event (a forged code or another
 * event's never reaches the database), then private.capture_lead decides.
 */
export async function captureLead(
  claims: SignedIn,
  input: ScanInput,
  context: CaptureContext = {},
): Promise<CaptureResult> {
  const db = context.db ?? sql();
  const scanned = classifyScannedText(input.code);
  if (scanned.kind === 'unreadable') return refused('unreadable');

  const decision = rateDecision(
    await asServiceInOneTrip((tx) => rateLimitsStatement(tx, leadScanRateRules(claims.sub)), db),
  );
  if (!decision.allowed) return refused('rate_limited', { retryAfterSeconds: decision.retryAfterSeconds });

  return asUser(
    claims,
    async (tx) => {
      let ticket: { id: string; revision: number } | null = null;
      if (scanned.kind === 'code') {
        const [row] = await tx<{ event_id: string | null; keys: { key_id: number; public_key: string }[] | null }[]>`
          select s.event_id,
                 (select jsonb_agg(jsonb_build_object('key_id', k.key_id, 'public_key', encode(k.public_key, 'base64')))
                    from private.event_public_keys(s.event_id) k) as keys
            from public.solutions s
           where s.id = ${input.solutionId} and private.is_solution_member(s.id)`;
        if (!row?.event_id) return refused('not_member');
        const eventId = row.event_id;
        const keys = row.keys ?? [];
        const imported = await Promise.all(keys.map((key) => importedPublicKey(eventId, key.key_id, key.public_key)));
        const verified = await verifyTicketCode(scanned.code, {
          eventId,
          publicKeys: new Map(keys.map((key, index) => [key.key_id, imported[index]!])),
          now: context.now ?? new Date(),
          revokedOrCurrentRevisions: new Map(),
        });
        if (!verified.ok && !('ticket' in verified)) return refused(untrustedCodeRefusal(verified.code));
        ticket = { id: verified.ticket.ticketId, revision: verified.ticket.revision };
      }
      const [answer] = await tx<{ result: unknown }[]>`
        select private.capture_lead(
          ${input.solutionId}, ${input.roundId},
          ${ticket?.id ?? null}, ${ticket?.revision ?? null}::integer,
          ${scanned.kind === 'reference' ? scanned.orderReference : null},
          ${scanned.kind === 'reference' ? scanned.position : null}::integer) as result`;
      const result = captureAnswer.parse(answer!.result);
      switch (result.code) {
        case 'created':
        case 'already':
          return { ok: true, code: result.code, name: result.name ?? '', leadId: result.leadId ?? '' } as const;
        case 'no_consent':
          return { ok: true, code: 'no_consent' } as const;
        default:
          return refused(result.code);
      }
    },
    db,
  );
}

/** Saves the team's interest level and note; false when the lead is not the caller's team's. */
export async function noteLead(claims: SignedIn, input: LeadNoteInput, db: Sql = sql()): Promise<boolean> {
  const result = await asUser(
    claims,
    (tx) => tx`
      update public.leads set interest = ${input.interest}::public.lead_interest, note = ${input.note}
       where id = ${input.leadId} and solution_id = ${input.solutionId}`,
    db,
  );
  return result.count === 1;
}

export interface LeadExport {
  fileName: string;
  contentType: string;
  body: Buffer;
}

/**
 * The team's leads as CSV or XLSX, with the same writers as the organisers'
 * exports. A team's leads are a few hundred rows at most, so the file is
 * built in memory; null for anyone not on the team.
 */
export async function exportLeads(
  claims: SignedIn,
  solutionId: string,
  format: ExportFormat,
  lang: Lang,
  options: { db?: Sql; now?: Date } = {},
): Promise<LeadExport | null> {
  const scanner = await loadLeadScanner(claims, solutionId, lang, options.db);
  if (!scanner) return null;
  const tr = t(lang);
  const list = leadsList(tr);
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const spec = {
    list,
    columns: list.columns,
    options: { lang, timeZone: scanner.event.timeZone, thirdParty: false },
    tr,
    defaultSheet: tr('leads.export.sheet'),
  };
  const writer = format === 'xlsx' ? xlsxWriter(out, spec) : csvWriter(out, spec);
  await writer.rows(scanner.leads);
  await writer.finish();
  return {
    fileName: exportFileName(
      [scanner.event.slug, 'leads', scanner.solution.title],
      format,
      options.now ?? new Date(),
      scanner.event.timeZone,
    ),
    contentType: EXPORT_CONTENT_TYPES[format],
    body: Buffer.concat(chunks),
  };
}

// The visitor -------------------------------------------------------------------

export interface MyConsentTicket {
  ticketId: string;
  eventName: string;
  /** When the attendee gave it; null while not given. */
  consentAt: Date | null;
  retentionDays: number;
}

export interface MyLead {
  id: string;
  eventName: string;
  solutionTitle: string;
  createdAt: Date;
  deletedBy: Date;
}

/** The caller's own tickets with their exhibitor consent, and the teams that hold their details. */
export async function loadMyLeads(
  claims: SignedIn,
  lang: Lang,
  db: Sql = sql(),
): Promise<{ tickets: MyConsentTicket[]; leads: MyLead[] }> {
  return asUser(
    claims,
    async (tx) => {
      const tickets = await tx<
        {
          id: string;
          name: string;
          name_en: string | null;
          consent_share_contact_at: Date | null;
          consent_share_contact: boolean;
          lead_retention_days: number;
        }[]
      >`
        select t.id, e.name, e.name_en, t.consent_share_contact, t.consent_share_contact_at, e.lead_retention_days
          from public.tickets t join public.events e on e.id = t.event_id
         where (t.holder_user_id = (select auth.uid()) or t.attendee_email = (select private.current_email()))
           and t.status in ('reserved', 'valid') and t.anonymised_at is null
           and e.ends_at + make_interval(days => e.lead_retention_days) > now()
         order by e.starts_at, t.id`;
      const leads = await tx<
        {
          lead_id: string;
          event_name: string;
          event_name_en: string | null;
          solution_title: string;
          solution_title_en: string | null;
          created_at: Date;
          retention_ends_at: Date;
        }[]
      >`select * from private.my_leads()`;
      return {
        tickets: tickets.map((row) => ({
          ticketId: row.id,
          eventName: localized(lang, row.name, row.name_en),
          consentAt: row.consent_share_contact ? (row.consent_share_contact_at ?? new Date(0)) : null,
          retentionDays: row.lead_retention_days,
        })),
        leads: leads.map((row) => ({
          id: row.lead_id,
          eventName: localized(lang, row.event_name, row.event_name_en),
          solutionTitle: localized(lang, row.solution_title, row.solution_title_en),
          createdAt: row.created_at,
          deletedBy: row.retention_ends_at,
        })),
      };
    },
    db,
  );
}

/**
 * Gives or withdraws the caller's own consent on one of their tickets (the
 * database refuses anyone but the attendee). Withdrawing deletes every lead
 * made with it. False when the ticket is not the caller's own.
 */
export async function setMyConsent(
  claims: SignedIn,
  input: { ticketId: string; consent: boolean },
  db: Sql = sql(),
): Promise<boolean> {
  const result = await asUser(
    claims,
    (tx) => tx`
      update public.tickets t set consent_share_contact = ${input.consent}
       where t.id = ${input.ticketId}
         and (t.holder_user_id = (select auth.uid()) or t.attendee_email = (select private.current_email()))
         and t.status in ('reserved', 'valid') and t.anonymised_at is null`,
    db,
  );
  return result.count === 1;
}

/** Takes the caller's details back from one team; false when the lead is not theirs (or already gone). */
export async function withdrawMyLead(claims: SignedIn, leadId: string, db: Sql = sql()): Promise<boolean> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ withdrawn: boolean }[]>`select private.withdraw_lead(${leadId}) as withdrawn`,
    db,
  );
  return row?.withdrawn ?? false;
}

// Retention ---------------------------------------------------------------------

/** The days after an event its leads are kept (what the consent text promises); the default for an unknown event. */
export async function leadRetentionDaysOf(claims: Claims, eventId: string, db: Sql = sql()): Promise<number> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ days: number }[]>`select lead_retention_days as days from public.events where id = ${eventId}`,
    db,
  );
  return row?.days ?? LEAD_RETENTION_DAYS_DEFAULT;
}

/** The event's lead retention for its organisers; null for anyone else. */
export async function loadLeadRetention(
  claims: SignedIn,
  eventId: string,
  db: Sql = sql(),
): Promise<{ days: number; version: number; leads: number } | null> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ days: number; version: number; leads: number }[]>`
      select e.lead_retention_days as days, e.version,
             private.event_lead_count(e.id) as leads
        from public.events e
       where e.id = ${eventId} and private.has_event_role(e.id, 'organiser')`,
    db,
  );
  return row ?? null;
}

export type SetLeadRetentionCode = 'saved' | 'out_of_range' | 'changed_elsewhere' | 'not_authorised';

export async function setLeadRetention(
  claims: SignedIn,
  input: { event: string; days: number; version: number },
  db: Sql = sql(),
): Promise<SetLeadRetentionCode> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ result: { code: SetLeadRetentionCode } }[]>`
      select private.set_lead_retention(${input.event}, ${input.days}::integer, ${input.version}::integer) as result`,
    db,
  );
  return row!.result.code;
}

/** The retention job's sweep: deletes every lead whose event ended more than its lead retention ago. */
export async function deleteExpiredLeads(options: { now?: Date; db?: Sql } = {}): Promise<number> {
  const [row] = await asService(
    (tx) => tx<{ deleted: number }[]>`select private.delete_expired_leads(${options.now ?? new Date()}) as deleted`,
    options.db ?? sql(),
  );
  return row?.deleted ?? 0;
}
