import { Types } from 'mongoose';
import type { EventData } from '../../events/contracts';
import type { EventBus, MessageContext } from '../event-bus';
import { RetryLaterError, UnprocessableMessageError } from '../message-errors';
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

  it('when a handler keeps failing, then the message comes back with growing delays, is never dead-lettered, and blocks nothing', async () => {
    const bus = await open(serviceName());
    const failing = ticket(1);
    const healthy = ticket(2);
    const tries: number[] = [];
    const handled: string[] = [];
    // On JetStream the backoff (nak with 1 s, then 2 s) brings it back well before this ack wait; NATS Streaming
    // cannot nak, so there the ack wait is the delay.
    const ackWaitMs = transport === 'jetstream' ? 20_000 : 1_000;
    await bus.subscribe(
      'ticket:created',
      async (data) => {
        if (data.id !== failing.id) {
          handled.push(data.id);
          return;
        }
        tries.push(Date.now());
        throw new Error('database unreachable');
      },
      { ackWaitMs },
    );
    await bus.publish('ticket:created', failing);
    await bus.publish('ticket:created', healthy);
    await eventually(() => expect(handled).toEqual([healthy.id]), 5_000);
    // Past the five deliveries after which the message used to be dead-lettered, where the delays allow it.
    const wanted = transport === 'jetstream' ? 3 : 6;
    await eventually(() => expect(tries.length).toBeGreaterThanOrEqual(wanted), 15_000);
    const gaps = tries.slice(1).map((at, n) => at - tries[n]!);
    if (transport === 'jetstream') {
      expect(gaps[0]).toBeGreaterThanOrEqual(900);
      expect(gaps[1]).toBeGreaterThanOrEqual(1_900);
    } else {
      expect(gaps.every((gap) => gap >= 900)).toBe(true);
    }
    expect(await broker.deadLetters('ticket:created')).toEqual([]);
  });

  it('when a handler says a message is not due yet, then it comes back after that delay where the transport can', async () => {
    const bus = await open(serviceName());
    const deliveries: number[] = [];
    const ackWaitMs = transport === 'jetstream' ? 20_000 : 1_000;
    await bus.subscribe(
      'ticket:created',
      async () => {
        deliveries.push(Date.now());
        if (deliveries.length === 1) throw new RetryLaterError(1_500);
      },
      { ackWaitMs },
    );
    await bus.publish('ticket:created', ticket(1));
    // JetStream honours the 1.5 s (well inside its 20 s ack wait); NATS Streaming redelivers after its ack wait.
    await eventually(() => expect(deliveries).toHaveLength(2), 10_000);
    expect(deliveries[1]! - deliveries[0]!).toBeGreaterThanOrEqual(transport === 'jetstream' ? 1_400 : 900);
    expect(await broker.deadLetters('ticket:created')).toEqual([]);
  });

  it('when a handler says a message is unprocessable, then it goes to dead letter once without blocking the ones after it', async () => {
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
          throw new UnprocessableMessageError('cannot handle this one');
        }
        handled.push(data.id);
      },
      { ackWaitMs: 1_000 },
    );
    await bus.publish('ticket:created', poison);
    await bus.publish('ticket:created', healthy);
    await eventually(() => expect(handled).toEqual([healthy.id]), 5_000);
    await eventually(async () => {
      const letters = await broker.deadLetters('ticket:created');
      expect(letters).toEqual([
        expect.objectContaining({ reason: 'unprocessable: cannot handle this one', deliveryCount: 1 }),
      ]);
    }, 10_000);
    await sleep(1_500);
    expect(poisonTries).toBe(1);
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

  it('when the bus is paused, then a running handler finishes and acks, and nothing new is taken until it resumes', async () => {
    const bus = await open(serviceName());
    const [first, second] = [ticket(1), ticket(2)];
    let release = () => undefined as void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const started: string[] = [];
    const handled: string[] = [];
    await bus.subscribe(
      'ticket:created',
      async (data) => {
        started.push(data.id);
        if (data.id === first.id) await released;
        handled.push(data.id);
      },
      { ackWaitMs: 1_000 },
    );
    await bus.publish('ticket:created', first);
    await eventually(() => expect(started).toEqual([first.id]));

    const pausing = bus.pause();
    release();
    await pausing;
    expect(handled).toEqual([first.id]);
    await bus.publish('ticket:created', second);
    // Past the ack wait twice over: nothing new is taken, and the first one, acked, does not come back.
    await sleep(2_500);
    expect(started).toEqual([first.id]);

    await bus.resume();
    await eventually(() => expect(handled).toEqual([first.id, second.id]));
    await sleep(1_500);
    expect(started).toEqual([first.id, second.id]);
  });

  it('when a bus subscribes while paused (a service that starts not ready), then it takes nothing until it resumes', async () => {
    const bus = await open(serviceName());
    const handled: string[] = [];
    await bus.pause();
    await bus.subscribe('ticket:created', async (data) => void handled.push(data.id), { ackWaitMs: 1_000 });
    const sent = ticket(1);
    await bus.publish('ticket:created', sent);
    await sleep(1_500);
    expect(handled).toEqual([]);
    await bus.resume();
    await eventually(() => expect(handled).toEqual([sent.id]));
  });

  it('when one member of a queue group is paused, then the other takes every message', async () => {
    const name = serviceName();
    const [paused, ready] = [await open(name), await open(name)];
    const byPaused: string[] = [];
    const byReady: string[] = [];
    await paused!.subscribe('ticket:created', async (data) => void byPaused.push(data.id), {
      ackWaitMs: 1_000,
    });
    await ready!.subscribe('ticket:created', async (data) => void byReady.push(data.id), {
      ackWaitMs: 1_000,
    });
    await paused!.pause();
    const sent = Array.from({ length: 20 }, (_, n) => ticket(n));
    for (const event of sent) await ready!.publish('ticket:created', event);
    await eventually(() => expect(byReady.sort()).toEqual(sent.map((e) => e.id).sort()), 15_000);
    expect(byPaused).toEqual([]);
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
