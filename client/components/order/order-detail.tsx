'use client';

import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorsFrom, fetchOrder, payOrder, statusOf } from '@/lib/api-browser';
import { formatPrice } from '@/lib/money';
import { isOpen, type ApiErrorItem, type Order } from '@/lib/types';
import { NeedsJs } from '../needs-js';
import { OrderBadge } from '../status-badge';
import { CancelOrderButton } from './cancel-order-button';
import { Countdown } from './countdown';
import { PayPanel } from './pay-panel';

interface Notice {
  tone: 'success' | 'error' | 'info';
  text: string;
}

const POLL_MS = 1000;
const POLL_TRIES = 30;
/** A payment being confirmed is settled by the payments service's reconciler within a couple of minutes. */
const CONFIRMING_TRIES = 240;
/** While the order is open it is re-read now and then, so a change made elsewhere (another tab) shows up. */
const REFRESH_MS = 5000;

/** Keeps the newer of two copies: answers can arrive out of order. */
function newer(current: Order, latest: Order): Order {
  return latest.version >= current.version ? latest : current;
}

/**
 * The live part of an order: status, countdown, payment and cancellation. Payment and cancellation are
 * confirmed to the order through events, so after each the order is re-read until its status has caught up.
 */
export function OrderDetail({
  initialOrder,
  serverNow,
  stripeKey,
}: {
  initialOrder: Order;
  serverNow: number;
  stripeKey: string | null;
}) {
  const [order, setOrder] = useState(initialOrder);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [lapsed, setLapsed] = useState(false);
  /** Set once a payment went through or was declined: the order's new status is on its way. */
  const [settled, setSettled] = useState(false);
  const watching = useRef(0);

  // Leaving the page stops any re-reading still going on.
  useEffect(() => {
    const runs = watching;
    return () => {
      runs.current += 1;
    };
  }, []);

  /** Re-reads the order until `done` holds for it (or the tries run out), showing each answer. */
  const watch = useCallback(
    async (done: (latest: Order) => boolean, tries = POLL_TRIES): Promise<Order | null> => {
      const run = (watching.current += 1);
      for (let attempt = 0; attempt < tries && run === watching.current; attempt++) {
        try {
          const latest = await fetchOrder(order.id);
          if (run !== watching.current) return null;
          setOrder((current) => newer(current, latest));
          if (done(latest)) return latest;
        } catch {
          // a failed read is retried like a stale one
        }
        await new Promise((resolve) => window.setTimeout(resolve, POLL_MS));
      }
      return null;
    },
    [order.id],
  );

  /** The payment's outcome was not known yet: say so, and tell the result when the order settles. */
  async function confirming(message: string): Promise<void> {
    setNotice({ tone: 'info', text: message });
    const ended = await watch((latest) => !isOpen(latest.status), CONFIRMING_TRIES);
    if (ended?.status === 'completed') {
      setNotice({ tone: 'success', text: 'Payment confirmed. The ticket is yours.' });
    } else if (ended?.status === 'cancelled') {
      setNotice({
        tone: 'error',
        text: 'The payment could not be confirmed in time and the order is cancelled. Any amount taken is refunded.',
      });
    }
  }

  const onExpire = useCallback(() => {
    setLapsed(true);
    void watch((latest) => !isOpen(latest.status));
  }, [watch]);

  async function pay(token: string): Promise<ApiErrorItem[] | null> {
    try {
      const payment = await payOrder(order.id, token);
      setSettled(true);
      if (payment.status === 'pending') {
        void confirming(payment.message);
        return null;
      }
      setNotice({ tone: 'success', text: 'Payment received. The ticket is yours.' });
      void watch((latest) => latest.status === 'completed');
      return null;
    } catch (error) {
      const errors = errorsFrom(error);
      if (statusOf(error) === 402) {
        const reason = errors.map((e) => e.message).join(' ');
        setSettled(true);
        setNotice({
          tone: 'error',
          text: `Payment declined: ${reason} The order is cancelled and the ticket released.`,
        });
        void watch((latest) => latest.status === 'cancelled');
        return null;
      }
      void watch(() => true);
      return errors;
    }
  }

  function onCancelled() {
    setNotice({ tone: 'info', text: 'Order cancelled. The ticket is for sale again.' });
    void watch((latest) => latest.status === 'cancelled');
  }

  const open = isOpen(order.status) && !lapsed && !settled;

  useEffect(() => {
    if (!open) return;
    const timer = window.setInterval(() => {
      fetchOrder(order.id).then(
        (latest) => setOrder((current) => newer(current, latest)),
        () => undefined, // the next tick tries again
      );
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [open, order.id]);

  return (
    <div className="order-detail">
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <OrderBadge status={order.status} />
          </dd>
        </div>
        <div>
          <dt>Price</dt>
          <dd className="price">{formatPrice(order.ticket.price)}</dd>
        </div>
        <div>
          <dt>Order</dt>
          <dd className="mono">{order.id}</dd>
        </div>
      </dl>

      {notice ? (
        <p className={`notice notice--${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
          {notice.text}
        </p>
      ) : null}

      {isOpen(order.status) && !settled ? (
        <Countdown expiresAt={order.expiresAt} serverNow={serverNow} onExpire={onExpire} />
      ) : null}

      {open ? (
        <section className="card pay" aria-labelledby="pay-heading">
          <h2 id="pay-heading">Pay by card</h2>
          <NeedsJs to="pay" />
          <PayPanel stripeKey={stripeKey} amount={order.ticket.price} onToken={pay} />
          <CancelOrderButton orderId={order.id} onCancelled={onCancelled} />
        </section>
      ) : null}

      {order.status === 'completed' && !settled ? (
        <p className="notice notice--success">This order is paid: the ticket is yours.</p>
      ) : null}
      {order.status === 'cancelled' ? (
        <p className="notice notice--info">
          This order is cancelled. <Link href={`/tickets/${order.ticket.id}`}>See the ticket</Link>
        </p>
      ) : null}
      {lapsed && isOpen(order.status) ? (
        <p className="notice notice--info">
          Time is up: the reservation has lapsed, and the ticket goes back on sale within a few minutes.
        </p>
      ) : null}
    </div>
  );
}
