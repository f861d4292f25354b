import {
  connectDatabase,
  createEventBus,
  disconnectDatabase,
  loadConfigOrExit,
  logger,
  OutboxRelay,
  RevokedSessions,
  runService,
  SessionRevokedListener,
  sessionSigner,
} from '@ticketing/common';
import { buildApp } from './app';
import { authConfigShape, SERVICE_NAME } from './config';
import { SignOut, SignOutPurge } from './models/sign-out';

const config = loadConfigOrExit(authConfigShape);

async function main(): Promise<void> {
  // buildApp registers the models first, so connectDatabase builds their indexes (the unique email above all).
  const revokedSessions = new RevokedSessions();
  const app = buildApp({
    sessionKeys: config.JWT_PUBLIC_KEYS,
    revokedSessions,
    sessionSigner: sessionSigner(config.JWT_PRIVATE_KEY, config.JWT_KEY_ID, config.JWT_PUBLIC_KEYS),
    trustProxyHops: config.TRUST_PROXY_HOPS,
    signUpLimits: {
      perAddress: config.SIGNUP_LIMIT_PER_ADDRESS,
      perMinute: config.SIGNUP_LIMIT_PER_MINUTE,
    },
  });
  await connectDatabase(config.MONGO_URI, { writeConcern: config.MONGO_WRITE_CONCERN });
  const bus = await createEventBus(SERVICE_NAME, config);
  await runService({
    app,
    port: config.PORT,
    bus,
    // Sign-outs are published from the outbox, and applied here as in every service.
    listeners: [new SessionRevokedListener(bus)],
    relay: new OutboxRelay(bus, [SignOut]),
    workers: [revokedSessions, new SignOutPurge()],
    resources: [disconnectDatabase],
  });
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'auth failed to start');
  process.exit(1);
});
