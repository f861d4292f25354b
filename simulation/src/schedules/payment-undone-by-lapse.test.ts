import { goodCard, keepsInvariants, slowBus } from './regression';

// Issue 25, defect 6 (the simulation first found it as fast-check seed 11 and shrank it to this shape): the buyer
// pays 2 s before the order's expiresAt and is answered 201; the expiration job falls due and its
// expiration:complete reaches orders before payment:created, so the order is cancelled and the payment refunded.
describe('a payment made just before the order lapses', () => {
  keepsInvariants('when its payment:created reaches orders after the lapse, then the order still completes', {
    seed: 6,
    bus: slowBus(5_000),
    expirationSkewMs: 0,
    prices: [1000],
    steps: [
      { kind: 'order', gapMs: 25_000, buyer: 0, ticket: 0 },
      { kind: 'pay', gapMs: 898_000, order: 0, plan: goodCard },
    ],
  });
});
