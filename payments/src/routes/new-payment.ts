import { Router } from 'express';
import {
  apiRoutes,
  ForbiddenError,
  NotFoundError,
  logger,
  requireAuth,
  userOf,
  validateBody,
  type NewPaymentBody,
} from '@ticketing/common';
import { findOrderAllowingLag } from '../models/wait-for-order';
import { claimCharge } from '../charges/claim-charge';
import { awaitsConfirmation, payable } from '../charges/check-payable';
import type { Order } from '../models/order';
import type { SettleDeps, SettledCharge } from '../charges/settle-charge';
import { runCharge } from '../charges/run-charge';
import { chargeOutcome, pendingView } from '../charges/charge-response';
import { describeGatewayError } from '../gateway/gateway-error';
import { countPayment, outcomeOf } from '../charges/payment-metrics';

/** POST /api/payments {orderId, token}: charges the buyer's card for their order, at most once per order. */
export interface NewPaymentDeps extends SettleDeps {
  /** How long to wait for the event of an order this service has not heard of yet (default 3 s). */
  orderLagMs?: number;
  /** How often such an order is read again when no event of it is applied in this process (default 250 ms). */
  orderRecheckMs?: number;
  /** A charge starts only with this much time left before the order lapses (default 90 s). */
  paymentMarginMs?: number;
  /** When the reconciler first looks at a charge this request may leave unsettled (default 45 s). */
  reconcileGraceMs?: number;
}

export const UNCONFIRMED_MESSAGE =
  'Your order is still being confirmed (its ticket is being reserved); please try again in a moment.';
/** Seconds: a confirmation is usually a few hundred milliseconds behind the order. */
const UNCONFIRMED_RETRY_AFTER = 2;

const { path, request } = apiRoutes.createPayment;

export function newPaymentRouter(deps: NewPaymentDeps): Router {
  const wait = {
    waitMs: deps.orderLagMs ?? 3_000,
    recheckMs: deps.orderRecheckMs ?? 250,
    ready: (order: Order) => !awaitsConfirmation(order),
  };
  const marginMs = deps.paymentMarginMs ?? 90_000;
  const reconcileGraceMs = deps.reconcileGraceMs ?? 45_000;
  const router = Router();
  router.post(path, requireAuth, validateBody(request.body), async (req, res) => {
    const user = userOf(req);
    const { orderId, token: paymentMethodId } = req.body as NewPaymentBody;

    const order = await findOrderAllowingLag(orderId, wait);
    if (!order) throw new NotFoundError('Order not found');
    if (order.userId !== user.id) throw new ForbiddenError();
    if (awaitsConfirmation(order)) {
      // Not an error of the buyer's, and not final: the confirmation is late.
      res.status(503).set('Retry-After', String(UNCONFIRMED_RETRY_AFTER));
      res.json({ errors: [{ message: UNCONFIRMED_MESSAGE }] });
      return;
    }
    const now = Date.now();
    const { amountCents, confirmBy } = payable(order, now, marginMs);

    const charge = await claimCharge(orderId, amountCents, new Date(now + reconcileGraceMs));
    let settled: SettledCharge;
    try {
      settled = await runCharge(deps, charge, { amountCents, paymentMethodId, confirmBy });
    } catch (err) {
      // Whatever failed after the claim (the gateway's answer lost, the write recording the outcome), the charge
      // stays `created` and the reconciler (or Stripe's webhook) settles it.
      // The buyer is told exactly that. Logged in a safe form only: the raw error may quote payment details.
      logger.error({ orderId, gateway: describeGatewayError(err) }, 'payment outcome unknown; reconciling');
      countPayment('pending');
      res.status(202).json(pendingView(charge));
      return;
    }
    countPayment(outcomeOf(settled));
    res.status(201).json(chargeOutcome(settled));
  });
  return router;
}
