'use client';

import styles from './global-error.module.css';

/** Replaces the whole document when the root layout itself fails; it cannot rely on the app's stylesheet. */
export default function GlobalError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body className={styles.page}>
        <title>Something went wrong · Ticketing</title>
        <h1>Something went wrong</h1>
        <p>Ticketing could not load this page. Please try again in a moment.</p>
        <button type="button" onClick={retry}>
          Try again
        </button>
      </body>
    </html>
  );
}
