/**
 * The part of a ticket that order events change. `holdSequence` is the highest hold sequence seen: orders takes
 * one per hold of the ticket, in the same write as the lock, and a ticket is locked by one order at a time, so a
 * hold with a lower sequence ended (was cancelled) before a higher one began. Arrival order means nothing.
 */
export interface ReservationState {
  orderId: string | null;
  sold: boolean;
  holdSequence: number;
}

/** One order's hold of the ticket, as its order events name it. */
export interface Hold {
  orderId: string;
  sequence: number;
}

/**
 * changed: what ticket events carry changed (new version, ticket:updated). recorded: only the hold sequence moved
 * (a cancel that came before its create), saved without an event. unchanged: nothing to write.
 */
export type Effect = 'changed' | 'recorded' | 'unchanged';

export interface Decision {
  effect: Effect;
  next: ReservationState;
  /** Set when the event contradicts what the orders service guarantees; worth a warning in the logs. */
  anomaly?: string;
}

const unchanged = (state: ReservationState, anomaly?: string): Decision => ({
  effect: 'unchanged',
  next: state,
  ...(anomaly ? { anomaly } : {}),
});

/**
 * order:created: a hold newer than any seen takes the ticket (whoever held it before was released at orders and
 * its cancel is still on its way). An older or equal one is over already: superseded, or cancelled first.
 */
export function onOrderCreated(state: ReservationState, hold: Hold): Decision {
  if (state.sold || hold.sequence <= state.holdSequence) return unchanged(state);
  return { effect: 'changed', next: { orderId: hold.orderId, sold: false, holdSequence: hold.sequence } };
}

/**
 * order:cancelled: frees the ticket when the cancelled hold is the newest seen and still holds it. A cancel newer
 * than anything seen (its create is late) ends that hold before it starts, and with it any older holder.
 */
export function onOrderCancelled(state: ReservationState, hold: Hold): Decision {
  if (state.sold || hold.sequence < state.holdSequence) return unchanged(state);
  if (hold.sequence === state.holdSequence) {
    if (state.orderId !== hold.orderId) return unchanged(state);
    return { effect: 'changed', next: { ...state, orderId: null } };
  }
  const next = { orderId: null, sold: false, holdSequence: hold.sequence };
  return { effect: state.orderId === null ? 'recorded' : 'changed', next };
}

/**
 * order:completed: the order paid, so it held the ticket at orders even if its order:created is still late. A
 * completion of a hold that is over (older than the newest, or cancelled) contradicts the orders service
 * (cancelled is final, a completed order keeps its lock) and is ignored rather than selling what another holds.
 */
export function onOrderCompleted(state: ReservationState, hold: Hold): Decision {
  if (state.sold) {
    return state.orderId === hold.orderId
      ? unchanged(state)
      : unchanged(state, 'completion of another order for a sold ticket; ignored');
  }
  const over =
    hold.sequence < state.holdSequence ||
    (hold.sequence === state.holdSequence && state.orderId !== hold.orderId);
  if (over) return unchanged(state, 'order completed after its hold ended; ignored');
  return { effect: 'changed', next: { orderId: hold.orderId, sold: true, holdSequence: hold.sequence } };
}
