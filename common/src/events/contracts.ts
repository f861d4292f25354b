import { z } from 'zod';
import { OrderStatus } from './types';

const id = z.string().regex(/^[0-9a-f]{24}$/, 'must be an ObjectId hex string');
const version = z.number().int().min(0);
/** Prices in events are integer cents. */
const cents = z.number().int().positive().max(100_000_000);
/**
 * The per-ticket hold sequence: orders takes it in the same write as the ticket's lock, so a higher one is a
 * later hold; tickets keeps the highest it has seen and never lets an older hold free or sell a newer one.
 */
const holdSequence = z.number().int().min(1);

/** One schema per subject: the runtime check at the consumer's door and the TypeScript type in one place. */
export const eventSchemas = {
  'ticket:created': z.object({ id, version, title: z.string().min(1), price: cents, userId: id }),
  'ticket:updated': z.object({
    id,
    version,
    title: z.string().min(1),
    price: cents,
    userId: id,
    orderId: id.nullish(),
    sold: z.boolean().optional(),
  }),
  'order:created': z.object({
    id,
    version,
    status: z.enum([
      OrderStatus.Created,
      OrderStatus.AwaitingPayment,
      OrderStatus.Cancelled,
      OrderStatus.Completed,
    ]),
    userId: id,
    expiresAt: z.iso.datetime(),
    ticket: z.object({ id, price: cents }),
    holdSequence,
  }),
  /** Tickets reserved the ticket for the order at `price`: the order awaits payment at exactly that price. */
  'order:confirmed': z.object({
    id,
    version,
    status: z.literal(OrderStatus.AwaitingPayment),
    userId: id,
    expiresAt: z.iso.datetime(),
    price: cents,
  }),
  'order:cancelled': z.object({ id, version, userId: id, ticket: z.object({ id }), holdSequence }),
  'order:completed': z.object({ id, version, userId: id, ticket: z.object({ id }), holdSequence }),
  'expiration:complete': z.object({ orderId: id }),
  'payment:created': z.object({ id, orderId: id, stripeId: z.string().min(1) }),
  'payment:failed': z.object({ orderId: id, reason: z.string() }),
  /** Auth ended this session (signed out): every service refuses it until `expiresAt`, when it would expire anyway. */
  'session:revoked': z.object({ sessionId: z.uuid(), expiresAt: z.iso.datetime() }),
} as const;

export type Subject = keyof typeof eventSchemas;
export type EventData<S extends Subject> = z.infer<(typeof eventSchemas)[S]>;
export const subjects = Object.keys(eventSchemas) as Subject[];

export const DEAD_LETTER_PREFIX = 'dead-letter.';
export function deadLetterSubject(subject: string): string {
  return `${DEAD_LETTER_PREFIX}${subject}`;
}

/** Where the replays of a subject's dead letters are recorded (`npm run dead-letters -- replay`). */
export const DEAD_LETTER_REPLAY_PREFIX = 'dead-letter-replayed.';
export function deadLetterReplaySubject(subject: string): string {
  return `${DEAD_LETTER_REPLAY_PREFIX}${subject}`;
}

/** What goes over the wire: the data plus what every message needs for tracing and de-duplication. */
export interface Envelope<S extends Subject = Subject> {
  id: string;
  subject: S;
  data: EventData<S>;
  correlationId: string;
  occurredAt: string;
}

/** What the dead-letter subject receives: the original bytes and why they could not be handled. */
export interface DeadLetter {
  subject: string;
  service: string;
  reason: string;
  deliveryCount: number;
  payload: string;
  failedAt: string;
}
