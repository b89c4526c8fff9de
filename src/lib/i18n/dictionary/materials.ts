// Part of the one dictionary (src/lib/i18n/messages.ts): uploads through the
// storage port (the file field and its refusals), and materials attached to
// sessions and solutions, Danish first.
import type { Message } from '../message-format.ts';

export const materialsDa = {
  'storage.field.hintImage': 'JPEG, PNG, WebP, GIF eller AVIF, højst {megabytes} MB. Billedet tilpasses til nettet.',
  'storage.field.hintMaterial': 'PDF, PowerPoint, Word, Excel, OpenDocument eller et billede, højst {megabytes} MB.',
  'storage.refused.missing': 'Vælg en fil.',
  'storage.refused.tooLarge': 'Filen er for stor. Den må højst fylde {megabytes} MB.',
  'storage.refused.requestTooLarge': 'Filen er for stor. Filer må højst fylde {megabytes} MB.',
  'storage.refused.notImage': 'Filen er ikke et billede, vi kan bruge. Vælg en JPEG, PNG, WebP, GIF eller AVIF.',
  'storage.refused.notMaterial':
    'Filen er ikke en type, vi tager imod. Vælg en PDF, en PowerPoint-, Word-, Excel- eller OpenDocument-fil eller et billede.',
  'storage.refused.imageUnreadable': 'Billedet kan ikke læses. Det er måske beskadiget eller for stort i pixels.',
} as const satisfies Record<string, Message>;

export const materialsEn: { readonly [K in keyof typeof materialsDa]: Message } = {
  'storage.field.hintImage':
    'JPEG, PNG, WebP, GIF or AVIF, at most {megabytes} MB. The picture is resized for the web.',
  'storage.field.hintMaterial': 'PDF, PowerPoint, Word, Excel, OpenDocument or a picture, at most {megabytes} MB.',
  'storage.refused.missing': 'Choose a file.',
  'storage.refused.tooLarge': 'The file is too large. It may be at most {megabytes} MB.',
  'storage.refused.requestTooLarge': 'The file is too large. Files may be at most {megabytes} MB.',
  'storage.refused.notImage': 'The file is not a picture we can use. Choose a JPEG, PNG, WebP, GIF or AVIF.',
  'storage.refused.notMaterial':
    'We do not accept this type of file. Choose a PDF, a PowerPoint, Word, Excel or OpenDocument file, or a picture.',
  'storage.refused.imageUnreadable': 'The picture cannot be read. It may be damaged or too large in pixels.',
};
