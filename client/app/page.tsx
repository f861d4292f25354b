import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Pager } from '@/components/pager';
import { SearchForm } from '@/components/search-form';
import { TicketList } from '@/components/ticket-list';
import { ApiError, listTicketsForSale } from '@/lib/api-server';
import { sortErrors, type SortedErrors } from '@/lib/api-errors';
import type { SearchParams } from '@/lib/search-params';
import {
  isFiltered,
  readSearchState,
  searchHref,
  searchQuery,
  SEARCH_FIELDS,
  tidyHref,
} from '@/lib/ticket-search';
import type { Page, Ticket } from '@/lib/types';

export const metadata: Metadata = { title: { absolute: 'Tickets for sale · Ticketing' } };

const NO_ERRORS: SortedErrors = { byField: {}, general: [] };

export default async function HomePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  // A GET form sends its blank fields too: show the search under its tidy URL.
  const tidy = tidyHref(params);
  if (tidy) redirect(tidy);
  const state = readSearchState(params);
  const { search, cursor } = state;

  let page: Page<Ticket> = { items: [], nextCursor: null };
  let errors = NO_ERRORS;
  try {
    page = await listTicketsForSale(state);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 400)) throw error;
    if (error.errors.some((item) => item.field === 'cursor'))
      return <StalePage search={searchHref({ search })} />;
    errors = sortErrors(error.errors, SEARCH_FIELDS);
  }
  const filtered = isFiltered(search);
  const invalid = errors !== NO_ERRORS;

  return (
    <>
      <div className="page-head">
        <h1>Tickets for sale</h1>
        <Link href="/tickets/new" className="button">
          Sell a ticket
        </Link>
      </div>
      {/* Keyed by the search, so its fields show the URL's search after every navigation, Clear included. */}
      <SearchForm
        key={searchQuery({ search })}
        search={search}
        errors={errors}
        canClear={filtered || search.sort !== undefined}
      />
      <section aria-label={filtered ? 'Search results' : 'Tickets'} className="results">
        {invalid ? null : page.items.length === 0 ? (
          <EmptyResult filtered={filtered} paged={cursor !== undefined} firstPage={searchHref({ search })} />
        ) : (
          <TicketList tickets={page.items} />
        )}
      </section>
      <Pager
        first={searchHref({ search })}
        next={page.nextCursor ? searchHref({ search, cursor: page.nextCursor }) : null}
        paged={cursor !== undefined}
      />
    </>
  );
}

function EmptyResult({
  filtered,
  paged,
  firstPage,
}: {
  filtered: boolean;
  paged: boolean;
  firstPage: string;
}) {
  if (paged) {
    return (
      <div className="empty card">
        <p>No more tickets here: the rest were sold or reserved meanwhile.</p>
        <p>
          <Link href={firstPage}>Back to the first page</Link>
        </p>
      </div>
    );
  }
  if (filtered) {
    // The search itself is not repeated in the text: the form above shows it, and a link can carry any text.
    return (
      <div className="empty card">
        <p>No tickets for sale match your search.</p>
        <p>
          <Link href="/">Clear the search</Link> to see every ticket for sale.
        </p>
      </div>
    );
  }
  return (
    <div className="empty card">
      <p>No tickets are for sale right now.</p>
      <p>
        <Link href="/tickets/new">List one of yours</Link>
      </p>
    </div>
  );
}

function StalePage({ search }: { search: string }) {
  return (
    <div className="empty card">
      <h1>That page link is not valid</h1>
      <p>
        <Link href={search}>Start from the first page</Link>
      </p>
    </div>
  );
}
