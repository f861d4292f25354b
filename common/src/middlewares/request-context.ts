import type { RequestHandler } from 'express';
import { randomUUID } from 'node:crypto';
import { runWithContext } from '../context';
import { logger } from '../logger';
import { observeRequest } from '../metrics/http-metrics';

const ID_PATTERN = /^[a-zA-Z0-9._-]{1,100}$/;

/**
 * Gives each request a correlation id (kept from X-Request-Id when sane); when it ends, one `finish` listener
 * logs one line and records its duration in the request histogram.
 */
export const requestContext: RequestHandler = (req, res, next) => {
  const incoming = req.header('x-request-id');
  const correlationId = incoming && ID_PATTERN.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', correlationId);
  const started = process.hrtime.bigint();
  runWithContext({ correlationId }, () => {
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      observeRequest(req, res.statusCode, ms / 1000);
      runWithContext({ correlationId }, () =>
        logger.info(
          { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 },
          'request',
        ),
      );
    });
    next();
  });
};
