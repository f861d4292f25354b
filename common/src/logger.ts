import pino from 'pino';
import { currentContext } from './context';

// Every line carries the correlation id of the request or message being handled.
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: { service: process.env.SERVICE_NAME },
  mixin() {
    const context = currentContext();
    return context ? { correlationId: context.correlationId } : {};
  },
  redact: {
    paths: ['password', '*.password', 'token', '*.token', 'cookie', '*.cookie', 'req.headers.cookie'],
    censor: '[redacted]',
  },
});

export type Logger = typeof logger;
