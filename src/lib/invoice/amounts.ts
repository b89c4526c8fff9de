// Invoice amounts in integer øre: VAT (moms) per line and in total, rounded so
// that everything adds up.
//
// The rounding rule (the same in Postgres: private.invoice_line_nets in
// supabase/migrations/20261203140100_invoices.sql; tests/db/invoices.test.ts
// compares the two):
//
// 1. Prices are gross, VAT included (what the buyer was shown and owes).
// 2. Per VAT rate r, over all lines of that rate on the document:
//      net  = gross × 100 / (100 + r), rounded half up to the øre
//      VAT  = gross − net
//    So the VAT of a rate is within half an øre of net × r / 100 (EN 16931
//    BR-CO-17 allows more), and the document's total is exactly the sum of the
//    prices.
// 3. That net is split over the rate's lines by the largest remainder: each
//    line gets the floor of its exact share (gross × 100 / (100 + r)), and the
//    øre left over go one each to the lines with the largest remainders
//    (earlier lines first on a tie). Line nets therefore add up to the rate's
//    net exactly (BR-CO-10, BR-S-08), and a line's VAT is its gross − its net.
// A credit note applies the same rule to the lines it credits.

/** VAT rates a ticket may carry (ticket_types.vat_percent). */
export const VAT_RATES = [0, 25] as const;
export type VatRate = (typeof VAT_RATES)[number];

export interface GrossLine {
  grossOre: number;
  vatPercent: number;
}

export interface SplitLine extends GrossLine {
  netOre: number;
  vatOre: number;
}

export interface VatSubtotal {
  vatPercent: number;
  /** The sum of the net amounts of this rate's lines (BT-116). */
  taxableOre: number;
  /** BT-117. */
  vatOre: number;
  grossOre: number;
}

export interface Totals {
  lines: SplitLine[];
  /** One entry per rate, in ascending rate order. */
  breakdown: VatSubtotal[];
  netOre: number;
  vatOre: number;
  grossOre: number;
}

function assertLine(line: GrossLine): void {
  if (!Number.isSafeInteger(line.grossOre) || line.grossOre < 0) {
    throw new RangeError(`a line's gross amount is a non-negative integer of øre, got ${line.grossOre}`);
  }
  if (!(VAT_RATES as readonly number[]).includes(line.vatPercent)) {
    throw new RangeError(`VAT rate ${line.vatPercent} % is not one of ${VAT_RATES.join(', ')}`);
  }
}

/** Net øre of a gross amount at a rate: gross × 100 / (100 + rate), half up. */
export function netOfGross(grossOre: number, vatPercent: number): number {
  assertLine({ grossOre, vatPercent });
  const denominator = 100 + vatPercent;
  return Math.floor((2 * grossOre * 100 + denominator) / (2 * denominator));
}

/** Splits gross lines into net and VAT by the rule above, with the VAT breakdown and the totals. */
export function splitGross(lines: readonly GrossLine[]): Totals {
  lines.forEach(assertLine);
  const nets = new Array<number>(lines.length).fill(0);
  const rates = [...new Set(lines.map((line) => line.vatPercent))].sort((a, b) => a - b);
  for (const rate of rates) {
    const denominator = 100 + rate;
    const members = lines.flatMap((line, index) => (line.vatPercent === rate ? [{ index, line }] : []));
    const gross = members.reduce((sum, { line }) => sum + line.grossOre, 0);
    let left = netOfGross(gross, rate);
    const shares = members.map(({ index, line }) => {
      const numerator = line.grossOre * 100;
      const floor = Math.floor(numerator / denominator);
      left -= floor;
      nets[index] = floor;
      return { index, remainder: numerator % denominator };
    });
    shares.sort((a, b) => b.remainder - a.remainder || a.index - b.index);
    for (const share of shares.slice(0, left)) nets[share.index]! += 1;
  }
  return totalsOf(
    lines.map((line, index) => ({ ...line, netOre: nets[index]!, vatOre: line.grossOre - nets[index]! })),
  );
}

/** The breakdown and totals of lines already split (as stored on an issued invoice). */
export function totalsOf(lines: readonly SplitLine[]): Totals {
  const byRate = new Map<number, VatSubtotal>();
  for (const line of lines) {
    const subtotal = byRate.get(line.vatPercent) ?? {
      vatPercent: line.vatPercent,
      taxableOre: 0,
      vatOre: 0,
      grossOre: 0,
    };
    subtotal.taxableOre += line.netOre;
    subtotal.vatOre += line.vatOre;
    subtotal.grossOre += line.grossOre;
    byRate.set(line.vatPercent, subtotal);
  }
  const breakdown = [...byRate.values()].sort((a, b) => a.vatPercent - b.vatPercent);
  const sum = (pick: (s: VatSubtotal) => number) => breakdown.reduce((total, s) => total + pick(s), 0);
  return {
    lines: [...lines],
    breakdown,
    netOre: sum((s) => s.taxableOre),
    vatOre: sum((s) => s.vatOre),
    grossOre: sum((s) => s.grossOre),
  };
}

/** Øre as the decimal a UBL amount carries: 123456 → "1234.56", 5 → "0.05". */
export function decimalAmount(ore: number): string {
  if (!Number.isSafeInteger(ore)) throw new RangeError(`amounts are integer øre, got ${ore}`);
  const sign = ore < 0 ? '-' : '';
  const abs = Math.abs(ore);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A UBL decimal amount back to øre ("1234.56" → 123456); null when it is not a decimal with at most 2 places. */
export function oreOfDecimal(text: string): number | null {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const ore = Number(match[2]) * 100 + Number((match[3] ?? '0').padEnd(2, '0'));
  return match[1] === '-' ? -ore : ore;
}
