import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import mongoose, { type Model } from 'mongoose';

// Each service's modules come from a module registry of their own (jest.isolateModules): its own outbox relay
// registry, metrics and, above all, its own Mongoose instance with its own default connection and database
// (orders and payments both name a model 'Order'), as in separate processes. Loaded once per test file; a schedule
// only empties the data.

type Mongoose = typeof import('mongoose');
type Common = typeof import('@ticketing/common');

/**
 * A Mongoose instance of its own, shaped like the module. Mongoose's code itself stays the one copy of the main
 * registry: it requires some of its files lazily, and a copy loaded into an isolated registry would reach the main
 * registry's files for those, whose classes its `instanceof` checks then refuse. Its methods are bound, since
 * `import { model } from 'mongoose'` calls them without a receiver (which would mean the default instance).
 */
function separateMongoose(): Mongoose {
  const instance = new mongoose.Mongoose();
  const facade: Mongoose = new Proxy(instance, {
    get(target, key) {
      if (key === '__esModule') return true;
      if (key === 'default') return facade;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' && typeof key === 'string' && /^[a-z]/.test(key)
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
  }) as unknown as Mongoose;
  return facade;
}

/**
 * Mongoose's own files, loaded once in the main registry. Mongoose requires some of them lazily (at schema or model
 * creation): made while a service loads in its registry, such a require would load a second copy there.
 */
function mongooseFiles(): Map<string, unknown> {
  const files = new Map<string, unknown>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js')) files.set(path, jest.requireActual<object>(path));
    }
  };
  walk(join(dirname(require.resolve('mongoose/package.json')), 'lib'));
  return files;
}

let shared: Map<string, unknown> | undefined;

function isolated<T>(load: () => T): T {
  let loaded: T | undefined;
  const own = separateMongoose();
  shared ??= mongooseFiles();
  const files = shared;
  jest.isolateModules(() => {
    jest.doMock('mongoose', () => own);
    for (const [path, exports] of files) jest.doMock(path, () => exports);
    loaded = load();
  });
  jest.dontMock('mongoose');
  for (const path of files.keys()) jest.dontMock(path);
  return loaded as T;
}

const load = <T extends object>(path: string): T => jest.requireActual<T>(path);

function loadTickets() {
  return isolated(() => ({
    mongoose: jest.requireMock<Mongoose>('mongoose'),
    common: load<Common>('@ticketing/common'),
    ...load<typeof import('../../tickets/src/app')>('../../tickets/src/app'),
    ...load<typeof import('../../tickets/src/events/listeners')>('../../tickets/src/events/listeners'),
    ...load<typeof import('../../tickets/src/models/ticket')>('../../tickets/src/models/ticket'),
  }));
}

function loadOrders() {
  return isolated(() => ({
    mongoose: jest.requireMock<Mongoose>('mongoose'),
    common: load<Common>('@ticketing/common'),
    ...load<typeof import('../../orders/src/app')>('../../orders/src/app'),
    ...load<typeof import('../../orders/src/events/listeners')>('../../orders/src/events/listeners'),
    ...load<typeof import('../../orders/src/models/order')>('../../orders/src/models/order'),
    TicketCopy: load<typeof import('../../orders/src/models/ticket')>('../../orders/src/models/ticket')
      .Ticket,
    ...load<typeof import('../../orders/src/sweeper')>('../../orders/src/sweeper'),
  }));
}

function loadPayments() {
  return isolated(() => ({
    mongoose: jest.requireMock<Mongoose>('mongoose'),
    common: load<Common>('@ticketing/common'),
    ...load<typeof import('../../payments/src/app')>('../../payments/src/app'),
    ...load<typeof import('../../payments/src/events/listeners')>('../../payments/src/events/listeners'),
    ...load<typeof import('../../payments/src/models/charge')>('../../payments/src/models/charge'),
    OrderCopy: load<typeof import('../../payments/src/models/order')>('../../payments/src/models/order')
      .Order,
    ...load<typeof import('../../payments/src/charges/reconcile-charges')>(
      '../../payments/src/charges/reconcile-charges',
    ),
    ...load<typeof import('../../payments/src/config')>('../../payments/src/config'),
  }));
}

function loadExpiration() {
  return isolated(() => ({
    common: load<Common>('@ticketing/common'),
    ...load<typeof import('../../expiration/src/events/listeners')>('../../expiration/src/events/listeners'),
    ...load<typeof import('../../expiration/src/queues/expiration-processor')>(
      '../../expiration/src/queues/expiration-processor',
    ),
  }));
}

export type TicketsModules = ReturnType<typeof loadTickets>;
export type OrdersModules = ReturnType<typeof loadOrders>;
export type PaymentsModules = ReturnType<typeof loadPayments>;
export type ExpirationModules = ReturnType<typeof loadExpiration>;

export interface Services {
  tickets: TicketsModules;
  orders: OrdersModules;
  payments: PaymentsModules;
  expiration: ExpirationModules;
  /** Empties every collection of every service (indexes stay). */
  clear(): Promise<void>;
  stop(): Promise<void>;
}

async function connect(mongoose: Mongoose, service: string, models: Model<never>[]): Promise<void> {
  const base = process.env.MONGO_URI;
  if (!base)
    throw new Error('MONGO_URI is not set: run the simulation through jest (its global setup starts one)');
  const url = new URL(base);
  url.pathname = `/sim_${service}_${process.pid}`;
  mongoose.set('strictQuery', true);
  await mongoose.connect(url.toString(), { serverSelectionTimeoutMS: 10_000 });
  await mongoose.connection.dropDatabase();
  // The unique claims (ticket lock, buyer slot, one charge per order) must exist before the first write.
  await Promise.all(models.map((model) => model.init()));
}

async function clear(mongoose: Mongoose): Promise<void> {
  const collections = await mongoose.connection.db!.collections();
  await Promise.all(collections.map((collection) => collection.deleteMany({})));
}

export async function loadServices(): Promise<Services> {
  const tickets = loadTickets();
  const orders = loadOrders();
  const payments = loadPayments();
  const expiration = loadExpiration();
  const models = (...list: unknown[]) => list as Model<never>[];
  const all = [tickets.mongoose, orders.mongoose, payments.mongoose];
  const stop = async () => {
    for (const mongoose of all) {
      if (mongoose.connection.readyState === 1)
        await mongoose.connection.dropDatabase().catch(() => undefined);
      await mongoose.disconnect();
    }
  };
  // Fresh databases for each test file (they run one after another in one process).
  const run = `sim_${process.pid}_${randomBytes(4).toString('hex')}`;
  try {
    await connect(tickets.mongoose, `${run}_tickets`, models(tickets.Ticket));
    await connect(orders.mongoose, `${run}_orders`, models(orders.Order, orders.TicketCopy));
    await connect(payments.mongoose, `${run}_payments`, models(payments.Charge, payments.OrderCopy));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    tickets,
    orders,
    payments,
    expiration,
    clear: async () => {
      await Promise.all(all.map(clear));
    },
    stop,
  };
}
