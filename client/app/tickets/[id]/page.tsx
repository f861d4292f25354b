import type { Metadata } from 'next';
import Link from 'next/link';
import { BuyButton } from '@/components/buy-button';
import { NeedsJs } from '@/components/needs-js';
import { NotFoundView } from '@/components/not-found-view';
import { TicketBadge } from '@/components/status-badge';
import { TicketForm } from '@/components/ticket-form';
import { getCurrentUser, getOrder, getTicket } from '@/lib/api-server';
import { formatPrice } from '@/lib/money';
import { signInPath } from '@/lib/safe-path';
import { ticketState, type CurrentUser, type Ticket } from '@/lib/types';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const ticket = await getTicket((await params).id);
  return ticket ? { title: ticket.title } : { title: 'Ticket not found', robots: { index: false } };
}

export default async function TicketPage({ params }: Props) {
  const { id } = await params;
  const [ticket, user] = await Promise.all([getTicket(id), getCurrentUser()]);
  if (!ticket) return <NotFoundView what="ticket" />;
  const state = ticketState(ticket);

  return (
    <article className="ticket-detail">
      <p className="back">
        <Link href="/">← All tickets</Link>
      </p>
      <div className="title-row">
        <h1>{ticket.title}</h1>
        <TicketBadge state={state} />
      </div>
      <p className="price price--large">{formatPrice(ticket.price)}</p>
      {user?.id === ticket.userId ? (
        <OwnerPanel ticket={ticket} />
      ) : (
        <BuyerPanel ticket={ticket} user={user} />
      )}
    </article>
  );
}

// The tickets service refuses edits of reserved and sold tickets, so the owner sees the state, not a form.
function OwnerPanel({ ticket }: { ticket: Ticket }) {
  const state = ticketState(ticket);
  if (state === 'reserved') {
    return (
      <section aria-labelledby="state-heading" className="panel">
        <h2 id="state-heading">Reserved — being bought</h2>
        <p className="notice notice--info">
          A buyer is paying for your ticket. It cannot be changed meanwhile; if they do not pay in time, it
          goes back on sale and you can edit it again.
        </p>
      </section>
    );
  }
  if (state === 'sold') {
    return (
      <section aria-labelledby="state-heading" className="panel">
        <h2 id="state-heading">Sold</h2>
        <p className="notice notice--success">Your ticket has been sold; a sold listing cannot be changed.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="edit-heading" className="panel">
      <h2 id="edit-heading">Edit your listing</h2>
      <NeedsJs to="edit the ticket" />
      <TicketForm ticket={ticket} />
    </section>
  );
}

async function BuyerPanel({ ticket, user }: { ticket: Ticket; user: CurrentUser | null }) {
  const state = ticketState(ticket);
  // The order holding the ticket is readable only by its buyer: found means this visitor holds it.
  const ownOrder = user && ticket.orderId ? await getOrder(ticket.orderId) : null;

  if (ownOrder) {
    return (
      <p className="notice notice--info">
        {state === 'sold' ? 'You bought this ticket.' : 'You have reserved this ticket.'}{' '}
        <Link href={`/orders/${ownOrder.id}`}>
          {state === 'sold' ? 'See your order' : 'Go to your order to pay'}
        </Link>
      </p>
    );
  }
  if (state === 'reserved') {
    return (
      <p className="notice notice--warning">
        Reserved: another buyer is paying for this ticket. If they do not complete payment in time, it goes
        back on sale.
      </p>
    );
  }
  if (state === 'sold') return <p className="notice notice--info">This ticket has been sold.</p>;
  if (!user) {
    return (
      <Link href={signInPath(`/tickets/${ticket.id}`)} className="button button--large">
        Sign in to buy
      </Link>
    );
  }
  return (
    <section aria-label="Buy" className="panel">
      <NeedsJs to="buy a ticket" />
      <BuyButton ticketId={ticket.id} label={`Buy for ${formatPrice(ticket.price)}`} />
      <p className="hint">Buying reserves the ticket for you while you pay.</p>
    </section>
  );
}
