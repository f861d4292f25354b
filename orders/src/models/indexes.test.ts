import type { Model } from 'mongoose';
import { expectIndexedQueries } from '@ticketing/common/testing';
import { Order } from './order';
import { Ticket } from './ticket';

describe('every query of the orders service is served by a declared index', () => {
  it('orders', () => {
    expectIndexedQueries(Order as unknown as Model<never>, [
      { name: 'show, cancel, complete', equality: ['_id'] },
      { name: 'the ticket lock (unique)', equality: ['lockKey'] },
      { name: "a buyer's open-order slots (unique)", equality: ['buyerSlot'] },
      { name: "a ticket's hold sequence numbers (unique)", equality: ['holdKey'] },
      { name: "a ticket's latest hold", equality: ['ticket.id'], sort: { holdSequence: -1 } },
      { name: 'the order history', equality: ['userId'], sort: { createdAt: -1, _id: -1 } },
      {
        name: "the sweeper's lapsed orders",
        equality: ['status'],
        sort: { expiresAt: 1 },
        range: ['expiresAt'],
      },
      { name: "the outbox relay's scan", equality: [], range: ['pendingEvents.occurredAt'] },
    ]);
  });

  it('the ticket replica', () => {
    expectIndexedQueries(Ticket as unknown as Model<never>, [
      { name: 'order a ticket, apply an event', equality: ['_id'] },
    ]);
  });
});
