import { Types } from 'mongoose';
import type { EventData } from '../events/contracts';
import { metricValue } from '../testing/metrics';
import { FakeBus } from './fake-bus';
import { UnprocessableMessageError } from './message-errors';

const objectId = () => new Types.ObjectId().toHexString();
const ticket = (): EventData<'ticket:created'> => ({
  id: objectId(),
  version: 0,
  title: 'Concert',
  price: 1999,
  userId: objectId(),
});
const subject = { subject: 'ticket:created' };

/** A bus whose ticket:created handler fails while `failing` is set (with `failure`, or a plain error). */
async function busWithHandler() {
  const bus = new FakeBus('metrics-test');
  const state: { failing: boolean; failure?: Error } = { failing: false };
  await bus.subscribe('ticket:created', async () => {
    if (state.failing) throw state.failure ?? new Error('database down');
  });
  return { bus, state };
}

describe('bus metrics', () => {
  it('when a message is handled, then handled, the handler duration and the event lag move', async () => {
    const { bus } = await busWithHandler();
    const handled = await metricValue('ticketing_messages_handled_total', subject);
    const timed = await metricValue('ticketing_message_handler_duration_seconds_count', {
      ...subject,
      outcome: 'handled',
    });
    const lag = await metricValue('ticketing_event_lag_seconds_count', subject);

    expect(await bus.deliver('ticket:created', ticket())).toBe('ack');

    expect(await metricValue('ticketing_messages_handled_total', subject)).toBe(handled + 1);
    expect(
      await metricValue('ticketing_message_handler_duration_seconds_count', {
        ...subject,
        outcome: 'handled',
      }),
    ).toBe(timed + 1);
    expect(await metricValue('ticketing_event_lag_seconds_count', subject)).toBe(lag + 1);
  });

  it('when a handler fails, then failed moves and handled does not; a redelivery adds no lag sample', async () => {
    const { bus, state } = await busWithHandler();
    state.failing = true;
    const failed = await metricValue('ticketing_messages_failed_total', subject);
    const handled = await metricValue('ticketing_messages_handled_total', subject);

    expect(await bus.deliver('ticket:created', ticket())).toBe('retry');
    const lag = await metricValue('ticketing_event_lag_seconds_count', subject);
    expect(await bus.deliver('ticket:created', ticket(), 2)).toBe('retry');

    expect(await metricValue('ticketing_messages_failed_total', subject)).toBe(failed + 2);
    expect(await metricValue('ticketing_messages_handled_total', subject)).toBe(handled);
    expect(await metricValue('ticketing_event_lag_seconds_count', subject)).toBe(lag);
    expect(
      await metricValue('ticketing_message_handler_duration_seconds_count', {
        ...subject,
        outcome: 'failed',
      }),
    ).toBeGreaterThanOrEqual(2);
  });

  it('when a message is poison, then it is counted as dead-lettered for being invalid', async () => {
    const { bus } = await busWithHandler();
    const labels = { ...subject, reason: 'invalid' };
    const before = await metricValue('ticketing_messages_dead_lettered_total', labels);

    expect(await bus.deliverRaw('ticket:created', 'not json')).toBe('ack');
    expect(await bus.deliver('ticket:created', { id: 'not an id' })).toBe('ack');

    expect(bus.deadLetters).toHaveLength(2);
    expect(await metricValue('ticketing_messages_dead_lettered_total', labels)).toBe(before + 2);
  });

  it('when a handler declares a message unprocessable, then it is counted as dead-lettered for that reason', async () => {
    const { bus, state } = await busWithHandler();
    state.failing = true;
    state.failure = new UnprocessableMessageError('refers to nothing');
    const labels = { ...subject, reason: 'unprocessable' };
    const before = await metricValue('ticketing_messages_dead_lettered_total', labels);

    expect(await bus.deliver('ticket:created', ticket())).toBe('ack');

    expect(await metricValue('ticketing_messages_dead_lettered_total', labels)).toBe(before + 1);
  });

  it('when an event is published, then the published counter of its subject moves, and not on a refusal', async () => {
    const bus = new FakeBus();
    const before = await metricValue('ticketing_events_published_total', subject);

    await bus.publish('ticket:created', ticket());
    bus.failPublishWith = new Error('broker down');
    await expect(bus.publish('ticket:created', ticket())).rejects.toThrow('broker down');

    expect(await metricValue('ticketing_events_published_total', subject)).toBe(before + 1);
  });
});
