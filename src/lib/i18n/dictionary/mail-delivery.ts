// Part of the one dictionary (src/lib/i18n/messages.ts): what the provider
// reported after sending — delivered, bounced, marked as spam — in a
// broadcast's recipients and on the operations page. Danish first.
import type { Message } from '../message-format.ts';

export const mailDeliveryDa = {
  'broadcast.status.delivered': 'Leveret',
  'broadcast.status.bounced': 'Kom retur',
  'broadcast.status.complained': 'Markeret som spam',
  'broadcast.state.bounced': '{bounced} kom retur',
  'delivery.progress.text':
    '{done} af {total} færdige ({percent} %): {accepted} sendt, {bounced} kom retur, {failed} fejlede, {queued} i kø.',
  'operations.bounced': 'E-mails der kom retur',
  'operations.bouncedIntro':
    'Modtagerens mailserver afviste e-mailen, eller modtageren markerede den som spam. Adresser, der kom permanent retur eller markerede spam, får ikke flere udsendelser og påmindelser; billetter og ændringer sendes stadig.',
  'operations.noBounced': 'Ingen e-mails er kommet retur.',
  'operations.bounced.col.what': 'Hvad skete',
  'operations.bounced.col.when': 'Meldt',
  'operations.bounced.col.suppressed': 'Udsendelser',
  'operations.bounced.suppressed': 'Stoppet',
  'operations.bounced.notSuppressed': 'Sendes stadig',
} as const satisfies Record<string, Message>;

export const mailDeliveryEn: { readonly [K in keyof typeof mailDeliveryDa]: Message } = {
  'broadcast.status.delivered': 'Delivered',
  'broadcast.status.bounced': 'Bounced',
  'broadcast.status.complained': 'Marked as spam',
  'broadcast.state.bounced': '{bounced} bounced',
  'delivery.progress.text':
    '{done} of {total} finished ({percent} %): {accepted} sent, {bounced} bounced, {failed} failed, {queued} queued.',
  'operations.bounced': 'Emails that bounced',
  'operations.bouncedIntro':
    'The recipient’s mail server refused the email, or the recipient marked it as spam. Addresses that bounced for good or marked spam get no more broadcasts or reminders; tickets and changes are still sent.',
  'operations.noBounced': 'No email has bounced.',
  'operations.bounced.col.what': 'What happened',
  'operations.bounced.col.when': 'Reported',
  'operations.bounced.col.suppressed': 'Broadcasts',
  'operations.bounced.suppressed': 'Stopped',
  'operations.bounced.notSuppressed': 'Still sent',
};
