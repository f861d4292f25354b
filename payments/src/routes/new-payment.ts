import { Router } from 'express';
import { body } from 'express-validator';
import {
  ForbiddenError,
  NotFoundError,
  isObjectId,
  logger,
  requireAuth,
  userOf,
  validateRequest,
} from '@ticketing/common';
import { findOrderAllowingLag } from '../models/wait-for-order';
import { claimCharge } from '../charges/claim-charge';
import { payableAmount } from '../charges/check-payable';
import { completeCharge, failCharge, type SettleDeps, type SettledCharge } from '../charges/settle-charge';
import { chargeOutcome, pendingView } from '../charges/charge-response';
import { chargeKey } from '../charges/keys';
import { describeGatewayError } from '../gateway/gateway-error';
import { countPayment, outcomeOf } from '../charges/payment-metrics';

/** A Stripe PaymentMethod id (`pm_...`); the card itself never reaches this service. */
const PAYMENT_METHOD_ID = /^[A-Za-z0-9_]{1,255}$/;

/** POST /api/payments {orderId, token}: charges the buyer's card for their order, at most once per order. */
export interface NewPaymentDeps extends SettleDeps {
  /** How long to wait for the event of an order this service has not heard of yet (default 3 s). */
  orderLagMs?: number;
}

export function newPaymentRouter(deps: NewPaymentDeps): Router {
  const orderLagMs = deps.orderLagMs ?? 3_000;
  const router = Router();
  router.post(
    '/api/payments',
    requireAuth,
    body('orderId').custom(isObjectId).withMessage('orderId must be a valid id'),
    body('token')
      .isString()
      .withMessage('token is required')
      .bail()
      .notEmpty()
      .withMessage('token is required')
      .bail()
      .matches(PAYMENT_METHOD_ID)
      .withMessage('token must be a payment method id'),
    validateRequest,
    async (req, res) => {
      const user = userOf(req);
      const orderId = (req.body as { orderId: string }).orderId.toLowerCase();
      const paymentMethodId = (req.body as { token: string }).token;

      const order = await findOrderAllowingLag(orderId, orderLagMs);
      if (!order) throw new NotFoundError('Order not found');
      if (order.userId !== user.id) throw new ForbiddenError();
      const amountCents = payableAmount(order);

      const charge = await claimCharge(orderId, amountCents);
      let settled: SettledCharge;
      try {
        const result = await deps.gateway.charge({
          amountCents,
          paymentMethodId,
          idempotencyKey: chargeKey(orderId),
          orderId,
        });
        settled =
          result.outcome === 'succeeded'
            ? await completeCharge(deps, charge, result.paymentIntentId)
            : await failCharge(charge, result.message);
      } catch (err) {
        // Whatever failed after the claim (the gateway's answer lost, the refund of a lapsed order, the write
        // recording the outcome), the charge stays `created` and the reconciler (or Stripe's webhook) settles it.
        // The buyer is told exactly that. Logged in a safe form only: the raw error may quote payment details.
        logger.error({ orderId, gateway: describeGatewayError(err) }, 'payment outcome unknown; reconciling');
        countPayment('pending');
        res.status(202).json(pendingView(charge));
        return;
      }
      countPayment(outcomeOf(settled));
      res.status(201).json(chargeOutcome(settled));
    },
  );
  return router;
}
