export { freePort, isListening, waitForPort, ManagedServer, type ServerSpec } from './servers';
export {
  stanServer,
  stanStoreLimitArgs,
  STAN_STORE_LIMITS,
  jetstreamServer,
  mongoServer,
  redisServer,
  NATS_CLUSTER_ID,
  newNatsPasswords,
  writeNatsConfig,
  type NatsPasswords,
} from './dependencies';
export {
  JetStreamCluster,
  clusterConfig,
  ROUTE_USER,
  type ClusterMember,
  type JetStreamClusterOptions,
} from './jetstream-cluster';
export {
  startPlatform,
  newSessionKeys,
  ROOT,
  SERVICES,
  type Platform,
  type PlatformOptions,
  type ServiceName,
  type SessionKeyConfig,
  type ExitStatus,
  PlatformProcess,
} from './platform';
export { startGateway, ingressRoutes, matchRoute, type Route } from './gateway';
export { FaultProxies, type ProxiedDependency } from './fault-proxies';
export { Toxiproxy, ToxiproxyError, type Toxic, type ToxicType, type ToxicAttributes } from './toxiproxy';
export { SKAFFOLD_SCHEMA, obtainSkaffoldSchema } from './skaffold-schema';
