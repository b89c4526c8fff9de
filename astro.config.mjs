// @ts-check
import node from '@astrojs/node';
import svelte from '@astrojs/svelte';
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  integrations: [svelte()],
  // Danish at the root, English under /en/. The middleware maps /en/* onto the
  // same page files, so every page exists once.
  i18n: {
    locales: ['da', 'en'],
    defaultLocale: 'da',
    routing: 'manual',
  },
  server: { port: 4321, host: true },
  security: { checkOrigin: true },
  devToolbar: { enabled: false },
});
