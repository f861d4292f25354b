import { randomUUID } from 'node:crypto';
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
      /** The signed-in session's id and expiry (with currentUser). */
      currentSession?: SessionInfo;
    }
  }
}

export const SESSION_TTL_SECONDS = 24 * 60 * 60;

/** A session: its id (the token's `sid`, a UUID) and when its token expires. */
export interface SessionInfo {
  id: string;
  expiresAt: Date;
}

/** The sessions signed out before their expiry, as a service knows them (see `RevokedSessions`). */
export interface SessionDenyList {
  has(sessionId: string): boolean;
}

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

/**
 * An ES256 JWT of {id, email} and a new session id (`sid`), naming its key in the header; only auth, which holds
 * the private key, signs.
 */
export function signSessionToken(user: UserPayload, signer: SessionSigningKey): string {
  return jwt.sign({ id: user.id, email: user.email, sid: randomUUID() }, signer.privateKey, {
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

/** What a valid token says: who, and which session. */
interface Session {
  user: UserPayload;
  session: SessionInfo;
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
  private readonly users = new Map<string, { user: Session; expiresAtMs: number }>();

  constructor(private readonly max = VERIFIED_TOKENS_KEPT) {}

  find(token: string): Session | undefined {
    const entry = this.users.get(token);
    if (!entry) return undefined;
    if (Date.now() < entry.expiresAtMs) return entry.user;
    this.users.delete(token);
    return undefined;
  }

  keep(token: string, user: Session, expiresAtMs: number): void {
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
function verifiedSession(token: string, keys: SessionVerifyingKeys): Session | undefined {
  try {
    const keyId = jwt.decode(token, { complete: true })?.header.kid;
    const key = keyId === undefined ? undefined : keys.get(keyId);
    if (!key) return undefined;
    const payload = jwt.verify(token, key, { algorithms: ['ES256'] });
    if (!isUserPayload(payload)) return undefined;
    const { exp, sid } = payload as { exp?: unknown; sid?: unknown };
    if (typeof exp !== 'number' || typeof sid !== 'string') return undefined;
    return {
      user: { id: payload.id, email: payload.email },
      session: { id: sid, expiresAt: new Date(exp * 1000) },
    };
  } catch {
    return undefined; // invalid session: treated as signed out
  }
}

/**
 * Reads the session of a token, verifying each token once while it is kept; a session on the deny-list (signed
 * out) is refused, every time, since the list grows after a token was kept.
 */
function sessionReader(
  keys: SessionVerifyingKeys,
  denied: SessionDenyList | undefined,
): (token: unknown) => Session | undefined {
  const verified = new VerifiedTokens();
  return (token) => {
    if (typeof token !== 'string') return undefined;
    let valid = verified.find(token);
    if (!valid) {
      valid = verifiedSession(token, keys);
      if (!valid) return undefined;
      verified.keep(token, valid, valid.session.expiresAt.getTime());
    }
    return denied?.has(valid.session.id) ? undefined : valid;
  };
}

/** Sets req.currentUser from a valid session; a tampered, expired or foreign cookie simply means signed out. */
export function currentUser(keys: SessionVerifyingKeys, denied?: SessionDenyList): RequestHandler {
  const sessionOf = sessionReader(keys, denied);
  return (req, _res, next) => {
    const found = sessionOf(req.session?.jwt);
    if (found) {
      req.currentUser = found.user;
      req.currentSession = found.session;
    }
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
export function currentUserFromCookie(keys: SessionVerifyingKeys, denied?: SessionDenyList): RequestHandler {
  const sessionOf = sessionReader(keys, denied);
  return (req, _res, next) => {
    const found = sessionOf(sessionTokenOf(req.headers.cookie));
    if (found) {
      req.currentUser = found.user;
      req.currentSession = found.session;
    }
    next();
  };
}
