import { describe, expect, it } from 'vitest';
import { t } from '../i18n/messages.ts';
import { describeRefusal } from '../site/refusal.ts';
import {
  buildScheduleGrid,
  moveSessionForm,
  SCHEDULE_REFUSALS,
  type ScheduleSession,
  scheduleChangeData,
  toRefusal,
  wallClock,
} from './schedule.ts';

const TZ = 'Europe/Copenhagen';
const rooms = [
  { id: 'a', name: 'Sal A' },
  { id: 'b', name: 'Sal B' },
];

function session(id: string, from: string, to: string, roomId: string | null, extra: Partial<ScheduleSession> = {}) {
  return {
    id,
    slug: id,
    kind: 'track_session',
    title: id,
    startsAt: new Date(`2030-05-02T${from}:00+02:00`),
    endsAt: new Date(`2030-05-02T${to}:00+02:00`),
    roomId,
    trackName: null,
    trackColour: null,
    capacity: null,
    seatsTaken: 0,
    bookingRequired: false,
    version: 1,
    cancelled: false,
    draft: null,
    ...extra,
  } satisfies ScheduleSession;
}

describe('buildScheduleGrid', () => {
  it('lays sessions out as rooms × quarter hours, a session spanning its rows', () => {
    const grid = buildScheduleGrid(
      rooms,
      [session('one', '09:00', '10:00', 'a'), session('two', '09:30', '09:45', 'b')],
      TZ,
    );
    expect(grid.days).toHaveLength(1);
    const [day] = grid.days;
    expect(day!.date).toBe('2030-05-02');
    expect(day!.rows).toHaveLength(4);
    expect(day!.rows[0]!.cells[0]).toMatchObject({ kind: 'session', rows: 4 });
    expect(day!.rows[1]!.cells[0]).toEqual({ kind: 'covered' });
    expect(day!.rows[2]!.cells[1]).toMatchObject({ kind: 'session', rows: 1 });
    expect(day!.rows[3]!.cells[1]).toEqual({ kind: 'empty' });
  });

  it('shows a prepared change where it will be, and keeps cancelled and room-less sessions off the grid', () => {
    const moved = session('moved', '09:00', '10:00', 'a', {
      draft: {
        version: 1,
        startsAt: new Date('2030-05-02T11:00:00+02:00'),
        endsAt: new Date('2030-05-02T11:30:00+02:00'),
        roomId: 'b',
        cancel: false,
      },
    });
    const grid = buildScheduleGrid(
      rooms,
      [moved, session('gone', '09:00', '10:00', 'a', { cancelled: true }), session('lunch', '12:00', '13:00', null)],
      TZ,
    );
    expect(grid.days[0]!.rows[0]!.at.toISOString()).toBe('2030-05-02T09:00:00.000Z');
    expect(grid.days[0]!.rows[0]!.cells[1]).toMatchObject({ kind: 'session', rows: 2 });
    expect(grid.cancelled.map((p) => p.session.id)).toEqual(['gone']);
    expect(grid.unplaced.map((p) => p.session.id)).toEqual(['lunch']);
  });
});

describe('wallClock', () => {
  it('gives the date and 24-hour time in the event’s zone, summer and winter', () => {
    expect(wallClock(new Date('2030-05-02T07:05:00Z'), TZ)).toEqual({ date: '2030-05-02', time: '09:05' });
    expect(wallClock(new Date('2030-01-10T23:30:00Z'), TZ)).toEqual({ date: '2030-01-11', time: '00:30' });
  });
});

describe('moveSessionForm', () => {
  const base = {
    event: '00000000-0000-4000-8000-000000000001',
    session: '00000000-0000-4000-8000-000000000002',
    version: '3',
    draft: '0',
    date: '2030-05-02',
    start: '10:00',
    end: '11:00',
    room: '',
  };
  it('reads a form, an empty room as none', () => {
    expect(moveSessionForm.parse(base)).toMatchObject({ version: 3, draft: 0, room: null });
  });
  it('puts a message key at each bad field', () => {
    const result = moveSessionForm.safeParse({ ...base, start: '25:00', date: '2. maj', room: 'Sal A' });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error!.issues.map((issue) => [issue.path[0], issue.message]));
    expect(messages).toMatchObject({
      start: 'schedule.field.start',
      date: 'schedule.field.date',
      room: 'schedule.field.room',
    });
  });
  it('refuses a form without a version', () => {
    expect(moveSessionForm.safeParse({ ...base, version: '0' }).success).toBe(false);
  });
});

describe('the database’s answers', () => {
  it('words a taken room with the session there, at the room field', () => {
    const refusal = toRefusal({ code: 'room_double_booked', clash_title: 'Frokost', clash_title_en: 'Lunch' }, 'en')!;
    expect(describeRefusal(t('en'), refusal, SCHEDULE_REFUSALS)).toEqual({
      status: 409,
      message: 'The room is taken at that time by “Lunch”. Choose another room or time.',
      field: 'room',
    });
  });
  it('tells a stale publication apart from a stale form', () => {
    expect(toRefusal({ code: 'changed_elsewhere' }, 'da')).toEqual({ ok: false, code: 'changed_elsewhere' });
    expect(toRefusal({ code: 'changed_elsewhere', title: 'Panel', title_en: null }, 'da')).toEqual({
      ok: false,
      code: 'stale_prepared',
      other: 'Panel',
    });
    expect(toRefusal({ code: 'staged' }, 'da')).toBeNull();
  });
});

describe('scheduleChangeData', () => {
  it('lists a move with rooms and a clash, and a cancellation, in the attendee’s language', () => {
    const data = scheduleChangeData(
      {
        ticket_id: '00000000-0000-4000-8000-000000000003',
        email: 'a@example.org',
        name: null,
        language: 'en',
        items: [
          {
            session_id: '00000000-0000-4000-8000-000000000004',
            title: 'Værksted',
            title_en: 'Workshop',
            cancelled: false,
            old_starts_at: '2030-05-02T08:00:00+00:00',
            old_ends_at: '2030-05-02T09:00:00+00:00',
            old_room: 'Sal A',
            old_room_en: 'Hall A',
            starts_at: '2030-05-02T10:00:00+00:00',
            ends_at: '2030-05-02T11:00:00+00:00',
            room: 'Sal B',
            room_en: null,
            clash_title: 'Panel',
            clash_title_en: null,
          },
        ],
      },
      { name: 'Dagen', nameEn: 'The day', timeZone: TZ },
      'https://example.org/en/min-side/program',
    );
    expect(data).toMatchObject({
      recipientName: 'a@example.org',
      eventName: 'The day',
      items: [{ kind: 'moved', sessionTitle: 'Workshop', oldRoom: 'Hall A', room: 'Sal B', clashTitle: 'Panel' }],
    });
  });
});
