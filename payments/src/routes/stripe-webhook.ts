import express, { Router } from 'express';
import Stripe from 'stripe';
import { apiRoutes, BadRequestError, isObjectId, logger, NotFoundError } from '@ticketing/common';
import { Charge } from '../models/charge';
import { completeCharge, failCharge, type SettleDeps } from '../charges/settle-charge';
import { GENERIC_DECLINE_MESSAGE } from '../gateway/stripe-gateway';

/**
 * POST /api/payments/webhook: Stripe's word on PaymentIntents, verified with the endpoint's signing secret.
 * It settles a charge the synchronous path left `created` (its answer was lost, or the intent was still
 * processing) exactly as that path would have; a charge already settled is left alone, so replays are
 * harmless, except that a success for a charge declared failed is recorded `refund_due` and refunded. It reads
 * the raw body, since the signature covers the exact bytes. Without a signing secret it is a 404: the path
 * still exists (so other methods are a 405, as for every path of the API), nothing is settled.
 */
export function stripeWebhookRouter(deps: SettleDeps, signingSecret: string | undefined): Router {
  const router = Router();
  router.post(
    apiRoutes.stripeWebhook.path,
    express.raw({ type: 'application/json', limit: '256kb' }),
    async (req, res) => {
      if (!signingSecret) throw new NotFoundError('Stripe webhooks are not configured here');
      const signature = req.header('stripe-signature');
      const payload: unknown = req.body;
      if (!signature || !Buffer.isBuffer(payload)) throw new BadRequestError('Invalid webhook signature');
      let event: Stripe.Event;
      try {
        event = Stripe.webhooks.constructEvent(payload, signature, signingSecret);
      } catch {
        throw new BadRequestError('Invalid webhook signature');
      }

      if (event.type === 'payment_intent.succeeded' || event.type === 'payment_intent.payment_failed') {
        const intent = event.data.object;
        const orderId = intent.metadata?.orderId;
        const charge = isObjectId(orderId)
          ? await Charge.findOne({ orderId: orderId.toLowerCase() }).select({ _id: 1, orderId: 1 }).lean()
          : null;
        if (charge) {
          // A charge already settled is left alone, except a success for one declared failed: refunded at once.
          const settled =
            event.type === 'payment_intent.succeeded'
              ? await completeCharge(deps, charge, intent.id)
              : await failCharge(charge, intent.last_payment_error?.message ?? GENERIC_DECLINE_MESSAGE);
          logger.info(
            { orderId: charge.orderId, stripeEvent: event.type, status: settled.status },
            'charge settled by webhook',
          );
        }
      }
      res.json({ received: true });
    },
  );
  return router;
}
