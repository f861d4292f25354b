import { Router } from 'express';
import { BadRequestError, isDuplicateKeyError, startSession, validateRequest } from '@ticketing/common';
import { User } from '../models/user';
import { hashPassword } from '../security/password';
import { emailRule, newPasswordRule } from './credential-rules';

const emailInUse = () => new BadRequestError('Email in use', 'email');

export function signupRouter(jwtKey: string): Router {
  const router = Router();
  router.post('/api/users/signup', emailRule(), newPasswordRule(), validateRequest, async (req, res) => {
    const { email, password } = req.body as { email: string; password: string };
    // Saves the hashing work in the common case; the unique index below is what actually decides.
    if (await User.exists({ email })) throw emailInUse();
    let user;
    try {
      user = await User.create({ email, password: await hashPassword(password) });
    } catch (err) {
      if (isDuplicateKeyError(err)) throw emailInUse();
      throw err;
    }
    startSession(req, user, jwtKey);
    res.status(201).json(user);
  });
  return router;
}
