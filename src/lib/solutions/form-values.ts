// What the solution form shows: empty, the stored solution, or what was just
// posted (so a refused form comes back as the person filled it in).
import { applyPartnerIntent, PARTNER_ROWS_FIELD, rowsForStored, rowsFromForm } from './partner-rows.ts';

/** The solution form's values as strings, for showing it again. */
export interface SolutionFormValues {
  title: string;
  summary: string;
  /** Optional English title and summary, shown on the English pages (empty: the Danish text). */
  titleEn: string;
  summaryEn: string;
  targetGroup: string;
  results: string;
  evidence: string;
  links: string;
  /** Every row the form shows, empty rows included. */
  partners: { name: string; sector: string }[];
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  awardNominee: boolean;
}

export function emptySolutionValues(contactEmail = ''): SolutionFormValues {
  return {
    title: '',
    summary: '',
    titleEn: '',
    summaryEn: '',
    targetGroup: '',
    results: '',
    evidence: '',
    links: '',
    partners: rowsForStored([]),
    contactName: '',
    contactEmail,
    contactPhone: '',
    awardNominee: false,
  };
}

export function solutionValuesFromForm(form: FormData): SolutionFormValues {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  return {
    title: text('title'),
    summary: text('summary'),
    titleEn: text('titleEn'),
    summaryEn: text('summaryEn'),
    targetGroup: text('targetGroup'),
    results: text('results'),
    evidence: text('evidence'),
    links: text('links'),
    partners: rowsFromForm(form),
    contactName: text('contactName'),
    contactEmail: text('contactEmail'),
    contactPhone: text('contactPhone'),
    awardNominee: form.get('awardNominee') === 'on',
  };
}

/** What a post to the form's own page shows: the values, and the partner row to focus after an add or remove. */
export interface PostedSolutionForm {
  values: SolutionFormValues;
  focusPartner: number | undefined;
}

/**
 * The form after a post to its page: what was typed, with a partner row more
 * or less when "Tilføj partner" or "Fjern" was pressed, or as it was when the
 * action refused it; null when the stored (or empty) values apply.
 */
export function postedSolutionForm(form: FormData | null, refused: boolean): PostedSolutionForm | null {
  if (!form) return null;
  const intent = form.get(PARTNER_ROWS_FIELD);
  const values = solutionValuesFromForm(form);
  if (typeof intent === 'string') {
    const partners = applyPartnerIntent(values.partners, intent);
    const removed = /^remove:(\d+)$/.exec(intent);
    const focus = removed ? Math.min(Number(removed[1]), partners.length - 1) : partners.length - 1;
    return { values: { ...values, partners }, focusPartner: focus };
  }
  return refused ? { values, focusPartner: undefined } : null;
}
