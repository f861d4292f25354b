import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { TEST_JWT_KEY } from '@ticketing/common/testing';
import { buildApp, type AuthDeps } from '../app';

export const PASSWORD = 'correct horse battery';

export function testApp(deps: Partial<AuthDeps> = {}): Express {
  return buildApp({ jwtKey: TEST_JWT_KEY, ...deps });
}

/** An email no other test uses. */
export function uniqueEmail(): string {
  return `user-${randomBytes(6).toString('hex')}@example.com`;
}

export function signUp(app: Express, email = uniqueEmail(), password = PASSWORD) {
  return request(app).post('/api/users/signup').send({ email, password });
}

export function signIn(app: Express, email: string, password = PASSWORD, ip?: string) {
  const req = request(app).post('/api/users/signin');
  if (ip) req.set('X-Forwarded-For', ip);
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
