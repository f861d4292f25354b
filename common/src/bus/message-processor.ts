import { randomUUID } from 'node:crypto';
import { runWithContext, correlationId as currentCorrelationId } from '../context';
import { logger } from '../logger';
import {
  eventSchemas,
  type DeadLetter,
  type Envelope,
  type EventData,
  type Subject,
} from '../events/contracts';
import type { Handler, MessageContext, PublishOptions } from './event-bus';
import { busMetrics, type DeadLetterReason } from './bus-metrics';
import { RetryLaterError, UnprocessableMessageError } from './message-errors';
import { ESCALATE_AFTER_DELIVERIES, retryDelayMs } from './retry-policy';
import { isTransientError } from '../errors/transient-error';

export type Verdict = 'ack' | 'retry';

/** What to do with a delivery: ack it, or leave it for redelivery, ideally no sooner than `retryInMs`. */
export type Decision = { verdict: 'ack' } | { verdict: 'retry'; retryInMs: number };

const ACK: Decision = { verdict: 'ack' };

export function encodeEnvelope<S extends Subject>(
  subject: S,
  data: EventData<S>,
  options: PublishOptions = {},
) {
  // The publisher's own mistakes are caught here rather than at every consumer.
  const parsed = eventSchemas[subject].parse(data) as EventData<S>;
  const envelope: Envelope<S> = {
    id: options.id ?? randomUUID(),
    subject,
    data: parsed,
    correlationId: options.correlationId ?? currentCorrelationId(),
    occurredAt: (options.occurredAt ?? new Date()).toISOString(),
  };
  return { envelope, bytes: JSON.stringify(envelope) };
}

export interface Delivery {
  subject: Subject;
  payload: string;
  deliveryCount: number;
}

export interface ProcessorOptions {
  serviceName: string;
  publishDeadLetter: (letter: DeadLetter) => Promise<void>;
}

/**
 * The rules every transport applies to one delivered message. Only a message that can never be handled goes to
 * the dead-letter subject: a payload that is not JSON or fails its subject's schema, or one whose handler throws
 * UnprocessableMessageError. Any other handler error (the database unreachable, a race lost for too long, a bug)
 * is retried without limit with capped exponential backoff, never dead-lettered; RetryLaterError asks for its
 * own delay. Nothing is acked unless it was handled or safely dead-lettered.
 */
export async function processDelivery<S extends Subject>(
  delivery: Delivery,
  handler: Handler<S>,
  options: ProcessorOptions,
): Promise<Decision> {
  const { subject, payload, deliveryCount } = delivery;
  const deadLetter = async (kind: DeadLetterReason, reason: string): Promise<Decision> => {
    try {
      await options.publishDeadLetter({
        subject,
        service: options.serviceName,
        reason,
        deliveryCount,
        payload,
        failedAt: new Date().toISOString(),
      });
      busMetrics.deadLettered.inc({ subject, reason: kind });
      logger.error({ subject, reason, deliveryCount }, 'message sent to dead letter');
      return ACK;
    } catch (err) {
      logger.error({ err, subject }, 'could not dead-letter message; leaving it for redelivery');
      return { verdict: 'retry', retryInMs: retryDelayMs(deliveryCount) };
    }
  };

  let envelope: Partial<Envelope> & { data?: unknown };
  try {
    envelope = JSON.parse(payload) as typeof envelope;
  } catch {
    return deadLetter('invalid', 'payload is not JSON');
  }
  const parsed = eventSchemas[subject].safeParse(envelope?.data);
  if (!parsed.success) {
    return deadLetter(
      'invalid',
      `invalid ${subject} payload: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  }
  const context: MessageContext = {
    id: typeof envelope.id === 'string' ? envelope.id : randomUUID(),
    subject,
    correlationId: typeof envelope.correlationId === 'string' ? envelope.correlationId : randomUUID(),
    occurredAt: typeof envelope.occurredAt === 'string' ? envelope.occurredAt : new Date().toISOString(),
    deliveryCount,
  };
  // Redeliveries would measure the ack wait, not the pipeline: lag is taken on the first delivery only.
  const publishedAt = Date.parse(context.occurredAt);
  if (deliveryCount === 1 && Number.isFinite(publishedAt)) {
    busMetrics.lag.observe({ subject }, Math.max(0, Date.now() - publishedAt) / 1000);
  }
  return runWithContext({ correlationId: context.correlationId }, async () => {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      await handler(parsed.data as EventData<S>, context);
      const took = seconds();
      busMetrics.handled.inc({ subject });
      busMetrics.handlerDuration.observe({ subject, outcome: 'handled' }, took);
      const ms = took * 1000;
      logger.info(
        { subject, messageId: context.id, deliveryCount, ms: Math.round(ms * 10) / 10 },
        'message handled',
      );
      return ACK;
    } catch (err) {
      busMetrics.handlerDuration.observe({ subject, outcome: 'failed' }, seconds());
      return handlerFailed(err, context, deadLetter);
    }
  });
}

/** A handler threw: dead letter if it said the message is unprocessable, else retry after a delay. */
async function handlerFailed(
  err: unknown,
  context: MessageContext,
  deadLetter: (kind: DeadLetterReason, reason: string) => Promise<Decision>,
): Promise<Decision> {
  const { subject, id: messageId, deliveryCount } = context;
  if (err instanceof UnprocessableMessageError) {
    busMetrics.failed.inc({ subject });
    return deadLetter('unprocessable', `unprocessable: ${err.message}`);
  }
  if (err instanceof RetryLaterError) {
    const retryInMs = Math.max(0, err.delayMs);
    logger.info({ subject, messageId, deliveryCount, retryInMs }, 'message not due yet; will retry');
    return { verdict: 'retry', retryInMs };
  }
  busMetrics.failed.inc({ subject });
  const retryInMs = retryDelayMs(deliveryCount);
  const transient = isTransientError(err);
  const fields = { err, subject, messageId, deliveryCount, retryInMs, transient };
  if (!transient && deliveryCount >= ESCALATE_AFTER_DELIVERIES) {
    logger.error(
      fields,
      'message handling keeps failing; will retry (fix the cause or mark it unprocessable)',
    );
  } else {
    logger.warn(fields, 'message handling failed; will retry');
  }
  return { verdict: 'retry', retryInMs };
}
