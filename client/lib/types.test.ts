import { isOpen, latestSaleFirst, ticketState } from './types';

describe('ticketState', () => {
  it('when a ticket has no order, then it is for sale; with one it is reserved; once sold it is sold', () => {
    expect(ticketState({ orderId: null, sold: false })).toBe('for_sale');
    expect(ticketState({ orderId: 'o1', sold: false })).toBe('reserved');
    expect(ticketState({ orderId: 'o1', sold: true })).toBe('sold');
  });
});

describe('isOpen', () => {
  it('when an order is created or awaiting payment, then it can still be paid or cancelled', () => {
    expect(isOpen('created')).toBe(true);
    expect(isOpen('awaiting_payment')).toBe(true);
    expect(isOpen('completed')).toBe(false);
    expect(isOpen('cancelled')).toBe(false);
  });
});

describe('latestSaleFirst', () => {
  it('when sold tickets are sorted, then the latest sale comes first and unknown sale times last', () => {
    const sold = [
      { soldAt: null },
      { soldAt: '2030-01-01T00:00:00.000Z' },
      { soldAt: '2030-03-01T00:00:00.000Z' },
      { soldAt: null },
    ];
    expect([...sold].sort(latestSaleFirst).map((t) => t.soldAt)).toEqual([
      '2030-03-01T00:00:00.000Z',
      '2030-01-01T00:00:00.000Z',
      null,
      null,
    ]);
  });
});
