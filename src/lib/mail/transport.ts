// The one mail interface. A transport delivers one finished message and says
// whether it was accepted, failed for now, or failed for good. It must treat a
// repeated idempotency key as the same message (Resend does; the dev mailbox
// does), because the outbox may send a message again after a crash.
import type { MailMessage } from './mail.ts';

export type SendResult =
  { ok: true; providerMessageId: string | null } | { ok: false; retryable: boolean; error: string };

export interface MailTransport {
  /** For log lines: 'resend', 'dev-mailbox', … */
  readonly name: string;
  send(message: MailMessage, options: { idempotencyKey: string }): Promise<SendResult>;
}
