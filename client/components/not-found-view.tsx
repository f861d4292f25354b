import Link from 'next/link';

/**
 * The "not found" message. Pages render it themselves rather than calling notFound(): Next.js answers a
 * notFound() from a dynamic page with an empty shell that only JavaScript fills in (vercel/next.js#62228),
 * and reading pages must work without it. Such pages set `robots: noindex` instead of a 404 status.
 */
export function NotFoundView({ what = 'page' }: { what?: string }) {
  return (
    <div className="empty card">
      <h1>Not found</h1>
      <p>This {what} does not exist, or it is not yours to see.</p>
      <p>
        <Link href="/">Back to the tickets</Link>
      </p>
    </div>
  );
}
