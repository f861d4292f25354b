import Link from 'next/link';

/**
 * Forward-only cursor pages (what the APIs offer), plus a way back to the first page. Both links are whole URLs,
 * so a page can keep its search in them.
 */
export function Pager({
  first,
  next,
  paged,
  labels = { first: '← First page', next: 'Next page →' },
}: {
  first: string;
  next: string | null;
  /** Whether this is a page after the first. */
  paged: boolean;
  labels?: { first: string; next: string };
}) {
  if (!paged && !next) return null;
  return (
    <nav className="pager" aria-label="Pages">
      {paged ? <Link href={first}>{labels.first}</Link> : <span />}
      {next ? (
        <Link href={next} rel="next">
          {labels.next}
        </Link>
      ) : null}
    </nav>
  );
}
