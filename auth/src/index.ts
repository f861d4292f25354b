import { connectDatabase, disconnectDatabase, loadConfigOrExit, logger, runService } from '@ticketing/common';
import { buildApp } from './app';
import { authConfigShape } from './config';

const config = loadConfigOrExit(authConfigShape);

async function main(): Promise<void> {
  // buildApp registers the models first, so connectDatabase builds their indexes (the unique email above all).
  const app = buildApp({
    jwtKey: config.JWT_KEY,
    trustProxyHops: config.TRUST_PROXY_HOPS,
    signUpLimits: {
      perAddress: config.SIGNUP_LIMIT_PER_ADDRESS,
      perMinute: config.SIGNUP_LIMIT_PER_MINUTE,
    },
  });
  await connectDatabase(config.MONGO_URI, { writeConcern: config.MONGO_WRITE_CONCERN });
  await runService({ app, port: config.PORT, resources: [disconnectDatabase] });
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'auth failed to start');
  process.exit(1);
});
