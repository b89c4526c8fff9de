// What a template is: a schema for its data, whether that data is secret, and
// a pure render function from (language, data) to a finished message.
import type { z } from 'zod';
import type { Lang } from '../../i18n/locales.ts';
import type { MailAttachment } from '../mail.ts';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  attachments: MailAttachment[];
  /** Extra headers where the transport can send them (List-Unsubscribe). */
  headers?: Record<string, string>;
}

export interface MailTemplate<S extends z.ZodType = z.ZodType> {
  schema: S;
  /** The data holds a secret (a sign-in code): the outbox erases it once the message is finished. */
  sensitive: boolean;
  render(lang: Lang, data: z.output<S>): RenderedEmail;
}

export function defineTemplate<S extends z.ZodType>(template: MailTemplate<S>): MailTemplate<S> {
  return template;
}

/** Subjects are one line: a value with a line break must not split the header. */
export function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}
