// Folding at 75 octets, checked octet by octet and read back with an
// independent parser (node-ical).
import ical, { type VEvent } from 'node-ical';
import { describe, expect, it } from 'vitest';
import { buildCalendar, sessionUid } from './calendar.ts';
import { foldLine, foldLines } from './fold.ts';

const octets = (text: string) => Buffer.byteLength(text, 'utf8');
const physicalLines = (text: string) => text.split('\r\n');
const unfold = (text: string) => text.replace(/\r\n /g, '');
/** A UTF-16 surrogate without its partner: a character cut in two. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function expectWellFolded(folded: string, original: string): void {
  const lines = physicalLines(folded);
  for (const [index, line] of lines.entries()) {
    expect(octets(line)).toBeLessThanOrEqual(75);
    expect(LONE_SURROGATE.test(line)).toBe(false);
    if (index > 0) expect(line.startsWith(' ')).toBe(true);
  }
  expect(unfold(folded)).toBe(original);
}

describe('folding a content line', () => {
  it('leaves a line of exactly 75 octets alone and folds one of 76', () => {
    const exact = 'SUMMARY:' + 'a'.repeat(67);
    expect(octets(exact)).toBe(75);
    expect(foldLine(exact)).toBe(exact);
    const over = exact + 'b';
    expect(foldLine(over)).toBe(`${exact}\r\n b`);
  });

  it('folds Danish letters by octets, moving a letter that would straddle the limit to the next line', () => {
    // 'SUMMARY:' is 8 octets, then 'æ' at 2 octets each: 8 + 33 × 2 = 74, and a 34th would make 76.
    const line = 'SUMMARY:' + 'æøå'.repeat(30);
    const folded = foldLine(line);
    expect(octets(physicalLines(folded)[0]!)).toBe(74);
    expectWellFolded(folded, line);
    // Counting characters, as the ics package does, gives 79-octet lines here.
    expect(octets(line.slice(0, 75))).toBeGreaterThan(75);
  });

  it('never splits an emoji (4 octets, two UTF-16 units)', () => {
    for (const prefix of ['', 'a', 'ab', 'abc']) {
      const line = `DESCRIPTION:${prefix}` + '🎉🇩🇰'.repeat(20);
      expectWellFolded(foldLine(line), line);
    }
  });

  it('refolds text another folder folded by characters', () => {
    const line = 'LOCATION:Øksnehallen\\, Halmtorvet 11\\, 1700 København V – '.repeat(3);
    const byCharacters = line.match(/.{1,75}/gu)!.join('\r\n\t');
    const text = `BEGIN:VEVENT\r\n${byCharacters}\r\nEND:VEVENT\r\n`;
    const folded = foldLines(text);
    expect(folded.startsWith('BEGIN:VEVENT\r\nLOCATION:')).toBe(true);
    expect(folded.endsWith('\r\nEND:VEVENT\r\n')).toBe(true);
    const [, body] = folded.split(/\r\n(?=LOCATION:)|\r\n(?=END:)/);
    expectWellFolded(body!, line);
  });
});

describe('a built calendar', () => {
  it('has no line over 75 octets and reads back exactly with node-ical', () => {
    const title = 'Gallerirunde: Nærhed, tillid og samskabelse på tværs af Ærø og Åbenrå 🎉 – del 2';
    const description =
      'Vi mødes ved indgangen 🚪 og går sammen rundt. Medbring gerne æbler, øl og ål.\nSpørgsmål? Skriv til os.';
    const ics = buildCalendar(
      [
        {
          uid: sessionUid('22222222-2222-4222-8222-222222222222'),
          title,
          description,
          location: 'Sal Æ, Øksnehallen, Halmtorvet 11, 1700 København V',
          url: 'https://samspil.example.dk/velfaerdens-innovationsdag/program/gallerirunde-naerhed-tillid',
          startsAt: new Date('2027-02-25T08:00:00Z'),
          endsAt: new Date('2027-02-25T09:00:00Z'),
          sequence: 3,
        },
      ],
      { name: 'Mit program – Velfærdens Innovationsdag 2027 🎉 Ærø, Øresund og Åbenrå' },
    );
    for (const line of physicalLines(ics)) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(physicalLines(ics).some((line) => line.startsWith(' '))).toBe(true);
    const [event] = Object.values(ical.sync.parseICS(ics)).filter((item): item is VEvent => item?.type === 'VEVENT');
    expect(String(event!.summary)).toBe(title);
    expect(String(event!.description)).toBe(description);
    expect(String(event!.location)).toBe('Sal Æ, Øksnehallen, Halmtorvet 11, 1700 København V');
    expect(Number(event!.sequence)).toBe(3);
  });
});
