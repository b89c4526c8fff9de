import { describe, expect, it } from 'vitest';
import {
  CARD_FIELDS,
  CONTACT_REFUSALS,
  cardForm,
  codeFromScan,
  contactLabel,
  contactRequestRateRules,
  formatShortCode,
  linkedinUrl,
  requestOutcome,
} from './contacts.ts';

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(values)) data.set(name, value);
  return data;
}

describe('codeFromScan', () => {
  it('takes the token from a contact QR’s URL, Danish or English', () => {
    expect(codeFromScan('https://samspil.dk/min-side/kontakter/scan?k=abcDEF_-1234567890abcd')).toBe(
      'abcDEF_-1234567890abcd',
    );
    expect(codeFromScan(' http://localhost:4321/en/min-side/kontakter/scan?k=tok ')).toBe('tok');
  });

  it('takes anything else as typed: a short code, another site’s URL, a ticket code', () => {
    expect(codeFromScan(' 7k3m-9qxa ')).toBe('7k3m-9qxa');
    expect(codeFromScan('https://evil.example/x?k=tok')).toBe('https://evil.example/x?k=tok');
    expect(codeFromScan('https://samspil.dk/min-side/kontakter/scan')).toBe(
      'https://samspil.dk/min-side/kontakter/scan',
    );
  });
});

describe('linkedinUrl', () => {
  it('makes an https profile address of what people type', () => {
    expect(linkedinUrl('linkedin.com/in/lene-holm')).toBe('https://linkedin.com/in/lene-holm');
    expect(linkedinUrl('https://dk.LinkedIn.com/in/lene-holm/')).toBe('https://dk.linkedin.com/in/lene-holm');
    expect(linkedinUrl('http://www.linkedin.com/in/x')).toBe('https://www.linkedin.com/in/x');
  });

  it('refuses other sites and a bare domain', () => {
    expect(linkedinUrl('https://linkedin.com.evil.example/in/x')).toBeUndefined();
    expect(linkedinUrl('linkedin.com')).toBeUndefined();
    expect(linkedinUrl('javascript:alert(1)')).toBeUndefined();
  });
});

describe('cardForm', () => {
  it('keeps only the ticked fields, trimmed; unticked ones are not kept at all', () => {
    const parsed = cardForm.parse(
      form({
        name: ' Lene Holm ',
        'share.name': 'on',
        organisation: 'Frederiksberg Kommune',
        email: 'lene@example.org',
        'share.email': 'on',
        phone: '+45 12 34 56 78',
        autoAccept: 'on',
      }),
    );
    expect(parsed).toEqual({
      card: {
        name: 'Lene Holm',
        organisation: null,
        title: null,
        email: 'lene@example.org',
        phone: null,
        linkedin: null,
      },
      autoAccept: true,
    });
  });

  it('says at the field what is wrong: ticked but empty, a bad email, phone or LinkedIn address', () => {
    const result = cardForm.safeParse(
      form({
        'share.name': 'on',
        email: 'ikke-en-adresse',
        'share.email': 'on',
        phone: 'ring mig',
        'share.phone': 'on',
        linkedin: 'facebook.com/lene',
        'share.linkedin': 'on',
      }),
    );
    expect(result.success).toBe(false);
    const issues = Object.fromEntries(result.error!.issues.map((issue) => [issue.path.join('.'), issue.message]));
    expect(issues).toEqual({
      email: 'contacts.card.error.email',
      phone: 'contacts.card.error.phone',
      linkedin: 'contacts.card.error.linkedin',
    });
    // Ticked but empty, once the rest is right.
    const empty = cardForm.safeParse(form({ 'share.name': 'on', 'share.title': 'on', title: 'Chef' }));
    expect(empty.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['name', 'contacts.card.error.empty'],
    ]);
  });

  it('shares nothing when nothing is ticked', () => {
    const parsed = cardForm.parse(form({ name: 'Lene' }));
    expect(CARD_FIELDS.map((field) => parsed.card[field])).toEqual(CARD_FIELDS.map(() => null));
    expect(parsed.autoAccept).toBe(false);
  });
});

describe('requests', () => {
  it('maps the database’s codes to an outcome, and anything unexpected to unknown', () => {
    expect(requestOutcome('sent', 'c1')).toEqual({ ok: true, code: 'sent', connectionId: 'c1' });
    expect(requestOutcome('connected', 'c1')).toEqual({ ok: true, code: 'connected', connectionId: 'c1' });
    expect(requestOutcome('revoked', null)).toEqual({ ok: false, code: 'revoked' });
    expect(requestOutcome('sent', null)).toEqual({ ok: false, code: 'unknown' });
    expect(requestOutcome('drop table', null)).toEqual({ ok: false, code: 'unknown' });
  });

  it('answers every refusal with a 4xx', () => {
    for (const [code, rule] of Object.entries(CONTACT_REFUSALS)) {
      const words = typeof rule === 'function' ? rule({ ok: false, code: code as 'rate_limited' }) : rule;
      expect(words.status, code).toBeGreaterThanOrEqual(400);
      expect(words.status, code).toBeLessThan(500);
    }
  });

  it('limits each person, per minute, hour and day, in one bucket of their own', () => {
    const rules = contactRequestRateRules('u1');
    expect(new Set(rules.map((rule) => rule.bucket))).toEqual(new Set(['contacts:request:u1']));
    expect(rules.map((rule) => rule.windowSeconds)).toEqual([60, 3600, 86_400]);
  });
});

describe('showing contacts', () => {
  it('groups a short code in fours and names a contact by what they share', () => {
    expect(formatShortCode('7K3M9QXA')).toBe('7K3M-9QXA');
    const card = { name: null, organisation: 'Testrup Kommune', title: null, email: null, phone: null, linkedin: null };
    expect(contactLabel({ card }, 'Kontakt')).toBe('Testrup Kommune');
    expect(contactLabel({ card: null }, 'Kontakt')).toBe('Kontakt');
  });
});
