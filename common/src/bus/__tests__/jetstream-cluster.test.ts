import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Types } from 'mongoose';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { JetStreamCluster, newNatsPasswords, type NatsPasswords } from '@ticketing/tools';
import { consumerName, OPERATOR_USER } from '../../events/bus-permissions';
import type { EventData } from '../../events/contracts';
import { natsServers, type NatsCredentials } from '../event-bus';
import { connectionCredentials, DEAD_LETTER_STREAM, EVENTS_STREAM, JetStreamBus } from '../jetstream-bus';
import { eventually, sleep } from './brokers';

const objectId = () => new Types.ObjectId().toHexString();
const ticket = (n: number): EventData<'ticket:created'> => ({
  id: objectId(),
  version: 0,
  title: `ticket ${n}`,
  price: 1000 + n,
  userId: objectId(),
});

/**
 * Publishes one event after another as the outbox relay does: an event stays until the bus acknowledges it, and a
 * refused publish is tried again (same event id, so the stream keeps one copy). `acked` grows with each ack.
 */
class SteadyPublisher {
  readonly acked: string[] = [];
  private stopped = false;
  private readonly done: Promise<void>;

  constructor(private readonly bus: JetStreamBus) {
    this.done = this.run();
  }

  private async run(): Promise<void> {
    for (let n = 0; !this.stopped; n += 1) {
      const event = ticket(n);
      while (!this.stopped) {
        try {
          await this.bus.publish('ticket:created', event, { id: event.id });
          this.acked.push(event.id);
          break;
        } catch {
          await sleep(100);
        }
      }
    }
  }

  /** Resolves once `count` more events were acknowledged than now. */
  async ackedMore(count: number, timeoutMs = 30_000): Promise<void> {
    const target = this.acked.length + count;
    await eventually(() => expect(this.acked.length).toBeGreaterThanOrEqual(target), timeoutMs);
  }

  /** Stops after the event in hand is acknowledged or given up (then it is not in `acked`). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }
}

describe('JetStream on a cluster of three servers', () => {
  let dir: string;
  let passwords: NatsPasswords;
  let cluster: JetStreamCluster;
  let operator: NatsConnection;
  let jsm: JetStreamManager;
  const buses: JetStreamBus[] = [];
  const publishers: SteadyPublisher[] = [];
  const credentials = (user: string): NatsCredentials => ({ user, password: passwords[user]! });
  const open = async (serviceName: string, user: string, streamReplicas: number) => {
    const bus = await JetStreamBus.connect({
      serviceName,
      url: cluster.url,
      credentials: credentials(user),
      streamReplicas,
    });
    buses.push(bus);
    return bus;
  };
  /** The server leading the events stream, once one is elected. */
  const streamLeader = async (): Promise<string> => {
    let leader = '';
    await eventually(async () => {
      leader = (await jsm.streams.info(EVENTS_STREAM)).cluster?.leader ?? '';
      expect(leader).not.toBe('');
    });
    return leader;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jetstream-cluster-'));
    passwords = newNatsPasswords();
    cluster = await JetStreamCluster.start({ dir, passwords });
    operator = await connect({
      servers: natsServers(cluster.url),
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      ...connectionCredentials(credentials(OPERATOR_USER)),
    });
    jsm = await jetstreamManager(operator);
  });
  afterEach(async () => {
    await Promise.all(publishers.splice(0).map((publisher) => publisher.stop()));
    await Promise.all(buses.splice(0).map((bus) => bus.close()));
    await operator.close();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when the streams have three replicas and one server is killed, then another after the first is back, then every acknowledged event is delivered and publishing goes on while a server is down', async () => {
    const publisher = await open('tickets-service', 'tickets', 3);
    const consumer = await open('orders-service', 'orders', 3);
    for (const stream of [EVENTS_STREAM, DEAD_LETTER_STREAM]) {
      expect((await jsm.streams.info(stream)).config.num_replicas).toBe(3);
    }
    const received = new Set<string>();
    await consumer.subscribe('ticket:created', async (data) => {
      received.add(data.id);
    });
    const steady = new SteadyPublisher(publisher);
    publishers.push(steady);
    await steady.ackedMore(20);

    const first = await streamLeader();
    await cluster.kill(first);
    // Two of three hold a majority: a new leader is elected and publishes are acknowledged again.
    await steady.ackedMore(20);
    await cluster.restart(first);
    // The first server catches up with what was stored while it was down before the next one goes.
    await eventually(async () => {
      const replicas = (await jsm.streams.info(EVENTS_STREAM)).cluster?.replicas ?? [];
      expect(replicas.map((r) => r.current)).toEqual([true, true]);
    }, 20_000);

    const leader = await streamLeader();
    const second = leader === first ? cluster.members.find((m) => m.name !== first)!.name : leader;
    await cluster.kill(second);
    await steady.ackedMore(20);
    await cluster.restart(second);
    await steady.ackedMore(5);
    await steady.stop();

    await eventually(() => expect(steady.acked.filter((id) => !received.has(id))).toEqual([]), 20_000);
    // The retried publishes carried their event id: the stream holds each event once.
    expect((await jsm.streams.info(EVENTS_STREAM)).state.messages).toBe(steady.acked.length);
  }, 90_000);

  it('when a server NATS_URL names is down, then a service connects through another; when the one it uses is killed, then it goes on through another', async () => {
    const publisher = await open('tickets-service', 'tickets', 3);
    // The last: a client given the list as one URL would know that one alone.
    const down = cluster.members.at(-1)!.name;
    await cluster.kill(down);
    const consumer = await open('orders-service', 'orders', 3);
    const received: string[] = [];
    await consumer.subscribe('ticket:created', async (data) => {
      received.push(data.id);
    });
    // As the outbox relay does: a publish refused while the cluster elects a new leader is tried again.
    const publish = async (event: EventData<'ticket:created'>) =>
      eventually(() => publisher.publish('ticket:created', event, { id: event.id }), 20_000);
    const before = ticket(0);
    await publish(before);
    // At least once: a delivery whose ack a killed server took with it comes again (consumers dedupe by event id).
    const seen = () => [...new Set(received)].sort();
    await eventually(() => expect(seen()).toEqual([before.id]), 20_000);
    await cluster.restart(down);

    const [serving] = await cluster.serving('orders-service');
    await cluster.kill(serving!);
    await eventually(async () => {
      const now = await cluster.serving('orders-service');
      expect(now).toHaveLength(1);
      expect(now).not.toContain(serving);
    }, 20_000);
    const after = ticket(1);
    await publish(after);
    await eventually(() => expect(seen()).toEqual([before.id, after.id].sort()), 20_000);
  }, 60_000);

  it('when the streams exist with one replica and a service connects with three, then it brings both to three and keeps their messages', async () => {
    const before = await open('tickets-service', 'tickets', 1);
    await before.publish('ticket:created', ticket(0));
    const consumer = await open('orders-service', 'orders', 1);
    await consumer.subscribe('ticket:created', async () => undefined);
    expect((await jsm.streams.info(EVENTS_STREAM)).config.num_replicas).toBe(1);

    await open('orders-service', 'orders', 3);
    for (const stream of [EVENTS_STREAM, DEAD_LETTER_STREAM]) {
      expect((await jsm.streams.info(stream)).config.num_replicas).toBe(3);
    }
    await eventually(async () => {
      const info = await jsm.streams.info(EVENTS_STREAM);
      expect(info.cluster?.replicas?.map((r) => r.current)).toEqual([true, true]);
      expect(info.state.messages).toBe(1);
      // The durable consumers follow their stream: their positions are stored three times too.
      const durable = await jsm.consumers.info(
        EVENTS_STREAM,
        consumerName('orders-service', 'ticket:created'),
      );
      expect(durable.cluster?.replicas?.length).toBe(2);
    }, 20_000);
  }, 60_000);

  it('when the streams have one replica and their server is killed, then publishes are refused until it is back', async () => {
    const publisher = await open('tickets-service', 'tickets', 1);
    expect((await jsm.streams.info(EVENTS_STREAM)).config.num_replicas).toBe(1);
    await publisher.publish('ticket:created', ticket(0));

    const holder = await streamLeader();
    await cluster.kill(holder);
    // The bus's own retries (JetStreamBus.publishWithRetry) do not outlast the server: the outbox keeps the event.
    await expect(publisher.publish('ticket:created', ticket(1))).rejects.toThrow();

    await cluster.restart(holder);
    const late = ticket(2);
    await eventually(() => publisher.publish('ticket:created', late, { id: late.id }), 20_000);
    expect((await jsm.streams.info(EVENTS_STREAM)).state.messages).toBe(2);
  }, 60_000);
});
