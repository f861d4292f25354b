import type { Metadata } from 'next';
import Link from 'next/link';
import { Pager } from '@/components/pager';
import { TicketList } from '@/components/ticket-list';
import { ApiError, listTicketsForSale } from '@/lib/api-server';
import { firstParam, type SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: { absolute: 'Tickets for sale · Ticketing' } };

export default async function HomePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const cursor = firstParam((await searchParams).cursor);
  let page;
  try {
    page = await listTicketsForSale(cursor);
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) return <StalePage />;
    throw error;
  }

  return (
    <>
      <div className="page-head">
        <h1>Tickets for sale</h1>
        <Link href="/tickets/new" className="button">
          Sell a ticket
        </Link>
      </div>
      {page.items.length === 0 ? (
        <div className="empty card">
          <p>{cursor ? 'No older tickets.' : 'No tickets are for sale right now.'}</p>
          <p>
            <Link href="/tickets/new">List one of yours</Link>
          </p>
        </div>
      ) : (
        <TicketList tickets={page.items} />
      )}
      <Pager basePath="/" cursor={cursor} nextCursor={page.nextCursor} />
    </>
  );
}

function StalePage() {
  return (
    <div className="empty card">
      <h1>That page link is not valid</h1>
      <p>
        <Link href="/">See the newest tickets</Link>
      </p>
    </div>
  );
}
