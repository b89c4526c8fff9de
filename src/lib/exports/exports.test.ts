import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { t } from '../i18n/messages.ts';
import { CSV_BOM, csvLines } from './csv.ts';
import {
  chooseColumns,
  columnWidth,
  csvCell,
  defineList,
  exportFileName,
  type ExportOptions,
  neutraliseFormula,
  rowValues,
  sheetName,
  spreadsheetDate,
  xlsxCell,
} from './exports.ts';
import { csvWriter, xlsxWriter } from './writers.server.ts';

interface Person {
  name: string;
  email: string;
  paidOre: number;
  at: Date;
  vip: boolean;
  consent: boolean;
}

const people = defineList<Person>({
  key: 'people',
  columns: [
    { key: 'name', header: 'exports.yes', type: 'text', value: (p) => p.name },
    { key: 'email', header: 'exports.no', type: 'text', value: (p) => p.email, contact: true },
    { key: 'paid', header: 'exports.yes', type: 'dkk', value: (p) => p.paidOre },
    { key: 'at', header: 'exports.yes', type: 'datetime', value: (p) => p.at, byDefault: false },
    { key: 'vip', header: 'exports.yes', type: 'boolean', value: (p) => p.vip },
  ],
  consented: (p) => p.consent,
});

// 09:30 in Copenhagen in winter (UTC+1) and in summer (UTC+2).
const winter = new Date('2027-02-25T08:30:00Z');
const summer = new Date('2027-06-10T07:30:00Z');
const rows: Person[] = [
  { name: 'Søren Ærø-Åberg', email: 'soren@example.dk', paidOre: 125050, at: winter, vip: true, consent: true },
  { name: '=HYPERLINK("x")', email: 'hidden@example.dk', paidOre: 0, at: summer, vip: false, consent: false },
];
const da: ExportOptions = { lang: 'da', timeZone: 'Europe/Copenhagen', thirdParty: false };

describe('columns', () => {
  it('keeps the list order, ignores unknown keys and falls back to the defaults', () => {
    expect(chooseColumns(people, ['vip', 'name', 'nope']).map((c) => c.key)).toEqual(['name', 'vip']);
    expect(chooseColumns(people, []).map((c) => c.key)).toEqual(['name', 'email', 'paid', 'vip']);
    expect(chooseColumns(people, ['nope']).map((c) => c.key)).toEqual(['name', 'email', 'paid', 'vip']);
  });

  it('refuses a list with a repeated or unsafe key', () => {
    const column = { key: 'a', header: 'exports.yes', type: 'text', value: () => '' } as const;
    expect(() => defineList({ key: 'x', columns: [column, column] })).toThrow(/twice/);
    expect(() => defineList({ key: 'x', columns: [{ ...column, key: 'a b' }] })).toThrow(/URL-safe/);
  });

  it('sizes columns by type and header', () => {
    expect(columnWidth(people.columns[2]!, 'Betalt')).toBe(12);
    expect(columnWidth(people.columns[4]!, 'Særlige hensyn til tilgængelighed')).toBe(35);
    expect(columnWidth({ ...people.columns[0]!, width: 40 }, 'x')).toBe(40);
  });
});

describe('consent', () => {
  const columns = chooseColumns(people, ['name', 'email']);
  it('leaves contact data out of a third-party export for people who did not consent', () => {
    expect(rowValues(people, columns, rows[0]!, { thirdParty: true })).toEqual([rows[0]!.name, 'soren@example.dk']);
    expect(rowValues(people, columns, rows[1]!, { thirdParty: true })).toEqual([rows[1]!.name, null]);
  });
  it('keeps everything in the organisers own export', () => {
    expect(rowValues(people, columns, rows[1]!, { thirdParty: false })).toEqual([rows[1]!.name, 'hidden@example.dk']);
  });
  it('treats a list without a consent rule as nobody consenting', () => {
    const bare = defineList<Person>({ key: 'bare', columns: people.columns });
    expect(rowValues(bare, columns, rows[0]!, { thirdParty: true })).toEqual([rows[0]!.name, null]);
  });
});

describe('cells', () => {
  const tr = t('da');
  it('writes instants as the Copenhagen wall clock, in winter and in summer', () => {
    expect(csvCell('datetime', winter, da, tr)).toBe('2027-02-25 09:30');
    expect(csvCell('datetime', summer, da, tr)).toBe('2027-06-10 09:30');
    expect(csvCell('date', summer, da, tr)).toBe('2027-06-10');
    expect(spreadsheetDate(summer, 'Europe/Copenhagen').toISOString()).toBe('2027-06-10T09:30:00.000Z');
    expect(spreadsheetDate(summer, 'Europe/Copenhagen', true).toISOString()).toBe('2027-06-10T00:00:00.000Z');
  });
  it('uses the decimal comma in Danish and the point in English', () => {
    expect(csvCell('dkk', 125050, da, tr)).toBe('1250,50');
    expect(csvCell('dkk', 125050, { ...da, lang: 'en' }, t('en'))).toBe('1250.50');
    expect(csvCell('number', 3, da, tr)).toBe('3');
  });
  it('words booleans and leaves missing values empty', () => {
    expect(csvCell('boolean', true, da, tr)).toBe('Ja');
    expect(csvCell('boolean', false, { ...da, lang: 'en' }, t('en'))).toBe('No');
    expect(csvCell('text', null, da, tr)).toBe('');
    expect(xlsxCell('text', undefined, 'Europe/Copenhagen')).toBeNull();
  });
  it('types XLSX cells', () => {
    expect(xlsxCell('dkk', 125050, 'Europe/Copenhagen')).toBe(1250.5);
    expect(xlsxCell('number', 7, 'Europe/Copenhagen')).toBe(7);
    expect(xlsxCell('boolean', true, 'Europe/Copenhagen')).toBe(true);
    expect(xlsxCell('datetime', winter, 'Europe/Copenhagen')).toEqual(new Date('2027-02-25T09:30:00Z'));
  });
  it('never lets typed text become a formula', () => {
    expect(neutraliseFormula('=1+1')).toBe("'=1+1");
    expect(neutraliseFormula('-5')).toBe("'-5");
    expect(neutraliseFormula('@SUM')).toBe("'@SUM");
    expect(neutraliseFormula('Søren')).toBe('Søren');
  });
});

describe('names', () => {
  it('folds Danish letters in file names and dates them in the event time zone', () => {
    const late = new Date('2027-02-24T23:30:00Z'); // already the 25th in Copenhagen
    expect(exportFileName(['innovationsdag-2027', 'Kost & tilgængelighed'], 'xlsx', late, 'Europe/Copenhagen')).toBe(
      'innovationsdag-2027-kost-tilgaengelighed-2027-02-25.xlsx',
    );
    expect(exportFileName(['Øksnehallen', 'Åben'], 'csv', late, 'Europe/Copenhagen')).toBe(
      'oeksnehallen-aaben-2027-02-25.csv',
    );
  });
  it('makes sheet names Excel accepts, unique and at most 31 characters', () => {
    const taken = new Set(['workshop: a/b']);
    expect(sheetName('Workshop: A/B', new Set())).toBe('Workshop  A B');
    expect(sheetName('workshop: a/b', new Set(['workshop  a b']))).toBe('workshop  a b (2)');
    expect(sheetName('x'.repeat(40), new Set()).length).toBe(31);
    expect(sheetName('x'.repeat(40), new Set(['x'.repeat(31)]))).toBe(`${'x'.repeat(27)} (2)`);
    expect(taken.size).toBe(1);
  });
});

describe('CSV text', () => {
  it('separates with ; ends lines with CRLF and quotes what needs quoting', () => {
    expect(csvLines([['a;b', 'say "hi"', 'line\nbreak', 'plain']])).toBe('"a;b";"say ""hi""";"line\nbreak";plain\r\n');
    expect(csvLines([])).toBe('');
  });
});

async function collect(out: PassThrough): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of out) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const spec = (thirdParty: boolean) => ({
  list: people,
  columns: chooseColumns(people, ['name', 'email', 'paid', 'at', 'vip']),
  options: { ...da, thirdParty },
  tr: t('da'),
  defaultSheet: 'Deltagere',
});

describe('writers', () => {
  it('write a CSV that Danish Excel opens: BOM, ;, CRLF, Danish letters, no formulas', async () => {
    const out = new PassThrough();
    const done = collect(out);
    const writer = csvWriter(out, spec(true));
    await writer.rows(rows.slice(0, 1));
    await writer.rows(rows.slice(1));
    await writer.finish();
    const text = (await done).toString('utf8');
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(text.slice(1).split('\r\n')).toEqual([
      'Ja;Nej;Ja;Ja;Ja',
      'Søren Ærø-Åberg;soren@example.dk;1250,50;2027-02-25 09:30;Ja',
      `"'=HYPERLINK(""x"")";;0,00;2027-06-10 09:30;Nej`,
      '',
    ]);
  });

  it('write an XLSX with typed cells, a frozen bold header and one sheet per list', async () => {
    const out = new PassThrough();
    const done = collect(out);
    const writer = xlsxWriter(out, spec(false));
    await writer.sheet('Workshop A');
    await writer.rows(rows);
    await writer.sheet('Workshop B');
    await writer.finish();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await done) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Workshop A', 'Workshop B']);
    const [a, b] = workbook.worksheets;
    expect(a!.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(a!.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(a!.getRow(2).values).toEqual([
      undefined,
      'Søren Ærø-Åberg',
      'soren@example.dk',
      1250.5,
      new Date('2027-02-25T09:30:00Z'),
      true,
    ]);
    expect(a!.getRow(2).getCell(4).numFmt).toBe('dd-mm-yyyy hh:mm');
    expect(a!.getRow(3).getCell(1).value).toBe('=HYPERLINK("x")');
    expect(a!.getRow(3).getCell(1).formula).toBeUndefined();
    expect(a!.getColumn(1).width).toBe(24);
    expect(b!.rowCount).toBe(1);
  });

  it('writes an empty XLSX sheet with its header when there are no rows', async () => {
    const out = new PassThrough();
    const done = collect(out);
    const writer = xlsxWriter(out, spec(false));
    await writer.finish();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await done) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Deltagere']);
    expect(workbook.worksheets[0]!.getRow(1).values).toEqual([undefined, 'Ja', 'Nej', 'Ja', 'Ja', 'Ja']);
  });
});
