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
 * Fills `{name}` placeholders from params; a plural message chooses its form by
 * `params.count`. Unknown placeholders stay visible so a missing param is seen, not hidden.
 */
export function formatMessage(message: Message, locale: string, params: MessageParams = {}): string {
  const template =
    typeof message === 'string'
      ? message
      : message[pluralCategory(locale, typeof params['count'] === 'number' ? params['count'] : Number.NaN)];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
