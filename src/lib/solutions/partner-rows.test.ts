import { describe, expect, it } from 'vitest';
import { postedSolutionForm } from './form-values.ts';
import { applyPartnerIntent, rowsForStored, rowsFromForm } from './partner-rows.ts';
import { MAX_PARTNERS } from './solutions.ts';

const row = (name: string, sector = '') => ({ name, sector });

function form(values: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) {
    for (const item of Array.isArray(value) ? value : [value]) data.append(key, item);
  }
  return data;
}

describe('partner rows without JavaScript', () => {
  it('adds an empty row, up to the most a solution may name', () => {
    expect(applyPartnerIntent([row('A', 'kommune')], 'add')).toEqual([row('A', 'kommune'), row('')]);
    const full = Array.from({ length: MAX_PARTNERS }, (_, i) => row(`P${i}`));
    expect(applyPartnerIntent(full, 'add')).toHaveLength(MAX_PARTNERS);
  });

  it('removes the row asked for and keeps one row at least', () => {
    expect(applyPartnerIntent([row('A'), row('B'), row('C')], 'remove:1')).toEqual([row('A'), row('C')]);
    expect(applyPartnerIntent([row('A')], 'remove:0')).toEqual([row('')]);
  });

  it('ignores an intent it does not know or a row that is not there', () => {
    const rows = [row('A'), row('B')];
    for (const intent of ['remove:7', 'remove:-1', 'remove:x', 'drop', '']) {
      expect(applyPartnerIntent(rows, intent)).toEqual(rows);
    }
  });

  it('shows stored partners filled up to three rows, and posted rows as they were', () => {
    expect(rowsForStored([row('A', 'kommune')])).toEqual([row('A', 'kommune'), row(''), row('')]);
    expect(rowsForStored(Array.from({ length: 5 }, (_, i) => row(`P${i}`)))).toHaveLength(5);
    expect(rowsFromForm(form({ partnerName: ['A', '', 'C'], partnerSector: ['kommune', 'fond', ''] }))).toEqual([
      row('A', 'kommune'),
      row('', 'fond'),
      row('C', ''),
    ]);
    expect(rowsFromForm(form({ partnerName: Array.from({ length: 50 }, () => 'x') }))).toHaveLength(MAX_PARTNERS);
  });

  it('brings the form back after add or remove with everything typed, focusing the row concerned', () => {
    const typed = { title: 'Borgerdesign', partnerName: ['A', 'B'], partnerSector: ['region', 'kommune'] };
    const added = postedSolutionForm(form({ ...typed, partnerRows: 'add' }), false)!;
    expect(added.values.title).toBe('Borgerdesign');
    expect(added.values.partners).toEqual([row('A', 'region'), row('B', 'kommune'), row('')]);
    expect(added.focusPartner).toBe(2);
    const removed = postedSolutionForm(form({ ...typed, partnerRows: 'remove:1' }), false)!;
    expect(removed.values.partners).toEqual([row('A', 'region')]);
    expect(removed.focusPartner).toBe(0);
    // A refused post shows what was typed; any other post leaves the stored values.
    expect(postedSolutionForm(form(typed), true)?.values.partners).toHaveLength(2);
    expect(postedSolutionForm(form(typed), false)).toBeNull();
    expect(postedSolutionForm(null, true)).toBeNull();
  });
});
