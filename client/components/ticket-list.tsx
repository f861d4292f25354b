import Link from 'next/link';
import { formatPrice } from '@/lib/money';
import { ticketState, type Ticket } from '@/lib/types';
import { LocalTime } from './moment';
import { TicketBadge } from './status-badge';

/** Tickets as cards; the whole card is the link to the ticket. */
export function TicketList({
  tickets,
  showState = false,
  showSale = false,
  headingLevel = 2,
}: {
  tickets: readonly Ticket[];
  showState?: boolean;
  /** For the seller: a sold ticket says when it sold and for how much. */
  showSale?: boolean;
  /** The card titles' level, one below the heading the list sits under. */
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ul className="ticket-grid">
      {tickets.map((ticket) => (
        <li key={ticket.id} className="card ticket-card">
          <Heading className="ticket-card__title">
            <Link href={`/tickets/${ticket.id}`} className="stretched-link">
              {ticket.title}
            </Link>
          </Heading>
          {showSale && ticket.sold ? (
            <p className="ticket-card__meta ticket-card__sale">
              <span>
                Sold for <span className="price">{formatPrice(ticket.price)}</span>
              </span>
              {ticket.soldAt ? (
                <span className="ticket-card__sold-at">
                  {' on '}
                  <LocalTime iso={ticket.soldAt} />
                </span>
              ) : null}
            </p>
          ) : (
            <p className="ticket-card__meta">
              <span className="price">{formatPrice(ticket.price)}</span>
              {showState ? <TicketBadge state={ticketState(ticket)} /> : null}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
