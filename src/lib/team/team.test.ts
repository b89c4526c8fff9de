import { describe, expect, it } from 'vitest';
import { t } from '../i18n/messages.ts';
import { describeRefusal } from '../site/refusal.ts';
import { invitationRateRules, inviteInput, isInvitationToken, TEAM_REFUSALS } from './team.ts';

const EVENT = '00000000-0000-4000-8000-000000000001';
const SOLUTION = '00000000-0000-4000-8000-000000000002';

describe('the invitation form', () => {
  it('normalises the address and needs a solution only for an exhibitor team', () => {
    expect(
      inviteInput.parse({
        event: EVENT,
        email: '  Lene.Holm@Kommune.DK ',
        role: 'reviewer',
        solution: null,
        language: 'en',
      }),
    ).toEqual({ event: EVENT, email: 'lene.holm@kommune.dk', role: 'reviewer', solution: null, language: 'en' });
    const missing = inviteInput.safeParse({ event: EVENT, email: 'a@b.dk', role: 'exhibitor_member', language: 'da' });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['solution', 'team.field.solutionRequired'],
    ]);
    expect(
      inviteInput.safeParse({
        event: EVENT,
        email: 'a@b.dk',
        role: 'exhibitor_member',
        solution: SOLUTION,
        language: 'da',
      }).success,
    ).toBe(true);
  });

  it('refuses roles that cannot be invited and addresses that cannot arrive, with a message per field', () => {
    const result = inviteInput.safeParse({ event: EVENT, email: 'navn@kommune', role: 'attendee', language: 'fr' });
    expect(Object.fromEntries(result.error!.issues.map((issue) => [issue.path[0], issue.message]))).toEqual({
      email: 'auth.field.emailInvalid',
      role: 'team.field.roleRequired',
      language: 'team.field.languageRequired',
    });
  });
});

describe('invitation links and limits', () => {
  it('accept only a 43-character base64url token', () => {
    expect(isInvitationToken('a'.repeat(43))).toBe(true);
    expect(isInvitationToken('a'.repeat(42))).toBe(false);
    expect(isInvitationToken(`${'a'.repeat(42)}/`)).toBe(false);
    expect(isInvitationToken(undefined)).toBe(false);
  });

  it('limit per organiser, per event and per invited address', () => {
    expect(invitationRateRules('u', 'e', 'a@b.dk').map((rule) => rule.bucket)).toEqual([
      'team-invite:user:u',
      'team-invite:event:e',
      'team-invite:email:a@b.dk',
    ]);
  });

  it('word a rate limit in minutes', () => {
    const words = describeRefusal(t('en'), { ok: false, code: 'rate_limited', retryAfterSeconds: 125 }, TEAM_REFUSALS);
    expect(words).toEqual({
      status: 429,
      message: 'Many invitations have been sent in a short time. Try again in 3 minutes.',
      field: undefined,
    });
  });
});
