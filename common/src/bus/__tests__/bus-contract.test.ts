import { Types } from 'mongoose';
import type { EventData } from '../../events/contracts';
import type { EventBus, MessageContext } from '../event-bus';
import { TestBroker, eventually, sleep, type Transport } from './brokers';

const objectId = () => new Types.ObjectId().toHexString();
const ticket = (n: number): EventData<'ticket:created'> => ({
  id: objectId(),
  version: n,
  title: `ticket ${n}`,
  price: 1000 + n,
  userId: objectId(),
});

// The same contract, run against both real brokers. Each test gets a fresh broker: a new durable subscription
// rightly replays everything already on its subject, which would mix one test's messages into the next.
describe.each<Transport>(['stan', 'jetstream'])('event bus contract on %s', (transport) => {
  let broker: TestBroker;
  const buses: EventBus[] = [];
  let serviceCounter = 0;
  const serviceName = () => `contract-${transport}-${Date.now()}-${serviceCounter++}`;
  const open = async (name: string) => {
    const bus = await broker.bus(name);
    buses.push(bus);
    return bus;
  };

  beforeEach(async () => {
    broker = await TestBroker.start(transport);
  });
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.close()));
    await broker.stop();
  });

  it('when an event is published, then a subscriber gets its validated data and correlation id', async () => {
    const name = serviceName();
    const bus = await open(name);
    const received: { data: EventData<'ticket:created'>; context: MessageContext }[] = [];
    await bus.subscribe('ticket:created', async (data, context) => {
      received.push({ data, context });
    });
    const sent = ticket(1);
    await bus.publish('ticket:created', sent, { correlationId: 'corr-1' });
    await eventually(() => expect(received).toHaveLength(1));
    expect(received[0]?.data).toEqual(sent);
    expect(received[0]?.context).toMatchObject({
      correlationId: 'corr-1',
      deliveryCount: 1,
      subject: 'ticket:created',
    });
  });

  it('when two members of a queue group subscribe, then each gets a share and no message is handled twice', async () => {
    const name = serviceName();
    const [a, b] = [await open(name), await open(name)];
    const handledBy = new Map<string, string[]>();
    const handler = (member: string) => async (data: EventData<'ticket:created'>) => {
      handledBy.set(data.id, [...(handledBy.get(data.id) ?? []), member]);
      await sleep(20);
    };
    await a!.subscribe('ticket:created', handler('a'), { maxInFlight: 1 });
    await b!.subscribe('ticket:created', handler('b'), { maxInFlight: 1 });
    const sent = Array.from({ length: 40 }, (_, n) => ticket(n));
    for (const event of sent) await a!.publish('ticket:created', event);
    await eventually(() => expect(handledBy.size).toBe(40), 30_000);
    await sleep(500);
    const members = [...handledBy.values()];
    expect(members.every((list) => list.length === 1)).toBe(true);
    expect(members.filter(([m]) => m === 'a').length).toBeGreaterThan(0);
    expect(members.filter(([m]) => m === 'b').length).toBeGreaterThan(0);
  });

  it('when a listener stops and starts again, then it resumes with nothing lost and nothing repeated', async () => {
    const name = serviceName();
    const seen: string[] = [];
    const first = await broker.bus(name);
    await first.subscribe('ticket:created', async (data) => {
      seen.push(data.id);
    });
    const before = [ticket(1), ticket(2)];
    for (const event of before) await first.publish('ticket:created', event);
    await eventually(() => expect(seen).toHaveLength(2));
    await first.close();

    const publisher = await open(`${name}-publisher`);
    const whileDown = [ticket(3), ticket(4), ticket(5)];
    for (const event of whileDown) await publisher.publish('ticket:created', event);

    const second = await open(name);
    await second.subscribe('ticket:created', async (data) => {
      seen.push(data.id);
    });
    await eventually(() => expect(seen).toHaveLength(5));
    await sleep(500);
    expect(seen.sort()).toEqual([...before, ...whileDown].map((e) => e.id).sort());
  });

  it('when a handler fails, then the message is not acked and comes back after the ack wait', async () => {
    const bus = await open(serviceName());
    const deliveries: { count: number; at: number }[] = [];
    await bus.subscribe(
      'ticket:created',
      async (_data, context) => {
        deliveries.push({ count: context.deliveryCount, at: Date.now() });
        if (context.deliveryCount === 1) throw new Error('transient failure');
      },
      { ackWaitMs: 1_000 },
    );
    await bus.publish('ticket:created', ticket(1));
    await eventually(() => expect(deliveries).toHaveLength(2), 10_000);
    expect(deliveries.map((d) => d.count)).toEqual([1, 2]);
    expect(deliveries[1]!.at - deliveries[0]!.at).toBeGreaterThanOrEqual(900);
    await sleep(1_500);
    expect(deliveries).toHaveLength(2);
  });

  it('when a message keeps failing, then it goes to dead letter after N tries without blocking the ones after it', async () => {
    const bus = await open(serviceName());
    const poison = ticket(1);
    const healthy = ticket(2);
    let poisonTries = 0;
    const handled: string[] = [];
    await bus.subscribe(
      'ticket:created',
      async (data) => {
        if (data.id === poison.id) {
          poisonTries += 1;
          throw new Error('cannot handle this one');
        }
        handled.push(data.id);
      },
      { ackWaitMs: 1_000, maxDeliveries: 3 },
    );
    await bus.publish('ticket:created', poison);
    await bus.publish('ticket:created', healthy);
    await eventually(() => expect(handled).toEqual([healthy.id]), 5_000);
    expect(poisonTries).toBeLessThan(3);
    await eventually(async () => {
      const letters = await broker.deadLetters('ticket:created');
      expect(letters.some((l) => l.payload.includes(poison.id) && l.deliveryCount === 3)).toBe(true);
    }, 20_000);
    await sleep(1_500);
    expect(poisonTries).toBe(3);
  });

  it('when a payload is invalid, then it never reaches a handler and goes to dead letter', async () => {
    const bus = await open(serviceName());
    const handled: unknown[] = [];
    await bus.subscribe('order:cancelled', async (data) => {
      handled.push(data);
    });
    await broker.publishRaw('order:cancelled', 'not json at all');
    await broker.publishRaw('order:cancelled', JSON.stringify({ id: 'x', data: { id: 'not-an-object-id' } }));
    await eventually(async () => {
      const letters = await broker.deadLetters('order:cancelled');
      expect(letters.filter((l) => /not JSON|invalid order:cancelled/.test(l.reason))).toHaveLength(2);
    });
    expect(handled).toEqual([]);
  });

  it('when the broker restarts, then no confirmed message is lost and the same bus carries on', async () => {
    const name = serviceName();
    const bus = await open(name);
    const publisher = await open(`${name}-publisher`);
    const seen = new Set<string>();
    // A crash can lose acks as well: those messages come back after the ack wait, hence a short one.
    await bus.subscribe(
      'ticket:created',
      async (data) => {
        seen.add(data.id);
      },
      { ackWaitMs: 2_000 },
    );
    const before = Array.from({ length: 10 }, (_, n) => ticket(n));
    for (const event of before) await publisher.publish('ticket:created', event);
    await broker.server.stop('SIGKILL');
    await broker.server.start();
    const after = Array.from({ length: 10 }, (_, n) => ticket(100 + n));
    for (const event of after) await publisher.publish('ticket:created', event);
    await eventually(() => expect(seen.size).toBe(20), 60_000);
    expect([...seen].sort()).toEqual([...before, ...after].map((e) => e.id).sort());
  }, 90_000);

  it('when the bus closes while a handler runs, then close waits for it and the message is acked', async () => {
    const name = serviceName();
    const bus = await broker.bus(name);
    let finished = 0;
    let started = 0;
    await bus.subscribe(
      'ticket:created',
      async () => {
        started += 1;
        await sleep(700);
        finished += 1;
      },
      { ackWaitMs: 2_000 },
    );
    await bus.publish('ticket:created', ticket(1));
    await eventually(() => expect(started).toBe(1));
    await bus.close();
    expect(finished).toBe(1);

    const again = await open(name);
    let redelivered = 0;
    await again.subscribe(
      'ticket:created',
      async () => {
        redelivered += 1;
      },
      { ackWaitMs: 2_000 },
    );
    await sleep(3_000);
    expect(redelivered).toBe(0);
  });
});
