import { describe, expect, it } from 'vitest';
import {
  buildGalleryGrid,
  buildSolutionDetail,
  numberRounds,
  partnersBySolution,
  type GalleryPresentationRow,
  type GalleryRoundRow,
  type SolutionRow,
} from './gallery.ts';

const at = (time: string) => new Date(`2027-02-25T${time}:00+01:00`);
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('numberRounds', () => {
  it('numbers distinct start times from the earliest', () => {
    const numbers = numberRounds([at('14:15'), at('11:00'), at('13:00'), at('11:00')]);
    expect([...numbers.entries()].map(([time, n]) => [new Date(time).toISOString(), n])).toEqual([
      ['2027-02-25T10:00:00.000Z', 1],
      ['2027-02-25T12:00:00.000Z', 2],
      ['2027-02-25T13:15:00.000Z', 3],
    ]);
  });
});

function round(slug: string, start: string, end: string, room: [string, string, number] | null): GalleryRoundRow {
  return {
    id: slug,
    slug,
    title: `Tema ${slug}`,
    title_en: slug.endsWith('1') ? `Theme ${slug}` : null,
    starts_at: at(start),
    ends_at: at(end),
    room_id: room ? room[0] : null,
    room_name: room ? room[1] : null,
    room_name_en: room ? room[1].replace('Galleri', 'Gallery') : null,
    room_position: room ? room[2] : null,
  };
}

const A: [string, string, number] = ['ra', 'Galleri A', 8];
const B: [string, string, number] = ['rb', 'Galleri B', 9];

function presentation(session: string, position: number, slug: string, nominee = false): GalleryPresentationRow {
  return { session_id: session, position, slug, title: slug, title_en: null, award_nominee: nominee };
}

describe('buildGalleryGrid', () => {
  const rounds = [
    round('b-runde-2', '13:00', '14:00', B),
    round('a-runde-1', '11:00', '12:00', A),
    round('b-runde-1', '11:00', '12:00', B),
  ];
  const presentations = [
    presentation('a-runde-1', 3, 'tre'),
    presentation('a-runde-1', 1, 'en', true),
    presentation('a-runde-1', 2, 'to'),
    presentation('b-runde-1', 1, 'fire'),
  ];
  const grid = buildGalleryGrid({ eventSlug: 'dag', timeZone: 'Europe/Copenhagen', rounds, presentations }, 'da');

  it('has the galleries as columns in room order', () => {
    expect(grid.columns).toEqual([
      { key: 'ra', name: 'Galleri A' },
      { key: 'rb', name: 'Galleri B' },
    ]);
  });

  it('has the rounds as rows in time order, with a cell per gallery', () => {
    expect(grid.rows.map((row) => [row.round, plain(row.timeLabel), row.cells.map((c) => c?.heading ?? null)])).toEqual(
      [
        [1, '11.00–12.00', ['Tema a-runde-1', 'Tema b-runde-1']],
        [2, '13.00–14.00', [null, 'Tema b-runde-2']],
      ],
    );
  });

  it('lists the solutions of a cell in their order, linked, with nominees marked', () => {
    const cell = grid.rows[0]!.cells[0]!;
    expect(cell.sessionHref).toBe('/dag/program/a-runde-1');
    expect(cell.solutions).toEqual([
      { slug: 'en', href: '/dag/losninger/en', title: 'en', nominee: true },
      { slug: 'to', href: '/dag/losninger/to', title: 'to', nominee: false },
      { slug: 'tre', href: '/dag/losninger/tre', title: 'tre', nominee: false },
    ]);
    expect(grid.rows[1]!.cells[1]!.solutions).toEqual([]);
    expect(grid.hasNominees).toBe(true);
  });

  it('is in English under /en/', () => {
    const english = buildGalleryGrid({ eventSlug: 'dag', timeZone: 'Europe/Copenhagen', rounds, presentations }, 'en');
    expect(english.columns.map((c) => c.name)).toEqual(['Gallery A', 'Gallery B']);
    expect(english.rows[0]!.cells[0]!.heading).toBe('Theme a-runde-1');
    expect(english.rows[1]!.cells[1]!.heading).toBe('Tema b-runde-2');
    expect(english.rows[0]!.cells[0]!.solutions[0]!.href).toBe('/en/dag/losninger/en');
  });

  it('puts a round without a room in a last column instead of dropping it', () => {
    const withGap = buildGalleryGrid(
      {
        eventSlug: 'dag',
        timeZone: 'Europe/Copenhagen',
        rounds: [round('x', '11:00', '12:00', null), round('a-runde-1', '11:00', '12:00', A)],
        presentations: [],
      },
      'da',
    );
    expect(withGap.columns.map((c) => c.name)).toEqual(['Galleri A', '–']);
    expect(withGap.rows[0]!.cells.map((c) => c?.heading)).toEqual(['Tema a-runde-1', 'Tema x']);
    expect(withGap.hasNominees).toBe(false);
  });

  it('is empty without gallery rounds', () => {
    expect(
      buildGalleryGrid({ eventSlug: 'dag', timeZone: 'Europe/Copenhagen', rounds: [], presentations: [] }, 'da'),
    ).toEqual({ columns: [], rows: [], hasNominees: false });
  });
});

describe('partnersBySolution', () => {
  it('keeps the given order but puts the lead partner first', () => {
    const partners = partnersBySolution([
      { solution_id: 's', name: 'Partner 1', sector: 'fond', website_url: null, role: 'partner' },
      { solution_id: 's', name: 'Lead', sector: 'kommune', website_url: 'https://x.dk', role: 'lead' },
      { solution_id: 's', name: 'Partner 2', sector: 'civilsamfund', website_url: null, role: 'partner' },
      { solution_id: 't', name: 'Alone', sector: 'stat', website_url: null, role: 'partner' },
    ]);
    expect(partners.get('s')!.map((p) => p.name)).toEqual(['Lead', 'Partner 1', 'Partner 2']);
    expect(partners.get('t')!.map((p) => p.name)).toEqual(['Alone']);
  });
});

describe('buildSolutionDetail', () => {
  const solution: SolutionRow = {
    id: 'sol',
    slug: 'borgerdesign',
    title: 'Borgerdesign',
    title_en: 'Citizen Design',
    summary: 'Resumé',
    summary_en: 'Summary',
    target_group: 'Ledere',
    target_group_en: null,
    results: null,
    results_en: 'Results only in English',
    link_url: 'https://example.dk',
    theme_tags: ['borgerinddragelse', 'sundhed'],
    theme_tags_en: ['citizen participation', null],
    award_nominee: true,
    contact_name: 'Karen Bisgaard',
  };
  const detail = buildSolutionDetail(
    {
      eventSlug: 'dag',
      timeZone: 'Europe/Copenhagen',
      solution,
      partners: [
        { name: 'Region Midtjylland', sector: 'region', website_url: null, role: 'lead' },
        { name: 'Aarhus Kommune', sector: 'kommune', website_url: null, role: 'partner' },
        { name: 'Odense Kommune', sector: 'kommune', website_url: null, role: 'partner' },
      ],
      slots: [
        {
          session_slug: 'c-2',
          title: 'Runde 2-tema',
          title_en: null,
          starts_at: at('13:00'),
          ends_at: at('14:00'),
          room_name: 'Galleri C',
          room_name_en: 'Gallery C',
        },
        {
          session_slug: 'c-1',
          title: 'Runde 1-tema',
          title_en: 'Round 1 theme',
          starts_at: at('11:00'),
          ends_at: at('12:00'),
          room_name: 'Galleri C',
          room_name_en: 'Gallery C',
        },
      ],
      roundStarts: [at('11:00'), at('13:00'), at('14:15')],
    },
    'en',
  );

  it('localises every text, falling back to Danish', () => {
    expect([detail.title, detail.summary, detail.targetGroup, detail.results]).toEqual([
      'Citizen Design',
      'Summary',
      'Ledere',
      'Results only in English',
    ]);
    expect(detail.themes).toEqual(['citizen participation', 'sundhed']);
    expect(detail.nominee).toBe(true);
    expect(detail.contactName).toBe('Karen Bisgaard');
    expect(detail).not.toHaveProperty('contactEmail');
  });

  it('lists partners and their distinct sectors', () => {
    expect(detail.partners.map((p) => p.name)).toEqual(['Region Midtjylland', 'Aarhus Kommune', 'Odense Kommune']);
    expect(detail.sectors).toEqual(['region', 'kommune']);
  });

  it('says where and when it is presented, by round and gallery, in time order', () => {
    expect(detail.slots.map((s) => [s.round, s.gallery, s.heading, s.sessionHref, plain(s.timeLabel)])).toEqual([
      [1, 'Gallery C', 'Round 1 theme', '/en/dag/program/c-1', '11:00–12:00'],
      [2, 'Gallery C', 'Runde 2-tema', '/en/dag/program/c-2', '13:00–14:00'],
    ]);
  });

  it("links each round to the solution's own question list", () => {
    expect(detail.slots.map((s) => s.questionsHref)).toEqual([
      `/en/dag/spoergsmaal/c-1/${detail.slug}`,
      `/en/dag/spoergsmaal/c-2/${detail.slug}`,
    ]);
  });
});
