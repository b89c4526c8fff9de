// Part of the one dictionary (src/lib/i18n/messages.ts): the organisers' edit
// of a solution's public content and theme tags
// (/konsol/<event>/losninger/<id>/indhold). Danish first.
import type { Message } from '../message-format.ts';

export const solutionContentDa = {
  'solutionContent.title': 'Ret indhold og temaer: {title}',
  'solutionContent.link': 'Ret indhold og temaer',
  'solutionContent.intro':
    'Det, galleriet og løsningens side viser. Teamets kontaktoplysninger og partnere ændres ikke her. Ændringen logges.',
  'solutionContent.danish': 'Dansk',
  'solutionContent.english': 'Engelsk (valgfrit – tomt viser den danske tekst)',
  'solutionContent.field.title': 'Titel',
  'solutionContent.field.summary': 'Resumé',
  'solutionContent.field.targetGroup': 'Målgruppe',
  'solutionContent.field.results': 'Resultater',
  'solutionContent.field.linkUrl': 'Link til mere om løsningen',
  'solutionContent.field.themeTags': 'Temaer',
  'solutionContent.field.themeTagsHint': 'Ét tema pr. linje, højst 12. De vises på løsningens side og i galleriet.',
  'solutionContent.field.themeTagsEn': 'Temaer på engelsk',
  'solutionContent.field.themeTagsEnHint':
    'Linje for linje ud for de danske temaer. En tom linje viser det danske tema på de engelske sider.',
  'solutionContent.save': 'Gem indhold',
  'solutionContent.saved': 'Indholdet er gemt.',
  'solutionContent.errorTitle': 'Indholdet blev ikke gemt',
  'solutionContent.tags.tooMany': 'Højst 12 temaer.',
  'solutionContent.tags.tooLong': 'Et tema må højst have 60 tegn.',
  'solutionContent.tags.moreEnglish': 'Der er flere engelske navne end temaer.',
  'solutionContent.requiredByCall':
    'Indkaldelsen kræver et felt, der nu er tomt, for en indsendt løsning. Udfyld det, eller ret indkaldelsens spørgsmål.',
  'solutionContent.back': 'Tilbage til løsningen',
} satisfies Record<string, Message>;

export const solutionContentEn: Record<keyof typeof solutionContentDa, Message> = {
  'solutionContent.title': 'Edit content and themes: {title}',
  'solutionContent.link': 'Edit content and themes',
  'solutionContent.intro':
    "What the gallery and the solution's page show. The team's contact details and partners are not changed here. The change is logged.",
  'solutionContent.danish': 'Danish',
  'solutionContent.english': 'English (optional – empty shows the Danish text)',
  'solutionContent.field.title': 'Title',
  'solutionContent.field.summary': 'Summary',
  'solutionContent.field.targetGroup': 'Target group',
  'solutionContent.field.results': 'Results',
  'solutionContent.field.linkUrl': 'Link to more about the solution',
  'solutionContent.field.themeTags': 'Themes',
  'solutionContent.field.themeTagsHint':
    "One theme per line, at most 12. They show on the solution's page and in the gallery.",
  'solutionContent.field.themeTagsEn': 'Themes in English',
  'solutionContent.field.themeTagsEnHint':
    'Line by line beside the Danish themes. An empty line shows the Danish theme on the English pages.',
  'solutionContent.save': 'Save content',
  'solutionContent.saved': 'The content is saved.',
  'solutionContent.errorTitle': 'The content was not saved',
  'solutionContent.tags.tooMany': 'At most 12 themes.',
  'solutionContent.tags.tooLong': 'A theme may have at most 60 characters.',
  'solutionContent.tags.moreEnglish': 'There are more English names than themes.',
  'solutionContent.requiredByCall':
    "The call requires a field that is now empty, for a submitted solution. Fill it in, or change the call's questions.",
  'solutionContent.back': 'Back to the solution',
};
