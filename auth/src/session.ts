import type { Request } from 'express';
// Brings in cookie-session's typing of req.session, which common's compiled declarations do not carry.
import type {} from 'cookie-session';
import { signSessionToken, type UserPayload } from '@ticketing/common';

/** Signs the user in: the session cookie carries a JWT of {id, email}. */
export function startSession(req: Request, user: UserPayload, jwtKey: string): void {
  req.session = { jwt: signSessionToken({ id: user.id, email: user.email }, jwtKey) };
}

/** Signs out: cookie-session answers with an expired, empty cookie. */
export function endSession(req: Request): void {
  req.session = null;
}
