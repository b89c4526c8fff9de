// The organisers' operations page, the pure part: what the database answers
// about the event's failed emails, failed refunds and pending Stripe
// checkouts, and the refusals of a retry with their statuses and words.
import { z } from 'zod';
import type { Refused, RefusalRules } from '../site/refusal.ts';

export interface EmailHealth {
  pending: number;
  sending: number;
  sent: number;
  failed: number;
  /** Failed and not retried yet: what "retry all" would queue. */
  failedUnretried: number;
}

export interface FailedEmail {
  id: string;
  template: string;
  recipient: string;
  language: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  /** False for a sign-in email, whose link was erased when it failed. */
  retryable: boolean;
  retryId: string | null;
  /** The retry's job state: pending, running, done or dead. */
  retryStatus: string | null;
  retriedAt: Date | null;
}

export interface FailedRefund {
  id: string;
  orderId: string;
  reference: string;
  buyerName: string | null;
  amountOre: number;
  reason: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  retryId: string | null;
  /** The retry's state in refund words: pending, sending, succeeded or failed. */
  retryStatus: string | null;
  retriedAt: Date | null;
}

export interface PendingCheckout {
  orderId: string;
  reference: string;
  buyerName: string | null;
  buyerEmail: string | null;
  totalOre: number;
  tickets: number;
  checkoutSessionId: string | null;
  createdAt: Date;
  expiresAt: Date | null;
}

/** An email the provider reported as bounced or marked as spam (Resend's webhook). */
export interface BouncedEmail {
  id: string;
  template: string;
  recipient: string;
  language: string;
  delivery: 'bounced' | 'complained';
  deliveryDetail: string | null;
  deliveryAt: Date;
  /** Broadcasts and reminders leave this address out from now on. */
  suppressed: boolean;
}

export interface Operations {
  emailHealth: EmailHealth;
  failedEmails: FailedEmail[];
  bouncedEmails: BouncedEmail[];
  failedRefunds: FailedRefund[];
  pendingCheckouts: PendingCheckout[];
  /** Checkouts are listed when older than this many minutes. */
  checkoutMinutes: number;
}

/** Default and bounds of "pending for more than N minutes". */
export const CHECKOUT_MINUTES = { default: 15, min: 0, max: 1440 } as const;

/** N from the page's query (`?minutter=30`), within bounds; the default otherwise. */
export function checkoutMinutesFrom(query: URLSearchParams): number {
  const raw = query.get('minutter');
  if (raw === null || !/^\d{1,4}$/.test(raw.trim())) return CHECKOUT_MINUTES.default;
  return Math.min(CHECKOUT_MINUTES.max, Math.max(CHECKOUT_MINUTES.min, Number(raw.trim())));
}

export const RETRY_CODES = ['not_found', 'not_failed', 'already_retried', 'no_data'] as const;
export type RetryRefusal = Refused<(typeof RETRY_CODES)[number]>;

export const RETRY_REFUSALS: RefusalRules<RetryRefusal> = {
  not_found: { status: 404, message: 'operations.refused.notFound' },
  not_failed: { status: 409, message: 'operations.refused.notFailed' },
  already_retried: { status: 409, message: 'operations.refused.alreadyRetried' },
  no_data: { status: 422, message: 'operations.refused.noData' },
};

export type RetryAnswer = { ok: true; retryId: string } | RetryRefusal;

/** The database's answer to a retry, as data. */
export function retryAnswer(row: { code: string; retry_id: string | null } | undefined): RetryAnswer {
  if (row?.code === 'ok' && row.retry_id) return { ok: true, retryId: row.retry_id };
  const code = (RETRY_CODES as readonly string[]).includes(row?.code ?? '') ? row!.code : 'not_found';
  return { ok: false, code: code as RetryRefusal['code'] };
}

/** Where the page says what happened after a retry (POST → 303 → GET): `?gjort=<outcome>`. */
export const RETRY_OUTCOMES = ['email', 'emails', 'refund'] as const;
export type RetryOutcome = (typeof RETRY_OUTCOMES)[number];

export function retryOutcome(value: string | null): RetryOutcome | null {
  return (RETRY_OUTCOMES as readonly (string | null)[]).includes(value) ? (value as RetryOutcome) : null;
}

export const retryEmailForm = z.object({ event: z.uuid(), email: z.uuid() });
export const retryAllForm = z.object({ event: z.uuid() });
export const retryRefundForm = z.object({ event: z.uuid(), refund: z.uuid() });
