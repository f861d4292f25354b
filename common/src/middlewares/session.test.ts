import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { Router } from 'express';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { createApp } from '../http/create-app';
import {
  fakeUser,
  sessionCookieFor,
  sessionCookieWithToken,
  TEST_SESSION_KEYS,
  TEST_SESSION_SIGNER,
  testSessionKeys,
} from '../testing/session';
import { requireAuth, userOf } from './require-auth';
import { SESSION_TTL_SECONDS, signSessionToken, VerifiedTokens, type UserPayload } from './session';
import type { SessionVerifyingKeys } from './session-keys';

function buildApp(sessions: 'read' | 'read-write' = 'read-write', sessionKeys = TEST_SESSION_KEYS) {
  const router = Router();
  router.get('/api/me', (req, res) => {
    res.json({ currentUser: req.currentUser ?? null });
  });
  router.get('/api/private', requireAuth, (req, res) => {
    res.json({ id: userOf(req).id });
  });
  router.post('/api/signin', (req, res) => {
    req.session = { jwt: signSessionToken(req.body as UserPayload, TEST_SESSION_SIGNER) };
    res.json({});
  });
  return createApp({ sessionKeys, routers: [router], readiness: {}, sessions });
}

/** A Cookie header holding whatever session content cookie-session would decode. */
const cookieWith = (session: unknown) => `session=${Buffer.from(JSON.stringify(session)).toString('base64')}`;
const cookieWithToken = sessionCookieWithToken;
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A token signed as auth would, with the test key unless told otherwise. */
const es256 = (payload: object, options: jwt.SignOptions = {}, signer = TEST_SESSION_SIGNER) =>
  jwt.sign({ sid: randomUUID(), ...payload }, signer.privateKey, {
    algorithm: 'ES256',
    keyid: signer.keyId,
    expiresIn: 60,
    ...options,
  });
/** The test public key as PEM text, as an attacker could read it from any service's configuration. */
const publicPem = () =>
  TEST_SESSION_KEYS.get(TEST_SESSION_SIGNER.keyId)!.export({ type: 'spki', format: 'pem' }).toString();

// Services that only read the cookie parse it themselves; auth reads it through cookie-session: same answers.
describe.each(['read', 'read-write'] as const)('currentUser (sessions: %s)', (mode) => {
  it('when the session holds a valid token, then the user is signed in with just id and email', async () => {
    const user = fakeUser();
    const token = es256({ ...user, admin: true });
    const response = await request(buildApp(mode)).get('/api/me').set('Cookie', cookieWithToken(token));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ currentUser: user });
  });

  it('when the test helper signs a cookie, then the app accepts it', async () => {
    const user = fakeUser();
    const response = await request(buildApp(mode)).get('/api/me').set('Cookie', sessionCookieFor(user));
    expect(response.body).toEqual({ currentUser: user });
  });

  it('when other cookies come before the session, then it is still found', async () => {
    const user = fakeUser();
    const response = await request(buildApp(mode))
      .get('/api/me')
      .set('Cookie', `theme=dark; ${sessionCookieFor(user)}; other=1`);
    expect(response.body).toEqual({ currentUser: user });
  });

  const user = fakeUser();
  const valid = signSessionToken(user, TEST_SESSION_SIGNER);
  const [header, , signature] = valid.split('.');
  it.each([
    [
      'tampered (payload changed, signature kept)',
      cookieWithToken(`${header}.${base64url({ ...user, id: fakeUser().id })}.${signature}`),
    ],
    ['expired', cookieWithToken(es256({ ...user }, { expiresIn: -10 }))],
    [
      'signed with another key of the same id',
      sessionCookieFor(user, testSessionKeys(TEST_SESSION_SIGNER.keyId).signer),
    ],
    [
      'signed with the right key under an unknown id',
      sessionCookieFor(user, { keyId: 'unknown-key', privateKey: TEST_SESSION_SIGNER.privateKey }),
    ],
    [
      'signed without a key id',
      cookieWithToken(jwt.sign(user, TEST_SESSION_SIGNER.privateKey, { algorithm: 'ES256' })),
    ],
    [
      'signed with HS256 (the old shared secret)',
      cookieWithToken(
        jwt.sign(user, 'test-jwt-key-of-sufficient-length', { keyid: TEST_SESSION_SIGNER.keyId }),
      ),
    ],
    [
      'signed with HS256 keyed by the public key text',
      cookieWithToken(jwt.sign(user, publicPem(), { algorithm: 'HS256', keyid: TEST_SESSION_SIGNER.keyId })),
    ],
    ['unsigned (alg none)', cookieWithToken(`${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(user)}.`)],
    [
      'signed with another algorithm (ES384)',
      cookieWithToken(
        jwt.sign(user, generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey, {
          algorithm: 'ES384',
          keyid: TEST_SESSION_SIGNER.keyId,
        }),
      ),
    ],
    ['missing the email claim', cookieWithToken(es256({ id: user.id }))],
    [
      'without an expiry',
      cookieWithToken(
        jwt.sign(user, TEST_SESSION_SIGNER.privateKey, {
          algorithm: 'ES256',
          keyid: TEST_SESSION_SIGNER.keyId,
        }),
      ),
    ],
    ['not a JWT', cookieWithToken('definitely-not-a-jwt')],
    ['a number instead of a token', cookieWith({ jwt: 42 })],
    ['not base64 JSON at all', 'session=%%%garbage%%%'],
  ])(
    'when the session cookie is %s, then the visitor is signed out without an error',
    async (_case, cookie) => {
      const response = await request(buildApp(mode)).get('/api/me').set('Cookie', cookie);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ currentUser: null });
    },
  );
});

describe('requireAuth', () => {
  it('when nobody is signed in, then the route answers 401 in the common shape', async () => {
    const response = await request(buildApp()).get('/api/private');
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ errors: [{ message: 'Not signed in' }] });
  });

  it('when the session is invalid, then the route answers 401 too', async () => {
    const response = await request(buildApp())
      .get('/api/private')
      .set('Cookie', sessionCookieFor(fakeUser(), testSessionKeys('unknown-key').signer));
    expect(response.status).toBe(401);
  });

  it('when a user is signed in, then the route runs for that user', async () => {
    const user = fakeUser();
    const response = await request(buildApp()).get('/api/private').set('Cookie', sessionCookieFor(user));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: user.id });
  });
});

describe('session cookie', () => {
  const setCookieOf = (response: request.Response): string => {
    const cookies = response.headers['set-cookie'] as unknown as string[] | undefined;
    const session = cookies?.find((cookie) => cookie.startsWith('session='));
    if (!session) throw new Error('no session cookie was set');
    return session;
  };

  it('when a route signs in over plain HTTP, then the cookie is HttpOnly, SameSite=Lax and not Secure', async () => {
    const response = await request(buildApp()).post('/api/signin').send(fakeUser());
    const cookie = setCookieOf(response).toLowerCase();
    expect(cookie).toContain('httponly');
    expect(cookie).toContain('samesite=lax');
    expect(cookie).toContain('path=/');
    expect(cookie).not.toContain('secure');
  });

  it('when the proxy says the request came over HTTPS, then the cookie is also Secure', async () => {
    const response = await request(buildApp())
      .post('/api/signin')
      .set('X-Forwarded-Proto', 'https')
      .send(fakeUser());
    const cookie = setCookieOf(response).toLowerCase();
    expect(cookie).toContain('httponly');
    expect(cookie).toContain('samesite=lax');
    expect(cookie).toMatch(/;\s*secure(;|$)/);
  });

  it('when the cookie set at sign-in is sent back, then the same user is signed in for a day', async () => {
    const app = buildApp();
    const user = fakeUser();
    const signin = await request(app).post('/api/signin').send(user);
    const cookie = setCookieOf(signin);
    const expires = Date.parse(/expires=([^;]+)/i.exec(cookie)?.[1] ?? '');
    expect(Math.abs(expires - (Date.now() + SESSION_TTL_SECONDS * 1000))).toBeLessThan(60_000);

    const me = await request(app).get('/api/me').set('Cookie', cookie.split(';')[0]!);
    expect(me.body).toEqual({ currentUser: user });
  });

  it('when a session token is signed, then it expires after the session lifetime', () => {
    const token = signSessionToken(fakeUser(), TEST_SESSION_SIGNER);
    const decoded = jwt.verify(token, TEST_SESSION_KEYS.get(TEST_SESSION_SIGNER.keyId)!) as jwt.JwtPayload;
    expect((decoded.exp ?? 0) - (decoded.iat ?? 0)).toBe(SESSION_TTL_SECONDS);
  });
});

describe('session keys', () => {
  it('when sessions are signed, then each has its own session id', () => {
    const sid = () =>
      (jwt.decode(signSessionToken(fakeUser(), TEST_SESSION_SIGNER)) as jwt.JwtPayload).sid as string;
    const [first, second] = [sid(), sid()];
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).not.toBe(first);
  });

  it('when a session is signed, then it is an ES256 token naming its key id', () => {
    const { header } = jwt.decode(signSessionToken(fakeUser(), TEST_SESSION_SIGNER), { complete: true })!;
    expect(header).toMatchObject({ alg: 'ES256', kid: TEST_SESSION_SIGNER.keyId });
  });

  const old = testSessionKeys('old-key');
  const current = testSessionKeys('new-key');
  const both: SessionVerifyingKeys = new Map([...old.keys, ...current.keys]);

  it.each(['read', 'read-write'] as const)(
    'when keys rotate (sessions: %s), then sessions of the old key work while its public key is listed',
    async (mode) => {
      const user = fakeUser();
      for (const signer of [old.signer, current.signer]) {
        const response = await request(buildApp(mode, both))
          .get('/api/me')
          .set('Cookie', sessionCookieFor(user, signer));
        expect(response.body).toEqual({ currentUser: user });
      }
    },
  );

  it.each(['read', 'read-write'] as const)(
    'when the old public key is no longer listed (sessions: %s), then its sessions are refused and the new ones work',
    async (mode) => {
      const user = fakeUser();
      const app = buildApp(mode, current.keys);
      const refused = await request(app)
        .get('/api/private')
        .set('Cookie', sessionCookieFor(user, old.signer));
      expect(refused.status).toBe(401);
      const accepted = await request(app)
        .get('/api/private')
        .set('Cookie', sessionCookieFor(user, current.signer));
      expect(accepted.body).toEqual({ id: user.id });
    },
  );
});

describe('verified sessions kept', () => {
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it.each(['read', 'read-write'] as const)(
    'when a session comes again (sessions: %s), then its token is verified only the first time',
    async (mode) => {
      const app = buildApp(mode);
      const user = fakeUser();
      const cookie = sessionCookieFor(user);
      const verify = jest.spyOn(jwt, 'verify');
      for (let i = 0; i < 3; i += 1) {
        const response = await request(app).get('/api/me').set('Cookie', cookie);
        expect(response.body).toEqual({ currentUser: user });
      }
      expect(verify).toHaveBeenCalledTimes(1);
    },
  );

  it.each(['read', 'read-write'] as const)(
    'when a kept session reaches its expiry (sessions: %s), then it is refused',
    async (mode) => {
      jest.useFakeTimers({ now: Date.now(), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      const app = buildApp(mode);
      const user = fakeUser();
      const cookie = cookieWithToken(es256(user, { expiresIn: 60 }));
      expect((await request(app).get('/api/me').set('Cookie', cookie)).body).toEqual({ currentUser: user });
      jest.setSystemTime(Date.now() + 60_000);
      expect((await request(app).get('/api/me').set('Cookie', cookie)).body).toEqual({ currentUser: null });
    },
  );

  it('when more sessions come than are kept, then the oldest makes room', () => {
    const kept = new VerifiedTokens(2);
    const later = Date.now() + 60_000;
    const session = () => ({
      user: fakeUser(),
      session: { id: randomUUID(), expiresAt: new Date(later) },
    });
    const [a, b, c] = [session(), session(), session()];
    kept.keep('a', a, later);
    kept.keep('b', b, later);
    kept.keep('c', c, later);
    expect([kept.find('a'), kept.find('b'), kept.find('c')]).toEqual([undefined, b, c]);
  });
});
