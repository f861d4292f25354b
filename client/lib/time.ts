/** Times as the pages show them. The server does not know the visitor's time zone, so it writes UTC and says so. */

export function formatMoment(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** Time left as a clock: `4:05`, or `1:02:09` past an hour; never negative. */
export function clockText(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/**
 * When an order was placed: its `createdAt`, or, from an orders service that does not send it, the creation
 * second inside its id (a MongoDB ObjectId starts with the seconds since 1970 at which it was made).
 */
export function placedAt(order: { id: string; createdAt?: string }): string | null {
  if (order.createdAt) return order.createdAt;
  if (!/^[0-9a-f]{24}$/i.test(order.id)) return null;
  return new Date(parseInt(order.id.slice(0, 8), 16) * 1000).toISOString();
}
