import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt cost parameters. N = 2^15 with r = 8 uses 32 MiB and takes about a hundred milliseconds per hash
 * here: slow enough to make offline guessing expensive, cheap enough for concurrent sign-ins on small pods.
 * They are written into every stored hash, so raising them later keeps old hashes verifiable.
 */
export const SCRYPT_COST = 2 ** 15;
export const SCRYPT_BLOCK_SIZE = 8;
export const SCRYPT_PARALLELISM = 1;
const KEY_BYTES = 64;
const SALT_BYTES = 16;
const SCHEME = 'scrypt';

interface StoredHash {
  options: ScryptOptions;
  salt: Buffer;
  key: Buffer;
}

function derive(password: string, salt: Buffer, keyBytes: number, options: ScryptOptions): Promise<Buffer> {
  // Node refuses to use more than maxmem; scrypt needs 128 * N * r bytes, so leave it twice that.
  const maxmem = 2 * 128 * (options.N ?? SCRYPT_COST) * (options.r ?? SCRYPT_BLOCK_SIZE);
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyBytes, { ...options, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** `scrypt$N$r$p$salt$key`, salt and key in base64. */
export async function hashPassword(password: string): Promise<string> {
  const options = { N: SCRYPT_COST, r: SCRYPT_BLOCK_SIZE, p: SCRYPT_PARALLELISM };
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, options);
  return [SCHEME, options.N, options.r, options.p, salt.toString('base64'), key.toString('base64')].join('$');
}

function parse(stored: string): StoredHash | undefined {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
  if (scheme !== SCHEME || rest.length > 0 || !salt || !key) return undefined;
  const options = { N: Number(n), r: Number(r), p: Number(p) };
  if (!Object.values(options).every((value) => Number.isInteger(value) && value > 0)) return undefined;
  return { options, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
}

/** True when password produces the stored hash; the comparison takes the same time wherever they differ. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const hash = parse(stored);
  if (!hash || hash.key.length === 0) return false;
  const candidate = await derive(password, hash.salt, hash.key.length, hash.options);
  return timingSafeEqual(candidate, hash.key);
}

let dummyHash: Promise<string> | undefined;

/**
 * A hash of a random password, made once. Checking a password against it costs what checking a real user's
 * password costs, so a sign-in for an unknown email takes as long as one with a wrong password.
 */
export function unknownUserHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(32).toString('base64'));
  return dummyHash;
}
