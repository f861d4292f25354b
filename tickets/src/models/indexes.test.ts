import type { Model } from 'mongoose';
import { expectIndexedQueries } from '@ticketing/common/testing';
import { Ticket } from './ticket';

const newestFirst = { createdAt: -1, _id: -1 } as const;

describe('every query of the tickets service is served by a declared index', () => {
  it('tickets', () => {
    expectIndexedQueries(Ticket as unknown as Model<never>, [
      { name: 'show, edit, apply an order event', equality: ['_id'] },
      // The cursor's condition is a range on the sort fields themselves.
      { name: 'the public list', equality: ['sold', 'orderId'], sort: newestFirst },
      { name: "a seller's listings", equality: ['userId'], sort: newestFirst },
      { name: "a seller's tickets for sale", equality: ['userId', 'sold', 'orderId'], sort: newestFirst },
      { name: "the outbox relay's scan", equality: [], range: ['pendingEvents.occurredAt'] },
    ]);
  });
});
