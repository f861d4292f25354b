import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { startPlatform, type Platform, type PlatformOptions } from '@ticketing/tools';
import { Visitor, eventually, type OrderJson, type TicketJson } from './api';

export interface TestPlatform extends Platform {
  /** Its data and logs (`logs/<part>.log`), removed by stop(). */
  dir: string;
  visitor(): Visitor;
  /** Signs up a seller and lists a ticket; resolves once orders can sell it (its replica exists). */
  listTicket(price?: number): Promise<{ seller: Visitor; ticket: TicketJson }>;
  waitForOrder(visitor: Visitor, orderId: string, status: string): Promise<OrderJson>;
  /** Resolves once the orders service knows the ticket (its seller's own purchase is then refused as such). */
  untilSellable(seller: Visitor, ticketId: string): Promise<void>;
  waitForTicket(ticketId: string, check: (t: TicketJson) => boolean): Promise<TicketJson>;
  /** The payments service's charge for an order, read from its database (no API exposes refunds). */
  charge(orderId: string): Promise<ChargeRecord | null>;
}

export interface ChargeRecord {
  status: string;
  stripeId?: string;
  stripeRefundId?: string;
}

/**
 * The platform as `npm start` starts it (the same code), on free ports with its own data, through the gateway.
 * Services must be built (npm test builds them first).
 */
export async function startTestPlatform(
  eventBus: 'stan' | 'jetstream',
  options: Partial<
    Pick<
      PlatformOptions,
      'expirationWindowSeconds' | 'lapseGraceSeconds' | 'sweepIntervalMs' | 'serviceEnv' | 'faultProxies'
    >
  > = {},
): Promise<TestPlatform> {
  const dir = mkdtempSync(join(tmpdir(), `e2e-${eventBus}-`));
  const platform = await startPlatform({
    port: 0,
    eventBus,
    expirationWindowSeconds: options.expirationWindowSeconds ?? 900,
    lapseGraceSeconds: options.lapseGraceSeconds,
    sweepIntervalMs: options.sweepIntervalMs,
    serviceEnv: options.serviceEnv,
    faultProxies: options.faultProxies,
    dir,
    ports: 'free',
    withClient: false,
    logLevel: 'warn',
    log: () => undefined,
  });
  const visitor = () => new Visitor(platform.url);
  return {
    ...platform,
    dir,
    visitor,
    async stop() {
      await platform.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    async listTicket(price = 25.5) {
      const seller = await visitor().signUp('seller');
      const { status, body } = await seller.call<TicketJson>('POST', '/api/tickets', {
        title: 'Concert',
        price,
      });
      if (status !== 201) throw new Error(`listing failed: ${status} ${JSON.stringify(body)}`);
      return { seller, ticket: body };
    },
    async untilSellable(seller, ticketId) {
      await eventually(async () => {
        const { status } = await seller.call('POST', '/api/orders', { ticketId });
        if (status !== 400) throw new Error(`orders does not know the ticket yet (${status})`);
      });
    },
    async waitForOrder(who, orderId, status) {
      return eventually(async () => {
        const { body } = await who.call<OrderJson>('GET', `/api/orders/${orderId}`);
        if (body.status !== status) throw new Error(`order ${orderId} is ${body.status}, not ${status}`);
        return body;
      });
    },
    async charge(orderId) {
      const client = await MongoClient.connect(`${platform.env.MONGO_URI}/payments`);
      try {
        return await client.db().collection<ChargeRecord>('charges').findOne({ orderId });
      } finally {
        await client.close();
      }
    },
    async waitForTicket(ticketId, check) {
      return eventually(async () => {
        const { body } = await visitor().call<TicketJson>('GET', `/api/tickets/${ticketId}`);
        if (!check(body)) throw new Error(`ticket ${ticketId} not yet as expected: ${JSON.stringify(body)}`);
        return body;
      });
    },
  };
}

/** Pays an order with the sandbox's good card, retrying while payments has not yet heard the order confirmed. */
export async function payWithCard(buyer: Visitor, orderId: string): Promise<void> {
  await eventually(async () => {
    const { status } = await buyer.call('POST', '/api/payments', { orderId, token: 'pm_card_visa' });
    if (status !== 201) throw new Error(`payment answered ${status}`);
  });
}

/** Buys a ticket, retrying while the orders service has not yet seen the ticket (events are asynchronous). */
export async function buy(buyer: Visitor, ticketId: string): Promise<OrderJson> {
  return eventually(async () => {
    const { status, body } = await buyer.call<OrderJson>('POST', '/api/orders', { ticketId });
    if (status !== 201) throw new Error(`buy failed: ${status} ${JSON.stringify(body)}`);
    return body;
  });
}
