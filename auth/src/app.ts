import type { Express } from 'express';
import {
  createApp,
  databaseReady,
  docsRouter,
  type SessionDenyList,
  type SessionSigningKey,
  type SessionVerifyingKeys,
} from '@ticketing/common';
import { HashGate } from './security/hash-gate';
import { DEFAULT_SIGN_IN_LIMITS, type SignInLimits } from './security/sign-in-limits';
import { SignInThrottle } from './security/sign-in-throttle';
import { DEFAULT_SIGN_UP_LIMITS, type SignUpLimits } from './security/sign-up-limits';
import { SignUpThrottle } from './security/sign-up-throttle';
import { currentUserRouter } from './routes/current-user';
import { signinRouter } from './routes/signin';
import { signoutRouter } from './routes/signout';
import { signupRouter } from './routes/signup';

export interface AuthDeps {
  /** The public keys sessions are verified with, by key id (JWT_PUBLIC_KEYS). */
  sessionKeys: SessionVerifyingKeys;
  /** The private key sessions are signed with (JWT_PRIVATE_KEY, JWT_KEY_ID): auth alone holds it. */
  sessionSigner: SessionSigningKey;
  /** Sessions signed out before their expiry (`RevokedSessions`). */
  revokedSessions?: SessionDenyList;
  /** Tests shrink the brute-force limits; production uses the defaults. */
  signInLimits?: Partial<SignInLimits>;
  /** From the configuration (per address and per minute); tests shrink the windows too. */
  signUpLimits?: Partial<SignUpLimits>;
  /** Bounds the password hashes of sign-ups and sign-ins together; tests hand in their own to hold its slots. */
  hashGate?: HashGate;
  /** Proxies in front whose X-Forwarded-For is believed (TRUST_PROXY_HOPS). */
  trustProxyHops?: number;
}

export function buildApp({
  sessionKeys,
  sessionSigner,
  revokedSessions,
  signInLimits,
  signUpLimits,
  hashGate,
  trustProxyHops,
}: AuthDeps): Express {
  const signInThrottle = new SignInThrottle({ ...DEFAULT_SIGN_IN_LIMITS, ...signInLimits });
  const signUpThrottle = new SignUpThrottle({ ...DEFAULT_SIGN_UP_LIMITS, ...signUpLimits });
  const gate = hashGate ?? new HashGate();
  return createApp({
    sessionKeys,
    revokedSessions,
    sessions: 'read-write',
    trustProxyHops,
    readiness: { database: databaseReady },
    routers: [
      signupRouter(sessionSigner, signUpThrottle, gate),
      signinRouter(sessionSigner, signInThrottle, gate),
      signoutRouter(),
      currentUserRouter(),
      // The API reference of every service is served here (the Ingress sends /api/docs to auth).
      docsRouter(),
    ],
  });
}
