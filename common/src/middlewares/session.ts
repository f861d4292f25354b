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

/**
 * The user of a valid session token: ES256 only (an HMAC token, even one keyed with a public key's text, or an
 * unsigned one is refused) and signed by a key whose id is listed; anything else means signed out.
 */
function userFromToken(token: unknown, keys: SessionVerifyingKeys): UserPayload | undefined {
  if (typeof token !== 'string') return undefined;
  try {
    const keyId = jwt.decode(token, { complete: true })?.header.kid;
    const key = keyId === undefined ? undefined : keys.get(keyId);
    if (!key) return undefined;
    const payload = jwt.verify(token, key, { algorithms: ['ES256'] });
    return isUserPayload(payload) ? { id: payload.id, email: payload.email } : undefined;
  } catch {
    return undefined; // invalid session: treated as signed out
  }
}

/** Sets req.currentUser from a valid session; a tampered, expired or foreign cookie simply means signed out. */
export function currentUser(keys: SessionVerifyingKeys): RequestHandler {
  return (req, _res, next) => {
    const user = userFromToken(req.session?.jwt, keys);
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
  return (req, _res, next) => {
    const user = userFromToken(sessionTokenOf(req.headers.cookie), keys);
    if (user) req.currentUser = user;
    next();
  };
}
