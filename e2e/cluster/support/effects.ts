import { eventually, type OrderJson, type TicketJson } from '../../src/support/api';
import { Caller, errorMessage, Tally } from './caller';
import { ordersOf, type Market } from './market';
import { ClusterVisitor } from './visitor';

/**
 * Every effect the traffic was promised, checked after it stopped (faults over, events given time to land):
 * each listed ticket is served by tickets and known to orders; each paid order completed, its ticket sold to
 * it and reserved exactly once; each placed order is in its buyer's history. Returns what is missing.
 */
export async function lostEffects(market: Market, timeoutMs = 180_000): Promise<string[]> {
  const checker = new Tally();
  const deadline = Date.now() + timeoutMs;
  const check = async (what: string, probe: () => Promise<void>, problems: string[]) => {
    try {
      await eventually(probe, Math.max(5_000, deadline - Date.now()), 500);
    } catch (err) {
      problems.push(`${what}: ${(err as Error).message}`);
    }
  };
  const problems: string[] = [];
  const anonymous = new Caller(new ClusterVisitor(market.url), market.url, checker, 'retry');
  for (const listing of market.listings) {
    await check(
      `listed ticket ${listing.id}`,
      async () => {
        const ticket = await anonymous.call<TicketJson>('GET', `/api/tickets/${listing.id}`);
        if (
          ticket?.status !== 200 ||
          ticket.body.title !== listing.title ||
          ticket.body.price !== listing.price
        ) {
          throw new Error(`tickets answers ${ticket?.status} ${JSON.stringify(ticket?.body)}`);
        }
        const own = await new Caller(listing.seller, market.url, checker, 'retry').call(
          'POST',
          '/api/orders',
          {
            ticketId: listing.id,
          },
        );
        if (own?.status !== 400 || errorMessage(own.body) !== 'You cannot buy your own ticket') {
          throw new Error(`orders does not know it: ${own?.status} ${JSON.stringify(own?.body)}`);
        }
      },
      problems,
    );
  }
  for (const purchase of market.purchases.filter((p) => p.paid)) {
    const buyer = new Caller(purchase.buyer, market.url, checker, 'retry');
    await check(
      `paid order ${purchase.orderId}`,
      async () => {
        const order = await buyer.call<OrderJson>('GET', `/api/orders/${purchase.orderId}`);
        if (order?.body.status !== 'completed') throw new Error(`order is ${JSON.stringify(order?.body)}`);
        const ticket = await anonymous.call<TicketJson>('GET', `/api/tickets/${purchase.ticketId}`);
        // Created at version 0, reserved (1), sold (2): a doubled or lost reservation shows in the version.
        const t = ticket?.body;
        if (!t?.sold || t.orderId !== purchase.orderId || t.version !== 2) {
          throw new Error(`ticket is ${JSON.stringify(t)}`);
        }
      },
      problems,
    );
  }
  for (const buyer of market.buyers) {
    const placed = market.purchases.filter((p) => p.buyer === buyer).map((p) => p.orderId);
    const caller = new Caller(buyer, market.url, checker, 'retry');
    await check(
      `order history of ${buyer.email}`,
      async () => {
        const history = new Set((await ordersOf(caller))?.map((o) => o.id));
        const missing = placed.filter((id) => !history.has(id));
        if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}`);
      },
      problems,
    );
  }
  return [...problems, ...checker.failures.map((f) => `while checking: ${f}`)];
}
