import request from 'supertest';
import { User } from '../../models/user';
import { verifyPassword } from '../../security/password';
import { PASSWORD, sessionCookie, setCookies, signUp, testApp, uniqueEmail } from '../../test/users';

const app = testApp();
const passwordError = { message: 'Password must be between 8 and 128 characters', field: 'password' };
const emailError = { message: 'Email must be valid', field: 'email' };

describe('POST /api/users/signup', () => {
  it('when the email and password are valid, then it answers 201 with only id and email and signs in', async () => {
    const email = uniqueEmail();
    const res = await signUp(app, email);
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['email', 'id']);
    expect(res.body.email).toBe(email);
    expect(res.body.id).toMatch(/^[0-9a-f]{24}$/);

    const me = await request(app).get('/api/users/currentuser').set('Cookie', sessionCookie(res));
    expect(me.body).toEqual({ currentUser: { id: res.body.id, email } });
  });

  it('when signed up over plain HTTP, then the session cookie is HttpOnly and SameSite=Lax but not Secure', async () => {
    const res = await signUp(app);
    expect(sessionCookie(res)).toMatch(/^session=.+/);
    const header = setCookies(res).join(';').toLowerCase();
    expect(header).toContain('httponly');
    expect(header).toContain('samesite=lax');
    expect(header).not.toContain('secure');
  });

  it('when the request came through an HTTPS proxy, then the session cookie is Secure', async () => {
    const res = await request(app)
      .post('/api/users/signup')
      .set('X-Forwarded-Proto', 'https')
      .send({ email: uniqueEmail(), password: PASSWORD });
    expect(res.status).toBe(201);
    const header = setCookies(res).join(';').toLowerCase();
    expect(header).toContain('secure');
    expect(header).toContain('httponly');
    expect(header).toContain('samesite=lax');
  });

  it('when the email has capitals and spaces, then it is stored trimmed and lower-cased, dots and tags kept', async () => {
    const res = await signUp(app, '  First.Last+Tickets@Example.COM ');
    expect(res.status).toBe(201);
    expect(res.body.email).toBe('first.last+tickets@example.com');
    const stored = await User.collection.findOne({ email: 'first.last+tickets@example.com' });
    expect(stored).not.toBeNull();
  });

  it('when a user is stored, then the password is kept only as a salted scrypt hash', async () => {
    const email = uniqueEmail();
    await signUp(app, email);
    const stored = await User.collection.findOne({ email });
    const hash = String(stored?.password);
    expect(hash).not.toContain(PASSWORD);
    expect(hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(Buffer.from(hash.split('$')[4]!, 'base64')).toHaveLength(16);
    await expect(verifyPassword(PASSWORD, hash)).resolves.toBe(true);
  });

  it('when the email is not an email, then it answers 400 naming the field', async () => {
    for (const email of ['not-an-email', '', 'a@', 42, null]) {
      const res = await request(app).post('/api/users/signup').send({ email, password: PASSWORD });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: [emailError] });
    }
  });

  it('when the password is shorter than 8 or longer than 128 characters, then it answers 400', async () => {
    for (const password of ['1234567', 'x'.repeat(129), 12345678, '']) {
      const res = await request(app).post('/api/users/signup').send({ email: uniqueEmail(), password });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: [passwordError] });
    }
  });

  it('when the password is exactly 8 or exactly 128 characters, then it is accepted', async () => {
    expect((await signUp(app, uniqueEmail(), '12345678')).status).toBe(201);
    expect((await signUp(app, uniqueEmail(), 'p'.repeat(128))).status).toBe(201);
  });

  it('when the body is missing, then it answers 400 listing both fields', async () => {
    const res = await request(app).post('/api/users/signup');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [emailError, passwordError] });
  });

  it('when the email is already used, in any case, then it answers 400 "Email in use"', async () => {
    const email = uniqueEmail();
    expect((await signUp(app, email)).status).toBe(201);
    for (const again of [email, email.toUpperCase(), ` ${email} `]) {
      const res = await signUp(app, again, 'another password');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: [{ message: 'Email in use', field: 'email' }] });
      expect(setCookies(res)).toEqual([]);
    }
  });

  it('when fields carry query operators or arrays, then validation refuses them with 400', async () => {
    const bodies = [
      { email: { $gt: '' }, password: PASSWORD },
      { email: [uniqueEmail()], password: PASSWORD },
      { email: uniqueEmail(), password: { $ne: null } },
      { email: uniqueEmail(), password: [PASSWORD] },
    ];
    for (const body of bodies) {
      const res = await request(app).post('/api/users/signup').send(body);
      expect(res.status).toBe(400);
      expect(res.body.errors).toHaveLength(1);
    }
    expect(await User.countDocuments()).toBe(0);
  });

  it('when 10 sign-ups of one email arrive at once, in mixed case, then exactly one succeeds', async () => {
    const email = uniqueEmail();
    const variants = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? email : email.toUpperCase()));
    const responses = await Promise.all(variants.map((variant) => signUp(app, variant)));
    const statuses = responses.map((res) => res.status).sort();
    expect(statuses).toEqual([201, ...Array<number>(9).fill(400)]);
    for (const res of responses.filter((r) => r.status === 400)) {
      expect(res.body).toEqual({ errors: [{ message: 'Email in use', field: 'email' }] });
    }
    expect(await User.countDocuments({ email })).toBe(1);
  });
});
