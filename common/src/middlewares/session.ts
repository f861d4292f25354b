import type { Request, RequestHandler } from 'express';
import cookieSession from 'cookie-session';
import jwt from 'jsonwebtoken';
import type { SessionSigningKey, SessionVerifyingKeys } from './session-keys';

export interface UserPayload {
  id: string;
  email: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      currentUser?: UserPayload;
    }
  }
}

export const SESSION_TTL_SECONDS = 24 * 60 * 60;

/**
 * The session cookie holds only a signed JWT, so the cookie itself needs no signature. It is marked Secure
 * whenever the request arrived over HTTPS (behind a proxy that says so; the app trusts one hop).
 */
export function sessionCookie(): RequestHandler {
  const session = cookieSession({
    name: 'session',
    signed: false,
    httpOnly: true,
    sameSite: 'lax',
    maxAge: SESSION_TTL_SECONDS * 1000,
  });
  return (req, res, next) => {
    session(req, res, () => {
      if (req.sessionOptions) req.sessionOptions.secure = req.secure;
      next();
    });
  };
}

/** An ES256 JWT of {id, email} naming its key in the header; only auth, which holds the private key, signs. */
export function signSessionToken(user: UserPayload, signer: SessionSigningKey): string {
  return jwt.sign({ id: user.id, email: user.email }, signer.privateKey, {
    algorithm: 'ES256',
    keyid: signer.keyId,
    expiresIn: SESSION_TTL_SECONDS,
  });
}

/** Signs the user in: the session cookie carries a JWT of {id, email}. */
export function startSession(req: Request, user: UserPayload, signer: SessionSigningKey): void {
  req.session = { jwt: signSessionToken(user, signer) };
}

/** Signs out: cookie-session answers with an expired, empty cookie. */
export function endSession(req: Request): void {
  req.session = null;
}

function isUserPayload(value: unknown): value is UserPayload {
  if (typeof value !== 'object' || value === null) return false;
  const { id, email } = value as Record<string, unknown>;
  return typeof id === 'string' && typeof email === 'string';
}

/** Tokens one middleware keeps once verified (about 3 MB at most). */
export const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * The sessions one middleware has verified, by their exact token text, until their own expiry: an ES256
 * verification costs about 20 times an HS256 one (tens of microseconds), and every request of a session carries the
 * same token. Only a token verified before is found, so a hit proves what the verification did. Bounded: past
 * VERIFIED_TOKENS_KEPT the oldest entry makes room.
 */
export class VerifiedTokens {
  private readonly users = new Map<string, { user: UserPayload; expiresAtMs: number }>();

  constructor(private readonly max = VERIFIED_TOKENS_KEPT) {}

  find(token: string): UserPayload | undefined {
    const entry = this.users.get(token);
    if (!entry) return undefined;
    if (Date.now() < entry.expiresAtMs) return entry.user;
    this.users.delete(token);
    return undefined;
  }

  keep(token: string, user: UserPayload, expiresAtMs: number): void {
    if (this.users.size >= this.max) {
      const oldest = this.users.keys().next();
      if (!oldest.done) this.users.delete(oldest.value);
    }
    this.users.set(token, { user, expiresAtMs });
  }
}

/**
 * The user of a valid session token: ES256 only (an HMAC token, even one keyed with a public key's text, or an
 * unsigned one is refused), signed by a key whose id is listed, with an expiry; anything else means signed out.
 */
function verifiedUser(
  token: string,
  keys: SessionVerifyingKeys,
): { user: UserPayload; exp: number } | undefined {
  try {
    const keyId = jwt.decode(token, { complete: true })?.header.kid;
    const key = keyId === undefined ? undefined : keys.get(keyId);
    if (!key) return undefined;
    const payload = jwt.verify(token, key, { algorithms: ['ES256'] });
    if (!isUserPayload(payload)) return undefined;
    const { exp } = payload as { exp?: unknown };
    return typeof exp === 'number' ? { user: { id: payload.id, email: payload.email }, exp } : undefined;
  } catch {
    return undefined; // invalid session: treated as signed out
  }
}

/** Reads the user of a session token, verifying each token once while it is kept. */
function sessionReader(keys: SessionVerifyingKeys): (token: unknown) => UserPayload | undefined {
  const verified = new VerifiedTokens();
  return (token) => {
    if (typeof token !== 'string') return undefined;
    const known = verified.find(token);
    if (known) return known;
    const valid = verifiedUser(token, keys);
    if (!valid) return undefined;
    verified.keep(token, valid.user, valid.exp * 1000);
    return valid.user;
  };
}

/** Sets req.currentUser from a valid session; a tampered, expired or foreign cookie simply means signed out. */
export function currentUser(keys: SessionVerifyingKeys): RequestHandler {
  const userOf = sessionReader(keys);
  return (req, _res, next) => {
    const user = userOf(req.session?.jwt);
    if (user) req.currentUser = user;
    next();
  };
}

/** The JWT inside the `session` cookie as cookie-session writes it (base64 of `{"jwt": ...}`), if any. */
export function sessionTokenOf(cookieHeader: string | undefined): unknown {
  if (!cookieHeader) return undefined;
  for (const pair of cookieHeader.split(';')) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== 'session') continue;
    try {
      const session: unknown = JSON.parse(Buffer.from(pair.slice(at + 1).trim(), 'base64').toString('utf8'));
      return typeof session === 'object' && session !== null ? (session as { jwt?: unknown }).jwt : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * req.currentUser for the services that only read sessions (all but auth): the cookie is parsed directly,
 * without cookie-session, which would hook every response to maybe rewrite a cookie these services never change.
 */
export function currentUserFromCookie(keys: SessionVerifyingKeys): RequestHandler {
  const userOf = sessionReader(keys);
  return (req, _res, next) => {
    const user = userOf(sessionTokenOf(req.headers.cookie));
    if (user) req.currentUser = user;
    next();
  };
}
