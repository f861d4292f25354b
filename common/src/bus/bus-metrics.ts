import type { Subject } from '../events/contracts';
import { DURATION_BUCKETS, LAG_BUCKETS, counter, histogram } from '../metrics/registry';

/** Why a message went to dead letter: its payload is invalid, or its handler declared it unprocessable. */
export type DeadLetterReason = 'invalid' | 'unprocessable';

/** What the transports and the message processor record, labelled by subject (a fixed set) and nothing finer. */
export const busMetrics = {
  published: counter('events_published_total', 'Events the broker confirmed it stored, by subject', [
    'subject',
  ]),
  handled: counter('messages_handled_total', 'Messages whose handler succeeded (acked), by subject', [
    'subject',
  ]),
  failed: counter(
    'messages_failed_total',
    'Handler failures (a message not due yet is not one), each retried or dead-lettered, by subject',
    ['subject'],
  ),
  deadLettered: counter(
    'messages_dead_lettered_total',
    'Messages sent to the dead-letter subject, by subject and reason (invalid, unprocessable)',
    ['subject', 'reason'],
  ),
  handlerDuration: histogram(
    'message_handler_duration_seconds',
    'Time a handler took, by subject and outcome (handled, failed)',
    ['subject', 'outcome'],
    DURATION_BUCKETS,
  ),
  lag: histogram(
    'event_lag_seconds',
    'Time from the write that raised an event (its outbox entry) to the start of its first handling here, by subject',
    ['subject'],
    LAG_BUCKETS,
  ),
};

export function countPublished(subject: Subject): void {
  busMetrics.published.inc({ subject });
}
