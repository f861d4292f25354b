import type { OrderJson, TicketJson } from '../support/api';
import { lifecycleViolations, type Observed } from './invariants';

const TICKET = 'a'.repeat(24);
const at = '2026-01-01T00:00:00.000Z';

function order(id: string, status: OrderJson['status'], price = 10): OrderJson {
  return {
    id,
    status,
    userId: 'b'.repeat(24),
    expiresAt: at,
    createdAt: at,
    ticket: { id: TICKET, title: 'Gig', price },
    version: 2,
  };
}

function ticket(fields: Partial<TicketJson>): TicketJson {
  return {
    id: TICKET,
    title: 'Gig',
    price: 10,
    userId: 'c'.repeat(24),
    orderId: null,
    sold: false,
    soldAt: null,
    version: 3,
    createdAt: at,
    ...fields,
  };
}

function observed(orders: OrderJson[], t: TicketJson, charges: Observed['charges'] = []): Observed {
  return { orders, tickets: new Map([[TICKET, t]]), charges, placed: orders.map(({ id }) => ({ id })) };
}

// The checks the chaos runs end with, on states made by hand: each must see its own violation and nothing else.
describe('lifecycle invariants', () => {
  it('when one order completed with a charge of the price and the ticket is sold to it, then nothing is reported', () => {
    const state = observed(
      [order('1', 'completed'), order('2', 'cancelled')],
      ticket({ sold: true, orderId: '1' }),
      [
        { orderId: '1', status: 'completed', amount: 1000 },
        { orderId: '2', status: 'refunded', amount: 1000 },
      ],
    );
    expect(lifecycleViolations(state)).toEqual([]);
  });

  it('when a cancelled order still holds the ticket, then the lost release is reported', () => {
    expect(lifecycleViolations(observed([order('1', 'cancelled')], ticket({ orderId: '1' })))).toEqual([
      `ticket ${TICKET} is reserved by order 1, which is cancelled`,
    ]);
  });

  it('when an order completed and the ticket is back on sale, then the paid ticket is reported', () => {
    const state = observed([order('1', 'completed')], ticket({}), [
      { orderId: '1', status: 'completed', amount: 1000 },
    ]);
    expect(lifecycleViolations(state)).toEqual([
      `ticket ${TICKET}: order 1 completed, and the ticket shows sold=false orderId=null`,
    ]);
  });

  it('when the charge of a completed order is not the price tickets reserved at, then the price is reported', () => {
    const state = observed([order('1', 'completed')], ticket({ sold: true, orderId: '1', price: 100 }), [
      { orderId: '1', status: 'completed', amount: 1000 },
    ]);
    expect(lifecycleViolations(state)).toEqual([
      'order 1 completed with a charge of 1000 cents; tickets reserved it at 10000',
    ]);
  });

  it('when a cancelled order was charged and not refunded, then the money kept is reported', () => {
    const state = observed([order('1', 'cancelled')], ticket({}), [
      { orderId: '1', status: 'refund_due', amount: 1000 },
    ]);
    expect(lifecycleViolations(state)).toEqual([
      'order 1 ended cancelled and its successful charge is refund_due, not refunded',
    ]);
  });

  it('when an order never ends or a buyer told "completed" sees a cancellation, then both are reported', () => {
    const state: Observed = {
      ...observed([order('1', 'awaiting_payment'), order('2', 'cancelled')], ticket({ orderId: '1' })),
      placed: [{ id: '1' }, { id: '2', paymentStatus: 201 }, { id: '3' }],
    };
    expect(lifecycleViolations(state)).toEqual([
      'order 2: the buyer was told 201 "completed", and the order ended cancelled',
      "order 3 was acknowledged (201) and is missing from its buyer's orders",
      'order 1 never ended: still awaiting_payment',
    ]);
  });
});
