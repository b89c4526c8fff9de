import { describe, expect, it } from 'vitest';
import {
  arrivalsChart,
  checkedInPercent,
  niceCeiling,
  occupancyPercent,
  parseDashboard,
  SSE_HEARTBEAT,
  sseEvent,
  UNDO_REFUSALS,
  undoInput,
  undoStatus,
} from './dashboard.ts';
import { t } from '../i18n/messages.ts';
import { describeRefusal, refused } from '../site/refusal.ts';

const bucket = (minute: number, count: number) => ({
  start: new Date(Date.UTC(2030, 4, 2, 6, minute)).toISOString(),
  count,
});

describe('arrivalsChart', () => {
  it('gives every bucket a slot of equal width, heights against a round maximum', () => {
    const chart = arrivalsChart([bucket(0, 4), bucket(5, 0), bucket(10, 7)], { width: 344, height: 132 });
    // Plot: 344 − 36 − 8 = 300 wide, 132 − 8 − 24 = 100 high; max 7 → 10.
    expect(chart.plot).toEqual({ left: 36, top: 8, width: 300, height: 100 });
    expect(chart.max).toBe(10);
    expect(chart.bars.map(({ x, width, height, y }) => ({ x, width, height, y }))).toEqual([
      { x: 37, width: 98, height: 40, y: 68 },
      { x: 137, width: 98, height: 0, y: 108 },
      { x: 237, width: 98, height: 70, y: 38 },
    ]);
    // Bars sit on the axis: y + height is the plot's bottom.
    for (const bar of chart.bars) expect(bar.y + bar.height).toBe(108);
    expect(chart.ticks).toEqual([
      { value: 0, y: 108 },
      { value: 5, y: 58 },
      { value: 10, y: 8 },
    ]);
  });

  it('labels as many bars as fit, on round steps', () => {
    const day = Array.from({ length: 48 }, (_, index) => bucket(index * 5, index % 7));
    const chart = arrivalsChart(day, { width: 644, height: 200 });
    // 600 / 48 = 12.5 units a bar; a label needs 44, so every 6th bar (half an hour).
    expect(chart.labels).toHaveLength(8);
    expect(chart.labels[1]).toEqual({ x: 36 + 6 * 12.5 + 6.25, start: day[6]!.start });
    for (const [index, label] of chart.labels.entries()) {
      if (index > 0) expect(label.x - chart.labels[index - 1]!.x).toBeGreaterThanOrEqual(44);
    }
  });

  it('drops the gap between bars when they get narrow, and copes with no arrivals', () => {
    const many = Array.from({ length: 288 }, (_, index) => bucket(index * 5, 1));
    const narrow = arrivalsChart(many, { width: 644, height: 200 });
    expect(narrow.bars[0]!.width).toBeCloseTo(600 / 288, 2);
    const empty = arrivalsChart([]);
    expect(empty).toMatchObject({ bars: [], labels: [], max: 1 });
    expect(empty.ticks.map((tick) => tick.value)).toEqual([0, 1]);
  });
});

describe('small rules', () => {
  it('rounds the axis up to 1, 2 or 5 × 10ⁿ', () => {
    expect([0, 1, 2, 3, 7, 10, 11, 24, 51, 120, 999].map(niceCeiling)).toEqual([
      1, 1, 2, 5, 10, 10, 20, 50, 100, 200, 1000,
    ]);
  });

  it('gives whole per cents and never more than 100', () => {
    expect(checkedInPercent(0, 0)).toBe(0);
    expect(checkedInPercent(599, 600)).toBe(99);
    expect(checkedInPercent(1_201, 1_200)).toBe(100);
    expect(occupancyPercent(45, 60)).toBe(75);
    expect(occupancyPercent(3, null)).toBeNull();
  });

  it('frames Server-Sent Events', () => {
    expect(sseEvent('snapshot', { a: 'x\ny' }, '3:4')).toBe('id: 3:4\nevent: snapshot\ndata: {"a":"x\\ny"}\n\n');
    expect(sseEvent('gone', {})).toBe('event: gone\ndata: {}\n\n');
    expect(SSE_HEARTBEAT.startsWith(':')).toBe(true);
  });
});

describe('parseDashboard', () => {
  const valid = {
    event_id: '6f1c1f0e-3c4b-4f7e-9a51-1f1f1f1f1f1f',
    time_zone: 'Europe/Copenhagen',
    bucket_minutes: 5,
    day: '2030-05-02',
    generated_at: '2030-05-02T08:00:00.123456+00:00',
    version: '1/0/1.2/:0:10:0',
    registered: 10,
    checked_in: 1,
    undone: 0,
    duplicates: 0,
    conflicts: 0,
    refusals: { cancelled: 0, revoked: 0, unpaid: 0 },
    arrivals: [{ start: '2030-05-02T06:00:00+00:00', count: 1 }],
    gates: [{ id: null, name: null, checked_in: 1, duplicates: 0, refused: 0 }],
    sessions: [],
    recent: [],
  };

  it('reads what the database answers, microseconds and offsets included', () => {
    expect(parseDashboard(valid).checked_in).toBe(1);
  });

  it('fails loudly on a shape it does not know', () => {
    expect(() => parseDashboard({ ...valid, checked_in: '1' })).toThrow();
    expect(() => parseDashboard(null)).toThrow();
  });
});

describe('undo', () => {
  it('reads only a check-in id from the form', () => {
    const id = '6f1c1f0e-3c4b-4f7e-9a51-1f1f1f1f1f1f';
    expect(undoInput.safeParse({ checkInId: id }).data?.checkInId).toBe(id);
    expect(undoInput.safeParse({ checkInId: 'DROP TABLE' }).success).toBe(false);
    expect(undoInput.safeParse({}).success).toBe(false);
  });

  it('answers a 4xx for every refusal (an undo that happened redirects)', () => {
    const tr = t('da');
    expect(describeRefusal(tr, refused('not_authorised'), UNDO_REFUSALS).status).toBe(403);
    expect(describeRefusal(tr, refused('not_found'), UNDO_REFUSALS).status).toBe(404);
    expect(describeRefusal(tr, refused('not_undoable'), UNDO_REFUSALS).status).toBe(409);
    expect(undoStatus('undone')).toBe('undone');
    expect(undoStatus('<script>')).toBeNull();
  });
});
