import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

/**
 * Sessions are ES256 JWTs: only auth holds the private key and signs; every service holds the public keys and
 * verifies. Each key has an id (the JWT header's `kid`), so a rotation can list the old public key next to the
 * new one until the last session it signed has expired.
 */

/** The key auth signs sessions with, and the id written in each token's header. */
export interface SessionSigningKey {
  keyId: string;
  privateKey: KeyObject;
}

/** The public keys a service accepts sessions from, by key id. */
export type SessionVerifyingKeys = ReadonlyMap<string, KeyObject>;

export const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

function isP256(key: KeyObject): boolean {
  return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
}

/** A P-256 private key from PEM; throws a readable error otherwise. */
export function parseSigningPrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new Error('is not a PEM private key');
  }
  if (!isP256(key)) throw new Error('must be an EC P-256 (ES256) private key');
  return key;
}

/** The public keys from a JSON object `{ "<kid>": "<PEM>" }`; throws a readable error otherwise. */
export function parseVerifyingKeys(json: string): SessionVerifyingKeys {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error('must be a JSON object of key id to PEM public key');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('must be a JSON object of key id to PEM public key');
  const keys = new Map<string, KeyObject>();
  for (const [keyId, pem] of Object.entries(parsed)) {
    if (!KEY_ID_PATTERN.test(keyId))
      throw new Error('holds a key id with characters other than letters, digits, . _ and -');
    if (typeof pem !== 'string') throw new Error(`key ${keyId} is not a PEM string`);
    let key: KeyObject;
    try {
      key = createPublicKey(pem);
    } catch {
      throw new Error(`key ${keyId} is not a PEM public key`);
    }
    // A private PEM is accepted by createPublicKey (it derives the public half): refuse it, it must not be here.
    if (pem.includes('PRIVATE KEY')) throw new Error(`key ${keyId} is a private key; list public keys only`);
    if (!isP256(key)) throw new Error(`key ${keyId} must be an EC P-256 (ES256) public key`);
    keys.set(keyId, key);
  }
  if (keys.size === 0) throw new Error('must list at least one public key');
  return keys;
}

/** A fresh key pair in the configuration's formats (for `npm start`, the test platforms and the tests). */
export function generateSessionKeys(keyId = `k-${randomBytes(4).toString('hex')}`): {
  keyId: string;
  privateKeyPem: string;
  publicKeyPem: string;
} {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    keyId,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/**
 * The signing key, checked against the public keys the services are given: its id must be listed, with the public
 * half of this very private key (else auth would sign sessions that every service refuses).
 */
export function sessionSigner(
  privateKey: KeyObject,
  keyId: string,
  keys: SessionVerifyingKeys,
): SessionSigningKey {
  const listed = keys.get(keyId);
  if (!listed) throw new Error(`JWT_KEY_ID ${keyId} is not listed in JWT_PUBLIC_KEYS`);
  const own = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  if (!own.equals(listed.export({ type: 'spki', format: 'der' })))
    throw new Error(`JWT_PUBLIC_KEYS lists another public key than JWT_PRIVATE_KEY's under ${keyId}`);
  return { keyId, privateKey };
}
