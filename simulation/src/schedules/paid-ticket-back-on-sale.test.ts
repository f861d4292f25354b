import { goodCard, keepsInvariants, slowBus } from './regression';

// Issue 25, defect 1: tickets took "arrived last" for "newest". B orders; B's order:created reaches tickets late;
// B cancels; A orders. Tickets applies created(A), then the late created(B), which takes the hold from A;
// cancelled(B) frees the ticket, and completed(A) is ignored as "completed after it was released".
describe('a late order:created of a cancelled order', () => {
  keepsInvariants(
    'when it reaches tickets after the next order of the ticket, then the paid order still gets the ticket',
    {
      seed: 11,
      bus: slowBus(20_000),
      expirationSkewMs: 0,
      prices: [1000],
      steps: [
        { kind: 'order', gapMs: 25_000, buyer: 0, ticket: 0 },
        { kind: 'cancel', gapMs: 1_000, order: 0 },
        { kind: 'order', gapMs: 1_000, buyer: 1, ticket: 0 },
        { kind: 'pay', gapMs: 30_000, order: 1, plan: goodCard },
      ],
    },
  );
});
