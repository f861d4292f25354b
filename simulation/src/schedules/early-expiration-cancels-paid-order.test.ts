import { goodCard, keepsInvariants, slowBus } from './regression';

// Issue 25, "smaller, same family": expiration's clock runs a minute ahead, so its expiration:complete comes a
// minute before the order's expiresAt; orders honours it without looking at expiresAt, while payments (by its own
// clock) still accepts the payment and answers 201.
describe('an expiration:complete that comes before the order expires', () => {
  keepsInvariants('when the expiration clock runs ahead, then a payment made in time completes the order', {
    seed: 9,
    bus: slowBus(5_000),
    expirationSkewMs: 60_000,
    prices: [1000],
    steps: [
      { kind: 'order', gapMs: 25_000, buyer: 0, ticket: 0 },
      { kind: 'pay', gapMs: 845_000, order: 0, plan: goodCard },
    ],
  });
});
