import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Types } from 'mongoose';
import { NATS_CLUSTER_ID } from '@ticketing/tools';
import { TestBroker, eventually, sleep, type Transport } from '../../bus/__tests__/brokers';
import type { EventBus, MessageContext } from '../../bus/event-bus';
import type { EventData } from '../../events/contracts';
import { startTestDatabase, type TestDatabase } from '../../testing/database';
import type { PendingEvent } from '../outbox';
import { CrashTicket } from './crash-model';

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

type Mode = 'after-write' | 'after-publish' | 'recover';

const CHILD_TIMEOUT_MS = 60_000;
/** How long to keep listening after the first copy arrived, to catch a duplicate. */
const DUPLICATE_WATCH_MS = 3_000;

/** Runs crash-process.ts as its own Node process, the way a service runs, and reports how it ended. */
function runProcess(mode: Mode, env: NodeJS.ProcessEnv): Promise<Exit> {
  const child = spawn(
    process.execPath,
    ['-r', require.resolve('@swc-node/register'), join(__dirname, 'crash-process.ts')],
    { env: { ...process.env, ...env, CRASH_MODE: mode }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

async function pendingEventsOf(ticketId: string): Promise<PendingEvent[]> {
  const ticket = await CrashTicket.findById(ticketId).lean();
  if (!ticket) throw new Error(`ticket ${ticketId} was never written`);
  return ticket.pendingEvents;
}

// The DESIGN promise: kill the process between the write and the publish, restart, and the event is published.
describe.each<Transport>(['stan', 'jetstream'])('outbox across a crash on %s', (transport) => {
  let db: TestDatabase;
  let broker: TestBroker;
  let subscriber: EventBus | undefined;
  const received: { data: EventData<'ticket:created'>; context: MessageContext }[] = [];

  beforeAll(async () => {
    db = await startTestDatabase();
  });
  afterAll(() => db.stop());
  // A fresh broker per test: a new durable subscription replays everything already on the subject.
  beforeEach(async () => {
    received.length = 0;
    broker = await TestBroker.start(transport);
  });
  afterEach(async () => {
    await subscriber?.close();
    subscriber = undefined;
    await broker.stop();
  });

  const processEnv = (ticketId: string): NodeJS.ProcessEnv => ({
    MONGO_URI: db.uri,
    TICKET_ID: ticketId,
    SELLER_ID: new Types.ObjectId().toHexString(),
    EVENT_BUS: transport,
    NATS_URL: broker.url,
    NATS_CLUSTER_ID,
    NATS_CLIENT_ID: `crash-${randomBytes(4).toString('hex')}`,
  });

  /** The orders service, listening for the ticket's creation. */
  async function subscribe(ticketId: string): Promise<void> {
    subscriber = await broker.bus('orders-service');
    await subscriber.subscribe('ticket:created', async (data, context) => {
      if (data.id === ticketId) received.push({ data, context });
    });
  }

  async function restartAndRecover(ticketId: string): Promise<void> {
    const restarted = await runProcess('recover', processEnv(ticketId));
    expect({ code: restarted.code, output: restarted.output }).toEqual({ code: 0, output: '' });
    expect(await pendingEventsOf(ticketId)).toEqual([]);
  }

  it('when the process is killed between the write and the publish, then after a restart the event is published exactly once', async () => {
    const ticketId = new Types.ObjectId().toHexString();
    const crashed = await runProcess('after-write', processEnv(ticketId));
    expect({ signal: crashed.signal, output: crashed.output }).toEqual({ signal: 'SIGKILL', output: '' });

    const [pending, ...more] = await pendingEventsOf(ticketId);
    expect(more).toEqual([]);
    expect(pending).toMatchObject({
      subject: 'ticket:created',
      data: { id: ticketId, version: 0, price: 4250 },
    });

    await subscribe(ticketId);
    await sleep(1_000);
    expect(received).toEqual([]);

    await restartAndRecover(ticketId);
    await eventually(() => expect(received).toHaveLength(1));
    await sleep(DUPLICATE_WATCH_MS);
    expect(received).toHaveLength(1);
    expect(received[0]?.data).toEqual(pending?.data);
    // The outbox keeps the event's identity and the correlation id of the request that caused it.
    expect(received[0]?.context).toMatchObject({ id: pending?.id, correlationId: pending?.correlationId });
  }, 90_000);

  it('when the process is killed after the publish but before the event is removed, then the restart publishes it again and consumers see the same event id', async () => {
    const ticketId = new Types.ObjectId().toHexString();
    const crashed = await runProcess('after-publish', processEnv(ticketId));
    expect({ signal: crashed.signal, output: crashed.output }).toEqual({ signal: 'SIGKILL', output: '' });

    // The broker has the event, yet the document still says it is pending.
    const [pending, ...more] = await pendingEventsOf(ticketId);
    expect(more).toEqual([]);
    await subscribe(ticketId);
    await eventually(() => expect(received).toHaveLength(1));

    await restartAndRecover(ticketId);
    await sleep(DUPLICATE_WATCH_MS);
    expect(received.every(({ context }) => context.id === pending?.id)).toBe(true);
    if (transport === 'jetstream') {
      // The relay republishes with the same Nats-Msg-Id, which the stream drops as a duplicate.
      expect(received).toHaveLength(1);
    } else {
      // NATS Streaming cannot de-duplicate: the copy reaches consumers, which is why they must be idempotent.
      expect(received.length).toBeGreaterThanOrEqual(1);
      expect(received.length).toBeLessThanOrEqual(2);
    }
  }, 90_000);
});
