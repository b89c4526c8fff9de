// Check-in use cases: a scan at the door, a device's queue of offline scans,
// the desk's attendee search and the pack a device keeps for offline use.
// The code's signature is verified here, with the event's public keys read
// once per request (in the same round trip as the staff check and the gates)
// and imported once per process; whether the ticket may come in is decided
// by private.check_in under a lock on the ticket row. The event's check-in
// window is judged here first (the code's own, or `manualWindowCheck`) and
// enforced again by private.check_in, at the same trusted scan time.
import { asUser, type Claims, type Sql, sql, type Tx } from '../db/db.server.ts';
import { importedPublicKey, publicKeysForEvent } from '../tickets/keys.server.ts';
import { verifyTicketCode } from '../tickets/ticket-code.ts';
import type { OfflinePack } from './offline.ts';
import {
  type AuthenticCodeCheck,
  authenticVerdict,
  dbTicketState,
  lockOrder,
  practiceAdmitted,
  refusal,
  revocationList,
  type ScanInput,
  type ScanVerdict,
  type SessionScanInput,
  type SessionScanVerdict,
  type SessionVerdictCode,
  sessionRefusal,
  type SessionVerdict,
  sessionVerdictFromDb,
  type SyncedSessionScan,
  type SyncedScan,
  type SyncSummary,
  summariseSync,
  trustedScanTime,
  verdictFromDb,
} from './checkin.ts';
import type { TicketStatus } from '../tickets/tickets.ts';

export interface CheckInContext {
  db?: Sql;
  /** The server's clock, for the codes' validity windows. */
  now?: Date;
  /**
   * The check-in app's own id for itself (sent with each request): its
   * uploads then go through the device's record, so a revoked device's are
   * held for review (see 20261203110600_checkin_devices.sql). Without it (the
   * desk's form without JavaScript, the one-scan API) scans are applied as
   * the signed-in person's.
   */
  device?: DeviceRef | undefined;
}

/** The check-in app on one phone: its own id, and the name staff gave it. */
export interface DeviceRef {
  id: string;
  label: string;
}

/** Whether the device is known and may work, from private.checkin_device_seen. */
type DeviceStatus = 'active' | 'revoked' | 'not_authorised';

/** Registers or updates the device and locks its row until the transaction ends. */
async function deviceSeen(tx: Tx, eventId: string, device: DeviceRef): Promise<DeviceStatus> {
  const [row] = await tx<{ status: DeviceStatus }[]>`
    select private.checkin_device_seen(${eventId}, ${device.id}, ${device.label}) as status`;
  return row!.status;
}

const NO_REVOCATIONS: ReadonlyMap<string, number | 'revoked'> = new Map();

async function isStaff(tx: Tx, eventId: string): Promise<boolean> {
  const [row] = await tx<{ staff: boolean }[]>`
    select private.has_event_role(${eventId}, 'organiser', 'checkin_staff') as staff`;
  return row?.staff ?? false;
}

/** The event's gates by name, created on first use, each in its own short transaction before any ticket is locked. */
async function gateIds(claims: Claims, eventId: string, names: readonly string[], db: Sql) {
  const ids = new Map<string, string>();
  for (const name of new Set(names)) {
    const id = await asUser(
      claims,
      async (tx) => (await tx<{ id: string | null }[]>`select private.checkin_gate(${eventId}, ${name}) as id`)[0]?.id,
      db,
    );
    if (id) ids.set(name, id);
  }
  return ids;
}

interface ScanContext {
  staff: boolean;
  /** The event's public keys by key id, imported (once per process); empty for a caller who is not staff. */
  publicKeys: Map<number, CryptoKey>;
  /** The event's existing gates among `gateNames`, by the name as given. */
  gates: Map<string, string>;
  /** An organiser switched rehearsal on: every scan is practice and records nothing. */
  rehearsal: boolean;
  /**
   * The window the event's ticket codes carry (private.checkin_window, the
   * same as `ticketValidity`), drafts included; null for a caller who is not
   * the event's staff.
   */
  window: { validFrom: Date; validUntil: Date } | null;
}

/**
 * What a scan needs before any ticket is locked, in one round trip: whether
 * the caller is the event's check-in staff or organiser, the event's public
 * keys (raw bytes, read afresh each time, so a rotated key counts at once)
 * and which of the named gates exist. Gates are looked up, never created
 * here: a missing one is made by `gateIds` in its own transaction.
 */
async function scanContext(tx: Tx, eventId: string, gateNames: readonly string[]): Promise<ScanContext> {
  const [row] = await tx<
    {
      staff: boolean;
      keys: { key_id: number; public_key: string }[] | null;
      gates: Record<string, string> | null;
      rehearsal: boolean | null;
      valid_from: Date | null;
      valid_until: Date | null;
    }[]
  >`
    select s.staff,
           w.valid_from, w.valid_until,
           case when s.staff then private.checkin_rehearsal_on(${eventId}) end as rehearsal,
           case when s.staff then (
             select jsonb_agg(jsonb_build_object('key_id', k.key_id, 'public_key', encode(k.public_key, 'base64')))
               from private.event_public_keys(${eventId}) k) end as keys,
           case when s.staff then (
             select jsonb_object_agg(n.name, g.id)
               from unnest(${gateNames as string[]}::text[]) as n(name)
               join public.checkin_gates g on g.event_id = ${eventId} and g.name = trim(n.name)) end as gates
      from (select private.has_event_role(${eventId}, 'organiser', 'checkin_staff') as staff) s
      left join private.checkin_window(${eventId}) w on s.staff`;
  const staff = row?.staff ?? false;
  const keys = row?.keys ?? [];
  const imported = await Promise.all(keys.map((key) => importedPublicKey(eventId, key.key_id, key.public_key)));
  return {
    staff,
    publicKeys: new Map(keys.map((key, index) => [key.key_id, imported[index]!])),
    gates: new Map(Object.entries(row?.gates ?? {})),
    rehearsal: row?.rehearsal ?? false,
    window: row?.valid_from && row.valid_until ? { validFrom: row.valid_from, validUntil: row.valid_until } : null,
  };
}

/**
 * A ticket found by reference or at the desk has no code to carry its time
 * window, so it gets the window its code would carry (`ticketValidity`): the
 * same refusal, with the same dates, as a scan of its QR code at that moment.
 */
export function manualWindowCheck(
  ticketId: string,
  window: { validFrom: Date; validUntil: Date },
  at: Date,
): AuthenticCodeCheck {
  const code = at < window.validFrom ? 'not_yet_valid' : at > window.validUntil ? 'expired' : 'ok';
  return { code, ticketId, notBefore: window.validFrom, notAfter: window.validUntil };
}

/** The ticket's own state (cancelled, re-issued, unpaid, another event's), read without recording anything. */
async function ticketState(tx: Tx, eventId: string, ticketId: string, revision: number) {
  const [row] = await tx<{ state: unknown }[]>`
    select private.checkin_ticket_state(${eventId}, ${ticketId}, ${revision}) as state`;
  return dbTicketState.parse(row!.state);
}

/** An authentic code, or a ticket found at the desk, whose verdict does not go through a real check-in. */
interface Unrecorded {
  index: number;
  ticketId: string;
  revision: number;
  check: AuthenticCodeCheck | null;
  practice: boolean;
}

/**
 * The verdict of a scan that records nothing: a practice scan (rehearsal), or
 * a code refused for its time window, which still gets its true reason from
 * the ticket's state (a cancelled ticket is cancelled, not "not valid yet").
 */
async function unrecordedVerdict(tx: Tx, eventId: string, scan: Unrecorded): Promise<ScanVerdict> {
  const state = await ticketState(tx, eventId, scan.ticketId, scan.revision);
  const check: AuthenticCodeCheck = scan.check ?? {
    code: 'ok',
    ticketId: scan.ticketId,
    notBefore: new Date(0),
    notAfter: new Date(0),
  };
  return (
    authenticVerdict(check, state, scan.practice) ??
    (scan.practice ? practiceAdmitted(scan.ticketId, state) : refusal('malformed', scan.ticketId))
  );
}

/** A code's check once its signature is good, or null when nothing in it can be trusted. */
function authenticCheck(result: Awaited<ReturnType<typeof verifyTicketCode>>): AuthenticCodeCheck | null {
  if (!result.ok && !('ticket' in result)) return null;
  const { ticket } = result;
  return {
    code: result.ok ? 'ok' : result.code,
    ticketId: ticket.ticketId,
    notBefore: ticket.notBefore,
    notAfter: ticket.notAfter,
  };
}

export interface SyncResult {
  results: SyncedScan[];
  summary: SyncSummary;
  /** The uploading device has been revoked: its scans were held, and it must drop its pack. */
  deviceRevoked: boolean;
}

/**
 * Checks in a device's scans, in one transaction. Idempotent by nonce: a
 * queue uploaded again gets the verdicts it got the first time and writes
 * nothing. Verdicts come back in the order of `scans`.
 */
export async function syncScans(
  claims: Claims,
  eventId: string,
  scans: readonly ScanInput[],
  context: CheckInContext = {},
): Promise<SyncResult> {
  const db = context.db ?? sql();
  const now = context.now ?? new Date();
  const { verdicts, deviceRevoked } = await checkInAll(claims, eventId, scans, db, now, context.device);
  const results = scans.map((scan, index) => ({ nonce: scan.nonce, verdict: verdicts[index]! }));
  return { results, summary: summariseSync(results), deviceRevoked };
}

/** One scan at the door, online. */
export async function checkInScan(
  claims: Claims,
  eventId: string,
  scan: ScanInput,
  context: CheckInContext = {},
): Promise<ScanVerdict> {
  const { results } = await syncScans(claims, eventId, [scan], context);
  return results[0]!.verdict;
}

interface CheckedIn {
  verdicts: ScanVerdict[];
  deviceRevoked: boolean;
}

async function checkInAll(
  claims: Claims,
  eventId: string,
  scans: readonly ScanInput[],
  db: Sql,
  now: Date,
  device: DeviceRef | undefined,
): Promise<CheckedIn> {
  const notAuthorised = () => ({ verdicts: scans.map(() => refusal('not_authorised')), deviceRevoked: false });
  if (claims.role !== 'authenticated' || scans.length === 0) return notAuthorised();

  const gateNames = [...new Set(scans.flatMap((scan) => (scan.gate === null ? [] : [scan.gate])))];
  // Usually every gate exists and the scans go in at once. A gate's first
  // use ends the transaction before any ticket is locked; the gate is created
  // in its own short transaction and the scans start again.
  const first = await checkInAttempt(claims, eventId, scans, gateNames, null, db, now, device);
  if (!('missingGates' in first)) return first;
  const again = await checkInAttempt(
    claims,
    eventId,
    scans,
    gateNames,
    await gateIds(claims, eventId, first.missingGates, db),
    db,
    now,
    device,
  );
  if ('missingGates' in again) throw new Error('check-in: gates still missing after creating them');
  return again;
}

/**
 * One transaction of `checkInAll`. Without `created` (the first attempt) it
 * stops, having locked nothing, when a gate does not exist yet; with it, the
 * gates just created fill in what the look-up misses.
 */
async function checkInAttempt(
  claims: Claims,
  eventId: string,
  scans: readonly ScanInput[],
  gateNames: readonly string[],
  created: ReadonlyMap<string, string> | null,
  db: Sql,
  now: Date,
  device: DeviceRef | undefined,
): Promise<CheckedIn | { missingGates: string[] }> {
  return asUser(
    claims,
    async (tx): Promise<CheckedIn | { missingGates: string[] }> => {
      const { staff, publicKeys, gates, rehearsal, window } = await scanContext(tx, eventId, gateNames);
      if (!staff) return { verdicts: scans.map(() => refusal('not_authorised')), deviceRevoked: false };
      for (const [name, id] of created ?? []) if (!gates.has(name)) gates.set(name, id);
      const missingGates = gateNames.filter((name) => !gates.has(name));
      if (missingGates.length > 0 && created === null) return { missingGates };
      // The device's row is locked before any ticket: a revoke waits for this
      // upload, or this upload sees the revoke and holds every scan.
      const status = device ? await deviceSeen(tx, eventId, device) : 'active';
      if (status === 'not_authorised') {
        return { verdicts: scans.map(() => refusal('not_authorised')), deviceRevoked: false };
      }

      const verdicts: (ScanVerdict | undefined)[] = [];
      const verified: { index: number; ticketId: string; revision: number }[] = [];
      const unrecorded: Unrecorded[] = [];
      for (const [index, scan] of scans.entries()) {
        // A practice scan stays practice even when rehearsal has ended since (it synced late).
        const practice = rehearsal || scan.practice === true;
        if (scan.manual) {
          const manual = { index, ticketId: scan.manual.ticketId, revision: scan.manual.revision };
          const check = window
            ? manualWindowCheck(manual.ticketId, window, trustedScanTime(scan.scannedAt, now))
            : null;
          if (practice) unrecorded.push({ ...manual, check: null, practice });
          else if (check && check.code !== 'ok') unrecorded.push({ ...manual, check, practice });
          else verified.push(manual);
          continue;
        }
        const result = await verifyTicketCode(scan.code ?? '', {
          eventId,
          publicKeys,
          // An offline scan is judged by when it happened, not when it synced.
          now: trustedScanTime(scan.scannedAt, now),
          // The database knows the current revision; it answers `revoked`.
          revokedOrCurrentRevisions: NO_REVOCATIONS,
        });
        const check = authenticCheck(result);
        if (result.ok && !practice) {
          verified.push({ index, ticketId: result.ticket.ticketId, revision: result.ticket.revision });
        } else if (check && 'ticket' in result) {
          // Practice, or a genuine code outside its window: the ticket's state names the true reason.
          unrecorded.push({ index, ticketId: check.ticketId, revision: result.ticket.revision, check, practice });
        } else {
          verdicts[index] = { ...refusal(result.ok ? 'malformed' : result.code), practice };
        }
      }
      for (const scan of unrecorded) verdicts[scan.index] = await unrecordedVerdict(tx, eventId, scan);

      // Ticket by ticket in id order, so concurrent batches cannot deadlock.
      for (const position of lockOrder(verified.map((scan) => scan.ticketId))) {
        const { index, ticketId, revision } = verified[position]!;
        const scan = scans[index]!;
        const gateId = scan.gate === null ? null : (gates.get(scan.gate) ?? null);
        const scannedAt = trustedScanTime(scan.scannedAt, now);
        const [row] = device
          ? await tx<{ verdict: unknown }[]>`
              select private.check_in_from_device(${eventId}, ${device.id}, ${scan.device}, ${ticketId}, ${revision},
                                                  ${gateId}, ${scan.gate}, ${scan.nonce}, ${scannedAt}) as verdict`
          : await tx<{ verdict: unknown }[]>`
              select private.check_in(${eventId}, ${ticketId}, ${revision}, ${gateId}, ${scan.device}, ${scan.nonce},
                                      ${scannedAt}) as verdict`;
        verdicts[index] = verdictFromDb(row!.verdict);
      }
      return {
        verdicts: verdicts.map((verdict) => verdict ?? refusal('malformed')),
        deviceRevoked: status === 'revoked',
      };
    },
    db,
  );
}

export interface SessionSyncResult {
  results: SyncedSessionScan[];
  /** The uploading device has been revoked: its scans were held. */
  deviceRevoked: boolean;
}

/**
 * Records a session-door device's scans, in one transaction, each code
 * verified once with the event's keys. Idempotent by nonce: a queue uploaded
 * again writes nothing and answers `ok` with `replay`. Each verdict says
 * whether the attendee holds a confirmed booking for the session (`booked`);
 * an unbooked attendee is still `ok`. Verdicts come back in the order of `scans`.
 */
export async function syncSessionScans(
  claims: Claims,
  eventId: string,
  scans: readonly SessionScanInput[],
  context: CheckInContext = {},
): Promise<SessionSyncResult> {
  const now = context.now ?? new Date();
  const device = context.device;
  let deviceRevoked = false;
  const notAuthorised = () => scans.map(() => sessionRefusal('not_authorised'));
  const verdicts =
    claims.role !== 'authenticated' || scans.length === 0
      ? notAuthorised()
      : await asUser(
          claims,
          async (tx): Promise<SessionScanVerdict[]> => {
            const { staff, publicKeys, rehearsal } = await scanContext(tx, eventId, []);
            if (!staff) return notAuthorised();
            // Locked before any attendance row, as at the door (checkInAttempt).
            const status = device ? await deviceSeen(tx, eventId, device) : 'active';
            if (status === 'not_authorised') return notAuthorised();
            deviceRevoked = status === 'revoked';
            const out: (SessionScanVerdict | undefined)[] = [];
            const verified: { index: number; ticketId: string; revision: number }[] = [];
            const unrecorded: Unrecorded[] = [];
            for (const [index, scan] of scans.entries()) {
              const result = await verifyTicketCode(scan.code, {
                eventId,
                publicKeys,
                now: trustedScanTime(scan.scannedAt, now),
                revokedOrCurrentRevisions: NO_REVOCATIONS,
              });
              const practice = rehearsal || scan.practice === true;
              const check = authenticCheck(result);
              if (result.ok && !practice) {
                verified.push({ index, ticketId: result.ticket.ticketId, revision: result.ticket.revision });
              } else if (check && 'ticket' in result) {
                unrecorded.push({ index, ticketId: check.ticketId, revision: result.ticket.revision, check, practice });
              } else {
                out[index] = {
                  ...sessionRefusal(result.ok ? 'malformed' : result.code),
                  ...(practice ? { practice } : {}),
                };
              }
            }
            // Practice, or a genuine code outside its window: nothing recorded, the true reason shown.
            for (const scan of unrecorded) {
              const door = await unrecordedVerdict(tx, eventId, scan);
              const [booking] =
                door.code === 'ok'
                  ? await tx<{ session_id: string }[]>`
                select session_id from private.session_scan_bookings(
                  ${eventId}, ${[scans[scan.index]!.sessionId]}::uuid[], ${[scan.ticketId]}::uuid[])`
                  : [];
              out[scan.index] = {
                ...sessionRefusal(door.code as SessionVerdictCode),
                colour: door.colour,
                name: door.name,
                organisation: door.organisation,
                booked: booking !== undefined,
                ...(door.practice ? { practice: true } : {}),
                ...(door.validFrom ? { validFrom: door.validFrom } : {}),
                ...(door.validUntil ? { validUntil: door.validUntil } : {}),
              };
            }

            // In (session, ticket) order: two batches inserting the same
            // attendances wait on each other's unique-index entries in one
            // order, so they cannot deadlock.
            const pairs = verified.map(({ index, ticketId }) => `${scans[index]!.sessionId}/${ticketId}`);
            const recorded: { index: number; ticketId: string; verdict: SessionVerdict }[] = [];
            for (const position of lockOrder(pairs)) {
              const { index, ticketId, revision } = verified[position]!;
              const scan = scans[index]!;
              const scannedAt = trustedScanTime(scan.scannedAt, now);
              const [row] = device
                ? await tx<{ verdict: unknown }[]>`
                    select private.check_in_session_from_device(${eventId}, ${device.id}, ${device.label},
                             ${scan.sessionId}, ${ticketId}, ${revision}, ${scan.nonce}, ${scannedAt}) as verdict`
                : await tx<{ verdict: unknown }[]>`
                    select private.check_in_session(${eventId}, ${scan.sessionId}, ${ticketId}, ${revision},
                                                    ${scan.nonce}, ${scannedAt}) as verdict`;
              recorded.push({ index, ticketId, verdict: sessionVerdictFromDb(row!.verdict) });
            }

            // One query for the whole batch: which attendees hold a confirmed seat.
            const booked = new Set<string>();
            if (recorded.length > 0) {
              const rows = await tx<{ session_id: string; ticket_id: string }[]>`
                select session_id, ticket_id from private.session_scan_bookings(
                  ${eventId},
                  ${recorded.map(({ index }) => scans[index]!.sessionId)}::uuid[],
                  ${recorded.map(({ ticketId }) => ticketId)}::uuid[])`;
              for (const row of rows) booked.add(`${row.session_id}/${row.ticket_id}`);
            }
            for (const { index, ticketId, verdict } of recorded) {
              out[index] = { ...verdict, booked: booked.has(`${scans[index]!.sessionId}/${ticketId}`) };
            }
            return out.map((verdict) => verdict ?? sessionRefusal('malformed'));
          },
          context.db ?? sql(),
        );
  return { results: scans.map((scan, index) => ({ nonce: scan.nonce, verdict: verdicts[index]! })), deviceRevoked };
}

export type UndoCode = 'undone' | 'not_found' | 'not_undoable' | 'already_undone' | 'not_authorised';

/** An organiser takes back a mistaken check-in. */
export async function undoCheckIn(claims: Claims, checkInId: string, context: CheckInContext = {}): Promise<UndoCode> {
  if (claims.role !== 'authenticated') return 'not_authorised';
  return asUser(
    claims,
    async (tx) => {
      const [row] = await tx<{ result: { code: UndoCode } }[]>`select private.undo_check_in(${checkInId}) as result`;
      return row!.result.code;
    },
    context.db ?? sql(),
  );
}

export interface AttendeeMatch {
  ticketId: string;
  name: string | null;
  organisation: string | null;
  reference: string;
  status: TicketStatus;
  revision: number;
  checkedInAt: Date | null;
  gate: string | null;
}

export type LookupResult =
  { ok: true; attendees: AttendeeMatch[] } | { ok: false; code: 'not_authorised' | 'device_revoked' };

/** Manual search at the desk by name, organisation or ticket reference; the event's staff only. */
export async function lookupAttendees(
  claims: Claims,
  eventId: string,
  query: string,
  context: CheckInContext & { limit?: number } = {},
): Promise<LookupResult> {
  if (claims.role !== 'authenticated') return { ok: false, code: 'not_authorised' };
  return asUser(
    claims,
    async (tx): Promise<LookupResult> => {
      if (!(await isStaff(tx, eventId))) return { ok: false, code: 'not_authorised' };
      if (context.device && (await deviceSeen(tx, eventId, context.device)) === 'revoked') {
        return { ok: false, code: 'device_revoked' };
      }
      const rows = await tx<
        {
          ticket_id: string;
          name: string | null;
          organisation: string | null;
          reference: string;
          status: TicketStatus;
          revision: number;
          checked_in_at: Date | null;
          gate: string | null;
        }[]
      >`select * from private.checkin_attendees(${eventId}, ${query}, ${context.limit ?? 25})`;
      return {
        ok: true,
        attendees: rows.map((row) => ({
          ticketId: row.ticket_id,
          name: row.name,
          organisation: row.organisation,
          reference: row.reference,
          status: row.status,
          revision: row.revision,
          checkedInAt: row.checked_in_at,
          gate: row.gate,
        })),
      };
    },
    context.db ?? sql(),
  );
}

export type OfflinePackResult =
  { ok: true; pack: OfflinePack } | { ok: false; code: 'not_authorised' | 'device_required' | 'device_revoked' };

/**
 * What a device keeps to verify and show tickets offline; the event's staff
 * only, on a device that is not revoked. The pack's version (`versionOf`, the
 * ETag the API answers with) is recorded on the device, so organisers see
 * which pack each phone holds.
 */
export async function loadOfflinePack(
  claims: Claims,
  eventId: string,
  context: CheckInContext & { versionOf?: (pack: OfflinePack) => string } = {},
): Promise<OfflinePackResult> {
  if (claims.role !== 'authenticated') return { ok: false, code: 'not_authorised' };
  const device = context.device;
  if (!device) return { ok: false, code: 'device_required' };
  const now = context.now ?? new Date();
  return asUser(
    claims,
    async (tx): Promise<OfflinePackResult> => {
      if (!(await isStaff(tx, eventId))) return { ok: false, code: 'not_authorised' };
      const status = await deviceSeen(tx, eventId, device);
      if (status === 'revoked') return { ok: false, code: 'device_revoked' };
      if (status !== 'active') return { ok: false, code: 'not_authorised' };
      // The window as the database enforces it, for staff of a draft event too.
      const [event] = await tx<
        { expires_at: Date; rehearsal: boolean; valid_from: Date | null; valid_until: Date | null }[]
      >`
        select private.checkin_pack_expires_at(${eventId}) as expires_at,
               private.checkin_rehearsal_on(${eventId}) as rehearsal,
               w.valid_from, w.valid_until
          from (select) as one
          left join private.checkin_window(${eventId}) w on true`;
      const window =
        event!.valid_from && event!.valid_until
          ? { validFrom: event!.valid_from, validUntil: event!.valid_until }
          : null;
      const keys = await publicKeysForEvent(tx, eventId);
      const rows = await tx<
        {
          ticket_id: string;
          name: string | null;
          organisation: string | null;
          reference: string;
          status: TicketStatus;
          revision: number;
          checked_in_at: Date | null;
          gate: string | null;
        }[]
      >`select * from private.checkin_device_tickets(${eventId}, ${device.id})`;
      const sessions = await tx<
        {
          session_id: string;
          kind: string;
          title: string;
          title_en: string | null;
          starts_at: Date;
          ends_at: Date;
          room: string | null;
          capacity: number | null;
          booking_required: boolean;
          booked: string[];
        }[]
      >`select * from private.checkin_device_sessions(${eventId}, ${device.id})`;
      const pack: OfflinePack = {
        eventId,
        generatedAt: now.toISOString(),
        expiresAt: event!.expires_at.toISOString(),
        rehearsal: event!.rehearsal,
        ...(window && { validFrom: window.validFrom.toISOString(), validUntil: window.validUntil.toISOString() }),
        keys: keys.map((key) => ({ keyId: key.keyId, publicKey: Buffer.from(key.publicKey).toString('base64url') })),
        revocations: revocationList(rows.map((row) => ({ ...row, ticketId: row.ticket_id }))),
        unpaid: rows.filter((row) => row.status === 'reserved' || row.status === 'expired').map((row) => row.ticket_id),
        tickets: rows.map((row) => ({
          id: row.ticket_id,
          name: row.name,
          organisation: row.organisation,
          reference: row.reference,
          status: row.status,
          revision: row.revision,
          checkedIn: row.checked_in_at !== null,
          checkedInAt: row.checked_in_at?.toISOString() ?? null,
          gate: row.gate,
        })),
        sessions: sessions.map((row) => ({
          id: row.session_id,
          kind: row.kind,
          title: row.title,
          titleEn: row.title_en,
          startsAt: row.starts_at.toISOString(),
          endsAt: row.ends_at.toISOString(),
          room: row.room,
          capacity: row.capacity,
          bookingRequired: row.booking_required,
          booked: row.booked,
        })),
      };
      if (context.versionOf) {
        await tx`select private.checkin_device_pack_sent(${eventId}, ${device.id}, ${context.versionOf(pack)})`;
      }
      return { ok: true, pack };
    },
    context.db ?? sql(),
  );
}
