import { OrderSeen } from './ticket';
import {
  ORDER_HISTORY_LIMIT,
  onOrderCancelled,
  onOrderCompleted,
  onOrderCreated,
  type ReservationState,
} from './reservation';

const free: ReservationState = { orderId: null, sold: false, orders: [] };

describe('reservation rules', () => {
  it('when an order is created for a free ticket, then it holds the ticket', () => {
    expect(onOrderCreated(free, 'a')).toEqual({
      effect: 'changed',
      next: { orderId: 'a', sold: false, orders: [{ orderId: 'a', state: OrderSeen.Held }] },
    });
  });

  it('when an early cancel is recorded, then it is a tombstone without a visible change', () => {
    expect(onOrderCancelled(free, 'a')).toEqual({
      effect: 'recorded',
      next: { orderId: null, sold: false, orders: [{ orderId: 'a', state: OrderSeen.Released }] },
    });
  });

  it('when B is created while A holds, then A is marked released and B holds', () => {
    const { next } = onOrderCreated(onOrderCreated(free, 'a').next, 'b');
    expect(next).toEqual({
      orderId: 'b',
      sold: false,
      orders: [
        { orderId: 'a', state: OrderSeen.Released },
        { orderId: 'b', state: OrderSeen.Held },
      ],
    });
  });

  it('when a completion names a released order, then nothing changes and the anomaly is reported', () => {
    const released = onOrderCancelled(onOrderCreated(free, 'a').next, 'a').next;
    const decision = onOrderCompleted(released, 'a');
    expect(decision.effect).toBe('unchanged');
    expect(decision.anomaly).toEqual(expect.any(String));
  });

  it('when more orders than the limit were seen, then the oldest are forgotten but never the holder', () => {
    let state = onOrderCreated(free, 'holder').next;
    for (let n = 0; n < ORDER_HISTORY_LIMIT + 10; n += 1) state = onOrderCancelled(state, `early-${n}`).next;
    expect(state.orders).toHaveLength(ORDER_HISTORY_LIMIT);
    expect(state.orders[0]).toEqual({ orderId: 'holder', state: OrderSeen.Held });
    expect(state.orders.at(-1)).toEqual({
      orderId: `early-${ORDER_HISTORY_LIMIT + 9}`,
      state: OrderSeen.Released,
    });
    expect(state.orderId).toBe('holder');
  });
});
