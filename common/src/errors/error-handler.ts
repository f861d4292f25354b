import type { ErrorRequestHandler, RequestHandler } from 'express';
import { HttpError, NotFoundError, ServiceUnavailableError, TooManyRequestsError } from './http-error';
import { logger } from '../logger';
import { BusyError } from '../db/versioned';
import { isTransientError } from './transient-error';

/** What a client is told while the database is unreachable, and how long it should wait before trying again. */
export const UNAVAILABLE_MESSAGE = 'Service temporarily unavailable; please try again';
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

interface BodyParserError {
  type?: string;
  status?: number;
}

/** Errors of the request itself that Express and its parsers raise, as the client's mistake they are. */
function requestError(err: unknown): HttpError | undefined {
  // A path parameter that is not valid percent-encoding (`/api/orders/%E0%A4%A`): the router cannot decode it.
  if (err instanceof URIError) return new HttpError(400, 'Malformed percent-encoding in the URL');
  const { type } = (typeof err === 'object' && err !== null ? err : {}) as BodyParserError;
  if (type === 'entity.too.large') return new HttpError(413, 'Request body too large');
  if (type === 'entity.parse.failed') return new HttpError(400, 'Malformed JSON in request body');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new HttpError(415, 'Unsupported request encoding');
  }
  return undefined;
}

/**
 * The one error handler: known errors keep their status and message; the database unreachable (a connection-class
 * driver error) is a 503 with Retry-After, since the same request may succeed in a moment; anything else is a
 * logged 500.
 */
export const errorHandler: ErrorRequestHandler = (err: unknown, _req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  const known = err instanceof HttpError ? err : requestError(err);
  if (known) {
    if (
      known instanceof TooManyRequestsError ||
      known instanceof ServiceUnavailableError ||
      known instanceof BusyError
    ) {
      res.setHeader('Retry-After', String(known.retryAfterSeconds));
    }
    res.status(known.statusCode).json({ errors: known.serialize() });
    return;
  }
  if (isTransientError(err)) {
    logger.warn({ err }, 'database unavailable; answered 503');
    res.setHeader('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    res.status(503).json({ errors: [{ message: UNAVAILABLE_MESSAGE }] });
    return;
  }
  logger.error({ err }, 'unexpected error');
  res.status(500).json({ errors: [{ message: 'Something went wrong' }] });
};

export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new NotFoundError('Route not found'));
};
