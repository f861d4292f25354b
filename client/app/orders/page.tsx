import type { Metadata } from 'next';
import Link from 'next/link';
import { LocalTime, TimeLeft } from '@/components/moment';
import { Pager } from '@/components/pager';
import { OrderBadge } from '@/components/status-badge';
import { ApiError, listMyOrders } from '@/lib/api-server';
import { formatPrice } from '@/lib/money';
import { requireUser } from '@/lib/require-user';
import { firstParam, type SearchParams } from '@/lib/search-params';
import { placedAt } from '@/lib/time';
import { isOpen, type Order } from '@/lib/types';

export const metadata: Metadata = { title: 'My orders' };

export default async function OrdersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireUser('/orders');
  const cursor = firstParam((await searchParams).cursor);
  let page;
  try {
    page = await listMyOrders(cursor);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 400)) throw error;
    page = { items: [], nextCursor: null };
  }

  return (
    <>
      <h1>My orders</h1>
      {page.items.length === 0 ? (
        <div className="empty card">
          <p>{cursor ? 'No older orders.' : 'You have not ordered anything yet.'}</p>
          <p>
            <Link href="/">Browse tickets</Link>
          </p>
        </div>
      ) : (
        <ul className="row-list" aria-label="Orders, newest first">
          {page.items.map((order) => (
            <li key={order.id} className="row card">
              <Link href={`/orders/${order.id}`} className="row__title stretched-link">
                {order.ticket.title}
              </Link>
              <span className="price">{formatPrice(order.ticket.price)}</span>
              <OrderBadge status={order.status} />
              <OrderTimes order={order} />
            </li>
          ))}
        </ul>
      )}
      <Pager
        first="/orders"
        next={page.nextCursor ? `/orders?cursor=${encodeURIComponent(page.nextCursor)}` : null}
        paged={cursor !== undefined}
        labels={{ first: '← Newest', next: 'Older →' }}
      />
    </>
  );
}

/** When the order was placed, and for one still open how long the buyer has left to pay. */
function OrderTimes({ order }: { order: Order }) {
  const placed = placedAt(order);
  return (
    <p className="row__meta">
      {placed ? (
        <span>
          Placed <LocalTime iso={placed} />
        </span>
      ) : null}
      {isOpen(order.status) ? <TimeLeft expiresAt={order.expiresAt} /> : null}
    </p>
  );
}
