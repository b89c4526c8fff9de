// The organisers' operations page, its I/O: read the event's email health,
// failed emails and refunds and pending checkouts, and retry a failed email
// or refund — all as the signed-in organiser through the security definer
// functions of 20261203120401_operations.sql, which check the organiser role
// of that event (anyone else reads nothing and retries nothing).
import { asUser, type Claims, type Sql, sql } from '../db/db.server.ts';
import {
  type BouncedEmail,
  type EmailHealth,
  type FailedEmail,
  type FailedRefund,
  type Operations,
  type PendingCheckout,
  retryAnswer,
  type RetryAnswer,
} from './operations.ts';

export interface OperationsContext {
  db?: Sql;
}

/** The operations overview of an event the caller organises; null for anyone else. */
export async function loadOperations(
  claims: Claims,
  eventId: string,
  checkoutMinutes: number,
  context: OperationsContext = {},
): Promise<Operations | null> {
  if (claims.role !== 'authenticated') return null;
  return asUser(
    claims,
    async (tx) => {
      const [emailHealth] = await tx<EmailHealth[]>`
        select pending, sending, sent, failed, failed_unretried as "failedUnretried"
          from private.email_health_of(${eventId})`;
      if (!emailHealth) return null;
      const failedEmails = await tx<FailedEmail[]>`
        select id, template, recipient, language, attempts, last_error as "lastError", created_at as "createdAt",
               finished_at as "finishedAt", retryable, retry_id as "retryId", retry_status as "retryStatus",
               retried_at as "retriedAt"
          from private.failed_emails_of(${eventId})`;
      const bouncedEmails = await tx<BouncedEmail[]>`
        select id, template, recipient, language, delivery, delivery_detail as "deliveryDetail",
               delivery_at as "deliveryAt", suppressed
          from private.bounced_emails_of(${eventId})`;
      const failedRefunds = await tx<FailedRefund[]>`
        select id, order_id as "orderId", reference, buyer_name as "buyerName", amount_ore as "amountOre", reason,
               attempts, last_error as "lastError", created_at as "createdAt", finished_at as "finishedAt",
               retry_id as "retryId", retry_status as "retryStatus", retried_at as "retriedAt"
          from private.failed_refunds_of(${eventId})`;
      const pendingCheckouts = await tx<PendingCheckout[]>`
        select order_id as "orderId", reference, buyer_name as "buyerName", buyer_email as "buyerEmail",
               total_ore as "totalOre", tickets, checkout_session_id as "checkoutSessionId",
               created_at as "createdAt", expires_at as "expiresAt"
          from private.pending_checkouts_of(${eventId}, ${checkoutMinutes})`;
      return {
        emailHealth,
        failedEmails: [...failedEmails],
        bouncedEmails: [...bouncedEmails],
        failedRefunds: [...failedRefunds],
        pendingCheckouts: [...pendingCheckouts],
        checkoutMinutes,
      };
    },
    context.db ?? sql(),
  );
}

/** Queues one failed email of the event again (once), recorded in the audit log. */
export async function retryFailedEmail(
  claims: Claims,
  eventId: string,
  emailId: string,
  context: OperationsContext = {},
): Promise<RetryAnswer> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ code: string; retry_id: string | null }[]>`
      select code, retry_id from private.retry_failed_email(${eventId}, ${emailId})`,
    context.db ?? sql(),
  );
  return retryAnswer(row);
}

/** Queues every failed email of the event not retried yet; returns how many. */
export async function retryFailedEmails(
  claims: Claims,
  eventId: string,
  context: OperationsContext = {},
): Promise<number> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ count: number }[]>`select private.retry_failed_emails(${eventId}) as count`,
    context.db ?? sql(),
  );
  return row?.count ?? 0;
}

/** Asks for one failed refund again (once), recorded in the audit log. */
export async function retryFailedRefund(
  claims: Claims,
  eventId: string,
  refundId: string,
  context: OperationsContext = {},
): Promise<RetryAnswer> {
  const [row] = await asUser(
    claims,
    (tx) => tx<{ code: string; retry_id: string | null }[]>`
      select code, retry_id from private.retry_failed_refund(${eventId}, ${refundId})`,
    context.db ?? sql(),
  );
  return retryAnswer(row);
}
