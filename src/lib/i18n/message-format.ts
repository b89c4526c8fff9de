// Interpolation and plural choice for dictionary messages. Kept apart from the
// dictionary itself so islands and page scripts (the programme's filter and seat
// counts) can use it without shipping both languages' strings to the browser.

/** A message is a plain string, or one form per plural category (Danish and English need two). */
export type Message = string | { readonly one: string; readonly other: string };

export type MessageParams = Readonly<Record<string, string | number>>;

const pluralRules = new Map<string, Intl.PluralRules>();

function pluralCategory(locale: string, count: number): 'one' | 'other' {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  return rules.select(count) === 'one' ? 'one' : 'other';
}

/**
 * The number that chooses a plural form: `params.count` as a number, or as a whole
 * number already formatted for display (`n(1234)` gives "1.234" or "1,234"), whose
 * digits are read back. Anything else has no count, so the `other` form is used.
 */
function countOf(params: MessageParams): number {
  const count = params['count'];
  if (typeof count === 'number') return count;
  if (typeof count === 'string' && /^\d{1,3}(?:[.,\u00a0\u202f ]?\d{3})*$/.test(count)) {
    return Number(count.replace(/\D/g, ''));
  }
  return Number.NaN;
}

/**
 * Fills `{name}` placeholders from params; a plural message chooses its form by
 * `params.count`. Unknown placeholders stay visible so a missing param is seen, not hidden.
 */
export function formatMessage(message: Message, locale: string, params: MessageParams = {}): string {
  const template = typeof message === 'string' ? message : message[pluralCategory(locale, countOf(params))];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
