import fc from 'fast-check';
import type { BusFaults } from './network';
import type { Card, PaymentPlan, Webhook } from './processor';

/**
 * One schedule: the tickets listed at the start, then the steps of buyers, sellers and the processor, each a
 * gap (ms of simulated time) after the previous one. `seed` drives the broker (delays, duplicates, overlaps,
 * lost acks and publish confirmations). Plain JSON, so a failing schedule can be kept as a named test.
 */
export interface Schedule {
  seed: number;
  bus: BusFaults;
  /** How far the expiration service's clock runs ahead of the others. */
  expirationSkewMs: number;
  /** Prices (cents) of the tickets listed at the start; ticket i belongs to seller i % SELLERS. */
  prices: number[];
  steps: Step[];
}

export type Step =
  | { kind: 'edit'; gapMs: number; ticket: number; price: number }
  | { kind: 'order'; gapMs: number; buyer: number; ticket: number }
  /** `order` picks among the orders placed so far (modulo their count); the buyer who placed it cancels. */
  | { kind: 'cancel'; gapMs: number; order: number }
  | { kind: 'pay'; gapMs: number; order: number; plan: PaymentPlan }
  /** The processor answers nothing (charges, refunds, searches) for a while. */
  | { kind: 'outage'; gapMs: number; durationMs: number };

export const SELLERS = 2;
export const BUYERS = 3;

const gap = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 5_000 }) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 90_000 }) },
  // Around the 15-minute order window: payments just before the margin closes them, and near the lapse.
  { weight: 1, arbitrary: fc.integer({ min: 780_000, max: 905_000 }) },
);
const index = fc.nat({ max: 7 });
const price = fc.integer({ min: 1, max: 500 }).map((n) => n * 100);

const plan: fc.Arbitrary<PaymentPlan> = fc.record({
  card: fc.oneof(
    { weight: 4, arbitrary: fc.constant<Card>('good') },
    { weight: 1, arbitrary: fc.constantFrom<Card>('declined', 'answer-lost', 'unreachable', 'late') },
  ),
  webhook: fc.constantFrom<Webhook>('never', 'once', 'twice', 'late'),
  searchLagMs: fc.oneof(
    fc.constant(0),
    fc.integer({ min: 0, max: 60_000 }),
    fc.integer({ min: 150_000, max: 400_000 }),
  ),
  answerDelayMs: fc.integer({ min: 1_000, max: 60_000 }),
  refundFailures: fc.oneof(
    { weight: 3, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 6 }) },
  ),
});

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('edit' as const), gapMs: gap, ticket: index, price }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('order' as const),
      gapMs: gap,
      buyer: fc.nat({ max: BUYERS - 1 }),
      ticket: index,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), gapMs: gap, order: index }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('pay' as const), gapMs: gap, order: index, plan }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('outage' as const),
      gapMs: gap,
      durationMs: fc.integer({ min: 10_000, max: 400_000 }),
    }),
  },
);

/**
 * Bus delays stay within two minutes: the platform rides out the payment margin (90 s) less the charge itself
 * (at most a minute here) plus the lapse grace (120 s), so a schedule within it that breaks an invariant is a
 * defect, not bad luck.
 */
const bus: fc.Arbitrary<BusFaults> = fc.record({
  maxDelayMs: fc.oneof(
    fc.integer({ min: 0, max: 2_000 }),
    fc.integer({ min: 0, max: 30_000 }),
    fc.integer({ min: 0, max: 120_000 }),
  ),
  duplicatePct: fc.integer({ min: 0, max: 30 }),
  overlapPct: fc.integer({ min: 0, max: 20 }),
  ackLostPct: fc.integer({ min: 0, max: 20 }),
  publishLostPct: fc.integer({ min: 0, max: 20 }),
});

export const scheduleArbitrary: fc.Arbitrary<Schedule> = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  bus,
  expirationSkewMs: fc.oneof(
    { weight: 3, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 60_000 }) },
  ),
  prices: fc.array(price, { minLength: 1, maxLength: 3 }),
  steps: fc.array(step, { minLength: 1, maxLength: 16, size: 'large' }),
});
