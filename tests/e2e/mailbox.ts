// Reads the newest sign-in email to an address from the dev mailbox (embedded
// mode's stand-in for Resend): the list, then the message, over HTTP. Nearly
// every test signs someone in, so this is setup, not the thing under test: a
// browser context rendering the list (up to 200 rows) and the message (with
// its HTML part in a frame) cost seconds per sign-in on a loaded machine. The
// mailbox pages themselves are still opened in a browser by csp.spec.ts (under
// the CSP), behind-proxy.spec.ts (signInEmailInBrowser below) and others.
import { type Browser, type BrowserContextOptions, type Page, request } from '@playwright/test';
import { expect } from './fixtures.ts';

const SIGN_IN_SUBJECT = /Din kode til at logge ind|Your sign-in code/;

/** Text of an HTML fragment as Astro escapes it: tags dropped, the five escaped characters back. */
function htmlText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

/**
 * The 6-digit code and the magic link of the newest sign-in email to `email`.
 * `browser` is unused (kept so callers read as before).
 */
export async function signInEmail(
  _browser: Browser,
  baseURL: string,
  email: string,
): Promise<{ code: string; link: string }> {
  const http = await request.newContext({ baseURL });
  try {
    let href: string | undefined;
    await expect
      .poll(
        async () => {
          const list = await http.get('/dev/mailbox');
          expect(list.status(), 'the dev mailbox').toBe(200);
          // Newest first, as the page lists them.
          const row = [...(await list.text()).matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)]
            .map((match) => match[1]!)
            .find((cells) => htmlText(cells).includes(email) && SIGN_IN_SUBJECT.test(htmlText(cells)));
          href = (row && htmlText(/<a\b[^>]*\bhref="([^"]+)"/.exec(row)?.[1] ?? '')) || undefined;
          return href ?? null;
        },
        // A sign-in code is claimed before other specs' confirmations and broadcasts (private.email_priority),
        // so it no longer waits for them; 30 s stays as room for a loaded machine, and costs nothing when the
        // email is there in a second.
        { timeout: 30_000, intervals: [100, 250, 500, 1000] },
      )
      .not.toBeNull();
    const page = await http.get(href!);
    expect(page.status(), 'the sign-in email').toBe(200);
    const pre = /<pre\b[^>]*>([\s\S]*?)<\/pre>/.exec(await page.text())?.[1] ?? '';
    const text = htmlText(pre);
    // "Kode: 123456" / "Code: 123456" on a line of its own in the text part.
    const code = /: (\d{6})\s*$/m.exec(text)?.[1];
    const link = [...pre.matchAll(/<a\b[^>]*\bhref="([^"]+)"/g)]
      .map((match) => htmlText(match[1]!))
      .find((candidate) => candidate.includes('/log-ind/bekraeft'));
    if (!code || !link) throw new Error(`no code or link in the sign-in email to ${email}:\n${text}`);
    return { code, link };
  } finally {
    await http.dispose();
  }
}

/**
 * The same, read in a browser context as a person would: for a server only the browser can reach
 * (behind-proxy.spec.ts: a name only its resolver rules know, through TLS).
 */
export async function signInEmailInBrowser(
  browser: Browser,
  baseURL: string,
  email: string,
  contextOptions: BrowserContextOptions = {},
): Promise<{ code: string; link: string }> {
  const context = await browser.newContext({ ...contextOptions, baseURL });
  const mailbox = await context.newPage();
  const rows = () => mailbox.getByRole('row').filter({ hasText: email }).filter({ hasText: SIGN_IN_SUBJECT });
  try {
    await expect
      .poll(
        async () => {
          await mailbox.goto('/dev/mailbox');
          return rows().count();
        },
        { timeout: 15_000, intervals: [250, 500, 1000] },
      )
      .toBeGreaterThan(0);
    // Followed by its address: on a phone the list's wide table can lay another cell over the link.
    await mailbox.goto((await rows().first().getByRole('link').getAttribute('href'))!);
    const text = (await mailbox.locator('pre').first().textContent()) ?? '';
    // "Kode: 123456" / "Code: 123456" on a line of its own in the text part.
    const code = /: (\d{6})\s*$/m.exec(text)?.[1];
    const link = await mailbox.locator('pre a[href*="/log-ind/bekraeft"]').first().getAttribute('href');
    if (!code || !link) throw new Error(`no code or link in the sign-in email to ${email}:\n${text}`);
    return { code, link };
  } finally {
    await context.close();
  }
}

/**
 * Signs `email` in through the sign-in page that opening `target` leads to (code from the mailbox)
 * and checks the person lands back on `target`. Danish pages.
 */
export async function signInAt(page: Page, baseURL: string, email: string, target: string): Promise<void> {
  await page.goto(target);
  await expect(page).toHaveURL(/\/log-ind\?next=/);
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByRole('button', { name: 'Send link og kode' }).click();
  await page.getByLabel('Kode fra e-mailen').fill((await signInEmail(page.context().browser()!, baseURL, email)).code);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await expect(page).toHaveURL(new RegExp(`${target.replace(/[.?*+^$()[\]{}|\\]/g, '\\$&')}$`));
}
