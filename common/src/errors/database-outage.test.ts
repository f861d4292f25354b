import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Router } from 'express';
import mongoose, { Schema } from 'mongoose';
import request from 'supertest';
import { freePort, mongoServer, type ManagedServer } from '@ticketing/tools';
import { connectDatabase, databaseReady, disconnectDatabase } from '../db/connect';
import { createApp } from '../http/create-app';
import { TEST_SESSION_KEYS } from '../testing/session';

const Ticket = mongoose.model('OutageTicket', new Schema({ title: String }));

/** A service's app in miniature: one route that reads the database, readiness on the database. */
function appReadingTheDatabase() {
  const router = Router();
  router.get('/api/outage-tickets', async (_req, res) => {
    res.json(await Ticket.find().lean());
  });
  return createApp({
    sessionKeys: TEST_SESSION_KEYS,
    routers: [router],
    readiness: { database: databaseReady },
  });
}

async function eventually(check: () => Promise<void>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

// A database server of this test's own, so that stopping it disturbs no other suite.
describe('an API whose database becomes unreachable', () => {
  let dir: string;
  let server: ManagedServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'database-outage-'));
    const port = await freePort();
    server = mongoServer(port, join(dir, 'data'), join(dir, 'mongo.log'));
    await server.start();
    await connectDatabase(`mongodb://127.0.0.1:${port}/outage`);
  }, 120_000);

  afterAll(async () => {
    await disconnectDatabase();
    await server.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('when the database stops, then requests get 503 with Retry-After and readiness fails; when it is back, both recover', async () => {
    const app = appReadingTheDatabase();
    await Ticket.create({ title: 'Concert' });
    expect((await request(app).get('/api/outage-tickets')).status).toBe(200);
    expect((await request(app).get('/readyz')).status).toBe(200);

    await server.stop('SIGKILL');
    const down = await request(app).get('/api/outage-tickets');
    expect(down.status).toBe(503);
    expect(down.headers['retry-after']).toBe('5');
    expect(down.body).toEqual({ errors: [{ message: 'Service temporarily unavailable; please try again' }] });
    await eventually(async () => {
      expect((await request(app).get('/readyz')).body).toEqual({
        status: 'not ready',
        checks: { database: false },
      });
    });

    await server.start();
    await eventually(async () => {
      expect((await request(app).get('/readyz')).status).toBe(200);
      expect((await request(app).get('/api/outage-tickets')).status).toBe(200);
    });
  }, 90_000);
});
