import { Router } from 'express';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { createApp } from '../http/create-app';
import { fakeUser, sessionCookieFor, TEST_JWT_KEY } from '../testing/session';
import { requireAuth, userOf } from './require-auth';
import { SESSION_TTL_SECONDS, signSessionToken, type UserPayload } from './session';

function buildApp(sessions: 'read' | 'read-write' = 'read-write') {
  const router = Router();
  router.get('/api/me', (req, res) => {
    res.json({ currentUser: req.currentUser ?? null });
  });
  router.get('/api/private', requireAuth, (req, res) => {
    res.json({ id: userOf(req).id });
  });
  router.post('/api/signin', (req, res) => {
    req.session = { jwt: signSessionToken(req.body as UserPayload, TEST_JWT_KEY) };
    res.json({});
  });
  return createApp({ jwtKey: TEST_JWT_KEY, routers: [router], readiness: {}, sessions });
}

/** A Cookie header holding whatever session content cookie-session would decode. */
const cookieWith = (session: unknown) => `session=${Buffer.from(JSON.stringify(session)).toString('base64')}`;
const cookieWithToken = (token: string) => cookieWith({ jwt: token });
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

// Services that only read the cookie parse it themselves; auth reads it through cookie-session: same answers.
describe.each(['read', 'read-write'] as const)('currentUser (sessions: %s)', (mode) => {
  it('when the session holds a valid token, then the user is signed in with just id and email', async () => {
    const user = fakeUser();
    const token = jwt.sign({ ...user, admin: true }, TEST_JWT_KEY, { expiresIn: 60 });
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
  const valid = signSessionToken(user, TEST_JWT_KEY);
  const [header, , signature] = valid.split('.');
  it.each([
    [
      'tampered (payload changed, signature kept)',
      cookieWithToken(`${header}.${base64url({ ...user, id: fakeUser().id })}.${signature}`),
    ],
    [
      'expired',
      cookieWithToken(jwt.sign({ ...user, exp: Math.floor(Date.now() / 1000) - 10 }, TEST_JWT_KEY)),
    ],
    ['signed with another key', sessionCookieFor(user, 'another-key-that-is-long-enough')],
    ['unsigned (alg none)', cookieWithToken(`${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(user)}.`)],
    ['signed with another algorithm', cookieWithToken(jwt.sign(user, TEST_JWT_KEY, { algorithm: 'HS512' }))],
    ['missing the email claim', cookieWithToken(jwt.sign({ id: user.id }, TEST_JWT_KEY))],
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
      .set('Cookie', sessionCookieFor(fakeUser(), 'another-key-that-is-long-enough'));
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
    const decoded = jwt.verify(signSessionToken(fakeUser(), TEST_JWT_KEY), TEST_JWT_KEY) as jwt.JwtPayload;
    expect((decoded.exp ?? 0) - (decoded.iat ?? 0)).toBe(SESSION_TTL_SECONDS);
  });
});
