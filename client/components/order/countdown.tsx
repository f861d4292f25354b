'use client';

import { useEffect, useRef, useState } from 'react';

function clock(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/**
 * Time left until `expiresAt`, ticking every second. The first render uses the server's clock (`serverNow`)
 * so server and browser produce the same HTML; the digits are tabular and the box fixed-width, so nothing moves.
 */
export function Countdown({
  expiresAt,
  serverNow,
  onExpire,
}: {
  expiresAt: string;
  serverNow: number;
  onExpire: () => void;
}) {
  const deadline = Date.parse(expiresAt);
  const [now, setNow] = useState(serverNow);
  const expired = now >= deadline;
  const reported = useRef(false);

  useEffect(() => {
    const tick = () => setNow(Date.now());
    tick();
    const timer = window.setInterval(tick, 1000);
    return () => window.clearInterval(timer);
  }, []);

  useEffect(() => {
    if (expired && !reported.current) {
      reported.current = true;
      onExpire();
    }
  }, [expired, onExpire]);

  const remaining = Math.max(0, deadline - now);
  return (
    <p className={`countdown${remaining < 60_000 ? ' countdown--urgent' : ''}`}>
      <span className="countdown__label">{expired ? 'Reservation lapsed' : 'Time left to pay'}</span>
      <span className="countdown__value" role="timer" aria-label={`${clock(remaining)} left to pay`}>
        {clock(remaining)}
      </span>
    </p>
  );
}
