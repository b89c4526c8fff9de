// Danish business identifiers on an invoice, the pure part: an EAN (a GS1
// Global Location Number, 13 digits) that addresses a public buyer in
// NemHandel/Peppol (scheme 0088), and a CVR number (8 digits) that names a
// Danish company or authority (scheme 0184). Both carry a check digit, so a
// typo is caught at the field instead of at the buyer's access point weeks later.

/** Why an identifier was refused: not the right number of digits, or the check digit does not match. */
export type IdentifierProblem = 'format' | 'check_digit';

export type ParsedIdentifier = { ok: true; value: string } | { ok: false; problem: IdentifierProblem };

/**
 * What people paste: "5798 0004 16604", "57-98000416604", "DK 24256790".
 * Spaces, hyphens and dots are separators; a CVR may carry the "DK" VAT prefix.
 */
function digitsOf(input: string, allowDkPrefix: boolean): string {
  const compact = input.normalize('NFKC').replace(/[\s.-]/g, '');
  return allowDkPrefix ? compact.replace(/^DK/i, '') : compact;
}

/**
 * The GS1 check digit of the digits before it (any GS1 key: GLN/EAN-13, GTIN-8/12/14):
 * weights 3 and 1 alternate from the rightmost digit, the check digit tops the sum up to a multiple of 10.
 */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/** An EAN (GLN) number: exactly 13 digits whose last is the GS1 check digit of the first 12. */
export function parseEan(input: string): ParsedIdentifier {
  const value = digitsOf(input, false);
  if (!/^\d{13}$/.test(value)) return { ok: false, problem: 'format' };
  if (gs1CheckDigit(value.slice(0, 12)) !== Number(value[12])) return { ok: false, problem: 'check_digit' };
  return { ok: true, value };
}

export function isValidEan(input: string): boolean {
  return parseEan(input).ok;
}

/** The weights of the CVR modulus-11 check, first digit to last. */
const CVR_WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 1] as const;

/**
 * A CVR number: exactly 8 digits, not starting with 0, whose weighted sum
 * (2, 7, 6, 5, 4, 3, 2, 1) is divisible by 11.
 */
export function parseCvr(input: string): ParsedIdentifier {
  const value = digitsOf(input, true);
  if (!/^[1-9]\d{7}$/.test(value)) return { ok: false, problem: 'format' };
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += (value.charCodeAt(i) - 48) * CVR_WEIGHTS[i]!;
  if (sum % 11 !== 0) return { ok: false, problem: 'check_digit' };
  return { ok: true, value };
}

export function isValidCvr(input: string): boolean {
  return parseCvr(input).ok;
}
