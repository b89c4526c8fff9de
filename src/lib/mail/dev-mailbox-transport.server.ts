// Delivery into the dev mailbox: a table in Postgres, shown at /dev/mailbox,
// for running without an email provider (embedded mode). Like Resend it takes
// each idempotency key once, so a retried send shows one message, not two.
// The dev mailbox is a developer's tool: it reads and writes with the service
// role, outside any user's row-level security.
import { asService, type Sql, sql } from '../db/db.server.ts';
import { type MailAttachment, mailAttachment } from './mail.ts';
import type { MailTransport } from './transport.ts';

export function createDevMailboxTransport(options: { from: string; db?: Sql }): MailTransport {
  return {
    name: 'dev-mailbox',
    async send(message, { idempotencyKey }) {
      const id = await asService(async (tx) => {
        const [inserted] = await tx<{ id: string }[]>`
          insert into private.dev_mailbox (idempotency_key, sender, recipient, subject, html, text_body, attachments, tags)
          values (${idempotencyKey}, ${options.from}, ${message.to}, ${message.subject}, ${message.html}, ${message.text},
                  ${tx.json(message.attachments)}, ${tx.json(message.tags)})
          on conflict (idempotency_key) do nothing
          returning id`;
        if (inserted) return inserted.id;
        const [existing] = await tx<{ id: string }[]>`
          select id from private.dev_mailbox where idempotency_key = ${idempotencyKey}`;
        return existing!.id;
      }, options.db ?? sql());
      return { ok: true, providerMessageId: `dev-mailbox/${id}` };
    },
  };
}

export interface DevMailboxEntry {
  id: string;
  to: string;
  subject: string;
  template: string | null;
  lang: string | null;
  receivedAt: Date;
}

export interface DevMailboxMessage extends DevMailboxEntry {
  from: string;
  html: string;
  text: string;
  attachments: MailAttachment[];
}

/** Newest first. */
export function listDevMailbox(options: { limit?: number } = {}, db: Sql = sql()): Promise<DevMailboxEntry[]> {
  const limit = Math.min(Math.max(options.limit ?? 200, 1), 1000);
  return asService(
    (tx) => tx<DevMailboxEntry[]>`
      select id, recipient as "to", subject, tags ->> 'template' as template, tags ->> 'lang' as lang,
             received_at as "receivedAt"
      from private.dev_mailbox
      order by received_at desc, id desc
      limit ${limit}`,
    db,
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getDevMailboxMessage(id: string, db: Sql = sql()): Promise<DevMailboxMessage | null> {
  if (!UUID.test(id)) return null;
  const [row] = await asService(
    (tx) => tx<(Omit<DevMailboxMessage, 'attachments'> & { attachments: unknown })[]>`
      select id, recipient as "to", sender as "from", subject, html, text_body as text, attachments,
             tags ->> 'template' as template, tags ->> 'lang' as lang, received_at as "receivedAt"
      from private.dev_mailbox where id = ${id}`,
    db,
  );
  if (!row) return null;
  return { ...row, attachments: mailAttachment.array().parse(row.attachments) };
}
