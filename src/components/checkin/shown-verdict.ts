// What the verdict sheet shows for a scan, from whichever verdict counts:
// the server's when it answers in time, else the device's own.
import { type VerdictBooking, type VerdictCode, type VerdictColour, verdictColour } from '../../lib/checkin/checkin.ts';
import type { OfflineSessionVerdict } from '../../lib/checkin/offline.ts';
import type { ServerVerdict } from '../../lib/checkin/device/sync.ts';

export interface Shown {
  colour: VerdictColour;
  code: string;
  name: string | null;
  organisation: string | null;
  first: { at: string; gate: string | null } | null;
  bookings: VerdictBooking[];
  offline: boolean;
  conflict: boolean;
  /** At a session's door: whether the attendee booked it. */
  booked: boolean | null;
  session: boolean;
  /** A rehearsal scan: shown as practice, nothing recorded. */
  practice: boolean;
  /** For `not_yet_valid`: when the ticket opens; for `expired`: when it closed (ISO). */
  validFrom: string | null;
  validUntil: string | null;
  at: number;
}

export type ShownVerdict = Omit<Shown, 'at'>;

/** The server may answer with a code this device does not know yet: that one is red too. */
const colourOf = (code: string): VerdictColour => verdictColour(code as VerdictCode);

/** A door's verdict, the server's or the device's own (a `ScanVerdict`). */
export function fromDoorVerdict(verdict: ServerVerdict, offline: boolean): ShownVerdict {
  return {
    colour: colourOf(verdict.code),
    code: verdict.code,
    name: verdict.name ?? null,
    organisation: verdict.organisation ?? null,
    first: verdict.first ? { at: verdict.first.scannedAt, gate: verdict.first.gate } : null,
    bookings: verdict.bookings ?? [],
    offline,
    conflict: verdict.conflict ?? false,
    booked: null,
    session: false,
    practice: verdict.practice ?? false,
    validFrom: verdict.validFrom ?? null,
    validUntil: verdict.validUntil ?? null,
  };
}

export function fromOfflineSessionVerdict(verdict: OfflineSessionVerdict): ShownVerdict {
  return {
    colour: verdict.colour,
    code: verdict.code,
    name: verdict.name,
    organisation: verdict.organisation,
    first: null,
    bookings: [],
    offline: true,
    conflict: false,
    booked: verdict.booked,
    session: true,
    practice: verdict.practice,
    validFrom: verdict.validFrom,
    validUntil: verdict.validUntil,
  };
}

/** The server's verdict at a session's door; what it leaves out, the device's own verdict fills in. */
export function fromServerSessionVerdict(verdict: ServerVerdict, local: ShownVerdict | null): ShownVerdict {
  return {
    colour: colourOf(verdict.code),
    code: verdict.code,
    name: verdict.name ?? local?.name ?? null,
    organisation: verdict.organisation ?? local?.organisation ?? null,
    first: null,
    bookings: [],
    offline: false,
    conflict: false,
    booked: verdict.booked ?? local?.booked ?? null,
    session: true,
    practice: verdict.practice ?? local?.practice ?? false,
    validFrom: verdict.validFrom ?? null,
    validUntil: verdict.validUntil ?? null,
  };
}
