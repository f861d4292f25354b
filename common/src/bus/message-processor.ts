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

export type Verdict = 'ack' | 'retry';

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
  maxDeliveries: number;
  publishDeadLetter: (letter: DeadLetter) => Promise<void>;
}

/**
 * The rules every transport applies to one delivered message: a payload that can never be handled (not JSON,
 * or failing its subject's schema) goes straight to the dead-letter subject; a handler error leaves the
 * message unacked for redelivery until maxDeliveries, then it too goes to dead letter. Nothing is acked
 * unless it was handled or safely dead-lettered.
 */
export async function processDelivery<S extends Subject>(
  delivery: Delivery,
  handler: Handler<S>,
  options: ProcessorOptions,
): Promise<Verdict> {
  const { subject, payload, deliveryCount } = delivery;
  const deadLetter = async (kind: DeadLetterReason, reason: string): Promise<Verdict> => {
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
      return 'ack';
    } catch (err) {
      logger.error({ err, subject }, 'could not dead-letter message; leaving it for redelivery');
      return 'retry';
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
      return 'ack';
    } catch (err) {
      busMetrics.failed.inc({ subject });
      busMetrics.handlerDuration.observe({ subject, outcome: 'failed' }, seconds());
      if (deliveryCount >= options.maxDeliveries) {
        const why = err instanceof Error ? err.message : String(err);
        return deadLetter('max_deliveries', `handler failed ${deliveryCount} times: ${why}`);
      }
      logger.warn(
        { err, subject, messageId: context.id, deliveryCount },
        'message handling failed; will retry',
      );
      return 'retry';
    }
  });
}
