import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, ObjectId, type Collection } from 'mongodb';
import { freePort, mongoServer } from '@ticketing/tools';

/** A ticket as the tickets service stores it, without its search terms and history. */
export interface StoredTicket {
  _id: ObjectId;
  title: string;
  price: number;
  userId: string;
  orderId: string | null;
  sold: boolean;
  version: number;
  createdAt: Date;
  pendingEvents: { id: string }[];
}

export interface TicketStore {
  /** The server's name (mongo-java-server, or mongod where the machine has one). */
  server: string;
  uri: string;
  pid: number;
  tickets: Collection<StoredTicket>;
  ids: ObjectId[];
  stop(): Promise<void>;
}

/** A database server of its own, in a temporary directory, holding `count` tickets for sale in bench.tickets. */
export async function startTicketStore(count: number): Promise<TicketStore> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
  const port = await freePort();
  const server = mongoServer(port, join(dir, 'data'), join(dir, 'database.log'));
  await server.start();
  const uri = `mongodb://127.0.0.1:${port}/?directConnection=true`;
  const client = await MongoClient.connect(uri);
  const tickets = client.db('bench').collection<StoredTicket>('tickets');
  const ids = Array.from({ length: count }, () => new ObjectId());
  await tickets.insertMany(
    ids.map((_id, n) => ({
      _id,
      title: `Bench concert night ${n}`,
      price: 1_000 + n,
      userId: `seller-${n % 10}`,
      orderId: null,
      sold: false,
      version: 0,
      createdAt: new Date(Date.now() + n),
      pendingEvents: [],
    })),
  );
  return {
    server: server.spec.name,
    uri,
    pid: server.pid!,
    tickets,
    ids,
    async stop() {
      await client.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
