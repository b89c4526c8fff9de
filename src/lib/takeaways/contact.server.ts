// "Contact the team": an attendee writes to the team behind a solution they
// met in the gallery; the message goes out through the outbox to the
// solution's contact with a reply link, and neither address is shown until
// the team answers on that link's page (20261203110820_solution_contacts.sql).
// The link's token is 32 random bytes; only its SHA-256 is stored.
import { createHash, randomBytes } from 'node:crypto';
import { ANON, asUser, type SignedIn, type Sql, sql, withServiceRole } from '../db/db.server.ts';
import type { Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import { takeRateLimits } from '../limits/rate-limit.server.ts';
import { enqueueEmail } from '../mail/outbox.server.ts';
import { pathsFor } from '../site/paths.ts';
import { refused } from '../site/refusal.ts';
import { type ContactInput, type ContactRefusal, REPLY_TOKEN_PATTERN, type ReplyRefusal } from './takeaways.ts';

/** Messages an attendee may send: a few a minute, ten an hour, across every solution. */
export function contactRateRules(userId: string) {
  return [
    { bucket: `solution-contact:${userId}`, limit: 3, windowSeconds: 60 },
    { bucket: `solution-contact:${userId}`, limit: 10, windowSeconds: 3600 },
  ];
}

export function replyTokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * Sends the caller's message to the team behind a solution they met. The
 * email (in Danish, the event's first language: the team's own is unknown)
 * is queued in the same transaction as the contact row.
 */
export async function contactSolutionTeam(
  claims: SignedIn,
  input: ContactInput,
  origin: string,
  db: Sql = sql(),
): Promise<{ ok: true } | ContactRefusal> {
  const token = randomBytes(32).toString('base64url');
  return asUser(
    claims,
    async (tx) => {
      const limit = await withServiceRole(tx, () => takeRateLimits(tx, contactRateRules(claims.sub)));
      if (!limit.allowed) return refused('too_many', { retryAfterSeconds: limit.retryAfterSeconds });
      const [row] = await tx<
        { code: 'ok' | 'not_met' | 'already_contacted'; contact_id: string | null; recipient: string | null }[]
      >`
        select code, contact_id, recipient
          from private.contact_solution_team(${input.solutionId}, ${input.message}, ${input.shareName},
                                             ${input.shareEmail}, ${replyTokenHash(token)})`;
      if (!row || row.code !== 'ok')
        return refused(row?.code === 'already_contacted' ? 'already_contacted' : 'not_met');
      const [names] = await tx<{ title: string; event_name: string }[]>`
        select s.title, e.name as event_name
          from public.solutions s join public.events e on e.id = s.event_id
         where s.id = ${input.solutionId}`;
      await enqueueEmail(tx, {
        idempotencyKey: `solution-contact/${row.contact_id}`,
        to: row.recipient!,
        lang: 'da',
        template: 'solution-contact',
        data: {
          eventName: names!.event_name,
          solutionTitle: names!.title,
          message: input.message,
          replyUrl: new URL(pathsFor('da').contactReply(token), origin).href,
        },
      });
      return { ok: true } as const;
    },
    db,
  );
}

export interface ContactForTeam {
  eventName: string;
  solutionTitle: string;
  message: string;
  createdAt: Date;
  answeredAt: Date | null;
  reply: string | null;
  /** What the sender chose to share; empty until the team has answered. */
  shared: { name: string | null; organisation: string | null; email: string | null };
}

/** What the reply page shows for a token; null for an unknown one. Read without signing in. */
export async function loadContactForTeam(token: string, lang: Lang, db: Sql = sql()): Promise<ContactForTeam | null> {
  if (!REPLY_TOKEN_PATTERN.test(token)) return null;
  const [row] = await asUser(
    ANON,
    (tx) => tx<
      {
        solution_title: string;
        solution_title_en: string | null;
        event_name: string;
        event_name_en: string | null;
        message: string;
        created_at: Date;
        answered_at: Date | null;
        reply: string | null;
        sender_name: string | null;
        sender_organisation: string | null;
        sender_email: string | null;
      }[]
    >`
      select solution_title, solution_title_en, event_name, event_name_en, message, created_at, answered_at, reply,
             sender_name, sender_organisation, sender_email
        from private.solution_contact_by_token(${replyTokenHash(token)})`,
    db,
  );
  if (!row) return null;
  return {
    eventName: localized(lang, row.event_name, row.event_name_en),
    solutionTitle: localized(lang, row.solution_title, row.solution_title_en),
    message: row.message,
    createdAt: row.created_at,
    answeredAt: row.answered_at,
    reply: row.reply,
    shared: { name: row.sender_name, organisation: row.sender_organisation, email: row.sender_email },
  };
}

/**
 * The team's answer, once: recorded, and emailed to the attendee (in their
 * order's language) with the contact's name and address, in one transaction.
 */
export async function answerContact(
  token: string,
  reply: string,
  origin: string,
  db: Sql = sql(),
): Promise<{ ok: true } | ReplyRefusal> {
  if (!REPLY_TOKEN_PATTERN.test(token)) return refused('unknown');
  return asUser(
    ANON,
    async (tx) => {
      const [row] = await tx<
        {
          code: 'ok' | 'unknown' | 'already_answered';
          contact_id: string | null;
          sender_email: string | null;
          sender_language: Lang | null;
          event_slug: string | null;
          solution_title: string | null;
          solution_title_en: string | null;
          event_name: string | null;
          event_name_en: string | null;
          contact_name: string | null;
          contact_email: string | null;
        }[]
      >`select * from private.answer_solution_contact(${replyTokenHash(token)}, ${reply})`;
      if (!row || row.code === 'unknown') return refused('unknown');
      if (row.code === 'already_answered') return refused('already_answered');
      // An attendee who has since erased their account has no address left, nor
      // has a contact who erased theirs: the answer is kept, nothing is sent.
      if (row.sender_email && row.contact_email) {
        const lang: Lang = row.sender_language === 'en' ? 'en' : 'da';
        await enqueueEmail(tx, {
          idempotencyKey: `solution-contact-reply/${row.contact_id}`,
          to: row.sender_email,
          lang,
          template: 'solution-contact-reply',
          data: {
            eventName: localized(lang, row.event_name!, row.event_name_en),
            solutionTitle: localized(lang, row.solution_title!, row.solution_title_en),
            reply,
            contactName: row.contact_name!,
            contactEmail: row.contact_email!,
            takeawaysUrl: new URL(pathsFor(lang).myTakeaways(row.event_slug!), origin).href,
          },
        });
      }
      return { ok: true } as const;
    },
    db,
  );
}
