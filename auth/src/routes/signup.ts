import { Router } from 'express';
import {
  apiRoutes,
  BadRequestError,
  isDuplicateKeyError,
  ServiceUnavailableError,
  startSession,
  validateBody,
  type SessionSigningKey,
  type SignUpBody,
} from '@ticketing/common';
import { User } from '../models/user';
import type { HashGate } from '../security/hash-gate';
import { hashPassword } from '../security/password';
import type { SignUpThrottle } from '../security/sign-up-throttle';

const emailInUse = () => new BadRequestError('Email in use', 'email');
const { path, request } = apiRoutes.signUp;

export function signupRouter(signer: SessionSigningKey, throttle: SignUpThrottle, gate: HashGate): Router {
  const router = Router();
  router.post(path, validateBody(request.body), async (req, res) => {
    const { email, password } = req.body as SignUpBody;
    const withdraw = await throttle.admit(req.ip ?? 'unknown');
    // Saves the hashing work in the common case; the unique index below is what actually decides.
    if (await User.exists({ email })) throw emailInUse();
    let hash: string;
    try {
      hash = await gate.run('signup', () => hashPassword(password));
    } catch (err) {
      // Turned away for the server's load, not the client's doing: the attempt does not count against it.
      if (err instanceof ServiceUnavailableError) await withdraw();
      throw err;
    }
    let user;
    try {
      user = await User.create({ email, password: hash });
    } catch (err) {
      if (isDuplicateKeyError(err)) throw emailInUse();
      throw err;
    }
    startSession(req, user, signer);
    res.status(201).json(user);
  });
  return router;
}
