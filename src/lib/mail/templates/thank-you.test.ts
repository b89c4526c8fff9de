import { describe, expect, it } from 'vitest';
import { renderEmail } from '../mail.ts';
import { SAMPLE_DATA } from './samples.ts';

describe('the thank-you email', () => {
  const data = SAMPLE_DATA['thank-you'];

  it('thanks those who came and sends them to their takeaways and the survey, in their language', () => {
    const da = renderEmail('thank-you', 'da', data);
    expect(da.subject).toBe('Tak for i går: Velfærdens Innovationsdag 2027');
    expect(da.text).toContain('Hej Ahmad Rasuli');
    expect(da.text).toContain('Evalueringen tager et par minutter');
    expect(da.text).toContain(data.takeawaysUrl);
    expect(da.html).toContain(`href="${data.takeawaysUrl}"`);
    const en = renderEmail('thank-you', 'en', data);
    expect(en.subject).toBe('Thank you for yesterday: Velfærdens Innovationsdag 2027');
    expect(en.text).toContain('See your takeaways');
  });

  it('is kinder to those who did not come, and offers the materials all the same', () => {
    const missed = renderEmail('thank-you', 'da', { ...data, attended: false });
    expect(missed.subject).toBe('Vi savnede dig: Velfærdens Innovationsdag 2027');
    expect(missed.text).toContain('Se materialerne fra dagen');
    expect(missed.text).not.toContain('Tak fordi du var med');
    expect(renderEmail('thank-you', 'en', { ...data, attended: false }).subject).toBe(
      'We missed you: Velfærdens Innovationsdag 2027',
    );
  });

  it('links the organisers’ takeaways article when it is published, in both variants', () => {
    const article = { title: '4 takeaways fra dagen', url: 'https://samspil.example.org/vid27/udbytte' };
    for (const attended of [true, false]) {
      const email = renderEmail('thank-you', 'da', { ...data, attended, article });
      expect(email.text).toContain('Arrangørerne har samlet deres udbytte af dagen: 4 takeaways fra dagen');
      expect(email.html).toContain(`href="${article.url}"`);
    }
    expect(renderEmail('thank-you', 'en', { ...data, article }).text).toContain('Read the organisers’ takeaways');
    expect(renderEmail('thank-you', 'da', data).text).not.toContain('Arrangørerne har samlet');
  });

  it('refuses a link that is not http(s)', () => {
    expect(() => renderEmail('thank-you', 'da', { ...data, takeawaysUrl: 'javascript:alert(1)' })).toThrow();
  });

  it('carries the unsubscribe line and the one-click headers, in both variants and languages', () => {
    for (const [lang, words] of [
      ['da', 'Vil du ikke have flere e-mails om Velfærdens Innovationsdag 2027? Afmeld dem her:'],
      ['en', 'No more emails about Velfærdens Innovationsdag 2027? Unsubscribe here:'],
    ] as const) {
      for (const attended of [true, false]) {
        const email = renderEmail('thank-you', lang, { ...data, attended });
        expect(email.text).toContain(`${words}\n${data.unsubscribeUrl}`);
        expect(email.html).toContain(`href="${data.unsubscribeUrl}"`);
        expect(email.headers).toEqual({
          'List-Unsubscribe': `<${data.unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        });
      }
    }
    const { unsubscribeUrl: _, ...queuedBefore } = data;
    expect(renderEmail('thank-you', 'da', queuedBefore).headers).toBeUndefined();
  });
});
