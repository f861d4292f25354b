import { eventSchemas } from '../events/contracts';
import { isValidPrice, MAX_PRICE_DOLLARS, toCents, toDollars } from './money';

describe('isValidPrice', () => {
  it.each([0.01, 0.1, 1, 19.99, 0.29, 1.15, 4.35, 999_999.99, MAX_PRICE_DOLLARS])(
    'when the price is %p, then it is accepted',
    (price) => {
      expect(isValidPrice(price)).toBe(true);
    },
  );

  it.each([
    ['zero', 0],
    ['negative', -1],
    ['a negative cent', -0.01],
    ['a tenth of a cent', 0.001],
    ['so small it rounds to zero cents', 1e-9],
    ['just under half a cent above zero', 4e-7],
    ['three decimals', 1.005],
    ['above the maximum by a cent', MAX_PRICE_DOLLARS + 0.01],
    ['far above the maximum', 1e9],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['a numeric string', '19.99'],
    ['an empty string', ''],
    ['null', null],
    ['undefined', undefined],
    ['a boolean', true],
    ['an array holding a number', [10]],
  ])('when the price is %s, then it is rejected', (_case, price) => {
    expect(isValidPrice(price)).toBe(false);
  });
});

describe('isValidPrice and the event contract', () => {
  it('when any accepted price is converted, then it is a whole number of cents the events accept', () => {
    // A fixed pseudo-random sequence (no flakiness) over tiny, ordinary and huge magnitudes.
    let seed = 42;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const candidates = Array.from({ length: 20_000 }, (_, n) => {
      const magnitude = 10 ** (Math.floor(next() * 16) - 9);
      const value = next() * magnitude;
      return n % 2 === 0 ? value : Math.round(value * 100) / 100;
    });
    let accepted = 0;
    for (const price of [...candidates, 1e-9, 0.004, 0.005, 0.0051, 0.01]) {
      if (!isValidPrice(price)) continue;
      accepted += 1;
      const cents = toCents(price);
      if (!eventSchemas['ticket:created'].shape.price.safeParse(cents).success) {
        throw new Error(`${price} was accepted but is ${cents} cents`);
      }
      expect(Math.abs(toDollars(cents) - price)).toBeLessThan(1e-6);
    }
    expect(accepted).toBeGreaterThan(1_000);
  });
});

describe('toCents and toDollars', () => {
  it('when 19.99 dollars are converted, then it is exactly 1999 cents and back', () => {
    expect(toCents(19.99)).toBe(1999);
    expect(toDollars(1999)).toBe(19.99);
  });

  it('when every amount from 1 cent to 2,000 dollars makes the round trip, then none changes', () => {
    for (let cents = 1; cents <= 200_000; cents += 1) {
      const dollars = toDollars(cents);
      // The decimal a client would type is the same number as the one converted back.
      if (dollars !== Number((cents / 100).toFixed(2))) throw new Error(`${cents} cents became ${dollars}`);
      if (toCents(dollars) !== cents) throw new Error(`${dollars} dollars became ${toCents(dollars)} cents`);
      if (!isValidPrice(dollars)) throw new Error(`${dollars} was rejected`);
    }
  });

  it('when large amounts up to the maximum make the round trip, then none changes', () => {
    for (let cents = 99_999_999; cents > 0; cents -= 7_919) {
      const dollars = Number((cents / 100).toFixed(2));
      expect(toCents(dollars)).toBe(cents);
      expect(toDollars(toCents(dollars))).toBe(dollars);
      expect(isValidPrice(dollars)).toBe(true);
    }
    expect(toCents(MAX_PRICE_DOLLARS)).toBe(100_000_000);
  });

  it('when a typed decimal has binary noise, then toCents still gives the intended cents', () => {
    expect(toCents(0.1 + 0.2)).toBe(30);
    expect(toCents(1.15)).toBe(115);
    expect(toCents(4.35)).toBe(435);
  });
});
