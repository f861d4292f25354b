import { Router } from 'express';
import { apiRoutes, endSession } from '@ticketing/common';

export function signoutRouter(): Router {
  const router = Router();
  router.post(apiRoutes.signOut.path, (req, res) => {
    endSession(req);
    res.status(200).json({});
  });
  return router;
}
