import { goodCard, keepsInvariants, slowBus } from './regression';

// Issue 25, defect 6 (the simulation first found it as fast-check seed 11 and shrank it to this shape): the buyer
// pays 2 s before the order's expiresAt and is answered 201; the expiration job falls due and its
// expiration:complete reaches orders before payment:created, so the order is cancelled and the payment refunded.
// Payments now refuses a charge with less than its margin left (400, nothing charged), and the order lapses a grace
// period after its expiresAt.
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

  // Paid with just the margin left (the window is 900 s, the margin 90 s) and answered 201; every message takes
  // 105 to 110 s, so payment:created reaches orders after expiresAt and after the sweeper's next pass (every 120 s),
  // within the grace. Without the grace the sweeper cancelled the order and the payment was refunded.
  keepsInvariants(
    'when the bus holds payment:created past the window, within the grace, then the order completes',
    {
      seed: 3,
      bus: { ...slowBus(110_000), minDelayMs: 105_000 },
      expirationSkewMs: 0,
      prices: [1000],
      steps: [
        { kind: 'order', gapMs: 170_000, buyer: 0, ticket: 0 },
        { kind: 'pay', gapMs: 810_000, order: 0, plan: goodCard },
      ],
    },
  );
});
