import type { OrderJson, TicketJson } from '../support/api';

/** A charge as payments keeps it (no API exposes refunds or amounts, so it is read from its database). */
export interface ObservedCharge {
  orderId: string;
  status: string;
  /** Cents. */
  amount: number;
}

/** What the platform says once the load has stopped: each buyer's order history, each ticket, each charge. */
export interface Observed {
  orders: OrderJson[];
  tickets: Map<string, TicketJson>;
  charges: ObservedCharge[];
  /** Orders the load was given a 201 for, with the answer to their payment. */
  placed: { id: string; paymentStatus?: number }[];
}

const cents = (dollars: number) => Math.round(dollars * 100);

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/**
 * The guarantees of the lifecycle (docs/architecture.md, "Guarantees"), as violations found in what the platform
 * answers; empty when every one holds.
 */
export function lifecycleViolations({ orders, tickets, charges, placed }: Observed): string[] {
  const violations: string[] = [];
  const orderById = new Map(orders.map((order) => [order.id, order]));
  const chargeOf = new Map(charges.map((charge) => [charge.orderId, charge]));

  for (const { id, paymentStatus } of placed) {
    const order = orderById.get(id);
    if (!order) violations.push(`order ${id} was acknowledged (201) and is missing from its buyer's orders`);
    else if (paymentStatus === 201 && order.status !== 'completed')
      violations.push(`order ${id}: the buyer was told 201 "completed", and the order ended ${order.status}`);
  }
  for (const order of orders) {
    if (order.status !== 'completed' && order.status !== 'cancelled')
      violations.push(`order ${order.id} never ended: still ${order.status}`);
  }

  const ordersByTicket = groupBy(orders, (order) => order.ticket.id);
  for (const [ticketId, ticket] of tickets) {
    const completed = (ordersByTicket.get(ticketId) ?? []).filter((order) => order.status === 'completed');
    const holder = ticket.orderId ? orderById.get(ticket.orderId) : undefined;
    const state = `sold=${ticket.sold} orderId=${ticket.orderId}`;
    if (completed.length > 1) {
      violations.push(
        `ticket ${ticketId} sold to ${completed.length} orders: ${completed.map((o) => o.id).join(', ')}`,
      );
    } else if (completed.length === 1) {
      if (!ticket.sold || ticket.orderId !== completed[0]!.id)
        violations.push(
          `ticket ${ticketId}: order ${completed[0]!.id} completed, and the ticket shows ${state}`,
        );
    } else if (ticket.sold) {
      violations.push(`ticket ${ticketId} is sold (${state}) and none of its orders completed`);
    } else if (
      ticket.orderId &&
      (!holder || holder.status === 'completed' || holder.status === 'cancelled')
    ) {
      violations.push(
        `ticket ${ticketId} is reserved by order ${ticket.orderId}, which is ${holder?.status ?? 'unknown'}`,
      );
    }
  }

  for (const order of orders.filter((o) => o.status === 'completed')) {
    const charge = chargeOf.get(order.id);
    const ticket = tickets.get(order.ticket.id);
    if (!charge || charge.status !== 'completed') {
      violations.push(`order ${order.id} completed and its charge is ${charge?.status ?? 'missing'}`);
    } else if (ticket && charge.amount !== cents(ticket.price)) {
      violations.push(
        `order ${order.id} completed with a charge of ${charge.amount} cents; tickets reserved it at ${cents(ticket.price)}`,
      );
    }
  }
  for (const charge of charges) {
    const order = orderById.get(charge.orderId);
    if (!order || order.status === 'completed') continue;
    if (charge.status === 'completed' || charge.status === 'refund_due')
      violations.push(
        `order ${charge.orderId} ended ${order.status} and its successful charge is ${charge.status}, not refunded`,
      );
    else if (charge.status === 'created')
      violations.push(`order ${charge.orderId}: its charge never settled (created)`);
  }
  return violations;
}
