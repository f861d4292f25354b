import { keepsInvariants, slowBus } from './regression';

// Found by the simulation on the fix of the early expiration (orders refuses an expiration:complete that comes
// before the order's expiresAt by its clock, and leaves it for redelivery): with the expiration clock more than
// 40 s ahead, the 5 deliveries 10 s apart all come too early and the message goes to dead letter (the sweeper
// still cancels the order, so only the dead letter shows it).
describe('an expiration:complete that comes well before the order expires', () => {
  keepsInvariants('when the expiration clock runs 45 s ahead, then the message is not dead-lettered', {
    seed: 0,
    bus: slowBus(0),
    expirationSkewMs: 45_000,
    prices: [1000],
    steps: [{ kind: 'order', gapMs: 1_000, buyer: 0, ticket: 0 }],
  });
});
