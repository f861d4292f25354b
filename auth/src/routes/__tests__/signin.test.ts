import request from 'supertest';
import { PASSWORD, sessionCookie, setCookies, signIn, signUp, testApp, uniqueEmail } from '../../test/users';

const app = testApp();
const invalidCredentials = { errors: [{ message: 'Invalid credentials' }] };

describe('POST /api/users/signin', () => {
  it('when the credentials are right, then it answers 200 with the user and a working session cookie', async () => {
    const email = uniqueEmail();
    const { body: user } = await signUp(app, email);
    const res = await signIn(app, email);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: user.id, email });

    const header = setCookies(res).join(';').toLowerCase();
    expect(header).toContain('httponly');
    expect(header).toContain('samesite=lax');
    const me = await request(app).get('/api/users/currentuser').set('Cookie', sessionCookie(res));
    expect(me.body).toEqual({ currentUser: { id: user.id, email } });
  });

  it('when the email is typed in another case or with spaces, then it still signs in', async () => {
    const email = uniqueEmail();
    await signUp(app, email);
    const res = await signIn(app, `  ${email.toUpperCase()} `);
    expect(res.status).toBe(200);
    expect(res.body.email).toBe(email);
  });

  it('when the password is wrong, then it answers 400 "Invalid credentials" and sets no cookie', async () => {
    const email = uniqueEmail();
    await signUp(app, email);
    for (const password of ['wrong password', PASSWORD.toUpperCase(), 'short']) {
      const res = await signIn(app, email, password);
      expect(res.status).toBe(400);
      expect(res.body).toEqual(invalidCredentials);
      expect(setCookies(res)).toEqual([]);
    }
  });

  it('when the email is unknown, then the answer is identical to a wrong password', async () => {
    const email = uniqueEmail();
    await signUp(app, email);
    const wrongPassword = await signIn(app, email, 'wrong password');
    const unknownEmail = await signIn(app, uniqueEmail(), 'wrong password');
    expect(unknownEmail.status).toBe(wrongPassword.status);
    expect(unknownEmail.body).toEqual(wrongPassword.body);
    expect(unknownEmail.body).toEqual(invalidCredentials);
    expect(setCookies(unknownEmail)).toEqual(setCookies(wrongPassword));
  });

  it('when fields carry query operators, then validation refuses them with 400 and nobody is signed in', async () => {
    await signUp(app, uniqueEmail());
    const injections = [
      { body: { email: { $gt: '' }, password: PASSWORD }, field: 'email' },
      { body: { email: { $ne: null }, password: { $ne: null } }, field: 'email' },
      { body: { email: uniqueEmail(), password: { $gt: '' } }, field: 'password' },
    ];
    for (const { body, field } of injections) {
      const res = await request(app).post('/api/users/signin').send(body);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe(field);
      expect(setCookies(res)).toEqual([]);
    }
  });

  it('when the password is missing or longer than 128 characters, then it answers 400 naming the field', async () => {
    for (const password of [undefined, '', 'x'.repeat(129)]) {
      const res = await request(app).post('/api/users/signin').send({ email: uniqueEmail(), password });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: [{ message: 'Password is required', field: 'password' }] });
    }
  });
});
