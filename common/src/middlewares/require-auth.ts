import type { Request, RequestHandler } from 'express';
import { NotAuthorizedError } from '../errors/http-error';
import type { UserPayload } from './session';

export const requireAuth: RequestHandler = (req, _res, next) => {
  next(req.currentUser ? undefined : new NotAuthorizedError());
};

/** The signed-in user of a route behind requireAuth. */
export function userOf(req: Request): UserPayload {
  if (!req.currentUser) throw new NotAuthorizedError();
  return req.currentUser;
}
