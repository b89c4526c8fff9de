// Part of the one dictionary (src/lib/i18n/messages.ts): what the provider
// reported after sending — delivered, bounced, marked as spam — in a
// broadcast's recipients and on the operations page; and the data export's
// sections for what a person said and was sent after the day. Danish first.
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

  // The data export's sections for feedback, survey answers, broadcasts and email preferences (/min-side/data).
  'myData.section.sessionFeedback': 'Mine vurderinger af sessioner',
  'myData.section.surveyAnswers': 'Mine svar på evalueringen',
  'myData.section.broadcastEmails': 'Nyheder sendt til mig fra arrangørerne',
  'myData.section.emailPreferences': 'Mine e-mailvalg',
  'myData.field.rating': 'Vurdering (1–5)',
  'myData.field.comment': 'Kommentar',
  'myData.field.question': 'Spørgsmål',
  'myData.field.answer': 'Svar',
  'myData.field.subject': 'Emne',
  'myData.field.finishedAt': 'Sendt eller opgivet',
  'myData.field.preference': 'Valg',
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

  'myData.section.sessionFeedback': 'My ratings of sessions',
  'myData.section.surveyAnswers': 'My answers to the survey',
  'myData.section.broadcastEmails': 'News the organisers sent me',
  'myData.section.emailPreferences': 'My email choices',
  'myData.field.rating': 'Rating (1–5)',
  'myData.field.comment': 'Comment',
  'myData.field.question': 'Question',
  'myData.field.answer': 'Answer',
  'myData.field.subject': 'Subject',
  'myData.field.finishedAt': 'Sent or given up',
  'myData.field.preference': 'Choice',
};
