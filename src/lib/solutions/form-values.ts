// What the solution form shows: empty, the stored solution, or what was just
// posted (so a refused form comes back as the person filled it in).

/** The solution form's values as strings, for showing it again. */
export interface SolutionFormValues {
  title: string;
  summary: string;
  targetGroup: string;
  results: string;
  evidence: string;
  links: string;
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
    targetGroup: '',
    results: '',
    evidence: '',
    links: '',
    partners: [],
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
  const names = form.getAll('partnerName').map((value) => (typeof value === 'string' ? value : ''));
  const sectors = form.getAll('partnerSector').map((value) => (typeof value === 'string' ? value : ''));
  return {
    title: text('title'),
    summary: text('summary'),
    targetGroup: text('targetGroup'),
    results: text('results'),
    evidence: text('evidence'),
    links: text('links'),
    partners: names
      .map((name, i) => ({ name, sector: sectors[i] ?? '' }))
      .filter((row) => row.name !== '' || row.sector !== ''),
    contactName: text('contactName'),
    contactEmail: text('contactEmail'),
    contactPhone: text('contactPhone'),
    awardNominee: form.get('awardNominee') === 'on',
  };
}
