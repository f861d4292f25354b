import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import request from 'supertest';
import { FakeBus } from '../bus/fake-bus';
import { createApp } from '../http/create-app';
import { requireAuth } from '../middlewares/require-auth';
import { startTestDatabase, type TestDatabase } from '../testing/database';
import { fakeUser, sessionCookieFor, TEST_SESSION_KEYS } from '../testing/session';
import {
  RevokedSession,
  RevokedSessions,
  REVOKED_SESSIONS_FULL_RELOAD_MS,
  REVOKED_SESSIONS_REFRESH_MS,
  SessionRevokedListener,
  recordRevokedSession,
} from './revoked-sessions';

let db: TestDatabase;
beforeAll(async () => {
  db = await startTestDatabase();
});
beforeEach(() => db.clear());
afterAll(() => db.stop());

const inAnHour = () => new Date(Date.now() + 3_600_000);

async function listening(): Promise<FakeBus> {
  const bus = new FakeBus();
  await new SessionRevokedListener(bus).listen();
  return bus;
}

describe('session:revoked listener', () => {
  it('when a session is revoked, then it is recorded with its expiry', async () => {
    const bus = await listening();
    const sessionId = randomUUID();
    const expiresAt = inAnHour();
    await expect(
      bus.deliver('session:revoked', { sessionId, expiresAt: expiresAt.toISOString() }),
    ).resolves.toBe('ack');
    expect(await RevokedSession.find().lean()).toEqual([
      { _id: sessionId, expiresAt, recordedAt: expect.any(Date) },
    ]);
  });

  it('when the same revocation comes twice, then it is one record and both are acked', async () => {
    const bus = await listening();
    const event = { sessionId: randomUUID(), expiresAt: inAnHour().toISOString() };
    await bus.deliver('session:revoked', event);
    await expect(bus.deliver('session:revoked', event, 2)).resolves.toBe('ack');
    expect(await RevokedSession.countDocuments()).toBe(1);
  });
});

describe('the revoked sessions of a replica', () => {
  it('when it refreshes, then it knows the recorded sessions and no others', async () => {
    const revoked = randomUUID();
    await RevokedSession.create({ _id: revoked, expiresAt: inAnHour() });
    const list = new RevokedSessions();
    expect(list.has(revoked)).toBe(false);
    await list.refresh();
    expect([list.has(revoked), list.has(randomUUID())]).toEqual([true, false]);
  });

  it('when a revoked session has expired, then its record is dropped', async () => {
    const expired = randomUUID();
    const live = randomUUID();
    const now = new Date();
    await RevokedSession.create({ _id: expired, expiresAt: new Date(now.getTime() - 1) });
    await RevokedSession.create({ _id: live, expiresAt: inAnHour() });
    const list = new RevokedSessions();
    await list.refresh(now);
    expect((await RevokedSession.find().lean()).map((record) => record._id)).toEqual([live]);
    expect([list.has(expired), list.has(live)]).toEqual([false, true]);
  });

  it('when a session is signed out after the first load, then the next frequent load knows it', async () => {
    const list = new RevokedSessions();
    const start = Date.now();
    await list.refresh(new Date(start));
    const sessionId = randomUUID();
    await recordRevokedSession({ sessionId, expiresAt: inAnHour().toISOString() });
    await list.refresh(new Date(start + REVOKED_SESSIONS_REFRESH_MS));
    expect(list.has(sessionId)).toBe(true);
  });

  it('when records are older than the frequent loads look, then only the full reload (once a minute) reads them', async () => {
    const list = new RevokedSessions();
    const start = Date.now();
    await list.refresh(new Date(start));
    // Written before `recordedAt` existed, and one stamped ten minutes ago (a writer's clock far behind).
    const unstamped = randomUUID();
    const old = randomUUID();
    await RevokedSession.create({ _id: unstamped, expiresAt: inAnHour() });
    await RevokedSession.create({ _id: old, expiresAt: inAnHour(), recordedAt: new Date(start - 600_000) });
    await list.refresh(new Date(start + REVOKED_SESSIONS_REFRESH_MS));
    expect([list.has(unstamped), list.has(old)]).toEqual([false, false]);
    await list.refresh(new Date(start + REVOKED_SESSIONS_FULL_RELOAD_MS));
    expect([list.has(unstamped), list.has(old)]).toEqual([true, true]);
  });

  it('when a known session expires, then the next full reload forgets it and drops its record', async () => {
    const list = new RevokedSessions();
    const start = Date.now();
    const sessionId = randomUUID();
    await recordRevokedSession({ sessionId, expiresAt: new Date(start + 1_000).toISOString() });
    await list.refresh(new Date(start));
    expect(list.has(sessionId)).toBe(true);
    await list.refresh(new Date(start + REVOKED_SESSIONS_FULL_RELOAD_MS));
    expect(list.has(sessionId)).toBe(false);
    expect(await RevokedSession.countDocuments()).toBe(0);
  });

  it('when the MongoDB collection is built, then a TTL index drops records at their expiry', async () => {
    const indexes = await RevokedSession.collection.indexes();
    expect(indexes).toContainEqual(expect.objectContaining({ key: { expiresAt: 1 }, expireAfterSeconds: 0 }));
  });
});

describe.each(['read', 'read-write'] as const)('the session middleware (sessions: %s)', (sessions) => {
  function appWith(revokedSessions: RevokedSessions) {
    const router = Router();
    router.get('/api/private', requireAuth, (req, res) => {
      res.json({ id: req.currentUser?.id, session: req.currentSession?.id });
    });
    return createApp({
      sessionKeys: TEST_SESSION_KEYS,
      revokedSessions,
      routers: [router],
      readiness: {},
      sessions,
    });
  }

  it('when a session is revoked, then it is refused, also after it was accepted, and another session of the user is not', async () => {
    const list = new RevokedSessions();
    const app = appWith(list);
    const user = fakeUser();
    const [signedOut, other] = [sessionCookieFor(user), sessionCookieFor(user)];
    const before = await request(app).get('/api/private').set('Cookie', signedOut);
    expect(before.status).toBe(200);
    const sessionId = (before.body as { session: string }).session;
    await RevokedSession.create({ _id: sessionId, expiresAt: inAnHour() });
    await list.refresh();
    expect((await request(app).get('/api/private').set('Cookie', signedOut)).status).toBe(401);
    expect((await request(app).get('/api/private').set('Cookie', other)).body).toMatchObject({ id: user.id });
  });
});
