import {
  connectDatabase,
  disconnectDatabase,
  loadConfigOrExit,
  logger,
  runService,
  serviceConfigShape,
} from '@ticketing/common';
import { buildApp } from './app';

// auth publishes no events, so it reads no bus settings.
const { PORT, MONGO_URI, JWT_KEY } = serviceConfigShape('auth');
const config = loadConfigOrExit({ PORT, MONGO_URI, JWT_KEY });

async function main(): Promise<void> {
  // buildApp registers the models first, so connectDatabase builds their indexes (the unique email above all).
  const app = buildApp({ jwtKey: config.JWT_KEY });
  await connectDatabase(config.MONGO_URI);
  await runService({ app, port: config.PORT, resources: [disconnectDatabase] });
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'auth failed to start');
  process.exit(1);
});
