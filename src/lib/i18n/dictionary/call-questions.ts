// Part of the one dictionary (src/lib/i18n/messages.ts): which questions the
// call for solutions asks (the console's call form) and the solution form's
// words for required fields, Danish first.
import type { Message } from '../message-format.ts';

export const callQuestionsDa = {
  'callQuestions.heading': 'Spørgsmål i indkaldelsen',
  'callQuestions.intro':
    'Vælg for hvert felt i løsningsformularen, om det vises, og om det skal udfyldes. Titel, resumé, partnere og kontaktperson spørges altid om. Et felt, der ikke spørges om, beholder svar, der allerede er givet.',
  'callQuestions.label.titleEn': 'Titel på engelsk',
  'callQuestions.label.summaryEn': 'Resumé på engelsk',
  'callQuestions.label.targetGroup': 'Målgruppe',
  'callQuestions.label.results': 'Resultater',
  'callQuestions.label.evidence': 'Dokumentation',
  'callQuestions.label.links': 'Links',
  'callQuestions.label.contactPhone': 'Kontaktpersonens telefon',
  'callQuestions.mode.hidden': 'Spørg ikke',
  'callQuestions.mode.optional': 'Spørg, valgfrit at udfylde',
  'callQuestions.mode.required': 'Spørg, skal udfyldes',
  'callQuestions.field.required': 'Udfyld feltet – arrangøren kræver det, før løsningen kan indsendes.',
  'callQuestions.requiredMark': '(skal udfyldes ved indsendelse)',
  'callQuestions.error.required_missing': 'Et eller flere påkrævede felter er tomme. Udfyld dem, og indsend igen.',
} as const satisfies Record<string, Message>;

export type CallQuestionsMessageKey = keyof typeof callQuestionsDa;

export const callQuestionsEn: { readonly [K in CallQuestionsMessageKey]: Message } = {
  'callQuestions.heading': 'Questions in the call',
  'callQuestions.intro':
    'Choose for each field of the solution form whether it is shown and whether it must be filled in. Title, summary, partners and contact person are always asked. A field that is not asked keeps answers already given.',
  'callQuestions.label.titleEn': 'Title in English',
  'callQuestions.label.summaryEn': 'Summary in English',
  'callQuestions.label.targetGroup': 'Target group',
  'callQuestions.label.results': 'Results',
  'callQuestions.label.evidence': 'Evidence',
  'callQuestions.label.links': 'Links',
  'callQuestions.label.contactPhone': "Contact person's phone",
  'callQuestions.mode.hidden': 'Do not ask',
  'callQuestions.mode.optional': 'Ask, optional',
  'callQuestions.mode.required': 'Ask, required',
  'callQuestions.field.required':
    'Fill in this field – the organisers require it before the solution can be submitted.',
  'callQuestions.requiredMark': '(required to submit)',
  'callQuestions.error.required_missing': 'One or more required fields are empty. Fill them in and submit again.',
};
