import { Router } from 'express';
import {
  apiRoutes,
  BadRequestError,
  startSession,
  validateBody,
  type SignInBody,
  type SessionSigningKey,
} from '@ticketing/common';
import { User } from '../models/user';
import type { HashGate } from '../security/hash-gate';
import { unknownUserHash, verifyPassword } from '../security/password';
import type { SignInThrottle } from '../security/sign-in-throttle';

const { path, request } = apiRoutes.signIn;

export function signinRouter(signer: SessionSigningKey, throttle: SignInThrottle, gate: HashGate): Router {
  const router = Router();
  // Made now so the first sign-in for an unknown email does not pay for making it.
  void unknownUserHash();
  router.post(path, validateBody(request.body), async (req, res) => {
    const { email, password } = req.body as SignInBody;
    const user = await throttle.attempt({ email, ip: req.ip ?? 'unknown' }, async () => {
      const found = await User.findOne({ email });
      // An unknown email is checked against a dummy hash so that both failures take the same time.
      const stored = found?.password ?? (await unknownUserHash());
      const valid = await gate.run('signin', () => verifyPassword(password, stored));
      return valid ? found : null;
    });
    // One answer for an unknown email and a wrong password, so it never tells which accounts exist.
    if (!user) throw new BadRequestError('Invalid credentials');
    startSession(req, user, signer);
    res.status(200).json(user);
  });
  return router;
}
