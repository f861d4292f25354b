import { goodCard, keepsInvariants, slowBus } from './regression';

// Issue 25, defects 2 and 4: the buyer pays and cancels at once; orders cancels (it has not heard of the payment),
// and payments must refund. The processor fails the refund for a while (a 5xx outage): each failure counts toward
// the bus's maxDeliveries, the order:cancelled goes to dead letter, and nothing ever retries the refund.
describe('a refund the processor fails for a while', () => {
  keepsInvariants('when the processor keeps failing it for minutes, then the charge is still refunded once', {
    seed: 0,
    bus: slowBus(20_000),
    expirationSkewMs: 0,
    prices: [1000],
    steps: [
      { kind: 'order', gapMs: 25_000, buyer: 0, ticket: 0 },
      { kind: 'pay', gapMs: 30_000, order: 0, plan: { ...goodCard, refundFailures: 6 } },
      { kind: 'cancel', gapMs: 100, order: 0 },
    ],
  });
});
