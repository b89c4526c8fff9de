// Door devices for organisers: the devices of an event and the scans held
// from revoked ones; revoking a device, accepting or discarding a held scan.
// Each runs as the signed-in organiser; Postgres checks the role again
// (private.checkin_devices_of, private.revoke_checkin_device,
// private.decide_held_scan) and RLS limits the held scans to the event's.
import { asUser, type Claims, type Sql, sql } from '../db/db.server.ts';
import type { DecideCode, RevokeCode } from './devices.ts';

export interface DeviceRow {
  id: string;
  label: string;
  signedInAs: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  scansUploaded: number;
  packVersion: string | null;
  packSentAt: Date | null;
  revokedAt: Date | null;
  heldWaiting: number;
}

export interface HeldScanRow {
  id: string;
  deviceLabel: string;
  kind: 'door' | 'session';
  attendee: string | null;
  organisation: string | null;
  session: string | null;
  gate: string | null;
  scannedAt: Date;
  heldAt: Date;
}

export interface DevicesOverview {
  devices: DeviceRow[];
  held: HeldScanRow[];
}

/** The event's devices, newest first (revoked last), and the held scans waiting for a decision. */
export async function loadDevices(claims: Claims, eventId: string, db: Sql = sql()): Promise<DevicesOverview> {
  return asUser(
    claims,
    async (tx) => {
      const devices = await tx<
        {
          id: string;
          label: string;
          signed_in_as: string | null;
          first_seen_at: Date;
          last_seen_at: Date;
          scans_uploaded: number;
          pack_version: string | null;
          pack_sent_at: Date | null;
          revoked_at: Date | null;
          held_waiting: number;
        }[]
      >`select * from private.checkin_devices_of(${eventId})`;
      const held = await tx<
        {
          id: string;
          device_label: string;
          kind: 'door' | 'session';
          attendee: string | null;
          organisation: string | null;
          session: string | null;
          gate: string | null;
          scanned_at: Date;
          held_at: Date;
        }[]
      >`
        select h.id, h.device_label, h.kind, t.attendee_name as attendee, t.organisation_name as organisation,
               s.title as session, h.gate, h.scanned_at, h.held_at
          from public.checkin_held_scans h
          left join public.tickets t on t.id = h.ticket_id
          left join public.sessions s on s.id = h.session_id
         where h.event_id = ${eventId} and h.decision is null
         order by h.scanned_at, h.id`;
      return {
        devices: devices.map((row) => ({
          id: row.id,
          label: row.label,
          signedInAs: row.signed_in_as,
          firstSeenAt: row.first_seen_at,
          lastSeenAt: row.last_seen_at,
          scansUploaded: row.scans_uploaded,
          packVersion: row.pack_version,
          packSentAt: row.pack_sent_at,
          revokedAt: row.revoked_at,
          heldWaiting: row.held_waiting,
        })),
        held: held.map((row) => ({
          id: row.id,
          deviceLabel: row.device_label,
          kind: row.kind,
          attendee: row.attendee,
          organisation: row.organisation,
          session: row.session,
          gate: row.gate,
          scannedAt: row.scanned_at,
          heldAt: row.held_at,
        })),
      };
    },
    db,
  );
}

/** An organiser revokes a device: no more pack, its uploads held. */
export async function revokeDevice(
  claims: Claims,
  eventId: string,
  deviceId: string,
  db: Sql = sql(),
): Promise<RevokeCode> {
  if (claims.role !== 'authenticated') return 'not_authorised';
  return asUser(
    claims,
    async (tx) => {
      const [row] = await tx<{ result: { code: RevokeCode } }[]>`
        select private.revoke_checkin_device(${eventId}, ${deviceId}) as result`;
      return row!.result.code;
    },
    db,
  );
}

/** An organiser accepts (checks in) or discards a scan held from a revoked device. */
export async function decideHeldScan(
  claims: Claims,
  eventId: string,
  heldId: string,
  accept: boolean,
  db: Sql = sql(),
): Promise<{ code: DecideCode; verdict: { code: string } | null }> {
  if (claims.role !== 'authenticated') return { code: 'not_authorised', verdict: null };
  return asUser(
    claims,
    async (tx) => {
      const [row] = await tx<{ result: { code: DecideCode; verdict?: { code: string } | null } }[]>`
        select private.decide_held_scan(${eventId}, ${heldId}, ${accept}) as result`;
      return { code: row!.result.code, verdict: row!.result.verdict ?? null };
    },
    db,
  );
}
