import { encodeFlash } from '../lib/auth-flash';
import { clientHarness, setCookie } from './support/client-server';

const client = clientHarness();

const ORDER = 'cccccccccccccccccccccccc';
const TICKET = 'aaaaaaaaaaaaaaaaaaaaaaaa';

// Every kind of page, signed in or not; the ones that need a user redirect a visitor without one.
const PAGES = [
  '/',
  '/?q=opera',
  '/auth/signin',
  '/auth/signup',
  '/auth/signout',
  '/tickets/new',
  `/tickets/${TICKET}`,
  '/listings',
  '/orders',
  `/orders/${ORDER}`,
  '/no-such-page',
];

/** The nonce of the response's policy, from `script-src ... 'nonce-<value>'`. */
function policyNonce(response: Response): string | undefined {
  const policy = response.headers.get('content-security-policy') ?? '';
  return /script-src [^;]*'nonce-([^']+)'/.exec(policy)?.[1];
}

function expectSecurityHeaders(response: Response): void {
  const policy = response.headers.get('content-security-policy') ?? '';
  expect(policyNonce(response)).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  expect(response.headers.get('permissions-policy')).toContain('camera=()');
}

describe('the security headers', () => {
  it.each([null, 'u1'])(
    'when a visitor (session %s) asks for any page, then the response carries the policy with a nonce, frame-ancestors none, Referrer-Policy and Permissions-Policy',
    async (user) => {
      for (const path of PAGES) {
        const response = await client.get(path, user ? `session=${user}` : undefined);
        try {
          expectSecurityHeaders(response);
        } catch (error) {
          throw new Error(`${path} (${response.status}): ${(error as Error).message}`, { cause: error });
        }
      }
    },
  );

  it("when a page is rendered, then every script in it carries the nonce of the response's policy", async () => {
    for (const path of ['/', '/auth/signin', '/no-such-page']) {
      const response = await client.get(path);
      const html = await response.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect([path, scripts.length > 0]).toEqual([path, true]);
      for (const script of scripts)
        expect([path, script]).toEqual([path, expect.stringContaining(`nonce="${policyNonce(response)}"`)]);
    }
  });

  it('when the same page is loaded twice, then each load has a nonce of its own', async () => {
    const first = policyNonce(await client.get('/'));
    const second = policyNonce(await client.get('/'));
    expect(first).toBeDefined();
    expect(second).not.toBe(first);
  });

  it('when a route handler answers, then it carries the headers too', async () => {
    expectSecurityHeaders(await client.get('/healthz'));
    const posted = await client.postForm('/auth/session', { intent: 'signout' });
    expectSecurityHeaders(posted);
  });

  it("when a build's static file is fetched, then it carries no policy (it is not a page)", async () => {
    const html = await (await client.get('/')).text();
    const src = /<script\b[^>]*\ssrc="(\/_next\/static\/[^"]+)"/.exec(html)?.[1];
    expect(src).toBeDefined();
    const file = await client.get(src ?? '');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-security-policy')).toBeNull();
  });
});

describe('the sign-in flash cookie, beside the headers', () => {
  const flash = `auth_flash=${encodeFlash({ intent: 'signin', errors: [{ message: 'Invalid credentials' }] })}`;

  it.each(['signin', 'signup', 'signout'])(
    'when /auth/%s is asked with a flash, then the response clears it',
    async (page) => {
      const cleared = setCookie(await client.get(`/auth/${page}`, flash), 'auth_flash') ?? '';
      expect(cleared.toLowerCase()).toMatch(/^auth_flash=;.*path=\/auth.*max-age=0/);
    },
  );

  it('when a sign-in page is asked without a flash, then no cookie is set', async () => {
    expect(setCookie(await client.get('/auth/signin'), 'auth_flash')).toBeUndefined();
  });

  it('when another page is asked with a flash, then the flash is left alone', async () => {
    for (const path of ['/', '/orders', '/auth/session', '/auth/signin/extra']) {
      const response = await client.get(path, flash);
      expect([path, setCookie(response, 'auth_flash')]).toEqual([path, undefined]);
    }
  });
});
