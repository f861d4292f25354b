export { freePort, isListening, waitForPort, ManagedServer, type ServerSpec } from './servers';
export { stanServer, jetstreamServer, mongoServer, redisServer, NATS_CLUSTER_ID } from './dependencies';
