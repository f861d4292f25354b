import { ObjectId } from 'mongodb';
import { eventually, type TicketJson } from '../../../e2e/src/support/api';
import type { BenchPlatform } from './bench-platform';
import type { Session } from './http';
import { runPool } from './pool';

export interface Listing {
  seller: Session;
  ticket: TicketJson;
}

/**
 * Lists `count` tickets through the API (a handful of sellers, 8 at a time; prices $10.99 to $99.99 by index),
 * then waits until the orders service has its copy of every one, so they can be bought. Resolves with the
 * listings and how long it took.
 */
export async function listTickets(
  bench: BenchPlatform,
  count: number,
  sellerCount = Math.min(count, 10),
  titleOf: (index: number) => string = (index) => `Bench ticket ${index}`,
): Promise<{ listings: Listing[]; listedMs: number; sellableMs: number }> {
  const sellers = Array.from({ length: sellerCount }, () => bench.session());
  const started = Date.now();
  const listings = await runPool(count, 8, async (index) => {
    const seller = sellers[index % sellers.length]!;
    const price = 10 + (index % 90) + 0.99;
    const { status, body } = await seller.call<TicketJson>('POST', '/api/tickets', {
      title: titleOf(index),
      price,
    });
    if (status !== 201) throw new Error(`listing failed: ${status} ${JSON.stringify(body)}`);
    return { seller, ticket: body };
  });
  const listedMs = Date.now() - started;
  await untilSellable(
    bench,
    listings.map((listing) => listing.ticket.id),
  );
  return { listings, listedMs, sellableMs: Date.now() - started };
}

/** Resolves once the orders service's replica holds every ticket (read from its database). */
export async function untilSellable(
  bench: BenchPlatform,
  ticketIds: string[],
  timeoutMs = 120_000,
): Promise<void> {
  const replicas = bench.database('orders').collection('tickets');
  const ids = ticketIds.map((id) => new ObjectId(id));
  await eventually(
    async () => {
      const known = await replicas.countDocuments({ _id: { $in: ids } });
      if (known < ids.length)
        throw new Error(`orders knows ${known} of ${ids.length} tickets after ${timeoutMs} ms`);
    },
    timeoutMs,
    250,
  );
}
