import { goodCard, keepsInvariants, slowBus } from './regression';

// Issue 25, defect 3: the seller's edit is acknowledged; the buyer orders before orders' copy of the ticket has
// the new price; tickets reserves at the new price, and the buyer is charged the old one.
describe('an order placed right after a price edit', () => {
  keepsInvariants(
    'when orders has not heard of the edit yet, then the buyer pays the price tickets reserved at',
    {
      seed: 0,
      bus: slowBus(20_000),
      expirationSkewMs: 0,
      prices: [1000],
      steps: [
        { kind: 'edit', gapMs: 25_000, ticket: 0, price: 5000 },
        { kind: 'order', gapMs: 500, buyer: 0, ticket: 0 },
        { kind: 'pay', gapMs: 30_000, order: 0, plan: goodCard },
      ],
    },
  );
});
