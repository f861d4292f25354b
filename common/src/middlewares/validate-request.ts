import type { RequestHandler } from 'express';
import { validationResult } from 'express-validator';
import { RequestValidationError, type ErrorItem } from '../errors/http-error';

/** Turns express-validator's findings into one 400 in the common error shape (first problem per field). */
export const validateRequest: RequestHandler = (req, _res, next) => {
  const result = validationResult(req);
  if (result.isEmpty()) {
    next();
    return;
  }
  const items: ErrorItem[] = result
    .array({ onlyFirstError: true })
    .map((error) =>
      error.type === 'field'
        ? { message: String(error.msg), field: error.path }
        : { message: String(error.msg) },
    );
  next(new RequestValidationError(items));
};
