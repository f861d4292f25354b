import { formatPrice } from './money';

describe('formatPrice', () => {
  it('when a price is shown, then it is in dollars with exactly two decimals', () => {
    expect(formatPrice(19.9)).toBe('$19.90');
    expect(formatPrice(20)).toBe('$20.00');
    expect(formatPrice(1000000)).toBe('$1,000,000.00');
    expect(formatPrice(0.01)).toBe('$0.01');
  });
});
