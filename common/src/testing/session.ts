import { createPrivateKey } from 'node:crypto';
import { Types } from 'mongoose';
import { signSessionToken, type UserPayload } from '../middlewares/session';
import {
  generateSessionKeys,
  parseVerifyingKeys,
  type SessionSigningKey,
  type SessionVerifyingKeys,
} from '../middlewares/session-keys';

/** A signing key and the public keys naming it, in the shapes the services take (a fresh pair per test file). */
export function testSessionKeys(keyId?: string): { signer: SessionSigningKey; keys: SessionVerifyingKeys } {
  const pair = generateSessionKeys(keyId);
  return {
    signer: { keyId: pair.keyId, privateKey: createPrivateKey(pair.privateKeyPem) },
    keys: parseVerifyingKeys(JSON.stringify({ [pair.keyId]: pair.publicKeyPem })),
  };
}

const TEST_KEYS = testSessionKeys('test-key');
/** What auth signs with in the tests. */
export const TEST_SESSION_SIGNER: SessionSigningKey = TEST_KEYS.signer;
/** What every service verifies with in the tests: the public half of TEST_SESSION_SIGNER. */
export const TEST_SESSION_KEYS: SessionVerifyingKeys = TEST_KEYS.keys;

export function fakeUser(overrides: Partial<UserPayload> = {}): UserPayload {
  const id = overrides.id ?? new Types.ObjectId().toHexString();
  return { id, email: overrides.email ?? `user-${id}@example.com` };
}

/** The Cookie header value cookie-session would set for a session holding this token. */
export function sessionCookieWithToken(token: string): string {
  return `session=${Buffer.from(JSON.stringify({ jwt: token })).toString('base64')}`;
}

/** A Cookie header value for a signed-in user, as cookie-session would set it. */
export function sessionCookieFor(user: UserPayload = fakeUser(), signer = TEST_SESSION_SIGNER): string {
  return sessionCookieWithToken(signSessionToken(user, signer));
}
