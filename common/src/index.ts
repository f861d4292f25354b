export * from './errors/http-error';
export { errorHandler, notFoundHandler } from './errors/error-handler';
export * from './middlewares/session';
export * from './middlewares/session-keys';
export { requireAuth, userOf } from './middlewares/require-auth';
export { validateBody, readValue, fieldProblems } from './middlewares/validate-request';
export { requestContext } from './middlewares/request-context';
export { securityHeaders } from './middlewares/security-headers';
export { createApp, type AppOptions } from './http/create-app';
export { healthRouter, readinessOf, runChecks, type ReadinessCheck } from './http/health';
export * from './api';
export * from './http/money';
export * from './http/pagination';
export * from './http/object-id';
export { serve, type ShutdownStep } from './http/server';
export {
  connectDatabase,
  connectionOptions,
  databaseReady,
  disconnectDatabase,
  writeConcernOf,
} from './db/connect';
export {
  runService,
  startBackground,
  readinessGate,
  shutdownSteps,
  type ServiceParts,
  type Worker,
} from './service';
export { ReadinessGate, READINESS_POLL_MS } from './bus/readiness-gate';
export { deadLettersCommand, openDeadLetterStore } from './bus/dead-letters/command';
export type { DeadLetterStore, StoredDeadLetter, ReplayRecord } from './bus/dead-letters/store';
export { PeriodicWorker } from './periodic-worker';
export { isDuplicateKeyError } from './db/duplicate-key';
export * from './db/versioned';
export {
  loadConfig,
  loadConfigOrExit,
  serviceConfigShape,
  sessionVerifyingConfigShape,
  sessionSigningConfigShape,
  busConfigShape,
  jetStreamConfigShape,
  jetStreamLimitsOf,
  natsCredentialsOf,
  ConfigError,
  WRITE_CONCERNS,
  type WriteConcernSetting,
} from './config';
export { logger, type Logger } from './logger';
export { runWithContext, currentContext, correlationId, type WorkContext } from './context';
export * from './events/types';
export * from './events/contracts';
export * from './bus/event-bus';
export { Listener } from './bus/listener';
export {
  RevokedSession,
  RevokedSessions,
  SessionRevokedListener,
  recordRevokedSession,
  REVOKED_SESSIONS_REFRESH_MS,
} from './sessions/revoked-sessions';
export { processDelivery, encodeEnvelope, type Decision, type Verdict } from './bus/message-processor';
export { UnprocessableMessageError, RetryLaterError } from './bus/message-errors';
export { retryDelayMs, FIRST_RETRY_DELAY_MS, MAX_RETRY_DELAY_MS } from './bus/retry-policy';
export { isTransientError } from './errors/transient-error';
export { StanBus, type StanBusOptions } from './bus/stan-bus';
export { JetStreamBus } from './bus/jetstream-bus';
export * from './events/bus-permissions';
export { DEFAULT_JETSTREAM_LIMITS, type JetStreamLimits, type StreamLimits } from './bus/stream-limits';
export { createEventBus, type BusConfig } from './bus/create-bus';
export * from './outbox/outbox';
export type { Backlog } from './outbox/outbox-metrics';
export {
  metricsRegistry,
  counter,
  histogram,
  collectedGauge,
  collectProcessMetrics,
  METRIC_PREFIX,
  DURATION_BUCKETS,
  LAG_BUCKETS,
} from './metrics/registry';
export { metricsRouter, observeRequest, routeTemplate, UNMATCHED_ROUTE } from './metrics/http-metrics';
export { busMetrics, type DeadLetterReason } from './bus/bus-metrics';
export * from './openapi';
