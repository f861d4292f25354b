import { clockText, formatMoment, placedAt } from './time';

describe('formatMoment', () => {
  it('when a moment is shown in UTC, then the text names the zone', () => {
    expect(formatMoment('2030-05-01T15:42:00.000Z', 'UTC')).toBe('May 1, 2030, 3:42 PM UTC');
  });

  it('when a moment is shown in another zone, then the clock moves with it', () => {
    expect(formatMoment('2030-05-01T15:42:00.000Z', 'Asia/Tokyo')).toBe('May 2, 2030, 12:42 AM GMT+9');
  });
});

describe('clockText', () => {
  it.each([
    [0, '0:00'],
    [-5_000, '0:00'],
    [1, '0:01'],
    [65_000, '1:05'],
    [15 * 60_000, '15:00'],
    [3_729_000, '1:02:09'],
  ])('when %p ms are left, then the clock reads %s', (ms, text) => {
    expect(clockText(ms)).toBe(text);
  });
});

describe('placedAt', () => {
  it('when the order has its creation time, then that is when it was placed', () => {
    expect(placedAt({ id: '6a0000000000000000000000', createdAt: '2030-01-01T00:00:00.000Z' })).toBe(
      '2030-01-01T00:00:00.000Z',
    );
  });

  it('when the order has no creation time, then its id gives the second it was made', () => {
    expect(placedAt({ id: '65a1f0c2e4b0a1b2c3d4e5f6' })).toBe('2024-01-13T02:09:06.000Z');
  });

  it('when neither is usable, then the time is unknown', () => {
    expect(placedAt({ id: 'nope' })).toBeNull();
  });
});
