import { goodCard, keepsInvariants, slowBus } from './regression';

// Issue 25, defect 5: the processor took the payment but its answer was lost; its search shows the payment only
// after 5 minutes; the reconciler takes "not found" after 3 minutes as "never charged", fails the charge and the
// order, and the late webhook's success is ignored: the buyer is charged for nothing.
describe('a charge whose answer was lost, under a lagging search', () => {
  keepsInvariants(
    "when the search trails the payment past the reconciler's wait, then the charge is not declared failed",
    {
      seed: 0,
      bus: slowBus(20_000),
      expirationSkewMs: 0,
      prices: [1000],
      steps: [
        { kind: 'order', gapMs: 25_000, buyer: 0, ticket: 0 },
        {
          kind: 'pay',
          gapMs: 30_000,
          order: 0,
          plan: { ...goodCard, card: 'answer-lost', webhook: 'late', searchLagMs: 300_000 },
        },
      ],
    },
  );
});
