// Part of the one dictionary (src/lib/i18n/messages.ts): the exhibitor's
// solution form — partner rows added and removed, the optional English title
// and summary — and why a solution can no longer be edited, with who can
// still change what. Danish first.
import type { Message } from '../message-format.ts';

export const exhibitorDa = {
  'exhibitor.partners.hint':
    'Den første er den ledende organisation. Tilføj en række for hver partner; tomme rækker gemmes ikke.',
  'exhibitor.partners.add': 'Tilføj partner',
  'exhibitor.partners.remove': 'Fjern',
  'exhibitor.partners.removeWhich': 'organisation {n}',
  'exhibitor.partners.max': 'I kan højst angive {max} organisationer.',
  'exhibitor.form.titleEn': 'Titel på engelsk',
  'exhibitor.form.summaryEn': 'Resumé på engelsk',
  'exhibitor.form.englishHint': 'Vises på de engelske sider. Tomt: den danske tekst vises.',
  'exhibitor.closed.accepted':
    'Løsningen er godkendt, så titel, resumé, organisationer og kontaktperson ligger fast og kan ikke længere rettes her. Skal noget af det ændres, er det arrangørerne, der gør det: skriv til dem. I kan stadig selv lægge materialer op og invitere kolleger til holdet.',
  'exhibitor.closed.call_closed':
    'Indkaldelsen er lukket, så løsningen kan ikke længere rettes her. Skal noget ændres, er det arrangørerne, der gør det: skriv til dem. I kan stadig selv lægge materialer op og invitere kolleger til holdet.',
  'exhibitor.closed.rejected':
    'Løsningen blev ikke udvalgt til galleriet og kan ikke rettes længere. Har I spørgsmål, så skriv til arrangørerne.',
  'exhibitor.closed.withdrawn': 'I har trukket løsningen tilbage, så den kan ikke rettes længere.',
  'exhibitor.closed.contact': 'Arrangørerne: {name}',
  'exhibitor.closed.materials': 'Læg materialer op',
} as const satisfies Record<string, Message>;

export const exhibitorEn: { readonly [K in keyof typeof exhibitorDa]: Message } = {
  'exhibitor.partners.hint':
    'The first is the lead organisation. Add a row for each partner; empty rows are not saved.',
  'exhibitor.partners.add': 'Add partner',
  'exhibitor.partners.remove': 'Remove',
  'exhibitor.partners.removeWhich': 'organisation {n}',
  'exhibitor.partners.max': 'You can name at most {max} organisations.',
  'exhibitor.form.titleEn': 'Title in English',
  'exhibitor.form.summaryEn': 'Summary in English',
  'exhibitor.form.englishHint': 'Shown on the English pages. Empty: the Danish text is shown.',
  'exhibitor.closed.accepted':
    'The solution has been accepted, so its title, summary, organisations and contact person are settled and can no longer be edited here. If any of them must change, it is the organisers who change it: write to them. You can still upload materials and invite colleagues to your team yourselves.',
  'exhibitor.closed.call_closed':
    'The call has closed, so the solution can no longer be edited here. If something must change, it is the organisers who change it: write to them. You can still upload materials and invite colleagues to your team yourselves.',
  'exhibitor.closed.rejected':
    'The solution was not selected for the gallery and can no longer be edited. If you have questions, write to the organisers.',
  'exhibitor.closed.withdrawn': 'You have withdrawn the solution, so it can no longer be edited.',
  'exhibitor.closed.contact': 'The organisers: {name}',
  'exhibitor.closed.materials': 'Upload materials',
};
