import type { DeadLetter, Envelope } from '@ticketing/common';
import type { ProcessorPayment, ProcessorRefund } from './processor';

/** Everything the invariants look at once a schedule has settled: each service's data and the processor's books. */
export interface Observed {
  /** The orders service's orders. */
  orders: { id: string; status: string; version: number; ticketId: string }[];
  /** The tickets service's tickets. */
  tickets: {
    id: string;
    orderId: string | null;
    sold: boolean;
    version: number;
    price: number;
    title: string;
  }[];
  /** The orders service's copies of tickets. */
  ticketCopies: { id: string; version: number; price: number; title: string }[];
  /** The payments service's copies of orders. */
  orderCopies: { id: string; version: number; status: string }[];
  processorPayments: ProcessorPayment[];
  processorRefunds: ProcessorRefund[];
  published: Envelope[];
  deadLetters: DeadLetter[];
  /** Messages a consumer still failed to handle after many deliveries. */
  neverHandled: string[];
  /** What each buyer's payment request was answered. */
  answers: { orderId: string; status: number; body: unknown }[];
  /** Orders their buyer cancelled (204). */
  cancelledByBuyer: string[];
  /** Requests answered with a 5xx (other than a 503 with Retry-After). */
  serverErrors: string[];
}

type Data = Record<string, unknown>;
const dataOf = (envelope: Envelope) => envelope.data as Data;

/** The newest event of each aggregate among those published on some subjects, by aggregate id. */
function newest(published: Envelope[], prefix: string): Map<string, { subject: string; data: Data }> {
  const latest = new Map<string, { subject: string; data: Data }>();
  for (const envelope of published.filter((e) => e.subject.startsWith(prefix))) {
    const data = dataOf(envelope);
    const id = String(data.id);
    const seen = latest.get(id);
    if (!seen || Number(data.version) > Number(seen.data.version))
      latest.set(id, { subject: envelope.subject, data });
  }
  return latest;
}

const STATUS_OF_SUBJECT: Record<string, string> = {
  'order:cancelled': 'cancelled',
  'order:completed': 'completed',
};

/**
 * The promises of DESIGN §3-5, checked once every window, sweep and reconcile has passed and every message is
 * delivered. Each violation names its invariant and the ids involved; `name` turns ids into the trace's names.
 */
export function violations(o: Observed, name: (id: string) => string = (id) => id): string[] {
  const found: string[] = [];
  const fail = (invariant: string, detail: string) => found.push(`${invariant}: ${detail}`);
  const published = (subject: string, id: string) =>
    o.published.filter((e) => e.subject === subject && dataOf(e).id === id);

  // Every order ends completed or cancelled; a completed order is never cancelled.
  for (const order of o.orders) {
    if (order.status !== 'completed' && order.status !== 'cancelled') {
      fail('every order ends completed or cancelled', `${name(order.id)} is ${order.status}`);
    }
    if (
      published('order:completed', order.id).length > 0 &&
      published('order:cancelled', order.id).length > 0
    ) {
      fail(
        'a completed order is never cancelled',
        `${name(order.id)} published both order:completed and order:cancelled`,
      );
    }
  }

  // A ticket is sold iff exactly one of its orders completed (to that order); reserved only by an open order.
  const open = new Set(
    o.orders.filter((x) => x.status !== 'completed' && x.status !== 'cancelled').map((x) => x.id),
  );
  for (const ticket of o.tickets) {
    const completed = o.orders.filter((x) => x.ticketId === ticket.id && x.status === 'completed');
    if (completed.length > 1) {
      fail('a ticket is sold once', `${name(ticket.id)} has ${completed.length} completed orders`);
    } else if (completed.length === 1) {
      if (!ticket.sold || ticket.orderId !== completed[0]!.id) {
        fail(
          'a ticket is sold iff exactly one of its orders completed',
          `${name(completed[0]!.id)} completed but ${name(ticket.id)} is ${ticket.sold ? `sold to ${name(String(ticket.orderId))}` : ticket.orderId ? `reserved by ${name(ticket.orderId)}` : 'for sale'}`,
        );
      }
    } else if (ticket.sold) {
      fail(
        'a ticket is sold iff exactly one of its orders completed',
        `${name(ticket.id)} is sold but none of its orders completed`,
      );
    } else if (ticket.orderId && !open.has(ticket.orderId)) {
      fail(
        'a ticket is reserved only by an open order',
        `${name(ticket.id)} is reserved by ${name(ticket.orderId)}, which ended`,
      );
    }
  }

  // No order completes without a successful charge of exactly the price tickets reserved it at.
  const succeeded = o.processorPayments.filter((p) => p.result.outcome === 'succeeded');
  for (const order of o.orders.filter((x) => x.status === 'completed')) {
    const charges = succeeded.filter((p) => p.orderId === order.id);
    const reservation = o.published.find(
      (e) =>
        e.subject === 'ticket:updated' && dataOf(e).id === order.ticketId && dataOf(e).orderId === order.id,
    );
    const reservedAt = reservation ? Number(dataOf(reservation).price) : undefined;
    if (charges.length === 0) {
      fail('no order completes without a successful charge', `${name(order.id)} completed unpaid`);
    } else if (reservedAt !== undefined && charges.some((c) => c.amount !== reservedAt)) {
      fail(
        'an order is charged the price tickets reserved it at',
        `${name(order.id)} was charged ${charges.map((c) => c.amount).join(', ')} cents; tickets reserved it at ${reservedAt}`,
      );
    }
  }

  // Nothing is charged twice; every successful charge of an order that did not complete is refunded once.
  const completedIds = new Set(o.orders.filter((x) => x.status === 'completed').map((x) => x.id));
  for (const orderId of new Set(succeeded.map((p) => p.orderId))) {
    const charges = succeeded.filter((p) => p.orderId === orderId);
    if (charges.length > 1)
      fail('nothing is charged twice', `${name(orderId)} has ${charges.length} successful charges`);
    for (const charge of charges) {
      const id = charge.result.outcome === 'succeeded' ? charge.result.paymentIntentId : '';
      const refunds = o.processorRefunds.filter((r) => r.paymentIntentId === id).length;
      if (completedIds.has(orderId) && refunds > 0) {
        fail('a completed order is not refunded', `${name(orderId)} completed and its charge was refunded`);
      } else if (!completedIds.has(orderId) && refunds !== 1) {
        fail(
          'every successful charge of an order that did not complete is refunded exactly once',
          `${name(orderId)} did not complete; its charge of ${charge.amount} cents was refunded ${refunds} times`,
        );
      }
    }
  }

  // A buyer told "completed" (201) ends up with the ticket: never a success that later turns into a cancellation
  // (unless the buyer cancelled the order themselves, before orders heard of the payment: then the money goes back).
  const cancelledByBuyer = new Set(o.cancelledByBuyer);
  for (const answer of o.answers.filter((a) => a.status === 201 && !cancelledByBuyer.has(a.orderId))) {
    if (!completedIds.has(answer.orderId)) {
      fail(
        'a payment answered 201 completes its order',
        `${name(answer.orderId)} was paid (201) but ended cancelled`,
      );
    }
  }

  // Every consumer's copy ends at its producer's newest version.
  for (const [id, event] of newest(o.published, 'ticket:')) {
    const copy = o.ticketCopies.find((c) => c.id === id);
    if (!copy || copy.version !== event.data.version || copy.price !== event.data.price) {
      fail(
        "orders' copy of a ticket ends at the newest version",
        `${name(id)}: newest event v${String(event.data.version)} at ${String(event.data.price)}; copy ${copy ? `v${copy.version} at ${copy.price}` : 'missing'}`,
      );
    }
  }
  for (const [id, event] of newest(o.published, 'order:')) {
    const copy = o.orderCopies.find((c) => c.id === id);
    const status = STATUS_OF_SUBJECT[event.subject] ?? String(event.data.status);
    if (!copy || copy.version !== event.data.version || copy.status !== status) {
      fail(
        "payments' copy of an order ends at the newest version",
        `${name(id)}: newest event v${String(event.data.version)} ${status}; copy ${copy ? `v${copy.version} ${copy.status}` : 'missing'}`,
      );
    }
  }

  // Nothing valid is dead-lettered (every message the services publish is valid), and no request fails with a 5xx.
  for (const letter of o.deadLetters) {
    fail(
      'nothing is dead-lettered unless invalid',
      `${letter.subject} at ${letter.service}: ${letter.reason}`,
    );
  }
  for (const message of o.neverHandled) fail('every message is handled in the end', message);
  for (const error of o.serverErrors) fail('no request fails with a 5xx', error);
  return found;
}
