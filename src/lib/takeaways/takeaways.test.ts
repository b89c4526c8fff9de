import { describe, expect, it } from 'vitest';
import {
  certifiedHours,
  contactInput,
  contactMessageProblem,
  coveredMinutes,
  mergeAttendance,
  noteInput,
  replyInput,
  takeawaysOpen,
} from './takeaways.ts';

const at = (time: string) => new Date(`2031-05-01T${time}:00Z`);
const range = (from: string, to: string) => ({ startsAt: at(from), endsAt: at(to) });

describe('coveredMinutes', () => {
  it('adds separate sessions', () => {
    expect(coveredMinutes([range('09:00', '10:00'), range('11:00', '11:45')])).toBe(105);
  });

  it('counts overlapping and nested time once, in any order', () => {
    expect(coveredMinutes([range('10:30', '12:00'), range('09:00', '11:00'), range('09:15', '09:45')])).toBe(180);
  });

  it('joins sessions that touch, and ignores empty or backwards ranges', () => {
    expect(
      coveredMinutes([
        range('09:00', '10:00'),
        range('10:00', '11:00'),
        range('12:00', '12:00'),
        range('14:00', '13:00'),
      ]),
    ).toBe(120);
    expect(coveredMinutes([])).toBe(0);
  });
});

describe('certifiedHours', () => {
  it('rounds down to the quarter hour, never up', () => {
    expect(certifiedHours(240)).toBe(4);
    expect(certifiedHours(209)).toBe(3.25);
    expect(certifiedHours(14)).toBe(0);
    expect(certifiedHours(-5)).toBe(0);
  });
});

describe('takeawaysOpen', () => {
  it('opens exactly when the day ends', () => {
    expect(takeawaysOpen(at('16:59'), at('17:00'))).toBe(false);
    expect(takeawaysOpen(at('17:00'), at('17:00'))).toBe(true);
  });
});

describe('mergeAttendance', () => {
  it('keeps one row per session, and a check-in outranks a booking in either order', () => {
    const rows = mergeAttendance([
      { sessionId: 'a', status: 'booked' as const },
      { sessionId: 'a', status: 'attended' as const },
      { sessionId: 'b', status: 'attended' as const },
      { sessionId: 'b', status: 'booked' as const },
      { sessionId: 'c', status: 'booked' as const },
    ]);
    expect(rows).toEqual([
      { sessionId: 'a', status: 'attended' },
      { sessionId: 'b', status: 'attended' },
      { sessionId: 'c', status: 'booked' },
    ]);
  });
});

describe('the forms', () => {
  const id = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

  it('trim a note and let an empty one through (it deletes the note)', () => {
    expect(noteInput.parse({ sessionId: id, body: '  Husk \r\n tjeklisten  ' }).body).toBe('Husk \n tjeklisten');
    expect(noteInput.parse({ sessionId: id, body: '   ' }).body).toBe('');
    expect(noteInput.safeParse({ sessionId: id, body: 'x'.repeat(5001) }).error?.issues[0]?.message).toBe(
      'takeaways.notes.tooLong',
    );
  });

  it('read the contact form’s checkboxes as browsers send them', () => {
    expect(contactInput.parse({ solutionId: id, message: 'Hej', shareName: 'on' })).toEqual({
      solutionId: id,
      message: 'Hej',
      shareName: true,
      shareEmail: false,
    });
  });

  it('name what is wrong with a contact message', () => {
    expect(contactMessageProblem('')).toBe('message_required');
    expect(contactMessageProblem('x'.repeat(2001))).toBe('message_too_long');
    expect(contactMessageProblem('Hej')).toBeNull();
  });

  it('refuse an empty reply and a token of the wrong shape', () => {
    expect(replyInput.safeParse({ token: 'A'.repeat(43), reply: '  ' }).error?.issues[0]?.message).toBe(
      'takeaways.reply.required',
    );
    expect(replyInput.safeParse({ token: 'kort', reply: 'Hej' }).success).toBe(false);
  });
});
