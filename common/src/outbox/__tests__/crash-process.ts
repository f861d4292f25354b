/**
 * A service process for the outbox crash test, run with `node -r @swc-node/register`. CRASH_MODE says what it
 * does: `after-write` saves a ticket and its pending event then dies by SIGKILL before any relay runs;
 * `after-publish` does the same but lets a relay publish the event and dies right after the broker confirmed
 * it, before the event is removed; `recover` is the restarted service: its relay publishes what was left and
 * the process exits 0 once nothing is pending.
 */
import { connect, disconnect, Types } from 'mongoose';
import { loadConfig, busConfigShape } from '../../config';
import { createEventBus } from '../../bus/create-bus';
import type { EventBus } from '../../bus/event-bus';
import { OutboxRelay, outboxEvent } from '../outbox';
import { CrashTicket } from './crash-model';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

function crash(): never {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('still alive after SIGKILL');
}

/** The real bus, except that the process dies as soon as a publish has been confirmed. */
function crashingAfterPublish(bus: EventBus): EventBus {
  return {
    transport: bus.transport,
    publish: async (subject, data, options) => {
      await bus.publish(subject, data, options);
      crash();
    },
    subscribe: (subject, handler, options) => bus.subscribe(subject, handler, options),
    isConnected: () => bus.isConnected(),
    stopConsuming: () => bus.stopConsuming(),
    pause: () => bus.pause(),
    resume: () => bus.resume(),
    close: () => bus.close(),
  };
}

/** The state change and its event in one save, as a route does. */
async function sellTicket(id: string): Promise<void> {
  const ticket = new CrashTicket({
    _id: new Types.ObjectId(id),
    title: 'Crash test concert',
    price: 4250,
    userId: env('SELLER_ID'),
    version: 0,
  });
  ticket.pendingEvents.push(
    outboxEvent('ticket:created', {
      id,
      version: ticket.version,
      title: ticket.title,
      price: ticket.price,
      userId: ticket.userId,
    }),
  );
  await ticket.save();
}

async function waitUntilNothingPending(id: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (((await CrashTicket.findById(id).lean())?.pendingEvents.length ?? 0) > 0) {
    if (Date.now() > deadline) throw new Error('events still pending');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main(): Promise<void> {
  const mode = env('CRASH_MODE');
  const ticketId = env('TICKET_ID');
  await connect(env('MONGO_URI'), { serverSelectionTimeoutMS: 10_000 });
  if (mode === 'after-write') {
    await sellTicket(ticketId);
    crash();
  }
  const bus = await createEventBus('tickets-service', loadConfig(busConfigShape('tickets-service')));
  if (mode === 'after-publish') {
    await sellTicket(ticketId);
    await new OutboxRelay(crashingAfterPublish(bus), [CrashTicket]).flush();
    throw new Error('the relay published nothing');
  }
  if (mode !== 'recover') throw new Error(`unknown CRASH_MODE ${mode}`);
  const relay = new OutboxRelay(bus, [CrashTicket], { intervalMs: 200 });
  relay.start();
  await waitUntilNothingPending(ticketId, 30_000);
  await relay.stop();
  await bus.close();
  await disconnect();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
