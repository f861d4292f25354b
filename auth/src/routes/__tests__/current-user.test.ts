import jwt from 'jsonwebtoken';
import request from 'supertest';
import { TEST_SESSION_SIGNER, fakeUser, sessionCookieFor, testSessionKeys } from '@ticketing/common/testing';
import { testApp } from '../../test/users';

const app = testApp();

const cookieWithToken = (token: string) =>
  `session=${Buffer.from(JSON.stringify({ jwt: token })).toString('base64')}`;

const currentUser = (cookie?: string) => {
  const req = request(app).get('/api/users/currentuser');
  if (cookie) req.set('Cookie', cookie);
  return req;
};

describe('GET /api/users/currentuser', () => {
  it('when the session is valid, then it answers the user', async () => {
    const user = fakeUser();
    const res = await currentUser(sessionCookieFor(user));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ currentUser: user });
  });

  it('when there is no cookie, then currentUser is null', async () => {
    const res = await currentUser();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ currentUser: null });
  });

  it('when the token payload was altered, then currentUser is null', async () => {
    const token = jwt.sign(fakeUser(), TEST_SESSION_SIGNER.privateKey, {
      algorithm: 'ES256',
      keyid: TEST_SESSION_SIGNER.keyId,
      expiresIn: 60,
    });
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...fakeUser(), email: 'admin@example.com' })).toString(
      'base64url',
    );
    const res = await currentUser(cookieWithToken(`${header}.${forged}.${signature}`));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ currentUser: null });
  });

  it('when the token has expired, then currentUser is null', async () => {
    const res = await currentUser(
      cookieWithToken(
        jwt.sign(fakeUser(), TEST_SESSION_SIGNER.privateKey, {
          algorithm: 'ES256',
          keyid: TEST_SESSION_SIGNER.keyId,
          expiresIn: -10,
        }),
      ),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ currentUser: null });
  });

  it('when the token was signed with another key, then currentUser is null', async () => {
    const res = await currentUser(
      sessionCookieFor(fakeUser(), testSessionKeys(TEST_SESSION_SIGNER.keyId).signer),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ currentUser: null });
  });

  it('when the token is unsigned (alg none), then currentUser is null', async () => {
    const unsigned = jwt.sign(fakeUser(), '', { algorithm: 'none' });
    const res = await currentUser(cookieWithToken(unsigned));
    expect(res.body).toEqual({ currentUser: null });
  });

  it('when the cookie is not a session at all, then currentUser is null', async () => {
    const res = await currentUser('session=%%%not-base64-json');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ currentUser: null });
  });
});
