const dollars = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** `19.9` -> `$19.90`. */
export function formatPrice(price: number): string {
  return dollars.format(price);
}
