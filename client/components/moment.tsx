'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import { clockText, formatMoment } from '@/lib/time';

const subscribeToNothing = () => () => undefined;

/** False on the server and while hydrating, true once the page runs in the browser (so both renders agree). */
function useInBrowser(): boolean {
  return useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
}

/** The current time, every second once in the browser; null before (the server renders without a clock). */
function useNow(): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    tick();
    const timer = window.setInterval(tick, 1000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/** A moment in UTC as the server renders it, in the visitor's own time zone once JavaScript runs. */
export function LocalTime({ iso }: { iso: string }) {
  const inBrowser = useInBrowser();
  return <time dateTime={iso}>{formatMoment(iso, inBrowser ? undefined : 'UTC')}</time>;
}

/**
 * How long an open order has left: without JavaScript the deadline as text (a countdown would be stale the
 * moment it was rendered), with it a clock ticking every second.
 */
export function TimeLeft({ expiresAt }: { expiresAt: string }) {
  const now = useNow();
  if (now === null) {
    return (
      <span className="time-left">
        Pay by <LocalTime iso={expiresAt} />
      </span>
    );
  }
  const left = Date.parse(expiresAt) - now;
  if (left <= 0) return <span className="time-left time-left--over">Time to pay is up</span>;
  return (
    <span className={`time-left${left < 60_000 ? ' time-left--urgent' : ''}`}>
      <span role="timer" className="time-left__clock" aria-label={`${clockText(left)} left to pay`}>
        {clockText(left)}
      </span>{' '}
      left to pay
    </span>
  );
}
