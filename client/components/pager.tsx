import Link from 'next/link';

/** Forward-only cursor pages (what the API offers), plus a way back to the newest. */
export function Pager({
  basePath,
  cursor,
  nextCursor,
}: {
  basePath: string;
  cursor?: string;
  nextCursor: string | null;
}) {
  if (!cursor && !nextCursor) return null;
  return (
    <nav className="pager" aria-label="Pages">
      {cursor ? <Link href={basePath}>← Newest</Link> : <span />}
      {nextCursor ? (
        <Link href={`${basePath}?cursor=${encodeURIComponent(nextCursor)}`} rel="next">
          Older →
        </Link>
      ) : null}
    </nav>
  );
}
