// Reads the newest sign-in email to an address from the dev mailbox (embedded
// mode's stand-in for Resend), as a person would: open the list, open the mail.
import type { Browser, BrowserContextOptions } from '@playwright/test';
import { expect } from './fixtures.ts';

const SIGN_IN_SUBJECT = /Din kode til at logge ind|Your sign-in code/;

/** The 6-digit code and the magic link of the newest sign-in email to `email`. */
export async function signInEmail(
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
