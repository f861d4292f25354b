import { Router } from 'express';
import {
  apiRoutes,
  BadRequestError,
  isDuplicateKeyError,
  startSession,
  validateBody,
  type SignUpBody,
} from '@ticketing/common';
import { User } from '../models/user';
import { hashPassword } from '../security/password';

const emailInUse = () => new BadRequestError('Email in use', 'email');
const { path, request } = apiRoutes.signUp;

export function signupRouter(jwtKey: string): Router {
  const router = Router();
  router.post(path, validateBody(request.body), async (req, res) => {
    const { email, password } = req.body as SignUpBody;
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
