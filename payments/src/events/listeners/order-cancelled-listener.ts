import { ChargeStatus, Listener, OrderStatus, type EventBus, type EventData } from '@ticketing/common';
import { applyOrderEvent } from '../../models/apply-order-event';
import { Charge } from '../../models/charge';
import { Order } from '../../models/order';
import { onOrderCancelled } from '../../charges/charge-decisions';
import { changeCharge } from '../../charges/change-charge';
import { tryRefund } from '../../charges/refund-charge';
import type { PaymentGateway } from '../../gateway';

/** How long the broker waits for this listener's ack: it may call Stripe for a refund. */
export const REFUND_ACK_WAIT_MS = 60_000;

/**
 * Keeps the replica, and when the order was paid just before it was cancelled, records `refund_due` before the
 * ack (so the refund can no longer be forgotten) and asks for it once; the reconciler retries it until done.
 */
export class OrderCancelledListener extends Listener<'order:cancelled'> {
  readonly subject = 'order:cancelled' as const;
  // A refund is a call to Stripe (at most about 30 s with its retries, see STRIPE_CLIENT_OPTIONS): longer than
  // the default before redelivery.
  protected override readonly options = { ackWaitMs: REFUND_ACK_WAIT_MS };

  constructor(
    bus: EventBus,
    private readonly gateway: PaymentGateway,
  ) {
    super(bus);
  }

  async onMessage(data: EventData<'order:cancelled'>): Promise<void> {
    await applyOrderEvent(data.id, data.version, { userId: data.userId, status: OrderStatus.Cancelled });
    // The replica decides, not this message: a stale cancel never refunds an order that is not cancelled.
    const order = await Order.findById(data.id).select({ status: 1 }).lean();
    if (order?.status !== OrderStatus.Cancelled) return;
    const charge = await Charge.findOne({ orderId: data.id }).select({ _id: 1, orderId: 1 }).lean();
    if (!charge) return;
    const owed = await changeCharge(charge, (current) => onOrderCancelled(current, new Date()));
    if (owed.status === ChargeStatus.RefundDue) await tryRefund(this.gateway, owed);
  }
}
