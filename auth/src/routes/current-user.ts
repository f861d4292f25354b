import { Router } from 'express';
import { apiRoutes } from '@ticketing/common';

/** Who the session cookie says is signed in; read from the token alone, like every other service does. */
export function currentUserRouter(): Router {
  const router = Router();
  router.get(apiRoutes.currentUser.path, (req, res) => {
    res.status(200).json({ currentUser: req.currentUser ?? null });
  });
  return router;
}
