import { eventually, type Visitor, type OrderJson, type TicketJson } from '../../src/support/api';
import { errorMessage } from './caller';
import { ClusterVisitor } from './visitor';

// Waiting for the effects of events: each polls the API until it shows the state (events are asynchronous).

/** Until the orders service knows the ticket (its copy came with ticket:created): the seller's own purchase is
 * then refused as such, where before it was a 404. Nothing is ordered either way. */
export async function untilOrderable(seller: Visitor, ticketId: string, timeoutMs = 180_000): Promise<void> {
  await eventually(async () => {
    const { status, body } = await seller.call('POST', '/api/orders', { ticketId });
    if (status !== 400 || errorMessage(body) !== 'You cannot buy your own ticket') {
      throw new Error(`orders does not know ticket ${ticketId} yet: ${status} ${JSON.stringify(body)}`);
    }
  }, timeoutMs);
}

export async function untilTicket(
  url: string,
  id: string,
  check: (t: TicketJson) => boolean,
  timeoutMs = 180_000,
): Promise<TicketJson> {
  return eventually(async () => {
    const { body } = await new ClusterVisitor(url).call<TicketJson>('GET', `/api/tickets/${id}`);
    if (!check(body)) throw new Error(`ticket ${id} not yet as expected: ${JSON.stringify(body)}`);
    return body;
  }, timeoutMs);
}

export async function untilOrder(
  buyer: Visitor,
  id: string,
  status: OrderJson['status'],
  timeoutMs = 180_000,
): Promise<OrderJson> {
  return eventually(async () => {
    const { body } = await buyer.call<OrderJson>('GET', `/api/orders/${id}`);
    if (body.status !== status) throw new Error(`order ${id} is ${body.status}, not ${status}`);
    return body;
  }, timeoutMs);
}

/** Pays once payments has heard of the order (its order:created can trail the buyer); the answer as it came. */
export async function payOnceKnown(buyer: Visitor, orderId: string, token: string, timeoutMs = 120_000) {
  return eventually(async () => {
    const answer = await buyer.call<{ orderId: string; status: string; stripeId: string }>(
      'POST',
      '/api/payments',
      { orderId, token },
    );
    if (answer.status === 404) throw new Error(`payments has not heard of order ${orderId} yet`);
    return answer;
  }, timeoutMs);
}
