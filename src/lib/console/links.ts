// Where the organiser and check-in staff tools live, in one place so Min side,
// the console list and the console start page cannot drift from the routes
// under src/pages/konsol/[event]/ and src/pages/checkin/.
import { type Lang, localizePath } from '../i18n/locales.ts';

export const CONSOLE_TOOLS = ['dashboard', 'settings', 'solutions', 'badges', 'door'] as const;
export type ConsoleTool = (typeof CONSOLE_TOOLS)[number];

const TOOL_PATHS: Record<ConsoleTool, (slug: string) => string> = {
  dashboard: (slug) => `/konsol/${slug}/indtjekning`,
  settings: (slug) => `/konsol/${slug}/indtjekning/indstillinger`,
  solutions: (slug) => `/konsol/${slug}/losninger`,
  badges: (slug) => `/konsol/${slug}/navneskilte`,
  door: (slug) => `/checkin/${slug}`,
};

export function consolePaths(lang: Lang) {
  const at = (path: string) => localizePath(lang, path);
  return {
    list: () => at('/konsol'),
    event: (slug: string) => at(`/konsol/${slug}`),
    tool: (tool: ConsoleTool, slug: string) => at(TOOL_PATHS[tool](slug)),
  };
}
