// Sign-in: a one-time link and a 6-digit code for when the email is read on
// another device than the one signing in.
import { z } from 'zod';
import { translator } from './dictionary.ts';
import { link } from './fields.ts';
import { renderDocument } from './layout.ts';
import { defineTemplate, oneLine } from './template.ts';

export const signInData = z.object({
  link,
  code: z.string().regex(/^\d{6}$/, 'must be six digits'),
  expiresInMinutes: z.int().min(1).max(60),
});
export type SignInData = z.input<typeof signInData>;

export const signIn = defineTemplate({
  schema: signInData,
  sensitive: true,
  render(lang, data) {
    const t = translator(lang);
    const minutes = data.expiresInMinutes;
    const subject = oneLine(t('signIn.subject', { code: data.code }));
    const { html, text } = renderDocument({
      lang,
      title: subject,
      preheader: t('signIn.preheader', { minutes }),
      footer: t('common.footer'),
      blocks: [
        { kind: 'heading', text: t('signIn.heading') },
        { kind: 'paragraph', text: t('signIn.intro') },
        { kind: 'button', href: data.link, label: t('signIn.button'), fallback: t('common.linkFallback') },
        { kind: 'code', label: t('signIn.codeLabel'), code: data.code },
        { kind: 'paragraph', text: t('signIn.otherDevice') },
        { kind: 'paragraph', text: t('signIn.expiry', { minutes }) },
        { kind: 'note', text: t('signIn.notYou') },
      ],
    });
    return { subject, html, text, attachments: [] };
  },
});
