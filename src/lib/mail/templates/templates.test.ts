import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../i18n/locales.ts';
import { renderEmail, TEMPLATE_NAMES } from '../mail.ts';
import { fill, MAIL_DICTIONARY } from './dictionary.ts';
import { escapeHtml, markup } from './html.ts';
import { SAMPLE_DATA } from './samples.ts';

const HOSTILE = `<script>alert("x")</script> & 'Ø'`;

/** Intl puts no-break spaces in amounts ("2.500 kr."); compare them as spaces. */
function text(template: Parameters<typeof renderEmail>[0], lang: 'da' | 'en', data: unknown): string {
  return renderEmail(template, lang, data).text.replace(/[\u00a0\u202f]/g, ' ');
}

describe('every template', () => {
  for (const template of TEMPLATE_NAMES) {
    for (const lang of LOCALES) {
      it(`${template} renders in ${lang}: subject, HTML in the right language, and a text part`, () => {
        const mail = renderEmail(template, lang, SAMPLE_DATA[template]);
        expect(mail.subject.length).toBeGreaterThan(5);
        expect(mail.subject).not.toMatch(/[\r\n{}]/);
        expect(mail.html).toMatch(new RegExp(`^<!doctype html>\\n<html lang="${lang}">`));
        expect(mail.html).toContain(`<title>${escapeHtml(mail.subject)}</title>`);
        expect(mail.text.length).toBeGreaterThan(50);
        expect(mail.text).not.toMatch(/<[a-z]/i);
        expect(`${mail.html}${mail.text}`).not.toMatch(/\{\w+\}|undefined|NaN|\[object/);
      });
    }
  }
});

describe('sign-in', () => {
  it('gives the link and the code in both parts, with the expiry', () => {
    const da = renderEmail('sign-in', 'da', SAMPLE_DATA['sign-in']);
    expect(da.subject).toBe('Din kode til at logge ind: 482913');
    for (const part of [da.html, da.text]) {
      expect(part).toContain('482913');
      expect(part).toContain('udløber om 10 minutter');
    }
    expect(da.html).toContain(`href="${SAMPLE_DATA['sign-in'].link}"`);
    expect(da.text).toContain(SAMPLE_DATA['sign-in'].link);
    const en = renderEmail('sign-in', 'en', SAMPLE_DATA['sign-in']);
    expect(en.subject).toBe('Your sign-in code: 482913');
    expect(en.text).toContain('expire in 10 minutes');
  });

  it('refuses a code that is not six digits and a link that is not http(s)', () => {
    expect(() => renderEmail('sign-in', 'da', { ...SAMPLE_DATA['sign-in'], code: '12345' })).toThrow();
    expect(() => renderEmail('sign-in', 'da', { ...SAMPLE_DATA['sign-in'], link: 'javascript:alert(1)' })).toThrow();
  });
});

describe('order confirmation', () => {
  const data = SAMPLE_DATA['order-confirmation'];

  it('shows the day in Copenhagen time, the place, each ticket and the total in DKK', () => {
    const da = renderEmail('order-confirmation', 'da', data);
    expect(da.subject).toBe('Dine 2 billetter til Velfærdens Innovationsdag 2027');
    // 08:00Z in March is 09:00 in Copenhagen (CET).
    expect(da.text).toContain('Hvornår: torsdag den 11. marts 2027, kl. 09.00–16.30');
    expect(da.text).toContain('Hvor: Øksnehallen, Halmtorvet 11, 1700 København V');
    expect(text('order-confirmation', 'da', data)).toContain('I alt inkl. moms: 2.500 kr.');
    expect(da.text).toContain('Billet 2 af 2');
    expect(da.text).toContain('Jonas Holm Larsen');
    expect(da.text).toContain('Ordren afventer betaling, som forfalder lørdag den 2. januar 2027.');
    const { invoice: _due, ...withoutDue } = data;
    expect(renderEmail('order-confirmation', 'da', withoutDue).text).toContain('Du modtager en faktura særskilt.');
    const en = renderEmail('order-confirmation', 'en', data);
    expect(en.subject).toBe('Your 2 tickets for Velfærdens Innovationsdag 2027');
    expect(en.text).toContain('When: Thursday, 11 March 2027, 09:00–16:30');
    expect(text('order-confirmation', 'en', data)).toContain('Total incl. VAT: DKK 2,500');
  });

  it('attaches each QR code inline, referenced from the HTML, and the .ics', () => {
    const da = renderEmail('order-confirmation', 'da', data);
    const [qr1, qr2, ics] = da.attachments;
    expect(qr1).toMatchObject({ filename: 'qr-T-8K2M4Q.png', contentType: 'image/png', contentId: 'ticket-qr-1' });
    expect(qr2!.contentId).toBe('ticket-qr-2');
    expect(da.html).toContain('src="cid:ticket-qr-1"');
    expect(da.html).toContain('alt="QR-kode til billet T-8K2M4Q"');
    expect(ics).toMatchObject({
      filename: 'innovationsdag.ics',
      contentType: expect.stringMatching(/^text\/calendar/),
    });
    expect(Buffer.from(ics!.contentBase64, 'base64').toString('utf8')).toBe(data.calendarIcs);
    expect(da.text).toContain('Kalenderfilen er vedhæftet');
  });

  it('leaves out what it was not given: no QR, no calendar, no total, and says who registered a colleague', () => {
    const single = {
      ...data,
      registeredBy: 'Mette Kristensen',
      tickets: [{ ...data.tickets[1]!, qrPngBase64: undefined }],
      totalOre: undefined,
      calendarIcs: undefined,
      payment: 'free' as const,
    };
    const mail = renderEmail('order-confirmation', 'da', JSON.parse(JSON.stringify(single)));
    expect(mail.attachments).toEqual([]);
    expect(mail.subject).toBe('Din billet til Velfærdens Innovationsdag 2027');
    expect(mail.html).not.toContain('cid:');
    expect(mail.text).not.toContain('I alt');
    expect(mail.text).not.toContain('Kalenderfilen');
    expect(mail.text).toContain('Mette Kristensen har tilmeldt dig.');
  });

  it('asks a colleague to decide for themselves about exhibitors, with a link to that choice', () => {
    const colleague = {
      ...data,
      registeredBy: 'Mette Kristensen',
      exhibitorConsentUrl: 'https://samspil.example/min-side/udstillere',
    };
    const mail = renderEmail('order-confirmation', 'da', colleague);
    expect(mail.text).toContain('Det bestemmer kun du – ikke den, der tilmeldte dig.');
    expect(mail.html).toContain('href="https://samspil.example/min-side/udstillere"');
    expect(renderEmail('order-confirmation', 'da', data).text).not.toContain('udstillere');
  });

  it('spans two days when the event does', () => {
    const twoDays = { ...data, event: { ...data.event, endsAt: '2027-03-12T15:00:00Z' } };
    expect(renderEmail('order-confirmation', 'en', twoDays).text).toContain(
      'When: Thursday, 11 March 2027 at 09:00 to Friday, 12 March 2027 at 16:00',
    );
  });
});

describe('waitlist offer', () => {
  it('says until when the place is held, in Copenhagen time', () => {
    const da = renderEmail('waitlist-offer', 'da', SAMPLE_DATA['waitlist-offer']);
    expect(da.subject).toBe('Der er en plads til dig: Velfærdens Innovationsdag 2027');
    expect(da.text).toContain('holdt til dig til onsdag den 24. februar 2027 kl. 12.00');
    expect(da.html).toContain(`href="${SAMPLE_DATA['waitlist-offer'].offerUrl}"`);
    const en = renderEmail('waitlist-offer', 'en', SAMPLE_DATA['waitlist-offer']);
    expect(en.text).toContain('held for you until Wednesday, 24 February 2027 at 12:00');
  });
});

describe('cancellation', () => {
  const data = SAMPLE_DATA.cancellation;

  it('names the cancelled tickets and the card refund', () => {
    const da = renderEmail('cancellation', 'da', data);
    expect(da.subject).toBe('Din tilmelding til Velfærdens Innovationsdag 2027 er annulleret');
    expect(da.text).toContain('- Jonas Holm Larsen');
    expect(text('cancellation', 'da', data)).toContain('Vi tilbagebetaler 2.500 kr. til det kort, du betalte med.');
    expect(text('cancellation', 'en', data)).toContain('We are refunding DKK 2,500 to the card');
  });

  it('explains a payment that came too late, a credit note, and a free ticket', () => {
    const late = renderEmail('cancellation', 'en', { ...data, reason: 'payment-too-late' });
    expect(late.subject).toBe('We could not issue your tickets for Velfærdens Innovationsdag 2027');
    expect(late.text).toContain('Your payment arrived after the reservation');
    expect(late.text).not.toContain('Your place has been released');
    const invoice = text('cancellation', 'da', { ...data, refund: { amountOre: 125_000, method: 'invoice' } });
    expect(invoice).toContain('Du modtager en kreditnota på 1.250 kr.');
    const free = renderEmail('cancellation', 'da', { ...data, reason: 'by-organiser', refund: null });
    expect(free.text).toContain('Arrangøren har annulleret');
    expect(free.text).toContain('Du er ikke blevet opkrævet noget.');
  });
});

describe('booking released', () => {
  const data = SAMPLE_DATA['booking-released'];

  it('says kindly why the seat went, with the minutes in the singular for one, and links to My programme', () => {
    const da = renderEmail('booking-released', 'da', data);
    expect(da.subject).toBe('Din plads er givet videre: Løsningsgalleri: Nærhed i hjemmeplejen');
    expect(da.text).toContain('ikke var scannet ind ved døren 10 minutter efter start');
    expect(da.text).toContain('Din billet til Velfærdens Innovationsdag 2027 gælder stadig.');
    expect(da.html).toContain(`href="${data.myProgrammeUrl}"`);
    expect(renderEmail('booking-released', 'da', { ...data, minutes: 1 }).text).toContain('1 minut efter start');
    const en = renderEmail('booking-released', 'en', { ...data, minutes: 1 });
    expect(en.subject).toBe('Your seat has been passed on: Løsningsgalleri: Nærhed i hjemmeplejen');
    expect(en.text).toContain('at the door 1 minute after the start');
  });

  it('leaves the minutes out when they are not known, and refuses nonsense', () => {
    const { minutes: _minutes, ...unknown } = data;
    expect(renderEmail('booking-released', 'da', unknown).text).toContain('ikke var scannet ind ved døren i tide');
    expect(renderEmail('booking-released', 'en', unknown).text).toContain('scanned in at the door in time');
    expect(() => renderEmail('booking-released', 'da', { ...data, minutes: 0 })).toThrow();
    expect(() => renderEmail('booking-released', 'da', { ...data, myProgrammeUrl: 'javascript:alert(1)' })).toThrow();
  });
});

describe('escaping', () => {
  it('escapes every interpolated value in the HTML and keeps it readable in the text', () => {
    const order = SAMPLE_DATA['order-confirmation'];
    const hostile = {
      ...order,
      recipientName: HOSTILE,
      event: { ...order.event, name: HOSTILE, venueName: `"><img src=x onerror=alert(1)>` },
      tickets: [{ ...order.tickets[0]!, holderName: HOSTILE, ticketTypeName: HOSTILE, reference: `a"b` }],
    };
    for (const lang of LOCALES) {
      const mail = renderEmail('order-confirmation', lang, hostile);
      expect(mail.html).not.toContain('<script>');
      expect(mail.html).not.toContain('<img src=x');
      expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Ø&#39;');
      expect(mail.html).toMatch(/alt="(QR-kode til billet|QR code for ticket) a&quot;b"/);
      expect(mail.text).toContain(HOSTILE);
      // A line break in a name cannot reach the subject header.
      expect(
        renderEmail('waitlist-offer', lang, { ...SAMPLE_DATA['waitlist-offer'], eventName: 'A\r\nBcc: x' }).subject,
      ).not.toMatch(/[\r\n]/);
    }
  });

  it('markup`` escapes values, joins arrays, and passes Html through unescaped', () => {
    const inner = markup`<b>${'<i>'}</b>`;
    const out = markup`<p title="${`"'`}">${inner}${['<', markup`<br>`]}${null}${false}${3}</p>`;
    expect(out.value).toBe('<p title="&quot;&#39;"><b>&lt;i&gt;</b>&lt;<br>3</p>');
  });
});

describe('the dictionary', () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('has the same keys and the same placeholders in Danish and English', () => {
    const { da, en } = MAIL_DICTIONARY;
    expect(Object.keys(en).sort()).toEqual(Object.keys(da).sort());
    for (const key of Object.keys(da) as (keyof typeof da)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(da[key]));
      expect(en[key], key).not.toMatch(/<|>/);
    }
  });

  it('fill() throws on a missing value instead of sending "{name}"', () => {
    expect(fill('Hej {name}', { name: 'Mette' })).toBe('Hej Mette');
    expect(() => fill('Hej {name}', {})).toThrow(/\{name\}/);
  });
});
