import { Router } from 'express';
import { apiRoutes, endSession } from '@ticketing/common';
import { recordSignOut } from '../models/sign-out';

/** Clears the cookie and, for a signed-in session, revokes it everywhere (a copied cookie stops working too). */
export function signoutRouter(): Router {
  const router = Router();
  router.post(apiRoutes.signOut.path, async (req, res) => {
    if (req.currentSession && req.currentUser) await recordSignOut(req.currentSession, req.currentUser.id);
    endSession(req);
    res.status(200).json({});
  });
  return router;
}
