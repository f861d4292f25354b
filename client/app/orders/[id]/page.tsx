import type { Metadata } from 'next';
import Link from 'next/link';
import { NotFoundView } from '@/components/not-found-view';
import { OrderDetail } from '@/components/order/order-detail';
import { getOrder } from '@/lib/api-server';
import { stripePublishableKey } from '@/lib/config';
import { requireUser } from '@/lib/require-user';

export const metadata: Metadata = { title: 'Order', robots: { index: false } };

export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireUser(`/orders/${id}`);
  const order = await getOrder(id);
  if (!order) return <NotFoundView what="order" />;

  return (
    <article className="narrow">
      <p className="back">
        <Link href="/orders">← My orders</Link>
      </p>
      <h1>{order.ticket.title}</h1>
      <OrderDetail initialOrder={order} serverNow={Date.now()} stripeKey={stripePublishableKey()} />
    </article>
  );
}
