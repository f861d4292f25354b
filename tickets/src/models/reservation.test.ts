import {
  onOrderCancelled,
  onOrderCompleted,
  onOrderCreated,
  type Hold,
  type ReservationState,
} from './reservation';

const free: ReservationState = { orderId: null, sold: false, holdSequence: 0 };
const hold = (orderId: string, sequence: number): Hold => ({ orderId, sequence });

describe('reservation rules', () => {
  it('when an order is created for a free ticket, then it holds the ticket', () => {
    expect(onOrderCreated(free, hold('a', 1))).toEqual({
      effect: 'changed',
      next: { orderId: 'a', sold: false, holdSequence: 1 },
    });
  });

  it('when a cancel arrives before its create, then only the hold sequence is recorded', () => {
    expect(onOrderCancelled(free, hold('a', 1))).toEqual({
      effect: 'recorded',
      next: { orderId: null, sold: false, holdSequence: 1 },
    });
  });

  it('when a newer hold is created while an older one holds, then the newer one holds', () => {
    const { next } = onOrderCreated(onOrderCreated(free, hold('a', 1)).next, hold('b', 2));
    expect(next).toEqual({ orderId: 'b', sold: false, holdSequence: 2 });
  });

  it('when an older hold is created after a newer one, then nothing changes', () => {
    const held = onOrderCreated(free, hold('b', 2)).next;
    expect(onOrderCreated(held, hold('a', 1))).toEqual({ effect: 'unchanged', next: held });
  });

  it('when the holder is cancelled, then the ticket is free and the sequence stays', () => {
    const held = onOrderCreated(free, hold('a', 3)).next;
    expect(onOrderCancelled(held, hold('a', 3))).toEqual({
      effect: 'changed',
      next: { orderId: null, sold: false, holdSequence: 3 },
    });
  });

  it('when an older hold is cancelled, then the newer holder keeps the ticket', () => {
    const held = onOrderCreated(free, hold('b', 2)).next;
    expect(onOrderCancelled(held, hold('a', 1)).effect).toBe('unchanged');
  });

  it('when a completion names a hold that was cancelled, then nothing changes and the anomaly is reported', () => {
    const released = onOrderCancelled(onOrderCreated(free, hold('a', 1)).next, hold('a', 1)).next;
    const decision = onOrderCompleted(released, hold('a', 1));
    expect(decision.effect).toBe('unchanged');
    expect(decision.anomaly).toEqual(expect.any(String));
  });

  it('when a completion names an older hold than the newest, then nothing changes and the anomaly is reported', () => {
    const held = onOrderCreated(free, hold('b', 2)).next;
    const decision = onOrderCompleted(held, hold('a', 1));
    expect(decision).toMatchObject({ effect: 'unchanged', next: held, anomaly: expect.any(String) });
  });

  it('when the holder completes, then the ticket is sold to it and nothing later changes that', () => {
    const sold = onOrderCompleted(onOrderCreated(free, hold('a', 1)).next, hold('a', 1)).next;
    expect(sold).toEqual({ orderId: 'a', sold: true, holdSequence: 1 });
    expect(onOrderCreated(sold, hold('b', 2)).effect).toBe('unchanged');
    expect(onOrderCancelled(sold, hold('b', 2)).effect).toBe('unchanged');
    expect(onOrderCancelled(sold, hold('a', 1)).effect).toBe('unchanged');
    expect(onOrderCompleted(sold, hold('a', 1))).toEqual({ effect: 'unchanged', next: sold });
  });
});
