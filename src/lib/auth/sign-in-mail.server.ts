// The sign-in email goes through the outbox, in the same transaction as the
// token it carries: both commit or neither does.
import { enqueueEmail } from '../mail/outbox.server.ts';
import { kickOutboxWorker } from '../mail/worker.server.ts';
import type { SignInMailer } from './local-auth.server.ts';

export const queueSignInMail: SignInMailer = async (tx, mail) => {
  await enqueueEmail(tx, {
    to: mail.to,
    lang: mail.lang,
    template: 'sign-in',
    data: {
      link: mail.link,
      code: mail.code,
      expiresInMinutes: Math.max(1, Math.round((mail.expiresAt.getTime() - Date.now()) / 60_000)),
    },
    idempotencyKey: mail.idempotencyKey,
  });
};

/** After the commit: send now rather than at the worker's next poll. */
export const sendQueuedMailNow = (): void => kickOutboxWorker();
