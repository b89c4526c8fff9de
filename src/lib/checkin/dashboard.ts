// The live check-in dashboard, the pure part: the snapshot private.checkin_dashboard
// answers (20261123210000_checkin_dashboard.sql), read with zod so a schema change
// fails loudly here rather than as NaN on an organiser's screen; the geometry of the
// arrivals chart; and the Server-Sent Events framing. Shared by the page, the
// endpoint and the island, so nothing here does I/O.
import { z } from 'zod';
import type { Refused, RefusalRules } from '../site/refusal.ts';

const count = z.number().int().min(0);
const instant = z.iso.datetime({ offset: true });

export const dashboardSnapshot = z.object({
  event_id: z.uuid(),
  time_zone: z.string(),
  bucket_minutes: z.number().int().min(1).max(60),
  day: z.iso.date(),
  generated_at: instant,
  /** Changes whenever anything on the dashboard does; compared for equality only. */
  version: z.string(),
  registered: count,
  checked_in: count,
  undone: count,
  duplicates: count,
  conflicts: count,
  refusals: z.object({ cancelled: count, revoked: count, unpaid: count }),
  /** One per bucket from the first arrival to the last, empty ones included. */
  arrivals: z.array(z.object({ start: instant, count })),
  gates: z.array(
    z.object({
      id: z.uuid().nullable(),
      name: z.string().nullable(),
      checked_in: count,
      duplicates: count,
      refused: count,
    }),
  ),
  sessions: z.array(
    z.object({
      id: z.uuid(),
      title: z.string(),
      title_en: z.string().nullable(),
      starts_at: instant,
      ends_at: instant,
      room: z.string().nullable(),
      capacity: count.nullable(),
      booked: count,
      attended: count,
    }),
  ),
  /** The newest check-ins (result ok, undone or not), newest first: the undo list. */
  recent: z.array(
    z.object({
      id: z.uuid(),
      ticket_id: z.uuid(),
      name: z.string().nullable(),
      organisation: z.string().nullable(),
      gate: z.string().nullable(),
      device: z.string(),
      scanned_at: instant,
      recorded_at: instant,
      undone_at: instant.nullable(),
    }),
  ),
});

export type DashboardSnapshot = z.infer<typeof dashboardSnapshot>;

/** The snapshot from the database's jsonb; throws on a shape we do not know. */
export function parseDashboard(value: unknown): DashboardSnapshot {
  return dashboardSnapshot.parse(value);
}

/** Whole per cent checked in, 0–100; rounded down so 100 % means everyone. */
export function checkedInPercent(checkedIn: number, registered: number): number {
  if (registered <= 0) return 0;
  return Math.min(100, Math.floor((checkedIn / registered) * 100));
}

export interface ChartBar {
  x: number;
  y: number;
  width: number;
  height: number;
  count: number;
  /** The bucket's start, an ISO instant. */
  start: string;
}

export interface ArrivalsChart {
  width: number;
  height: number;
  /** The plotting area inside the axes. */
  plot: { left: number; top: number; width: number; height: number };
  /** The y axis' top value: a round number at or above the tallest bar. */
  max: number;
  ticks: { y: number; value: number }[];
  bars: ChartBar[];
  /** Bars that get a time label under them, spaced so labels never collide. */
  labels: { x: number; start: string }[];
}

export interface ChartSize {
  width: number;
  height: number;
}

const MARGIN = { left: 36, right: 8, top: 8, bottom: 24 };
/** Room a time label ("08.55") needs under the axis. */
const LABEL_SPACING = 44;
/** Label every k-th bar, k from this list: 5, 10, 15, 30 minutes, 1, 2, 4 hours… for 5-minute buckets. */
const LABEL_STEPS = [1, 2, 3, 6, 12, 24, 48, 96, 288];

/** The smallest of 1, 2, 5 × 10ⁿ at or above `value` (at least 1), so gridlines fall on round numbers. */
export function niceCeiling(value: number): number {
  if (value <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

const round = (value: number) => Math.round(value * 100) / 100;

/**
 * The bars of the arrivals chart in an SVG of `size` user units: one bar per
 * bucket, heights against a round maximum, gridlines at 0, ½ and the maximum,
 * and as many time labels as fit. Empty buckets keep their slot, so gaps in
 * arrivals show as gaps.
 */
export function arrivalsChart(
  arrivals: readonly { start: string; count: number }[],
  size: ChartSize = { width: 640, height: 200 },
): ArrivalsChart {
  const plot = {
    left: MARGIN.left,
    top: MARGIN.top,
    width: Math.max(1, size.width - MARGIN.left - MARGIN.right),
    height: Math.max(1, size.height - MARGIN.top - MARGIN.bottom),
  };
  const max = niceCeiling(Math.max(0, ...arrivals.map((bucket) => bucket.count)));
  const step = arrivals.length > 0 ? plot.width / arrivals.length : plot.width;
  // A hairline gap between bars while they are wide enough to spare it.
  const gap = step >= 4 ? Math.min(2, step * 0.2) : 0;
  const bottom = plot.top + plot.height;
  const bars = arrivals.map((bucket, index) => {
    const height = (bucket.count / max) * plot.height;
    return {
      x: round(plot.left + index * step + gap / 2),
      y: round(bottom - height),
      width: round(step - gap),
      height: round(height),
      count: bucket.count,
      start: bucket.start,
    };
  });
  const every = LABEL_STEPS.find((k) => k * step >= LABEL_SPACING) ?? LABEL_STEPS.at(-1)!;
  const labels = arrivals.flatMap((bucket, index) =>
    index % every === 0 ? [{ x: round(plot.left + index * step + step / 2), start: bucket.start }] : [],
  );
  const tickValues = max === 1 ? [0, 1] : [0, max / 2, max];
  const ticks = tickValues.map((value) => ({ value, y: round(bottom - (value / max) * plot.height) }));
  return { width: size.width, height: size.height, plot, max, ticks, bars, labels };
}

/** Session occupancy as whole per cent of capacity; null without a capacity. */
export function occupancyPercent(attended: number, capacity: number | null): number | null {
  if (capacity === null || capacity <= 0) return null;
  return Math.round((attended / capacity) * 100);
}

/** What private.undo_check_in answers (UndoCode in checkin.server.ts). */
export type UndoResult = 'undone' | 'not_found' | 'not_undoable' | 'already_undone' | 'not_authorised';

/** The undo form: one check-in's id. */
export const undoInput = z.object({ checkInId: z.uuid() });

/** An undo refused, as the action answers it. */
export type UndoRefusal = Refused<Exclude<UndoResult, 'undone' | 'already_undone'>>;

/**
 * Every refusal of an undo, with its status and words. An undo that happened,
 * now or before, is no refusal: the page goes back to the dashboard (303).
 */
export const UNDO_REFUSALS: RefusalRules<UndoRefusal> = {
  not_authorised: { status: 403, message: 'checkinDashboard.result.not_authorised' },
  not_found: { status: 404, message: 'checkinDashboard.result.not_found' },
  not_undoable: { status: 409, message: 'checkinDashboard.result.not_undoable' },
};

/** The outcome named in the query string after the redirect; anything else shows nothing. */
export function undoStatus(value: string | null): 'undone' | 'already_undone' | null {
  return value === 'undone' || value === 'already_undone' ? value : null;
}

/** One Server-Sent Event carrying JSON; `data` lines cannot hold a newline, and JSON.stringify writes none. */
export function sseEvent(event: string, data: unknown, id?: string): string {
  const idLine = id === undefined ? '' : `id: ${id.replace(/[\r\n]/g, '')}\n`;
  return `${idLine}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment line: keeps proxies from closing an idle stream; EventSource ignores it. */
export const SSE_HEARTBEAT = ': keep-alive\n\n';

/** How often each open stream asks the database, and how often it sends a heartbeat. */
export const STREAM_POLL_MS = 3_000;
export const STREAM_HEARTBEAT_MS = 20_000;
/** The client reconnects after this long when the stream drops (the `retry:` field). */
export const STREAM_RETRY_MS = 5_000;
