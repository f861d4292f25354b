import { OrderSeen, type OrderRecord } from './ticket';

/** The part of a ticket that order events change. */
export interface ReservationState {
  orderId: string | null;
  sold: boolean;
  orders: OrderRecord[];
}

/**
 * changed: what ticket events carry changed (new version, ticket:updated). recorded: only the history changed
 * (a tombstone), saved without an event. unchanged: nothing to write.
 */
export type Effect = 'changed' | 'recorded' | 'unchanged';

export interface Decision {
  effect: Effect;
  next: ReservationState;
  /** Set when the event contradicts what the orders service guarantees; worth a warning in the logs. */
  anomaly?: string;
}

/** Enough to absorb any realistic reordering; the current holder is never dropped. */
export const ORDER_HISTORY_LIMIT = 50;

const unchanged = (state: ReservationState): Decision => ({ effect: 'unchanged', next: state });

function trim(orders: OrderRecord[], keep: string | null): OrderRecord[] {
  let excess = orders.length - ORDER_HISTORY_LIMIT;
  return orders.filter((record) => {
    if (excess <= 0 || record.orderId === keep) return true;
    excess -= 1;
    return false;
  });
}

/** The history with `orderId` moved to the end in `state`, and any other holder marked released. */
function withOrder(orders: OrderRecord[], orderId: string, state: OrderSeen): OrderRecord[] {
  const others = orders
    .filter((record) => record.orderId !== orderId)
    .map((record) =>
      record.state === OrderSeen.Held ? { orderId: record.orderId, state: OrderSeen.Released } : record,
    );
  return trim([...others, { orderId, state }], orderId);
}

const seen = (state: ReservationState, orderId: string) =>
  state.orders.find((record) => record.orderId === orderId);

/**
 * order:created. The orders service keeps at most one live order per ticket, so a new order while another
 * holds the ticket means that other one was already released and its cancel is still on its way.
 */
export function onOrderCreated(state: ReservationState, orderId: string): Decision {
  if (seen(state, orderId) || state.sold) return unchanged(state);
  return {
    effect: 'changed',
    next: { orderId, sold: false, orders: withOrder(state.orders, orderId, OrderSeen.Held) },
  };
}

/** order:cancelled: frees the ticket only if this order holds it; an early cancel leaves a tombstone. */
export function onOrderCancelled(state: ReservationState, orderId: string): Decision {
  const record = seen(state, orderId);
  if (record?.state === OrderSeen.Held) {
    return {
      effect: 'changed',
      next: { orderId: null, sold: false, orders: withOrder(state.orders, orderId, OrderSeen.Released) },
    };
  }
  if (record || state.sold) return unchanged(state);
  return {
    effect: 'recorded',
    next: {
      ...state,
      orders: trim([...state.orders, { orderId, state: OrderSeen.Released }], state.orderId),
    },
  };
}

/**
 * order:completed: the order paid, so it held the ticket at orders even if its order:created is still late.
 * A completion for an order already released contradicts the orders service (cancelled is final) and is
 * ignored rather than selling a ticket that another order may hold.
 */
export function onOrderCompleted(state: ReservationState, orderId: string): Decision {
  if (state.sold) return unchanged(state);
  if (seen(state, orderId)?.state === OrderSeen.Released) {
    return { ...unchanged(state), anomaly: 'order completed after it was released; ignored' };
  }
  return {
    effect: 'changed',
    next: { orderId, sold: true, orders: withOrder(state.orders, orderId, OrderSeen.Sold) },
  };
}
