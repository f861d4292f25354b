import type { Model } from 'mongoose';
import { expectIndexedQueries, type QueryShape } from '@ticketing/common/testing';
import { sortSpec } from '@ticketing/common';
import { TICKET_SORTS } from '../routes/ticket-query';
import { Ticket } from './ticket';

const newestFirst = sortSpec(TICKET_SORTS.newest);

/**
 * The public list in every combination the route can ask for: each sort, with or without a title search, with
 * or without a price range. A cursor adds a range on the sort fields themselves, which needs nothing more.
 */
function publicListShapes(): QueryShape[] {
  const shapes: QueryShape[] = [];
  for (const sort of Object.values(TICKET_SORTS)) {
    for (const searched of [false, true]) {
      for (const priced of [false, true]) {
        shapes.push({
          name: `the public list by ${sort.name}${searched ? ', searched' : ''}${priced ? ', within prices' : ''}`,
          equality: ['sold', 'orderId', ...(searched ? ['searchTerms'] : [])],
          sort: sortSpec(sort),
          ...(priced ? { range: ['price'] } : {}),
        });
      }
    }
  }
  return shapes;
}

describe('every query of the tickets service is served by a declared index', () => {
  it('tickets', () => {
    expectIndexedQueries(Ticket as unknown as Model<never>, [
      { name: 'show, edit, apply an order event', equality: ['_id'] },
      ...publicListShapes(),
      { name: "a seller's listings", equality: ['userId'], sort: newestFirst },
      { name: "a seller's tickets for sale", equality: ['userId', 'sold', 'orderId'], sort: newestFirst },
      { name: "the outbox relay's scan", equality: [], range: ['pendingEvents.occurredAt'] },
    ]);
  });

  it('when a search shape has no index, then the check names it', () => {
    expect(() =>
      expectIndexedQueries(Ticket as unknown as Model<never>, [
        { name: 'search by seller', equality: ['userId', 'searchTerms'], sort: newestFirst },
      ]),
    ).toThrow('no index of Ticket serves: search by seller');
  });
});
