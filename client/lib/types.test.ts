import { isOpen, ticketState } from './types';

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
