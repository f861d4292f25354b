import { violations, type Observed } from './invariants';

const ORDER = 'a'.repeat(24);
const TICKET = 'b'.repeat(24);

/** A settled world: one ticket sold to one completed order, paid at the reserved price. */
function settled(): Observed {
  return {
    orders: [{ id: ORDER, status: 'completed', version: 2, ticketId: TICKET }],
    tickets: [{ id: TICKET, orderId: ORDER, sold: true, version: 2, price: 1000, title: 'Show' }],
    ticketCopies: [{ id: TICKET, version: 2, price: 1000, title: 'Show' }],
    orderCopies: [{ id: ORDER, version: 2, status: 'completed' }],
    processorPayments: [
      {
        orderId: ORDER,
        key: `charge-${ORDER}`,
        amount: 1000,
        result: { outcome: 'succeeded', paymentIntentId: 'pi_1' },
        madeAt: 0,
      },
    ],
    processorRefunds: [],
    published: [
      envelope('ticket:updated', { id: TICKET, version: 1, price: 1000, orderId: ORDER }),
      envelope('ticket:updated', { id: TICKET, version: 2, price: 1000, orderId: ORDER, sold: true }),
      envelope('order:completed', { id: ORDER, version: 2 }),
    ],
    deadLetters: [],
    neverHandled: [],
    answers: [{ orderId: ORDER, status: 201, body: {} }],
    cancelledByBuyer: [],
    serverErrors: [],
  };
}

function envelope(subject: string, data: object): Observed['published'][number] {
  return { id: subject, subject, data, correlationId: 'c', occurredAt: '' } as Observed['published'][number];
}

describe('the invariants', () => {
  it('when the world settled as promised, then nothing is reported', () => {
    expect(violations(settled())).toEqual([]);
  });

  it('when a completed order left its ticket for sale, then that is reported', () => {
    const world = settled();
    world.tickets[0] = { ...world.tickets[0]!, orderId: null, sold: false };
    expect(violations(world)).toEqual([
      `a ticket is sold iff exactly one of its orders completed: ${ORDER} completed but ${TICKET} is for sale`,
    ]);
  });

  it('when the order was charged another price than tickets reserved it at, then that is reported', () => {
    const world = settled();
    world.processorPayments[0] = { ...world.processorPayments[0]!, amount: 500 };
    expect(violations(world)).toEqual([
      `an order is charged the price tickets reserved it at: ${ORDER} was charged 500 cents; tickets reserved it at 1000`,
    ]);
  });

  it('when an order paid with a 201 ended cancelled and unrefunded, then both broken promises are reported', () => {
    const world = settled();
    world.orders[0] = { ...world.orders[0]!, status: 'cancelled' };
    world.tickets[0] = { ...world.tickets[0]!, orderId: null, sold: false };
    world.published = [];
    world.orderCopies = [];
    expect(violations(world)).toEqual([
      `every successful charge of an order that did not complete is refunded exactly once: ${ORDER} did not complete; its charge of 1000 cents was refunded 0 times`,
      `a payment answered 201 completes its order: ${ORDER} was paid (201) but ended cancelled`,
    ]);
  });

  it("when a consumer's copy is behind its producer's newest event, then that is reported", () => {
    const world = settled();
    world.orderCopies[0] = { id: ORDER, version: 0, status: 'created' };
    expect(violations(world)).toEqual([
      `payments' copy of an order ends at the newest version: ${ORDER}: newest event v2 completed; copy v0 created`,
    ]);
  });

  it('when a message went to dead letter or a request answered 500, then each is reported', () => {
    const world = settled();
    world.deadLetters.push({
      subject: 'order:cancelled',
      service: 'payments-service',
      reason: 'handler failed',
      deliveryCount: 5,
      payload: '{}',
      failedAt: '',
    });
    world.serverErrors.push('POST /api/orders answered 500');
    expect(violations(world)).toEqual([
      'nothing is dead-lettered unless invalid: order:cancelled at payments-service: handler failed',
      'no request fails with a 5xx: POST /api/orders answered 500',
    ]);
  });
});
