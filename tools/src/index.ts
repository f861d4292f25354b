export { freePort, isListening, waitForPort, ManagedServer, type ServerSpec } from './servers';
export { stanServer, jetstreamServer, mongoServer, redisServer, NATS_CLUSTER_ID } from './dependencies';
export {
  startPlatform,
  SERVICES,
  type Platform,
  type PlatformOptions,
  type ServiceName,
  type ExitStatus,
  PlatformProcess,
} from './platform';
export { startGateway, ingressRoutes, matchRoute, type Route } from './gateway';
export { SKAFFOLD_SCHEMA, obtainSkaffoldSchema } from './skaffold-schema';
