import jwt from 'jsonwebtoken';
import request from 'supertest';
import { purgeExpiredSignOuts, SignOut } from '../../models/sign-out';
import { sessionCookie, setCookies, signUp, testApp } from '../../test/users';

/** The session id and expiry inside a `session=...` cookie. */
function sessionOf(cookie: string): { sessionId: string; expiresAt: string } {
  const token = (
    JSON.parse(Buffer.from(cookie.slice('session='.length), 'base64').toString()) as { jwt: string }
  ).jwt;
  const { sid, exp } = jwt.decode(token) as jwt.JwtPayload;
  return { sessionId: sid as string, expiresAt: new Date(exp! * 1000).toISOString() };
}

/** The events waiting in the sign-outs' outbox. */
async function pendingRevocations() {
  const signOuts = await SignOut.find().lean();
  return signOuts.flatMap((signOut) => signOut.pendingEvents.map(({ subject, data }) => ({ subject, data })));
}

const app = testApp();

describe('POST /api/users/signout', () => {
  it('when signed in, then it answers 200 {} and expires the session cookie', async () => {
    const cookie = sessionCookie(await signUp(app));
    const res = await request(app).post('/api/users/signout').set('Cookie', cookie);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    const cleared = setCookies(res).find((value) => value.startsWith('session='));
    expect(cleared).toMatch(/^session=;/);
    expect(cleared?.toLowerCase()).toContain('expires=thu, 01 jan 1970');

    const me = await request(app).get('/api/users/currentuser').set('Cookie', cleared!.split(';')[0]!);
    expect(me.body).toEqual({ currentUser: null });
  });

  it('when not signed in, then it still answers 200 {} and revokes nothing', async () => {
    const res = await request(app).post('/api/users/signout');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    expect(await pendingRevocations()).toEqual([]);
  });

  it('when signed in, then session:revoked with the session id and expiry waits in the outbox', async () => {
    const cookie = sessionCookie(await signUp(app));
    await request(app).post('/api/users/signout').set('Cookie', cookie).expect(200);
    expect(await pendingRevocations()).toEqual([{ subject: 'session:revoked', data: sessionOf(cookie) }]);
  });

  it('when a copied cookie signs the same session out again, then it is revoked once', async () => {
    const cookie = sessionCookie(await signUp(app));
    await request(app).post('/api/users/signout').set('Cookie', cookie).expect(200);
    await request(app).post('/api/users/signout').set('Cookie', cookie).expect(200);
    expect(await pendingRevocations()).toHaveLength(1);
  });

  it('when the signed-out session has expired, then the purge drops its record, and keeps the live ones', async () => {
    const expired = sessionCookie(await signUp(app));
    const live = sessionCookie(await signUp(app));
    await request(app).post('/api/users/signout').set('Cookie', expired).expect(200);
    await request(app).post('/api/users/signout').set('Cookie', live).expect(200);
    const expiry = new Date(sessionOf(expired).expiresAt);
    await SignOut.updateOne(
      { sessionId: sessionOf(live).sessionId },
      { $set: { expiresAt: new Date(expiry.getTime() + 60_000) } },
    );
    await expect(purgeExpiredSignOuts(expiry)).resolves.toBe(1);
    expect((await SignOut.find().lean()).map((signOut) => signOut.sessionId)).toEqual([
      sessionOf(live).sessionId,
    ]);
  });
});
