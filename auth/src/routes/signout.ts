import { Router } from 'express';
import { endSession } from '@ticketing/common';

export function signoutRouter(): Router {
  const router = Router();
  router.post('/api/users/signout', (req, res) => {
    endSession(req);
    res.status(200).json({});
  });
  return router;
}
