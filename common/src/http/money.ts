/** Prices travel as decimal dollars in the API and as integer cents everywhere else. */
export const MAX_PRICE_DOLLARS = 1_000_000;

/** True for a number with at most two decimals in (0, 1,000,000]. */
export function isValidPrice(value: unknown): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (value <= 0 || value > MAX_PRICE_DOLLARS) return false;
  // A tolerance absorbs binary noise (19.99 * 100 is 1998.9999999999998); a tiny positive value within it of
  // zero cents is still no price.
  const cents = Math.round(value * 100);
  return cents >= 1 && Math.abs(value * 100 - cents) < 1e-6;
}

export function toCents(dollars: number): number {
  return Math.round(dollars * 100);
}

export function toDollars(cents: number): number {
  return cents / 100;
}
