// The solution form's partner rows without JavaScript: "Tilføj partner" and
// "Fjern" are submit buttons that post the form back to its own page, which
// shows it again with one row more or less and everything typed kept.
import { MAX_PARTNERS } from './solutions.ts';

export interface PartnerRow {
  name: string;
  sector: string;
}

/** The name of the submit buttons that add or remove a row (never read by the actions). */
export const PARTNER_ROWS_FIELD = 'partnerRows';

/** How many rows an empty form starts with: a lead and two partners is the usual start. */
export const START_ROWS = 3;

const emptyRow = (): PartnerRow => ({ name: '', sector: '' });

/**
 * The rows after an "add" or "remove:<index>" button: at least one row, at
 * most MAX_PARTNERS; anything else leaves the rows as they were.
 */
export function applyPartnerIntent(rows: readonly PartnerRow[], intent: string): PartnerRow[] {
  const next = rows.map((row) => ({ ...row }));
  if (intent === 'add') {
    if (next.length < MAX_PARTNERS) next.push(emptyRow());
  } else {
    const match = /^remove:(\d{1,2})$/.exec(intent);
    const index = match ? Number(match[1]) : -1;
    if (index >= 0 && index < next.length) next.splice(index, 1);
  }
  return next.length === 0 ? [emptyRow()] : next.slice(0, MAX_PARTNERS);
}

/** The rows a form shows for what is stored: every partner, filled up to the starting rows. */
export function rowsForStored(partners: readonly PartnerRow[]): PartnerRow[] {
  const rows = partners.slice(0, MAX_PARTNERS).map((row) => ({ ...row }));
  while (rows.length < START_ROWS) rows.push(emptyRow());
  return rows;
}

/** The rows exactly as posted (empty ones included, so the form comes back as it was). */
export function rowsFromForm(form: FormData): PartnerRow[] {
  const text = (value: FormDataEntryValue) => (typeof value === 'string' ? value : '');
  const names = form.getAll('partnerName').map(text);
  const sectors = form.getAll('partnerSector').map(text);
  const rows = Array.from({ length: Math.max(names.length, sectors.length) }, (_, i) => ({
    name: names[i] ?? '',
    sector: sectors[i] ?? '',
  }));
  return rows.length === 0 ? [emptyRow()] : rows.slice(0, MAX_PARTNERS);
}
