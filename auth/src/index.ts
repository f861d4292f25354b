import {
  connectDatabase,
  disconnectDatabase,
  loadConfigOrExit,
  logger,
  runService,
  sessionSigner,
} from '@ticketing/common';
import { buildApp } from './app';
import { authConfigShape } from './config';

const config = loadConfigOrExit(authConfigShape);

async function main(): Promise<void> {
  // buildApp registers the models first, so connectDatabase builds their indexes (the unique email above all).
  const app = buildApp({
    sessionKeys: config.JWT_PUBLIC_KEYS,
    sessionSigner: sessionSigner(config.JWT_PRIVATE_KEY, config.JWT_KEY_ID, config.JWT_PUBLIC_KEYS),
    trustProxyHops: config.TRUST_PROXY_HOPS,
    signUpLimits: {
      perAddress: config.SIGNUP_LIMIT_PER_ADDRESS,
      perMinute: config.SIGNUP_LIMIT_PER_MINUTE,
    },
  });
  await connectDatabase(config.MONGO_URI);
  await runService({ app, port: config.PORT, resources: [disconnectDatabase] });
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'auth failed to start');
  process.exit(1);
});
