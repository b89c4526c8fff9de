// @ts-check
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import fences, { BROWSER_MODULES } from './eslint/fences.js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', '.astro/', '.data/', 'node_modules/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    // Everything that runs in the browser (the list is in eslint/fences.js,
    // shared with src/browser-modules.test.ts): none of it may import server code.
    files: BROWSER_MODULES,
    plugins: { samspil: fences },
    rules: { 'samspil/no-server-in-browser': 'error' },
  },
  {
    // A feature's server code is its own. The shared folders (the database,
    // mail, jobs, sign-in, payments, the site's own pieces, rate limits, file storage, CSV/XLSX exports) may be used by
    // any feature; any other crossing is listed here with its reason.
    files: ['src/lib/**'],
    plugins: { samspil: fences },
    rules: {
      'samspil/feature-server-imports': [
        'error',
        {
          shared: ['db', 'mail', 'jobs', 'auth', 'payments', 'site', 'i18n', 'limits', 'storage', 'exports'],
          allowed: {
            'badges -> tickets/tickets.server.ts': 'a badge prints the ticket’s signed code',
            'registration -> tickets/tickets.server.ts': 'a confirmed order gets its signed ticket codes',
            'checkin -> tickets/keys.server.ts': 'a scan is verified with the event’s public keys',
            'checkin -> booking/booking.server.ts': 'releasing a no-show’s seats is a booking use case',
            'gallery -> events/events.server.ts': 'the gallery page reads its event',
            'programme -> events/events.server.ts': 'the programme page reads its event',
            'speakers -> events/events.server.ts': 'the speakers page reads its event',
            'registration -> events/events.server.ts': 'registration reads its event',
            'questions -> events/events.server.ts': 'a session’s question pages read their event',
            'takeaways -> tickets/keys.server.ts': 'a certificate is signed and verified with the event’s ticket keys',
            'takeaways -> materials/materials.server.ts': 'my takeaways list the materials of what I attended',
            'registrations -> registration/confirmations.server.ts':
              'the console sends a ticket’s confirmation again, and a transferred ticket’s to its new holder',
            'registrations -> registration/notices.server.ts': 'an organiser’s cancellation tells holder and buyer',
            'leads -> tickets/keys.server.ts': 'a lead scan verifies the ticket code with the event’s public keys',
            'privacy -> leads/leads.server.ts': 'the retention job also deletes exhibitor leads past their days',
            'registration -> invoice/checkout.server.ts':
              'a registration paid by invoice is registered, confirmed and invoiced in one SQL call',
            'registration -> invoice/checkout-mail.server.ts':
              'an invoice order’s confirmation sends its invoice; a cancellation finds and sends its credit note',
            'registrations -> invoice/checkout-mail.server.ts':
              'an organiser’s cancellation of an invoice order’s ticket reports the credit note it issued',
          },
        },
      ],
    },
  },
);
