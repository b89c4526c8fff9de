// Rate limits on the forms anyone can post (registration, waitlist) and on
// booking: which buckets a post counts against, and the action error's message
// that carries the wait ("rate_limited:42"). Counted in Postgres
// (private.take_rate_limits), so every server instance shares the counts.
// Pure: no I/O.
import { ipRateKey, type RateRule } from '../auth/auth.ts';

export type LimitedForm = 'registration' | 'waitlist' | 'booking';

export interface FormLimitSettings {
  FORM_IP_LIMIT_PER_MINUTE: number;
  FORM_IP_LIMIT_PER_HOUR: number;
  BOOKING_USER_LIMIT_PER_MINUTE: number;
}

/**
 * Per client IP and form, a minute's and an hour's allowance; booking also
 * per person, so one account cannot churn seats from many addresses.
 */
export function formRateRules(
  form: LimitedForm,
  who: { ip: string; userId?: string | undefined },
  settings: FormLimitSettings,
): RateRule[] {
  const ip = `form:${form}:ip:${ipRateKey(who.ip)}`;
  const rules: RateRule[] = [
    { bucket: ip, limit: settings.FORM_IP_LIMIT_PER_MINUTE, windowSeconds: 60 },
    { bucket: ip, limit: settings.FORM_IP_LIMIT_PER_HOUR, windowSeconds: 3600 },
  ];
  if (form === 'booking' && who.userId) {
    rules.push({
      bucket: `form:booking:user:${who.userId}`,
      limit: settings.BOOKING_USER_LIMIT_PER_MINUTE,
      windowSeconds: 60,
    });
  }
  return rules;
}

/** The action error's message for a refused post. */
export function encodeRateLimited(retryAfterSeconds: number): string {
  return `rate_limited:${retryAfterSeconds}`;
}

/** The seconds to wait, when an action error's message says the post was rate-limited; else null. */
export function decodeRateLimited(message: string): number | null {
  const match = /^rate_limited:(\d{1,6})$/.exec(message);
  return match ? Number(match[1]) : null;
}

/** Whole minutes to show for a wait, never 0. */
export function minutesOf(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}
