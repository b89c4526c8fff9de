import { describe, expect, it } from 'vitest';
import {
  buildKeynotes,
  buildProgramme,
  buildSessionDetail,
  contrastRatio,
  countItems,
  filterProgramme,
  filterQuery,
  INK,
  PAPER,
  parseProgrammeFilter,
  readableTextColour,
  type ProgrammeInput,
  type SessionDetailRow,
  type SessionRow,
} from './programme.ts';

const at = (time: string) => new Date(`2027-02-25T${time}:00+01:00`);
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('track colours', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    expect(contrastRatio('#1f4e79', '#ffffff')).toBeGreaterThan(7);
  });

  it.each([
    ['#1f4e79', PAPER],
    ['#7b1e3f', PAPER],
    ['#0b5a48', PAPER],
    ['#542b7e', PAPER],
    ['#ffdd00', INK],
    ['#f0f0f0', INK],
    ['#777777', INK],
  ])('text on %s is %s', (background, text) => {
    expect(readableTextColour(background)).toBe(text);
  });

  it('always reaches AA (4.5:1) for chip text, whatever the organiser picks', () => {
    const steps = Array.from({ length: 18 }, (_, i) => (i * 15).toString(16).padStart(2, '0'));
    let worst = 21;
    for (const r of steps)
      for (const g of steps)
        for (const b of steps) {
          const colour = `#${r}${g}${b}`;
          worst = Math.min(worst, contrastRatio(colour, readableTextColour(colour)));
        }
    expect(worst).toBeGreaterThanOrEqual(4.5);
  });
});

function session(partial: Partial<SessionRow> & Pick<SessionRow, 'id' | 'slug'>): SessionRow {
  return {
    kind: 'track_session',
    title: partial.slug,
    title_en: null,
    starts_at: at('11:00'),
    ends_at: at('12:00'),
    room_id: null,
    track_id: null,
    ...partial,
  };
}

const input: ProgrammeInput = {
  eventSlug: 'dag',
  timeZone: 'Europe/Copenhagen',
  tracks: [
    { id: 't2', slug: 'data', name: 'Data', name_en: null, colour: '#0b5a48', position: 2 },
    { id: 't1', slug: 'politik', name: 'Politik', name_en: 'Politics', colour: '#1f4e79', position: 1 },
    { id: 't3', slug: 'tom', name: 'Uden sessioner', name_en: null, colour: '#542b7e', position: 3 },
  ],
  rooms: [
    { id: 'r-main', name: 'Hovedscenen', name_en: 'Main stage', position: 1 },
    { id: 'r-a', name: 'Galleri A', name_en: 'Gallery A', position: 8 },
    { id: 'r-h', name: 'Halmtorvet', name_en: null, position: 3 },
  ],
  sessions: [
    session({ id: 's4', slug: 'galleri-a', kind: 'gallery_round', room_id: 'r-a' }),
    session({ id: 's3', slug: 'spor-politik', room_id: 'r-h', track_id: 't1', title: 'Politik', title_en: 'Politics' }),
    session({ id: 's5', slug: 'pause', kind: 'break', starts_at: at('10:30'), ends_at: at('11:00') }),
    session({
      id: 's1',
      slug: 'keynote',
      kind: 'keynote',
      starts_at: at('09:40'),
      ends_at: at('10:30'),
      room_id: 'r-main',
    }),
    session({ id: 's2', slug: 'panel', kind: 'panel', room_id: 'r-main' }),
    session({
      id: 's6',
      slug: 'spor-data',
      kind: 'workshop',
      starts_at: at('13:00'),
      ends_at: at('14:00'),
      track_id: 't2',
      room_id: 'r-h',
    }),
  ],
  speakers: [
    { session_id: 's1', slug: 'jb', name: 'Jocelyne Bourgon', role: 'speaker' },
    { session_id: 's2', slug: 'a', name: 'Anna', role: 'moderator' },
    { session_id: 's2', slug: 'b', name: 'Bo', role: 'panelist' },
  ],
};

describe('buildProgramme', () => {
  const programme = buildProgramme(input, 'da');

  it('groups sessions into time slots in order', () => {
    expect(programme.slots.map((slot) => plain(slot.label))).toEqual(['09.40', '10.30', '11.00', '13.00']);
    expect(programme.total).toBe(6);
    expect(countItems(programme.slots)).toBe(6);
  });

  it('orders a slot by room, the room-less (plenary) session first', () => {
    const eleven = programme.slots[2]!;
    expect(eleven.items.map((item) => [item.slug, item.room])).toEqual([
      ['panel', 'Hovedscenen'],
      ['spor-politik', 'Halmtorvet'],
      ['galleri-a', 'Galleri A'],
    ]);
    expect(programme.slots[1]!.items[0]!.room).toBeNull();
  });

  it('gives each item its link, time range, track chip and speakers', () => {
    const panel = programme.slots[2]!.items[0]!;
    expect(panel.href).toBe('/dag/program/panel');
    expect(plain(panel.timeLabel)).toBe('11.00–12.00');
    expect(panel.startsIso).toBe('2027-02-25T10:00:00.000Z');
    expect(panel.speakers).toEqual(['Anna', 'Bo']);
    const track = programme.slots[2]!.items[1]!.track;
    expect(track).toEqual({ slug: 'politik', name: 'Politik', colour: '#1f4e79', textColour: PAPER });
  });

  it('offers only tracks and kinds that occur, in their order', () => {
    expect(programme.tracks).toEqual([
      { slug: 'politik', name: 'Politik' },
      { slug: 'data', name: 'Data' },
    ]);
    expect(programme.kinds).toEqual(['keynote', 'panel', 'track_session', 'workshop', 'gallery_round', 'break']);
  });

  it('uses English texts and links in English, with Danish where there is no translation', () => {
    const english = buildProgramme(input, 'en');
    const eleven = english.slots[2]!.items;
    expect(eleven.map((item) => item.room)).toEqual(['Main stage', 'Halmtorvet', 'Gallery A']);
    expect(eleven[1]!.title).toBe('Politics');
    expect(eleven[1]!.href).toBe('/en/dag/program/spor-politik');
    expect(english.tracks.map((t) => t.name)).toEqual(['Politics', 'Data']);
    expect(plain(english.slots[0]!.label)).toBe('09:40');
  });
});

describe('filtering the programme', () => {
  const programme = buildProgramme(input, 'da');
  const query = (text: string) => parseProgrammeFilter(new URLSearchParams(text), programme);

  it.each([
    ['', { track: null, kind: null }],
    ['spor=politik', { track: 'politik', kind: null }],
    ['type=workshop', { track: null, kind: 'workshop' }],
    ['spor=data&type=workshop', { track: 'data', kind: 'workshop' }],
    ['spor=findes-ikke&type=networking', { track: null, kind: null }],
    ['spor=tom', { track: null, kind: null }],
    ['type=KEYNOTE', { track: null, kind: null }],
    ['spor=&type=', { track: null, kind: null }],
  ])('?%s → %o', (text, expected) => {
    expect(query(text)).toEqual(expected);
  });

  it.each([
    [{ track: null, kind: null }, ['keynote', 'pause', 'panel', 'spor-politik', 'galleri-a', 'spor-data']],
    [{ track: 'politik', kind: null }, ['spor-politik']],
    [{ track: null, kind: 'keynote' }, ['keynote']],
    [{ track: 'data', kind: 'workshop' }, ['spor-data']],
    [{ track: 'politik', kind: 'workshop' }, []],
  ] as const)('%o keeps %o', (filter, slugs) => {
    const slots = filterProgramme(programme.slots, filter);
    expect(slots.flatMap((slot) => slot.items.map((item) => item.slug))).toEqual(slugs);
    expect(slots.every((slot) => slot.items.length > 0)).toBe(true);
  });

  it.each([
    [{ track: null, kind: null }, ''],
    [{ track: 'politik', kind: null }, '?spor=politik'],
    [{ track: 'politik', kind: 'workshop' }, '?spor=politik&type=workshop'],
  ] as const)('%o → %s', (filter, expected) => {
    expect(filterQuery(filter)).toBe(expected);
  });
});

describe('buildSessionDetail', () => {
  const row: SessionDetailRow = {
    id: 'g1',
    slug: 'galleri-c-runde-2',
    kind: 'gallery_round',
    title: 'Borgerne med ved bordet',
    title_en: 'Citizens at the table',
    description: 'Tre løsninger.',
    description_en: null,
    starts_at: at('13:00'),
    ends_at: at('14:00'),
    discussion_questions: ['Hvad?'],
    discussion_questions_en: [],
    room_name: 'Galleri C',
    room_name_en: 'Gallery C',
    room_location_note: 'Østsiden',
    room_location_note_en: null,
    track_slug: null,
    track_name: null,
    track_name_en: null,
    track_colour: null,
  };
  const detail = buildSessionDetail(
    {
      eventSlug: 'dag',
      timeZone: 'Europe/Copenhagen',
      session: row,
      people: [],
      solutions: [
        {
          id: 'b',
          slug: 'lokalraad',
          title: 'Lokalråd',
          title_en: null,
          summary: 'S',
          summary_en: null,
          award_nominee: false,
          position: 2,
        },
        {
          id: 'a',
          slug: 'borgerbudgetter',
          title: 'Borgerbudgetter',
          title_en: 'Participatory budgets',
          summary: 'S',
          summary_en: 'E',
          award_nominee: true,
          position: 1,
        },
        {
          id: 'c',
          slug: 'borgerdesign',
          title: 'Borgerdesign',
          title_en: null,
          summary: 'S',
          summary_en: null,
          award_nominee: false,
          position: 3,
        },
      ],
      partners: [
        { solution_id: 'a', name: 'Hedensted Kommune', sector: 'kommune', website_url: null, role: 'partner' },
        { solution_id: 'a', name: 'Odense Kommune', sector: 'kommune', website_url: null, role: 'lead' },
        { solution_id: 'c', name: 'Region Midtjylland', sector: 'region', website_url: null, role: 'lead' },
      ],
      roundStarts: [at('14:15'), at('11:00'), at('13:00'), at('13:00')],
    },
    'en',
  );

  it('localises with Danish fallbacks', () => {
    expect(detail.title).toBe('Citizens at the table');
    expect(detail.description).toBe('Tre løsninger.');
    expect(detail.questions).toEqual(['Hvad?']);
    expect(detail.room).toEqual({ name: 'Gallery C', note: 'Østsiden' });
    expect(detail.track).toBeNull();
    expect(plain(detail.timeLabel)).toBe('13:00–14:00');
  });

  it('numbers the gallery round among the distinct round start times', () => {
    expect(detail.round).toBe(2);
  });

  it('lists the three solutions in order with their partners, lead first', () => {
    expect(detail.solutions.map((s) => [s.slug, s.title, s.nominee])).toEqual([
      ['borgerbudgetter', 'Participatory budgets', true],
      ['lokalraad', 'Lokalråd', false],
      ['borgerdesign', 'Borgerdesign', false],
    ]);
    expect(detail.solutions[0]!.href).toBe('/en/dag/losninger/borgerbudgetter');
    expect(detail.solutions[0]!.partners.map((p) => p.name)).toEqual(['Odense Kommune', 'Hedensted Kommune']);
    expect(detail.solutions[1]!.partners).toEqual([]);
  });

  it('has no round number for other kinds of session', () => {
    const keynote = buildSessionDetail(
      {
        eventSlug: 'dag',
        timeZone: 'Europe/Copenhagen',
        session: {
          ...row,
          kind: 'keynote',
          track_slug: 'politik',
          track_name: 'Politik',
          track_name_en: 'Politics',
          track_colour: '#ffdd00',
        },
        people: [
          {
            slug: 'jb',
            name: 'Jocelyne Bourgon',
            job_title: 'Formand',
            job_title_en: 'President',
            organisation_name: null,
            role: 'speaker',
          },
        ],
        solutions: [],
        partners: [],
        roundStarts: [at('13:00')],
      },
      'da',
    );
    expect(keynote.round).toBeNull();
    expect(keynote.track).toEqual({ slug: 'politik', name: 'Politik', colour: '#ffdd00', textColour: INK });
    expect(keynote.people).toEqual([
      {
        slug: 'jb',
        href: '/dag/talere/jb',
        name: 'Jocelyne Bourgon',
        jobTitle: 'Formand',
        organisation: null,
        role: 'speaker',
      },
    ]);
  });
});

describe('buildKeynotes', () => {
  it('names who speaks, not who hosts, in time order', () => {
    const keynotes = buildKeynotes(
      {
        eventSlug: 'dag',
        timeZone: 'Europe/Copenhagen',
        sessions: [
          {
            id: 'k2',
            slug: 'syntese',
            title: 'Den ny syntese',
            title_en: 'The New Synthesis',
            starts_at: at('09:40'),
            ends_at: at('10:30'),
          },
          { id: 'k1', slug: 'aabning', title: 'Åbning', title_en: null, starts_at: at('09:15'), ends_at: at('09:40') },
        ],
        people: [
          {
            session_id: 'k2',
            slug: 'vaert',
            name: 'Værten',
            job_title: null,
            job_title_en: null,
            organisation_name: null,
            role: 'host',
          },
          {
            session_id: 'k2',
            slug: 'jb',
            name: 'Jocelyne Bourgon',
            job_title: null,
            job_title_en: null,
            organisation_name: null,
            role: 'speaker',
          },
          {
            session_id: 'k1',
            slug: 'vaert',
            name: 'Værten',
            job_title: null,
            job_title_en: null,
            organisation_name: null,
            role: 'host',
          },
        ],
      },
      'en',
    );
    expect(keynotes.map((k) => [k.title, k.href, k.people.map((p) => p.name)])).toEqual([
      ['Åbning', '/en/dag/program/aabning', []],
      ['The New Synthesis', '/en/dag/program/syntese', ['Jocelyne Bourgon']],
    ]);
  });
});
