/**
 * The references for `GET /api/tickets/:id`: the same read and the same answer as the tickets service, without
 * its middlewares, request log, metrics or sessions. argv[3] `node`: Node's bare HTTP server and the MongoDB
 * driver; `express`: the leanest Express app (one route, `res.json`) on the same driver. Run by the `reference`
 * benchmark in a process of its own. argv[2]: MongoDB URI. Prints {"port": n} once listening.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
// express is a CommonJS `export =` function and @swc-node/register has no esModuleInterop.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import express = require('express');
import { MongoClient, ObjectId, type Collection } from 'mongodb';
import type { StoredTicket } from './lib/ticket-store';

const PREFIX = '/api/tickets/';
const PROJECTION = { title: 1, price: 1, userId: 1, orderId: 1, sold: 1, version: 1, createdAt: 1 };

function view(ticket: StoredTicket) {
  return {
    id: ticket._id.toHexString(),
    title: ticket.title,
    price: ticket.price / 100,
    userId: ticket.userId,
    orderId: ticket.orderId,
    sold: ticket.sold,
    version: ticket.version,
    createdAt: ticket.createdAt.toISOString(),
  };
}

const read = (tickets: Collection<StoredTicket>, id: string) =>
  tickets.findOne({ _id: new ObjectId(id) }, { projection: PROJECTION });

function nodeServer(tickets: Collection<StoredTicket>): Server {
  return createServer((req, res) => {
    const answer = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    const id = req.url?.startsWith(PREFIX) ? req.url.slice(PREFIX.length) : '';
    if (!ObjectId.isValid(id)) return answer(404, { errors: [{ message: 'Not found' }] });
    read(tickets, id)
      .then((ticket) =>
        ticket ? answer(200, view(ticket)) : answer(404, { errors: [{ message: 'Ticket not found' }] }),
      )
      .catch(() => answer(500, { errors: [{ message: 'Something went wrong' }] }));
  });
}

function expressServer(tickets: Collection<StoredTicket>): Server {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get(`${PREFIX}:id`, async (req, res) => {
    const ticket = ObjectId.isValid(req.params.id) ? await read(tickets, req.params.id) : null;
    if (!ticket) res.status(404).json({ errors: [{ message: 'Ticket not found' }] });
    else res.json(view(ticket));
  });
  return createServer(app);
}

async function main(): Promise<void> {
  const client = await MongoClient.connect(process.argv[2] ?? '');
  const tickets = client.db('bench').collection<StoredTicket>('tickets');
  const server = process.argv[3] === 'express' ? expressServer(tickets) : nodeServer(tickets);
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  });
  process.once('SIGTERM', () => server.close(() => void client.close().then(() => process.exit(0))));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
