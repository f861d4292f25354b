import { readFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import * as nats from 'node-nats-streaming';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { newNatsPasswords, NATS_CLUSTER_ID } from '@ticketing/tools';
import {
  BUS_USER_NAMES,
  BUS_USERS,
  consumerName,
  EVENTS_STREAM,
  type BusUser,
} from '../../events/bus-permissions';
import type { EventData, Subject } from '../../events/contracts';
import type { EventBus } from '../event-bus';
import { connectionCredentials } from '../jetstream-bus';
import { deadLettersCommand } from '../dead-letters/command';
import { TestBroker, eventually, type Transport } from './brokers';

const objectId = () => new Types.ObjectId().toHexString();
const orderId = objectId();
const at = new Date(Date.now() + 60_000).toISOString();

/** One valid event of every subject. */
const SAMPLES: { [S in Subject]: EventData<S> } = {
  'ticket:created': { id: objectId(), version: 0, title: 'concert', price: 1000, userId: objectId() },
  'ticket:updated': { id: objectId(), version: 1, title: 'concert', price: 1200, userId: objectId() },
  'order:created': {
    id: orderId,
    version: 0,
    status: 'created',
    userId: objectId(),
    expiresAt: at,
    ticket: { id: objectId(), price: 1000 },
    holdSequence: 1,
  },
  'order:confirmed': {
    id: orderId,
    version: 1,
    status: 'awaiting_payment',
    userId: objectId(),
    expiresAt: at,
    price: 1000,
  },
  'order:cancelled': {
    id: orderId,
    version: 2,
    userId: objectId(),
    ticket: { id: objectId() },
    holdSequence: 1,
  },
  'order:completed': {
    id: orderId,
    version: 2,
    userId: objectId(),
    ticket: { id: objectId() },
    holdSequence: 1,
  },
  'expiration:complete': { orderId },
  'payment:created': { id: objectId(), orderId, stripeId: 'ch_test' },
  'payment:failed': { orderId, reason: 'declined' },
  'session:revoked': { sessionId: randomUUID(), expiresAt: at },
};

const publishSample = <S extends Subject>(bus: EventBus, subject: S) =>
  bus.publish(subject, SAMPLES[subject]);

// The server configurations generated from BUS_USERS (events/bus-permissions.ts), on each real broker: the
// one-machine platform's (passwords in the file) and the manifests' (passwords from the pod's environment).
describe.each<[Transport, 'one machine' | 'kubernetes']>([
  ['stan', 'one machine'],
  ['jetstream', 'one machine'],
  ['stan', 'kubernetes'],
  ['jetstream', 'kubernetes'],
])('bus permissions on %s, %s configuration', (transport, configuration) => {
  let broker: TestBroker;
  const buses: EventBus[] = [];

  async function busOf(user: BusUser): Promise<EventBus> {
    const bus = await broker.bus(BUS_USERS[user].service, broker.credentials(user));
    buses.push(bus);
    return bus;
  }

  beforeAll(async () => {
    broker = await TestBroker.start(transport, {
      passwords: newNatsPasswords(),
      kubernetes: configuration === 'kubernetes',
    });
  });
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.close()));
  });
  afterAll(async () => {
    await broker.stop();
  });

  it("when every service publishes its events and consumes its own, then each gets them and dead-letters what it can't read, with no permission refused", async () => {
    const received: string[] = [];
    const services = await Promise.all(BUS_USER_NAMES.map((user) => busOf(user)));
    await Promise.all(
      BUS_USER_NAMES.map(async (user, i) => {
        for (const subject of BUS_USERS[user].consumes) {
          await services[i]!.subscribe(subject, async () => {
            received.push(`${user} ${subject}`);
          });
        }
      }),
    );
    for (const [i, user] of BUS_USER_NAMES.entries()) {
      for (const subject of BUS_USERS[user].publishes) await publishSample(services[i]!, subject);
    }
    // A payload nobody can read: each consumer of the subject dead-letters it (publishes its own dead letter).
    await broker.publishRaw('order:created', 'not json');

    const expected = BUS_USER_NAMES.flatMap((user) =>
      BUS_USERS[user].consumes.map((subject) => `${user} ${subject}`),
    );
    await eventually(() => expect([...new Set(received)].sort()).toEqual([...expected].sort()));
    const consumersOfOrderCreated = BUS_USER_NAMES.filter((user) =>
      (BUS_USERS[user].consumes as readonly string[]).includes('order:created'),
    ).map((user) => BUS_USERS[user].service);
    await eventually(async () =>
      expect((await broker.deadLetters('order:created')).map((letter) => letter.service).sort()).toEqual(
        consumersOfOrderCreated.sort(),
      ),
    );
    expect(readFileSync(broker.logFile, 'utf8')).not.toMatch(/Violation/);
  });

  it('when the operator runs npm run dead-letters with its own user, then it lists the letters the services filed', async () => {
    const env = (user: string) => ({
      EVENT_BUS: transport,
      NATS_URL: broker.url,
      NATS_CLUSTER_ID,
      NATS_USER: user,
      NATS_PASSWORD: broker.credentials(user)?.password,
    });
    const run = async (user: string) => {
      const out: string[] = [];
      const code = await deadLettersCommand(['list', '--json', '--subject', 'order:created'], env(user), {
        out: (line) => out.push(line),
        err: () => undefined,
      });
      return { code, out };
    };
    const operator = await run('dead-letters');
    expect(operator.code).toBe(0);
    expect((JSON.parse(operator.out.join('\n')) as unknown[]).length).toBeGreaterThan(0);
    // On JetStream a service's user may not read the dead letters (NATS Streaming cannot refuse it, see below).
    if (transport === 'jetstream') await expect(run('tickets')).rejects.toThrow(/Permissions Violation/);
  });

  it('when tickets publishes payment:created with its own credentials, then the server refuses it and orders never sees it', async () => {
    const orders = await busOf('orders');
    const payments = await busOf('payments');
    const tickets = await busOf('tickets');
    const seen: string[] = [];
    // Another ack wait than the first test's: on JetStream, orders updates its existing durable consumer.
    await orders.subscribe(
      'payment:created',
      async (data) => {
        seen.push(data.stripeId);
      },
      { ackWaitMs: 7_000 },
    );

    await expect(
      tickets.publish('payment:created', { ...SAMPLES['payment:created'], stripeId: 'forged' }),
    ).rejects.toThrow();
    // What follows on the subject is delivered in order: a forged payment stored before it would come first.
    await payments.publish('payment:created', { ...SAMPLES['payment:created'], stripeId: 'genuine' });
    await eventually(() => expect(seen).toContain('genuine'));
    expect(seen).not.toContain('forged');
    const log = readFileSync(broker.logFile, 'utf8');
    expect(log).toMatch(/Publish Violation - User "tickets"/);
    expect(log).not.toMatch(/Violation - User "(orders|payments)"/);
  });

  it('when auth publishes session:revoked, then every service gets it through its own durable; when tickets publishes it, then the server refuses it', async () => {
    const auth = await busOf('auth');
    const tickets = await busOf('tickets');
    const [forged, genuine] = [randomUUID(), randomUUID()];
    const seen: string[] = [];
    // Another ack wait than the first test's: on JetStream, tickets updates its existing durable consumer.
    await tickets.subscribe(
      'session:revoked',
      async (data) => {
        seen.push(data.sessionId);
      },
      { ackWaitMs: 7_000 },
    );

    await expect(
      tickets.publish('session:revoked', { ...SAMPLES['session:revoked'], sessionId: forged }),
    ).rejects.toThrow();
    // What follows on the subject is delivered in order: a forged revocation stored before it would come first.
    await auth.publish('session:revoked', { ...SAMPLES['session:revoked'], sessionId: genuine });
    await eventually(() => expect(seen).toContain(genuine));
    expect(seen).not.toContain(forged);
    const log = readFileSync(broker.logFile, 'utf8');
    expect(log).toMatch(/Publish Violation - User "tickets"/);
    expect(log).not.toMatch(/Violation - User "auth"/);
  });

  it('when a client brings no password or a wrong one, then the server refuses the connection', async () => {
    const wrong = { user: 'tickets', password: randomBytes(24).toString('hex') };
    for (const credentials of [undefined, wrong]) {
      if (transport === 'jetstream') {
        await expect(connect({ servers: broker.url, ...connectionCredentials(credentials) })).rejects.toThrow(
          /[Aa]uthorization/,
        );
        continue;
      }
      const stan = nats.connect(NATS_CLUSTER_ID, `refused-${randomBytes(4).toString('hex')}`, {
        url: broker.url,
        maxReconnectAttempts: 0,
        ...(credentials ? { user: credentials.user, pass: credentials.password } : {}),
      });
      await expect(
        new Promise((resolve, reject) => {
          stan.once('connect', resolve);
          stan.once('error', reject);
        }),
      ).rejects.toThrow(/[Aa]uthorization/);
      stan.close();
    }
  });

  if (transport === 'jetstream') {
    it("when tickets consumes payment:created, through orders' durable consumer or one of its own, then the server refuses it", async () => {
      const tickets = await busOf('tickets');
      await expect(tickets.subscribe('payment:created', async () => undefined)).rejects.toThrow();

      await busOf('orders').then((orders) => orders.subscribe('payment:created', async () => undefined));
      const nc = await connect({
        servers: broker.url,
        ...connectionCredentials(broker.credentials('tickets')),
      });
      try {
        const jsm = await jetstreamManager(nc);
        // Its own consumer's name with another subject: a durable is held to the subject it was made for.
        await expect(
          jsm.consumers.add(EVENTS_STREAM, {
            durable_name: consumerName(BUS_USERS.tickets.service, 'order:created'),
            filter_subject: 'payment:created',
          }),
        ).rejects.toThrow();
        await expect(
          jsm.consumers.info(EVENTS_STREAM, consumerName(BUS_USERS.orders.service, 'payment:created')),
        ).rejects.toThrow();
      } finally {
        await nc.close();
      }
    });
  }

  if (transport === 'stan') {
    // What NATS Streaming cannot enforce (docs/architecture.md, Security): the server files a message under the
    // subject written inside it, so a client that writes its own protocol publishes any subject on an allowed one.
    it('when tickets sends payment:created inside a publish on its own ticket:created, then NATS Streaming stores it as payment:created (the limit of the stan permissions)', async () => {
      const password = broker.credentials('tickets')?.password;
      const stan = nats.connect(NATS_CLUSTER_ID, `forger-${randomBytes(4).toString('hex')}`, {
        url: broker.url,
        user: 'tickets',
        pass: password,
      });
      await new Promise<void>((resolve, reject) => {
        stan.once('connect', () => resolve());
        stan.once('error', reject);
      });
      const client = stan as unknown as { nc: { publish: (...args: unknown[]) => void } };
      const publish = client.nc.publish.bind(client.nc);
      client.nc.publish = (subject: unknown, ...rest: unknown[]) =>
        publish(String(subject).replace(/payment:created$/, 'ticket:created'), ...rest);
      const forged = JSON.stringify({ id: objectId(), subject: 'payment:created', forged: true });
      await new Promise<void>((resolve, reject) =>
        stan.publish('payment:created', forged, (err) => (err ? reject(err) : resolve())),
      );
      stan.close();

      const stored: string[] = [];
      const reader = nats.connect(NATS_CLUSTER_ID, `reader-${randomBytes(4).toString('hex')}`, {
        url: broker.url,
        user: 'dead-letters',
        pass: broker.credentials('dead-letters')?.password,
      });
      await new Promise<void>((resolve) => reader.once('connect', () => resolve()));
      const subscription = reader.subscribe(
        'payment:created',
        reader.subscriptionOptions().setDeliverAllAvailable(),
      );
      subscription.on('message', (message: nats.Message) => stored.push(String(message.getData())));
      try {
        await eventually(() => expect(stored).toContain(forged));
      } finally {
        reader.close();
      }
    });
  }
});
