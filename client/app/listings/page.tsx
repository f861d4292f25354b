import type { Metadata } from 'next';
import Link from 'next/link';
import { TicketList } from '@/components/ticket-list';
import { listSellerTickets } from '@/lib/api-server';
import { requireUser } from '@/lib/require-user';
import { latestSaleFirst, ticketState, type Ticket, type TicketState } from '@/lib/types';

export const metadata: Metadata = { title: 'My listings' };

const GROUPS: { state: TicketState; heading: string; empty: string }[] = [
  { state: 'for_sale', heading: 'For sale', empty: 'Nothing for sale.' },
  { state: 'reserved', heading: 'Reserved', empty: 'Nothing reserved: no buyer is paying right now.' },
  { state: 'sold', heading: 'Sold', empty: 'Nothing sold yet.' },
];

export default async function ListingsPage() {
  const user = await requireUser('/listings');
  const { tickets, allStates } = await listSellerTickets(user.id);
  const byState = (state: TicketState): Ticket[] => {
    const group = tickets.filter((ticket) => ticketState(ticket) === state);
    return state === 'sold' ? group.sort(latestSaleFirst) : group;
  };

  return (
    <>
      <div className="page-head">
        <h1>My listings</h1>
        <Link href="/tickets/new" className="button">
          Sell a ticket
        </Link>
      </div>
      {allStates ? null : (
        <p className="notice notice--info">
          Only your tickets for sale can be listed here for now; reserved and sold ones are not shown.
        </p>
      )}
      {GROUPS.map(({ state, heading, empty }) => {
        const group = byState(state);
        return (
          <section key={state} aria-labelledby={`${state}-heading`} className="group">
            <h2 id={`${state}-heading`}>
              {heading} <span className="count">({group.length})</span>
            </h2>
            {group.length === 0 ? (
              <p className="muted">{empty}</p>
            ) : (
              <TicketList tickets={group} headingLevel={3} showSale={state === 'sold'} />
            )}
          </section>
        );
      })}
    </>
  );
}
