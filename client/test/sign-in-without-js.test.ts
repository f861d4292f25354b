import { encodeFlash } from '../lib/auth-flash';
import { clientHarness, cookieFrom, setCookie } from './support/client-server';

const client = clientHarness();

const PLANTED = 'Your account is locked. Call 555-0100 now';

function refuseWith(path: string, status: number, errors: { message: string; field?: string }[]): void {
  client.services.on((request) =>
    request.method === 'POST' && request.path === path ? { status, body: { errors } } : undefined,
  );
}

async function html(response: Response): Promise<string> {
  expect(response.status).toBe(200);
  return response.text();
}

describe('the sign-in forms without JavaScript', () => {
  it.each(['signin', 'signup', 'signout'])(
    'when the URL of /auth/%s carries error text, then the page does not render it',
    async (page) => {
      const planted = JSON.stringify([{ message: PLANTED }]);
      for (const name of ['errors', 'error', 'message', 'flash']) {
        const query = new URLSearchParams({ [name]: name === 'errors' ? planted : PLANTED, next: '/' });
        const body = await html(await client.get(`/auth/${page}?${query.toString()}`));
        expect([name, body.includes('Call 555-0100')]).toEqual([name, false]);
        expect(body).not.toContain('role="alert"');
      }
    },
  );

  it('when a sign-in is refused, then the redirect carries the message in a flash cookie and none in the URL', async () => {
    refuseWith('/api/users/signin', 400, [{ message: 'Invalid credentials' }]);
    const posted = await client.postForm('/auth/session', {
      intent: 'signin',
      next: '/orders',
      email: 'someone@example.com',
      password: 'wrong-password',
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/auth/signin?next=%2Forders');
    const flash = setCookie(posted, 'auth_flash') ?? '';
    const attributes = flash.split(';').map((part) => part.trim().toLowerCase());
    expect(attributes).toEqual(
      expect.arrayContaining(['path=/auth', 'httponly', 'samesite=lax', 'max-age=60']),
    );
    expect(attributes).not.toContain('secure');

    const page = await client.get('/auth/signin?next=%2Forders', cookieFrom(flash));
    expect(await html(page)).toContain('Invalid credentials');
    // Shown once: the same response removes the cookie.
    const cleared = setCookie(page, 'auth_flash') ?? '';
    expect(cleared.toLowerCase()).toMatch(/^auth_flash=;.*path=\/auth/);
    expect(cleared.toLowerCase()).toMatch(/max-age=0|expires=thu, 01 jan 1970/);

    expect(await html(await client.get('/auth/signin?next=%2Forders'))).not.toContain('Invalid credentials');
  });

  it('when a sign-up is refused, then the sign-up page shows the message beside its field', async () => {
    refuseWith('/api/users/signup', 400, [{ message: 'Email in use', field: 'email' }]);
    const posted = await client.postForm('/auth/session', {
      intent: 'signup',
      email: 'taken@example.com',
      password: 'long-enough-password',
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/auth/signup?next=%2F');
    const body = await html(
      await client.get('/auth/signup', cookieFrom(setCookie(posted, 'auth_flash') ?? '')),
    );
    expect(body).toMatch(/<p id="email-error" class="field-error">Email in use<\/p>/);
  });

  it('when a sign-out is refused, then the sign-out page shows why', async () => {
    refuseWith('/api/users/signout', 429, [{ message: 'Slow down' }]);
    const posted = await client.postForm('/auth/session', { intent: 'signout' }, { cookie: 'session=u1' });
    expect(posted.headers.get('location')).toBe('/auth/signout');
    const flash = cookieFrom(setCookie(posted, 'auth_flash') ?? '');
    expect(await html(await client.get('/auth/signout', `session=u1; ${flash}`))).toContain('Slow down');
  });

  it('when the visitor came over HTTPS, then the flash cookie is Secure', async () => {
    refuseWith('/api/users/signin', 400, [{ message: 'Invalid credentials' }]);
    const posted = await client.postForm(
      '/auth/session',
      { intent: 'signin', email: 'a@example.com', password: 'x' },
      { 'x-forwarded-proto': 'https' },
    );
    expect((setCookie(posted, 'auth_flash') ?? '').toLowerCase()).toMatch(/;\s*secure(;|$)/);
  });

  it('when the flash belongs to another form, then this form does not show it', async () => {
    const flash = `auth_flash=${encodeFlash({ intent: 'signup', errors: [{ message: 'Email in use' }] })}`;
    expect(await html(await client.get('/auth/signin', flash))).not.toContain('Email in use');
  });

  it('when the flash cookie is not one the server wrote, then the page ignores it', async () => {
    for (const value of ['garbage', Buffer.from('{"intent":"signin","errors":"x"}').toString('base64url')]) {
      const body = await html(await client.get('/auth/signin', `auth_flash=${value}`));
      expect(body).not.toContain('role="alert"');
    }
  });

  it('when sign-in succeeds, then the session cookie is relayed and the visitor returns where they were', async () => {
    client.services.on((request) =>
      request.path === '/api/users/signin'
        ? { status: 200, body: { id: 'u1' }, setCookies: ['session=u1; path=/; httponly; samesite=lax'] }
        : undefined,
    );
    const posted = await client.postForm('/auth/session', {
      intent: 'signin',
      next: '/orders?page=2#top',
      email: 'a@example.com',
      password: 'right-password',
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/orders?page=2#top');
    expect(setCookie(posted, 'session')).toBe('session=u1; path=/; httponly; samesite=lax');
    expect(setCookie(posted, 'auth_flash')).toBeUndefined();
  });

  it.each([
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r/evil.example',
    '/\\evil.example',
    '/.//evil.example',
    'https://evil.example',
  ])('when the form asks to return to %j, then the redirect stays on the site', async (next) => {
    client.services.on((request) =>
      request.path === '/api/users/signin' ? { status: 200, body: { id: 'u1' } } : undefined,
    );
    const posted = await client.postForm('/auth/session', {
      intent: 'signin',
      next,
      email: 'a@example.com',
      password: 'p',
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/');
  });

  it('when the sign-in link asks to return off the site, then the form returns to the home page', async () => {
    const body = await html(await client.get(`/auth/signin?next=${encodeURIComponent('/\t/evil.example')}`));
    expect(body).toContain('name="next" value="/"');
    // The request URL travels in Next.js's own payload; no link or field of the page may point off the site.
    expect(body).not.toMatch(/(value|href|action)="[^"]*evil\.example/);
  });
});
