import express, { type Express, type Router } from 'express';
import { errorHandler, notFoundHandler } from '../errors/error-handler';
import {
  currentUser,
  currentUserFromCookie,
  sessionCookie,
  type SessionDenyList,
} from '../middlewares/session';
import type { SessionVerifyingKeys } from '../middlewares/session-keys';
import { requestContext } from '../middlewares/request-context';
import { securityHeaders } from '../middlewares/security-headers';
import { healthRouter, type ReadinessCheck } from './health';
import { methodNotAllowedHandler, optionsHandler } from './allowed-methods';
import { metricsRouter } from '../metrics/http-metrics';

export interface AppOptions {
  /** The public keys sessions are verified with, by key id (JWT_PUBLIC_KEYS). */
  sessionKeys: SessionVerifyingKeys;
  /** Sessions signed out before their expiry, refused like invalid ones (`RevokedSessions`). */
  revokedSessions?: SessionDenyList;
  routers: Router[];
  /** What serving a request needs (the database): /readyz is 503 while one fails. */
  readiness: Record<string, ReadinessCheck>;
  /** Reported by /readyz without deciding it (the bus). */
  status?: Record<string, ReadinessCheck>;
  /** Routers that read the raw body themselves (e.g. a signed webhook), mounted before JSON parsing. */
  rawBodyRouters?: Router[];
  /** Largest accepted JSON body. */
  bodyLimit?: string;
  /** 'read-write' for the service that signs users in and out (auth); the others only read the cookie. */
  sessions?: 'read' | 'read-write';
  /**
   * Proxies in front whose X-Forwarded-For entries are believed (the Ingress: 1). `req.ip` is the address the
   * outermost trusted one saw; anything a client wrote further left is ignored, so it cannot pick its address.
   */
  trustProxyHops?: number;
}

/** The Express app every service shares: the same middleware order, health and metrics endpoints, error handling. */
export function createApp({
  sessionKeys,
  revokedSessions,
  routers,
  readiness,
  status,
  rawBodyRouters = [],
  bodyLimit = '16kb',
  sessions = 'read',
  trustProxyHops = 1,
}: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  // Every answer is `Cache-Control: no-store`, so an ETag (a hash of each body) would never be used.
  app.set('etag', false);
  app.set('trust proxy', trustProxyHops);
  app.set('query parser', 'simple');
  app.use(healthRouter(readiness, status));
  app.use(metricsRouter());
  // After the probes and scrapes, which would otherwise outnumber the requests worth logging and timing.
  app.use(requestContext);
  app.use(securityHeaders);
  const apiRouters = [...rawBodyRouters, ...routers];
  app.use(optionsHandler(apiRouters));
  for (const router of rawBodyRouters) app.use(router);
  app.use(express.json({ limit: bodyLimit }));
  if (sessions === 'read-write') app.use(sessionCookie(), currentUser(sessionKeys, revokedSessions));
  else app.use(currentUserFromCookie(sessionKeys, revokedSessions));
  for (const router of routers) app.use(router);
  app.use(methodNotAllowedHandler(apiRouters));
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
