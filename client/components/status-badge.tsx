import type { OrderStatus, TicketState } from '@/lib/types';

const TICKET_LABELS: Record<TicketState, string> = {
  for_sale: 'For sale',
  reserved: 'Reserved',
  sold: 'Sold',
};

const ORDER_LABELS: Record<OrderStatus, string> = {
  created: 'Pending',
  awaiting_payment: 'Awaiting payment',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export function TicketBadge({ state }: { state: TicketState }) {
  return <span className={`badge badge--${state}`}>{TICKET_LABELS[state]}</span>;
}

export function OrderBadge({ status }: { status: OrderStatus }) {
  return <span className={`badge badge--${status}`}>{ORDER_LABELS[status]}</span>;
}
