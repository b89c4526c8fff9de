// The check-in device's own judgement, for when it has no connection (and
// for an instant answer when it has): the offline pack it keeps, indexed, and
// the verdicts it gives from it. Pure: runs in the browser (WebCrypto Ed25519)
// and in Node's tests. The server stays the authority — every scan is queued
// and synced, and private.check_in decides again; an offline green that
// another device also gave comes back as a conflict.
import {
  normaliseTicketCode,
  type TicketPublicKey,
  type TicketRevocations,
  verifyTicketCode,
} from '../tickets/ticket-code.ts';
import {
  authenticVerdict,
  refusal,
  type ScanVerdict,
  type SessionVerdict,
  type SessionVerdictCode,
  type VerdictBooking,
} from './checkin.ts';
import type { TicketStatus } from '../tickets/tickets.ts';

export interface PackTicket {
  id: string;
  /** Null once the attendee's data is anonymised. */
  name: string | null;
  organisation: string | null;
  /** "ORDERREF-2": what the attendee reads from their confirmation. */
  reference: string;
  status: TicketStatus;
  revision: number;
  checkedIn: boolean;
  checkedInAt: string | null;
  gate: string | null;
}

export interface PackSession {
  id: string;
  kind: string;
  title: string;
  titleEn: string | null;
  startsAt: string;
  endsAt: string;
  room: string | null;
  capacity: number | null;
  /** Attendees book seats for it; elsewhere "not booked" means nothing. */
  bookingRequired: boolean;
  /** Tickets with a confirmed booking. */
  booked: string[];
}

/** What a device keeps to verify and show tickets offline (GET /api/checkin/<event>/offline-pack). */
export interface OfflinePack {
  eventId: string;
  generatedAt: string;
  /**
   * When the device must drop the pack: the start of the day after the event
   * ends, in the event's time zone (computed by Postgres). Names and
   * organisations of every attendee stay on a phone no longer than that.
   */
  expiresAt: string;
  /**
   * An organiser switched rehearsal on: the device judges every scan as
   * practice (the codes' time windows do not count), marks it so, and the
   * server records nothing for it. Absent in packs kept before rehearsals.
   */
  rehearsal?: boolean;
  /**
   * The window the event's ticket codes carry (ISO), for a ticket found by
   * reference, which has no code to carry it. Absent in older packs.
   */
  validFrom?: string;
  validUntil?: string;
  /** Raw Ed25519 public keys, base64url, by key id; retired keys included. */
  keys: { keyId: number; publicKey: string }[];
  /** Ticket id → its current revision, or 'revoked' (cancelled); see `TicketRevocations`. */
  revocations: Record<string, number | 'revoked'>;
  /** Tickets that are not paid yet (reserved, or expired unpaid): a red `unpaid` offline. */
  unpaid: string[];
  tickets: PackTicket[];
  sessions: PackSession[];
}

/**
 * Whether a kept pack must go: its event is over (see `OfflinePack.expiresAt`),
 * or it was kept before packs carried an expiry (then nobody can tell).
 */
export function packIsExpired(pack: { expiresAt?: string | undefined }, now: Date): boolean {
  if (typeof pack.expiresAt !== 'string') return true;
  const expires = Date.parse(pack.expiresAt);
  return Number.isNaN(expires) || expires <= now.getTime();
}

/** What this device let in itself since its pack was made (from its queue). */
export interface LocalCheckIns {
  /** Ticket id → when and where this device checked it in. */
  door: ReadonlyMap<string, { at: string; gate: string | null; device: string }>;
  /** "<session id> <ticket id>" pairs this device scanned in. */
  sessions: ReadonlySet<string>;
  /** Rehearsal: what this device let in as practice (never a real check-in). */
  practice?: LocalCheckIns;
}

export const NO_LOCAL_CHECK_INS: LocalCheckIns = { door: new Map(), sessions: new Set() };

/** Whether the device judges scans as practice: the kept pack says an organiser switched rehearsal on. */
export function isRehearsal(index: PackIndex | null): boolean {
  return index?.pack.rehearsal === true;
}

export function sessionKey(sessionId: string, ticketId: string): string {
  return `${sessionId} ${ticketId}`;
}

/** A pack with its lookups built once: a scan costs a signature check and a few map reads. */
export interface PackIndex {
  pack: OfflinePack;
  publicKeys: ReadonlyMap<number, TicketPublicKey>;
  revocations: TicketRevocations;
  unpaid: ReadonlySet<string>;
  tickets: ReadonlyMap<string, PackTicket>;
  sessions: ReadonlyMap<string, PackSession>;
  /** Ticket id → the sessions it has a confirmed booking for, by start. */
  bookings: ReadonlyMap<string, PackSession[]>;
  /** The reference printed on tickets and badges ("90H9CB3D-1"), as normaliseReference makes it → the ticket. */
  byReference: ReadonlyMap<string, PackTicket>;
}

export function base64UrlToBytes(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** Indexes a pack; the raw keys stay raw (the verifier imports each once). */
export function indexPack(pack: OfflinePack): PackIndex {
  const bookings = new Map<string, PackSession[]>();
  for (const session of pack.sessions) {
    for (const ticketId of session.booked) {
      const list = bookings.get(ticketId);
      if (list) list.push(session);
      else bookings.set(ticketId, [session]);
    }
  }
  for (const list of bookings.values()) list.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return {
    pack,
    publicKeys: new Map(pack.keys.map((key) => [key.keyId, base64UrlToBytes(key.publicKey)])),
    revocations: new Map(Object.entries(pack.revocations)),
    unpaid: new Set(pack.unpaid),
    tickets: new Map(pack.tickets.map((ticket) => [ticket.id, ticket])),
    sessions: new Map(pack.sessions.map((session) => [session.id, session])),
    bookings,
    byReference: new Map(pack.tickets.map((ticket) => [normaliseReference(ticket.reference), ticket])),
  };
}

/** A typed ticket reference as compared: upper case, without spaces ("90h9 cb3d-1" → "90H9CB3D-1"). */
export function normaliseReference(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

/** Whether typed text has the shape of a ticket reference (order reference, dash, position) rather than a code. */
export function looksLikeReference(text: string): boolean {
  return /^[0-9A-Z]{4,16}-\d{1,3}$/.test(normaliseReference(text));
}

/** The ticket whose printed reference was typed at the door, if the pack has it. */
export function ticketByReference(index: PackIndex, text: string): PackTicket | null {
  return looksLikeReference(text) ? (index.byReference.get(normaliseReference(text)) ?? null) : null;
}

const COPENHAGEN_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Copenhagen',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day in Copenhagen, "2027-02-25". */
export function copenhagenDay(at: Date | string): string {
  return COPENHAGEN_DAY.format(typeof at === 'string' ? new Date(at) : at);
}

function todaysBookings(index: PackIndex, ticketId: string, now: Date): VerdictBooking[] {
  const today = copenhagenDay(now);
  return (index.bookings.get(ticketId) ?? [])
    .filter((session) => copenhagenDay(session.startsAt) === today)
    .map((session) => ({
      sessionId: session.id,
      title: session.title,
      titleEn: session.titleEn,
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      room: session.room,
    }));
}

/** The ticket a code names and whether the code itself is good, or the verdict against it. */
async function authenticTicket(
  index: PackIndex,
  code: string,
  now: Date,
  practice: boolean,
): Promise<{ ok: true; ticketId: string } | { ok: false; verdict: ScanVerdict }> {
  const result = await verifyTicketCode(normaliseTicketCode(code), {
    eventId: index.pack.eventId,
    publicKeys: index.publicKeys,
    now,
    revokedOrCurrentRevisions: index.revocations,
  });
  if (result.ok) return { ok: true, ticketId: result.ticket.ticketId };
  if (!('ticket' in result)) return { ok: false, verdict: { ...refusal(result.code), practice } };
  const { ticket } = result;
  // The ticket's state first, as on the server: a cancelled ticket is cancelled, whenever it is scanned.
  const listed = index.revocations.get(ticket.ticketId);
  const kept = index.tickets.get(ticket.ticketId);
  const state =
    listed === 'revoked' || kept?.status === 'cancelled'
      ? 'cancelled'
      : typeof listed === 'number' && ticket.revision < listed
        ? 'revoked'
        : index.unpaid.has(ticket.ticketId)
          ? 'unpaid'
          : 'ok';
  const verdict = authenticVerdict(
    { code: result.code, ticketId: ticket.ticketId, notBefore: ticket.notBefore, notAfter: ticket.notAfter },
    { code: state, name: kept?.name ?? null, organisation: kept?.organisation ?? null },
    practice,
  );
  return verdict ? { ok: false, verdict } : { ok: true, ticketId: ticket.ticketId };
}

function withTicket(index: PackIndex, verdict: ScanVerdict, ticketId: string): ScanVerdict {
  const ticket = index.tickets.get(ticketId);
  return { ...verdict, ticketId, name: ticket?.name ?? null, organisation: ticket?.organisation ?? null };
}

/** The door's verdict on a ticket whose code (or manual identification) is good. */
function doorVerdictForTicket(
  index: PackIndex,
  ticketId: string,
  allLocal: LocalCheckIns,
  now: Date,
  revision?: number,
): ScanVerdict {
  const practice = isRehearsal(index);
  const verdict = doorVerdictJudged(
    index,
    ticketId,
    practice ? (allLocal.practice ?? NO_LOCAL_CHECK_INS) : allLocal,
    now,
    practice,
    revision,
  );
  return practice ? { ...verdict, practice } : verdict;
}

function doorVerdictJudged(
  index: PackIndex,
  ticketId: string,
  local: LocalCheckIns,
  now: Date,
  practice: boolean,
  revision?: number,
): ScanVerdict {
  const ticket = index.tickets.get(ticketId);
  const listed = index.revocations.get(ticketId);
  if (ticket?.status === 'cancelled' || listed === 'revoked') return withTicket(index, refusal('cancelled'), ticketId);
  if (revision !== undefined && typeof listed === 'number' && revision < listed) {
    return withTicket(index, refusal('revoked'), ticketId);
  }
  if (index.unpaid.has(ticketId)) return withTicket(index, refusal('unpaid'), ticketId);

  const mine = local.door.get(ticketId);
  // In rehearsal only this device's practice counts: real check-ins are not what is being practised.
  if (mine || (!practice && ticket?.checkedIn)) {
    const first = mine
      ? { checkInId: '', scannedAt: mine.at, recordedAt: mine.at, gate: mine.gate, device: mine.device }
      : {
          checkInId: '',
          scannedAt: ticket!.checkedInAt ?? '',
          recordedAt: ticket!.checkedInAt ?? '',
          gate: ticket!.gate,
          device: '',
        };
    return { ...withTicket(index, refusal('already_checked_in'), ticketId), first };
  }
  // A good signature on a ticket the pack does not know: issued after the
  // pack was made. Genuine, so in — the sync confirms it.
  return { ...withTicket(index, refusal('ok'), ticketId), bookings: todaysBookings(index, ticketId, now) };
}

/** A scanned (or typed) code at the door, judged offline. */
export async function offlineDoorVerdict(
  index: PackIndex,
  code: string,
  local: LocalCheckIns = NO_LOCAL_CHECK_INS,
  now: Date = new Date(),
): Promise<ScanVerdict> {
  const authentic = await authenticTicket(index, code, now, isRehearsal(index));
  if (!authentic.ok) return authentic.verdict;
  return doorVerdictForTicket(index, authentic.ticketId, local, now);
}

/** A ticket found by name at the desk and checked against an ID, judged offline. */
export function offlineManualVerdict(
  index: PackIndex,
  manual: { ticketId: string; revision: number },
  local: LocalCheckIns = NO_LOCAL_CHECK_INS,
  now: Date = new Date(),
): ScanVerdict {
  if (!index.tickets.has(manual.ticketId)) {
    return { ...refusal('unknown_ticket', manual.ticketId), practice: isRehearsal(index) };
  }
  const verdict = doorVerdictForTicket(index, manual.ticketId, local, now, manual.revision);
  // The window a code would carry, as the server judges it: refused outside it, never in rehearsal.
  const { validFrom, validUntil } = index.pack;
  if (verdict.code !== 'ok' || isRehearsal(index)) return verdict;
  if (validFrom && now < new Date(validFrom))
    return {
      ...verdict,
      ...refusal('not_yet_valid', manual.ticketId),
      name: verdict.name,
      organisation: verdict.organisation,
      validFrom,
    };
  if (validUntil && now > new Date(validUntil))
    return {
      ...verdict,
      ...refusal('expired', manual.ticketId),
      name: verdict.name,
      organisation: verdict.organisation,
      validUntil,
    };
  return verdict;
}

export type OfflineSessionVerdict = SessionVerdict & {
  /** Judged in rehearsal: nothing will be recorded. */
  practice: boolean;
  validFrom: string | null;
  validUntil: string | null;
  /** Whether the attendee had a confirmed booking for the session; null when the code is refused. */
  booked: boolean | null;
  /** The ticket the code names, once its signature is known to be good. */
  ticketId: string | null;
};

/** A code scanned at a session's door, judged offline. */
export async function offlineSessionVerdict(
  index: PackIndex,
  sessionId: string,
  scanned: string,
  local: LocalCheckIns = NO_LOCAL_CHECK_INS,
  now: Date = new Date(),
): Promise<OfflineSessionVerdict> {
  const practice = isRehearsal(index);
  const verdict = (
    code: SessionVerdictCode,
    name: string | null = null,
    organisation: string | null = null,
    booked: boolean | null = null,
    ticketId: string | null = null,
  ): OfflineSessionVerdict => ({
    code,
    colour: code === 'ok' ? 'green' : code === 'already_checked_in' ? 'amber' : 'red',
    replay: false,
    name,
    organisation,
    at: null,
    booked,
    ticketId,
    practice,
    validFrom: null,
    validUntil: null,
  });
  const session = index.sessions.get(sessionId);
  if (!session) return verdict('unknown_session');
  const authentic = await authenticTicket(index, scanned, now, practice);
  if (!authentic.ok) {
    const refused = authentic.verdict;
    return {
      ...verdict(refused.code as SessionVerdictCode, refused.name, refused.organisation, null, refused.ticketId),
      validFrom: refused.validFrom,
      validUntil: refused.validUntil,
    };
  }
  // Attendance needs a ticket that would get in at the door (checked in there or not).
  const door = doorVerdictForTicket(index, authentic.ticketId, NO_LOCAL_CHECK_INS, now);
  if (door.code !== 'ok' && door.code !== 'already_checked_in') {
    return verdict(door.code as SessionVerdictCode, door.name, door.organisation, null, authentic.ticketId);
  }
  const repeated = (practice ? (local.practice ?? NO_LOCAL_CHECK_INS) : local).sessions.has(
    sessionKey(sessionId, authentic.ticketId),
  );
  return verdict(
    repeated ? 'already_checked_in' : 'ok',
    door.name,
    door.organisation,
    session.booked.includes(authentic.ticketId),
    authentic.ticketId,
  );
}

/** Lower case, without accents, so "Søren" is found by "soren" and "Ærø" by "aero". */
export function foldForSearch(text: string): string {
  return text
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/å/g, 'aa')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** The desk's search, offline: name, organisation or reference containing every word of the query. */
export function searchPack(index: PackIndex, query: string, limit = 25): PackTicket[] {
  const words = foldForSearch(query).split(/\s+/).filter(Boolean);
  if (words.length === 0 || query.trim().length < 2) return [];
  const found: PackTicket[] = [];
  for (const ticket of index.tickets.values()) {
    const haystack = foldForSearch(
      `${ticket.name ?? ''} ${ticket.organisation ?? ''} ${ticket.reference} ${ticket.id}`,
    );
    if (words.every((word) => haystack.includes(word))) found.push(ticket);
  }
  found.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '', 'da') || a.id.localeCompare(b.id));
  return found.slice(0, limit);
}
