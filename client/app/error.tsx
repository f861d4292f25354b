'use client';

import Link from 'next/link';

/** Shown when a page could not be built, usually because a service did not answer. */
export default function ErrorPage({ retry }: { error: unknown; retry: () => void }) {
  return (
    <div className="empty card" role="alert">
      <h1>Something went wrong</h1>
      <p>We could not load this page. Please try again in a moment.</p>
      <p className="actions">
        <button type="button" className="button" onClick={retry}>
          Try again
        </button>
        <Link href="/">Back to the tickets</Link>
      </p>
    </div>
  );
}
