// Speakers' access to the feedback on their sessions, the pure part: the
// organiser's address form and its refusals. The database holds the same
// rule for an address (20261203120501_speaker_feedback.sql).
import { z } from 'zod';
import { CHANGED_ELSEWHERE } from '../console/concurrency.ts';
import type { FeedbackMessageKey } from '../i18n/dictionary/feedback.ts';
import type { RefusalRules, Refused } from '../site/refusal.ts';

type Key = FeedbackMessageKey;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export const speakerEmailInput = z.object({
  speakerId: z.uuid({ error: 'feedback.error.unavailable' satisfies Key }),
  // Empty (Astro posts it as null) takes the access away; otherwise one address, kept in lower case as sign-in gives it.
  email: z
    .string()
    .trim()
    .max(254, { error: 'feedback.speakers.emailInvalid' satisfies Key })
    .nullish()
    .transform((value) => (value ? value.toLowerCase() : null))
    .refine((value) => value === null || EMAIL.test(value), {
      error: 'feedback.speakers.emailInvalid' satisfies Key,
    }),
  // 0: no address yet.
  version: z
    .string()
    .regex(/^\d{1,9}$/, { error: 'feedback.error.unavailable' satisfies Key })
    .transform(Number),
});
export type SpeakerEmailInput = z.output<typeof speakerEmailInput>;

export type SpeakerEmailRefusal = Refused<'not_found' | 'changed_elsewhere'>;
export const SPEAKER_EMAIL_REFUSALS: RefusalRules<SpeakerEmailRefusal> = {
  not_found: { status: 404, message: 'feedback.error.unavailable' },
  changed_elsewhere: CHANGED_ELSEWHERE,
};
