import type { Model } from 'mongoose';
import { expectIndexedQueries } from '@ticketing/common/testing';
import { Charge } from './charge';
import { Order } from './order';

describe('every query of the payments service is served by a declared index', () => {
  it('charges', () => {
    expectIndexedQueries(Charge as unknown as Model<never>, [
      { name: 'settle a charge', equality: ['_id'] },
      { name: "an order's charge (the unique claim)", equality: ['orderId'] },
      {
        name: 'the reconciler: charges due a look, the longest due first',
        equality: [],
        range: ['reconcileAt'],
        sort: { reconcileAt: 1 },
      },
      { name: "the outbox relay's scan", equality: [], range: ['pendingEvents.occurredAt'] },
    ]);
  });

  it('the order replica', () => {
    expectIndexedQueries(Order as unknown as Model<never>, [
      { name: 'pay, apply an event', equality: ['_id'] },
    ]);
  });
});
