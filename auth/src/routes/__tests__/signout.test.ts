import request from 'supertest';
import { sessionCookie, setCookies, signUp, testApp } from '../../test/users';

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

  it('when not signed in, then it still answers 200 {}', async () => {
    const res = await request(app).post('/api/users/signout');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
  });
});
