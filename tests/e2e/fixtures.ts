// Every end-to-end test imports `test` from here: it points baseURL at the
// server that global-setup.ts started, fails a test whose pages violate the
// Content-Security-Policy, and offers an axe check.
import AxeBuilder from '@axe-core/playwright';
import { test as base, type BrowserContext, expect, type Page } from '@playwright/test';

/**
 * Every Content-Security-Policy violation in a page of the test's own browser
 * context, as "directive blocked what, on which page". The page reports them
 * through a binding (init scripts and bindings are outside the page's CSP).
 */
export async function collectCspViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeBinding('__samspilCspViolation', (_source, text: string) => void violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __samspilCspViolation(text: string): void }).__samspilCspViolation;
      const where = `${event.sourceFile || location.pathname}:${event.lineNumber}`;
      report(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} on ${location.pathname} (${where})`);
    });
  });
  return violations;
}

export const test = base.extend<{ cspGuard: void }>({
  // Every test that uses the default context fails on any CSP violation in its pages.
  cspGuard: [
    async ({ context }, use) => {
      const violations = await collectCspViolations(context);
      await use();
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
  // Playwright fixtures take their dependencies as a destructured first argument; this one has none.
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => {
    const url = process.env.E2E_BASE_URL;
    if (!url)
      throw new Error(
        'E2E_BASE_URL is not set: run through `npx playwright test` so global-setup.ts starts the server.',
      );
    await use(url);
  },
});

export { expect };

/** Fails on any WCAG 2.1 A/AA violation on the current page, whatever axe calls its impact. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}
