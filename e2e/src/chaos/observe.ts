import { MongoClient } from 'mongodb';
import type { Platform } from '@ticketing/tools';
import { eventually, Visitor, type OrderJson, type TicketJson } from '../support/api';
import type { Observed, ObservedCharge } from './invariants';
import type { Market } from './market';

const NEXT = /<([^>]+)>;\s*rel="next"/;

/** Every order of one buyer, page by page through GET /api/orders (the buyer's own view). */
async function ordersOf(buyer: Visitor): Promise<OrderJson[]> {
  const orders: OrderJson[] = [];
  let path: string | undefined = '/api/orders?limit=100';
  while (path) {
    const page: { body: OrderJson[]; headers: Headers } = await eventually(
      async () => {
        const answer = await buyer.call<OrderJson[]>('GET', path!);
        if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status}`);
        return answer;
      },
      60_000,
      1_000,
    );
    orders.push(...page.body);
    const next = NEXT.exec(page.headers.get('link') ?? '')?.[1];
    path = next
      ? new URL(next, 'http://gateway').pathname + new URL(next, 'http://gateway').search
      : undefined;
  }
  return orders;
}

async function ticket(visitor: Visitor, id: string): Promise<TicketJson> {
  return eventually(
    async () => {
      const answer = await visitor.call<TicketJson>('GET', `/api/tickets/${id}`);
      if (answer.status !== 200) throw new Error(`GET /api/tickets/${id}: ${answer.status}`);
      return answer.body;
    },
    60_000,
    1_000,
  );
}

/** The charges of payments, straight from its database (not through a proxy: faults have cleared by now). */
async function charges(platform: Platform): Promise<ObservedCharge[]> {
  const client = await MongoClient.connect(`${platform.env.MONGO_URI}/payments`);
  try {
    const found = await client.db().collection('charges').find({}).toArray();
    return found.map((charge) => ({
      orderId: String(charge.orderId),
      status: String(charge.status),
      amount: Number(charge.amount),
    }));
  } finally {
    await client.close();
  }
}

/** What the platform says now about everything the market did. */
export async function observe(platform: Platform, market: Market): Promise<Observed> {
  const orders = (await Promise.all(market.buyers.map(ordersOf))).flat();
  const anyone = new Visitor(platform.url, 30_000);
  const ids = new Set([...market.tickets, ...orders.map((order) => order.ticket.id)]);
  const tickets = new Map<string, TicketJson>();
  for (const id of ids) tickets.set(id, await ticket(anyone, id));
  return {
    orders,
    tickets,
    charges: await charges(platform),
    placed: market.orders.map((order) => ({ id: order.id, paymentStatus: order.payment?.status })),
  };
}
