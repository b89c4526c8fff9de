// Picks the visitor's language from a pair of database columns (`title`,
// `title_en`): English when asked for and present, Danish otherwise.
import type { Lang } from './locales.ts';

export function localized(lang: Lang, da: string, en: string | null | undefined): string;
export function localized(lang: Lang, da: string | null, en: string | null | undefined): string | null;
export function localized(lang: Lang, da: string | null, en: string | null | undefined): string | null {
  if (lang === 'en' && en != null && en.trim() !== '') return en;
  return da;
}

/** The same for text arrays (discussion questions): English only when the list is not empty. */
export function localizedList(lang: Lang, da: readonly string[], en: readonly string[] | null | undefined): string[] {
  return [...(lang === 'en' && en && en.length > 0 ? en : da)];
}

/** Tags named position by position (theme_tags, theme_tags_en): each English name where there is one. */
export function localizedTags(
  lang: Lang,
  da: readonly string[],
  en: readonly (string | null)[] | null | undefined,
): string[] {
  return da.map((tag, i) => localized(lang, tag, en?.[i]));
}
