import { Types } from 'mongoose';
import { ZodError } from 'zod';
import { correlationId, runWithContext } from '../context';
import type { EventData } from '../events/contracts';
import type { MessageContext, SubscribeOptions } from './event-bus';
import { FakeBus } from './fake-bus';
import { Listener } from './listener';

const objectId = () => new Types.ObjectId().toHexString();
const cancelled = (): EventData<'order:cancelled'> => ({
  id: objectId(),
  version: 1,
  userId: objectId(),
  ticket: { id: objectId() },
  holdSequence: 1,
});

/** A listener as services write them, recording what it handled and failing while `failing` is set. */
class RecordingListener extends Listener<'order:cancelled'> {
  readonly subject = 'order:cancelled' as const;
  protected override readonly options: SubscribeOptions = { ackWaitMs: 3_000 };
  readonly handled: { data: EventData<'order:cancelled'>; context: MessageContext; correlationId: string }[] =
    [];
  failing = false;

  async onMessage(data: EventData<'order:cancelled'>, context: MessageContext): Promise<void> {
    if (this.failing) throw new Error('not now');
    this.handled.push({ data, context, correlationId: correlationId() });
  }
}

async function listening() {
  const bus = new FakeBus('tickets-service');
  const listener = new RecordingListener(bus);
  await listener.listen();
  return { bus, listener };
}

describe('FakeBus', () => {
  it('when data is published, then it is recorded with the ambient correlation id', async () => {
    const bus = new FakeBus();
    const data = cancelled();
    await runWithContext({ correlationId: 'request-1' }, () => bus.publish('order:cancelled', data));
    expect(bus.published).toEqual([
      expect.objectContaining({ subject: 'order:cancelled', data, correlationId: 'request-1' }),
    ]);
    expect(bus.publishedData('order:cancelled')).toEqual([data]);
    expect(bus.publishedData('order:completed')).toEqual([]);
  });

  it('when published data breaks the contract, then publish rejects and nothing is recorded', async () => {
    const bus = new FakeBus();
    await expect(bus.publish('order:cancelled', { ...cancelled(), version: -1 })).rejects.toBeInstanceOf(
      ZodError,
    );
    expect(bus.published).toEqual([]);
  });

  it('when the broker is made to fail, then publish rejects with that error', async () => {
    const bus = new FakeBus();
    bus.failPublishWith = new Error('broker down');
    await expect(bus.publish('order:cancelled', cancelled())).rejects.toThrow('broker down');
    expect(bus.published).toEqual([]);
  });

  it('when a valid message is delivered, then the listener handles it in its own correlation id and it is acked', async () => {
    const { bus, listener } = await listening();
    const data = cancelled();
    await expect(bus.deliver('order:cancelled', data)).resolves.toBe('ack');
    expect(listener.handled).toHaveLength(1);
    expect(listener.handled[0]?.data).toEqual(data);
    expect(listener.handled[0]?.correlationId).toBe(listener.handled[0]?.context.correlationId);
  });

  it('when poison or invalid messages are delivered, then they are dead-lettered and acked, never handled', async () => {
    const { bus, listener } = await listening();
    await expect(bus.deliverRaw('order:cancelled', 'garbage')).resolves.toBe('ack');
    await expect(bus.deliver('order:cancelled', { id: 'nope' })).resolves.toBe('ack');
    expect(listener.handled).toEqual([]);
    expect(bus.deadLetters.map((letter) => [letter.service, letter.reason])).toEqual([
      ['tickets-service', 'payload is not JSON'],
      ['tickets-service', expect.stringMatching(/^invalid order:cancelled payload/)],
    ]);
  });

  it('when the listener keeps failing, then every delivery is a retry with a growing delay and nothing is dead-lettered', async () => {
    const { bus, listener } = await listening();
    listener.failing = true;
    const data = cancelled();
    await expect(bus.deliver('order:cancelled', data, 1)).resolves.toBe('retry');
    await expect(bus.decide('order:cancelled', data, 3)).resolves.toEqual({
      verdict: 'retry',
      retryInMs: 4_000,
    });
    await expect(bus.deliver('order:cancelled', data, 100)).resolves.toBe('retry');
    expect(bus.deadLetters).toEqual([]);
  });

  it('when nothing listens to a subject, then delivering to it is a test mistake and throws', () => {
    const bus = new FakeBus();
    expect(() => bus.deliverRaw('order:created', '{}')).toThrow('nothing subscribed to order:created');
  });

  it('when the bus is closed or cleared, then it says so and forgets what it recorded', async () => {
    const bus = new FakeBus();
    await bus.publish('order:cancelled', cancelled());
    bus.clear();
    expect(bus.published).toEqual([]);
    expect(bus.isConnected()).toBe(true);
    await bus.close();
    expect(bus.isConnected()).toBe(false);
  });
});
