import { keepsInvariants } from './regression';

// Issue 25, defect 6, as the simulation found and shrank it (fast-check seed 11): the buyer pays 2 s before the
// order's expiresAt and is answered 201; the expiration job falls due and its expiration:complete reaches orders
// before payment:created, so the order is cancelled and the payment refunded.
describe('a payment made just before the order lapses', () => {
  keepsInvariants('when its payment:created reaches orders after the lapse, then the order still completes', {
    seed: 0,
    bus: { maxDelayMs: 3623, duplicatePct: 1, overlapPct: 0, ackLostPct: 0, publishLostPct: 0 },
    expirationSkewMs: 0,
    prices: [100],
    steps: [
      { kind: 'order', gapMs: 850_000, buyer: 0, ticket: 0 },
      { kind: 'order', gapMs: 1229, buyer: 0, ticket: 0 },
      {
        kind: 'pay',
        gapMs: 896_772,
        order: 0,
        plan: { card: 'good', webhook: 'twice', searchLagMs: 0, answerDelayMs: 35_090, refundFailures: 4 },
      },
    ],
  });
});
