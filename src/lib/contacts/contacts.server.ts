// Contact exchange, the use cases: each runs as the signed-in person under
// RLS; every rule (who may ask whom, one connection per pair, only the
// recipient answers, cards visible only once accepted) is Postgres's, in
// private.request_contact and friends and the tables' policies
// (supabase/migrations/20261203140400_contact_exchange.sql).
import { asUser, type Sql, type SignedIn, type Tx, withServiceRole } from '../db/db.server.ts';
import type { Lang } from '../i18n/locales.ts';
import { localized } from '../i18n/localized.ts';
import { takeRateLimits } from '../limits/rate-limit.server.ts';
import { refused } from '../site/refusal.ts';
import { ticketQrSvg } from '../tickets/qr.ts';
import {
  CARD_FIELDS,
  type CardInput,
  type ContactCard,
  type ContactRefusal,
  contactRequestRateRules,
  type MyContact,
  type RequestOutcome,
  requestOutcome,
} from './contacts.ts';

export interface ContactEvent {
  id: string;
  slug: string;
  name: string;
}

export interface MyContactCode extends ContactEvent {
  token: string;
  shortCode: string;
}

export interface MyCard {
  card: ContactCard;
  autoAccept: boolean;
}

type CardRow = Record<(typeof CARD_FIELDS)[number], string | null>;

function cardOf(row: CardRow): ContactCard {
  return Object.fromEntries(CARD_FIELDS.map((field) => [field, row[field]])) as ContactCard;
}

/** The days the person holds a valid ticket to that are not over: where they can exchange contacts. */
export async function myContactEvents(claims: SignedIn, lang: Lang, db?: Sql): Promise<ContactEvent[]> {
  const rows = await asUser(
    claims,
    (tx) => tx<{ id: string; slug: string; name: string; name_en: string | null }[]>`
      select e.id, e.slug, e.name, e.name_en
        from public.events e
       where e.ends_at > now() and private.holds_valid_ticket(e.id)
       order by e.starts_at, e.id`,
    db,
  );
  return rows.map((row) => ({ id: row.id, slug: row.slug, name: localized(lang, row.name, row.name_en) }));
}

/** The person's contact codes at those days (made on first use), their card, and the requests waiting for them. */
export async function loadContactSection(
  claims: SignedIn,
  lang: Lang,
  db?: Sql,
): Promise<{ codes: MyContactCode[]; card: MyCard | null; requests: MyContact[]; contacts: number }> {
  const events = await myContactEvents(claims, lang, db);
  return asUser(
    claims,
    async (tx) => {
      const codes: MyContactCode[] = [];
      for (const event of events) {
        const [code] = await tx<{ token: string; short_code: string }[]>`
          select token, short_code from private.my_contact_code(${event.id})`;
        if (code) codes.push({ ...event, token: code.token, shortCode: code.short_code });
      }
      const card = await readMyCard(tx, claims);
      const contacts = await connectionsOf(tx, lang);
      return {
        codes,
        card,
        requests: contacts.filter((contact) => contact.incoming && contact.status === 'pending'),
        contacts: contacts.filter((contact) => contact.status === 'accepted').length,
      };
    },
    db,
  );
}

/** Only the requests waiting for my answer: what My page's request list polls for. */
export async function loadMyContactRequests(claims: SignedIn, lang: Lang, db?: Sql): Promise<MyContact[]> {
  const contacts = await asUser(claims, (tx) => connectionsOf(tx, lang), db);
  return contacts.filter((contact) => contact.incoming && contact.status === 'pending');
}

/** The contact QR as an SVG image: the scanner's URL with the token, so a phone's own camera app finds Samspil too. */
export function contactQrSvg(url: string, label: string): Promise<string> {
  return ticketQrSvg(url, { label, scale: 8 });
}

async function readMyCard(tx: Tx, claims: SignedIn): Promise<MyCard | null> {
  const [row] = await tx<(CardRow & { auto_accept: boolean })[]>`
    select name, organisation, title, email, phone, linkedin, auto_accept
      from public.contact_cards where user_id = ${claims.sub}`;
  return row ? { card: cardOf(row), autoAccept: row.auto_accept } : null;
}

export function loadMyCard(claims: SignedIn, db?: Sql): Promise<MyCard | null> {
  return asUser(claims, (tx) => readMyCard(tx, claims), db);
}

/**
 * What the card form starts from when there is no card yet: the person's
 * ticket details, none of them ticked (sharing is opt-in).
 */
export async function cardSuggestion(claims: SignedIn, db?: Sql): Promise<ContactCard> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ name: string | null; organisation: string | null; title: string | null }[]>`
      select t.attendee_name as name, t.organisation_name as organisation, t.job_title as title
        from public.tickets t
       where t.status = 'valid'
         and (t.holder_user_id = ${claims.sub} or t.attendee_email = (select private.current_email()))
       order by t.created_at desc
       limit 1`,
    db,
  );
  return {
    name: row?.name ?? null,
    organisation: row?.organisation ?? null,
    title: row?.title ?? null,
    email: claims.email ?? null,
    phone: null,
    linkedin: null,
  };
}

export async function saveMyCard(claims: SignedIn, input: CardInput, db?: Sql): Promise<void> {
  const { card, autoAccept } = input;
  await asUser(
    claims,
    (tx) => tx`
      insert into public.contact_cards as k (user_id, name, organisation, title, email, phone, linkedin, auto_accept)
      values (${claims.sub}, ${card.name}, ${card.organisation}, ${card.title}, ${card.email}, ${card.phone},
              ${card.linkedin}, ${autoAccept})
      on conflict (user_id) do update
        set name = excluded.name, organisation = excluded.organisation, title = excluded.title,
            email = excluded.email, phone = excluded.phone, linkedin = excluded.linkedin,
            auto_accept = excluded.auto_accept`,
    db,
  );
}

async function connectionsOf(tx: Tx, lang: Lang): Promise<MyContact[]> {
  // RLS decides: my connections (a declined request of mine is gone), the
  // other's card only when accepted, only my own note.
  const rows = await tx<
    (Partial<CardRow> & {
      id: string;
      status: MyContact['status'];
      incoming: boolean;
      requested_at: Date;
      answered_at: Date | null;
      event_name: string | null;
      event_name_en: string | null;
      has_card: boolean;
      note: string | null;
    })[]
  >`
    select c.id, c.status, c.recipient_id = (select auth.uid()) as incoming, c.requested_at, c.answered_at,
           e.name as event_name, e.name_en as event_name_en,
           k.user_id is not null as has_card, k.name, k.organisation, k.title, k.email, k.phone, k.linkedin,
           n.body as note
      from public.contact_connections c
      left join public.events e on e.id = c.event_id
      left join public.contact_cards k
        on c.status = 'accepted'
       and k.user_id = case when c.requester_id = (select auth.uid()) then c.recipient_id else c.requester_id end
      left join public.contact_notes n on n.connection_id = c.id and n.author_id = (select auth.uid())
     order by coalesce(c.answered_at, c.requested_at) desc, c.id`;
  return rows.map((row) => ({
    connectionId: row.id,
    eventName: row.event_name ? localized(lang, row.event_name, row.event_name_en) : '',
    status: row.status,
    incoming: row.incoming,
    requestedAt: row.requested_at,
    answeredAt: row.answered_at,
    card: row.has_card ? cardOf(row as CardRow) : null,
    note: row.note,
  }));
}

/** Everyone I am connected with or waiting for, newest first. */
export function loadMyContacts(claims: SignedIn, lang: Lang, db?: Sql): Promise<MyContact[]> {
  return asUser(claims, (tx) => connectionsOf(tx, lang), db);
}

/**
 * Asks the owner of a scanned or typed code to exchange cards, at the day the
 * caller chose. The attempt counts against the caller's rate limit first
 * (forged and mistyped codes too, so short codes cannot be guessed by trying);
 * a refusal writes nothing else.
 */
export async function requestContact(
  claims: SignedIn,
  eventId: string,
  code: string,
  db?: Sql,
): Promise<RequestOutcome> {
  return asUser(
    claims,
    async (tx) => {
      const limits = await withServiceRole(tx, () => takeRateLimits(tx, contactRequestRateRules(claims.sub)));
      if (!limits.allowed) return refused('rate_limited', { retryAfterSeconds: limits.retryAfterSeconds });
      const [row] = await tx<{ code: string; connection_id: string | null }[]>`
        select code, connection_id from private.request_contact(${eventId}, ${code})`;
      return requestOutcome(row?.code ?? 'unknown', row?.connection_id ?? null);
    },
    db,
  );
}

export async function answerContactRequest(
  claims: SignedIn,
  connectionId: string,
  accept: boolean,
  db?: Sql,
): Promise<{ ok: true; answer: 'accepted' | 'declined' } | ContactRefusal> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ result: string }[]>`select private.answer_contact_request(${connectionId}, ${accept}) as result`,
    db,
  );
  const result = row?.result;
  if (result === 'accepted' || result === 'declined') return { ok: true, answer: result };
  return refused(result === 'already_answered' ? 'already_answered' : 'not_found');
}

export async function removeContact(
  claims: SignedIn,
  connectionId: string,
  db?: Sql,
): Promise<{ ok: true } | ContactRefusal> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ removed: boolean }[]>`select private.remove_contact(${connectionId}) as removed`,
    db,
  );
  return row?.removed ? { ok: true } : refused('not_found');
}

/** Writes (or with an empty body, deletes) my note on an accepted contact; RLS refuses anyone else's. */
export async function saveContactNote(
  claims: SignedIn,
  connectionId: string,
  body: string,
  db?: Sql,
): Promise<{ ok: true } | ContactRefusal> {
  return asUser(
    claims,
    async (tx) => {
      const [connection] = await tx<{ id: string }[]>`
        select id from public.contact_connections where id = ${connectionId} and status = 'accepted'`;
      if (!connection) return refused('not_found');
      if (body === '') {
        await tx`delete from public.contact_notes where connection_id = ${connectionId} and author_id = ${claims.sub}`;
      } else {
        await tx`
          insert into public.contact_notes (connection_id, author_id, body)
          values (${connectionId}, ${claims.sub}, ${body})
          on conflict (connection_id, author_id) do update set body = excluded.body`;
      }
      return { ok: true } as const;
    },
    db,
  );
}

/** Revokes my code at a day and makes a new one; null when I hold no valid ticket there. */
export async function replaceContactCode(
  claims: SignedIn,
  eventId: string,
  db?: Sql,
): Promise<{ token: string; shortCode: string } | null> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ token: string; short_code: string }[]>`
      select token, short_code from private.replace_contact_code(${eventId})`,
    db,
  );
  return row ? { token: row.token, shortCode: row.short_code } : null;
}
