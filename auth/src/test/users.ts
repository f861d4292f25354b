import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { TEST_SESSION_KEYS, TEST_SESSION_SIGNER } from '@ticketing/common/testing';
import { buildApp, type AuthDeps } from '../app';

export const PASSWORD = 'correct horse battery';

/** Every test user signs up from one address, so the per-address sign-up limit is raised unless a test sets it. */
const TEST_SIGN_UPS_PER_ADDRESS = 10_000;

export function testApp(deps: Partial<AuthDeps> = {}): Express {
  return buildApp({
    sessionKeys: TEST_SESSION_KEYS,
    sessionSigner: TEST_SESSION_SIGNER,
    ...deps,
    signUpLimits: { perAddress: TEST_SIGN_UPS_PER_ADDRESS, ...deps.signUpLimits },
  });
}

/** An email no other test uses. */
export function uniqueEmail(): string {
  return `user-${randomBytes(6).toString('hex')}@example.com`;
}

/** `forwardedFor` is the X-Forwarded-For the proxy in front would send (the test client plays that proxy). */
export function signUp(app: Express, email = uniqueEmail(), password = PASSWORD, forwardedFor?: string) {
  const req = request(app).post('/api/users/signup');
  if (forwardedFor) req.set('X-Forwarded-For', forwardedFor);
  return req.send({ email, password });
}

export function signIn(app: Express, email: string, password = PASSWORD, forwardedFor?: string) {
  const req = request(app).post('/api/users/signin');
  if (forwardedFor) req.set('X-Forwarded-For', forwardedFor);
  return req.send({ email, password });
}

/** The Set-Cookie headers of a response, as an array. */
export function setCookies(res: request.Response): string[] {
  const header = res.headers['set-cookie'] as string[] | string | undefined;
  if (header === undefined) return [];
  return Array.isArray(header) ? header : [header];
}

/** The `session=...` pair to send back as a Cookie header. */
export function sessionCookie(res: request.Response): string {
  const cookie = setCookies(res).find((value) => value.startsWith('session='));
  if (!cookie) throw new Error('no session cookie was set');
  return cookie.split(';')[0]!;
}
