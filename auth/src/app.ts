import type { Express } from 'express';
import { createApp, databaseReady, docsRouter } from '@ticketing/common';
import { DEFAULT_SIGN_IN_LIMITS, type SignInLimits } from './security/sign-in-limits';
import { SignInThrottle } from './security/sign-in-throttle';
import { currentUserRouter } from './routes/current-user';
import { signinRouter } from './routes/signin';
import { signoutRouter } from './routes/signout';
import { signupRouter } from './routes/signup';

export interface AuthDeps {
  jwtKey: string;
  /** Tests shrink the brute-force limits; production uses the defaults. */
  signInLimits?: Partial<SignInLimits>;
}

export function buildApp({ jwtKey, signInLimits }: AuthDeps): Express {
  const throttle = new SignInThrottle({ ...DEFAULT_SIGN_IN_LIMITS, ...signInLimits });
  return createApp({
    jwtKey,
    sessions: 'read-write',
    readiness: { database: databaseReady },
    routers: [
      signupRouter(jwtKey),
      signinRouter(jwtKey, throttle),
      signoutRouter(),
      currentUserRouter(),
      // The API reference of every service is served here (the Ingress sends /api/docs to auth).
      docsRouter(),
    ],
  });
}
