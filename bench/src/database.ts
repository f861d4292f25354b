/**
 * Database benchmark: what one command of each shape the services send costs the database server itself (the
 * MongoDB stand-in unless the machine has a mongod), in CPU of its process per command, on a collection of 1,000
 * documents shaped like tickets. Tells how much of a lifecycle's CPU is the server's whatever the services do.
 * Part of npm run bench (name: database).
 */
import { ObjectId } from 'mongodb';
import { cpuSeconds } from './lib/cpu';
import { runPool } from './lib/pool';
import { printTable, writeResult } from './lib/report';
import { fmt } from './lib/stats';
import { startTicketStore } from './lib/ticket-store';

const DOCUMENTS = 1_000;
const WARM_UP = 1_000;
const COMMANDS = 2_000;
/** Commands in flight at once, as a service's connection pool has under load. */
const IN_FLIGHT = 8;

interface Shape {
  name: string;
  run(index: number): Promise<unknown>;
}

export async function database(): Promise<void> {
  const store = await startTicketStore(DOCUMENTS);
  try {
    const { tickets: collection, ids } = store;
    const id = (n: number) => ids[n % DOCUMENTS]!;
    const shapes: Shape[] = [
      { name: 'findOne by _id', run: (n) => collection.findOne({ _id: id(n) }) },
      {
        name: 'find {_id: {$in: [one id]}} (the relay)',
        run: (n) => collection.find({ _id: { $in: [id(n)] } }).toArray(),
      },
      {
        name: 'updateOne {_id, version} $set $inc (a change)',
        run: (n) => collection.updateOne({ _id: id(n), version: { $gte: 0 } }, { $inc: { version: 1 } }),
      },
      {
        name: 'updateOne {_id, version < v} upsert (a replica)',
        run: (n) =>
          collection.updateOne(
            { _id: id(n), version: { $lt: 1e9 } },
            { $set: { price: n } },
            { upsert: true },
          ),
      },
      {
        name: 'updateMany {_id: {$in}} $pull (outbox clean-up)',
        run: (n) =>
          collection.updateMany({ _id: { $in: [id(n)] } }, { $pull: { pendingEvents: { id: `e${n}` } } }),
      },
      {
        name: 'insertOne',
        run: (n) =>
          collection.insertOne({
            _id: new ObjectId(),
            title: `Bench new ${n}`,
            price: 1_000,
            userId: 'seller-0',
            orderId: null,
            sold: false,
            version: 0,
            createdAt: new Date(),
            pendingEvents: [],
          }),
      },
    ];
    const { pid } = store;
    const rows: (string | number)[][] = [];
    const results: { shape: string; cpuMsPerCommand: number; commandsPerSecond: number }[] = [];
    for (const shape of shapes) {
      await runPool(WARM_UP, IN_FLIGHT, (n) => shape.run(n).then(() => undefined));
      const before = cpuSeconds(pid);
      const started = performance.now();
      await runPool(COMMANDS, IN_FLIGHT, (n) => shape.run(n).then(() => undefined));
      const seconds = (performance.now() - started) / 1000;
      const cpuMsPerCommand = ((cpuSeconds(pid) - before) * 1000) / COMMANDS;
      const commandsPerSecond = COMMANDS / seconds;
      results.push({ shape: shape.name, cpuMsPerCommand, commandsPerSecond });
      rows.push([shape.name, fmt(cpuMsPerCommand), fmt(commandsPerSecond)]);
    }
    printTable(
      `Database server CPU per command (${store.server}, ${DOCUMENTS} documents, ${IN_FLIGHT} in flight)`,
      ['command', 'server CPU ms per command', 'commands/s'],
      rows,
    );
    writeResult('database', { server: store.server, documents: DOCUMENTS, inFlight: IN_FLIGHT, results });
  } finally {
    await store.stop();
  }
}
