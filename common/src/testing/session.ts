import { Types } from 'mongoose';
import { signSessionToken, type UserPayload } from '../middlewares/session';

export const TEST_JWT_KEY = 'test-jwt-key-of-sufficient-length';

export function fakeUser(overrides: Partial<UserPayload> = {}): UserPayload {
  const id = overrides.id ?? new Types.ObjectId().toHexString();
  return { id, email: overrides.email ?? `user-${id}@example.com` };
}

/** A Cookie header value for a signed-in user, as cookie-session would set it. */
export function sessionCookieFor(user: UserPayload = fakeUser(), jwtKey = TEST_JWT_KEY): string {
  const session = Buffer.from(JSON.stringify({ jwt: signSessionToken(user, jwtKey) })).toString('base64');
  return `session=${session}`;
}
