/** The first redelivery after a failure waits this long; each further failure doubles it, up to the cap. */
export const FIRST_RETRY_DELAY_MS = 1_000;
export const MAX_RETRY_DELAY_MS = 30_000;

/**
 * From this delivery on, a failure that is not a known transient one (most likely a bug) is logged as an error
 * rather than a warning. It is still retried: a message retried visibly is better than one lost.
 */
export const ESCALATE_AFTER_DELIVERIES = 5;

/** Capped exponential backoff: 1 s, 2 s, 4 s, ... 30 s, 30 s, ... */
export function retryDelayMs(deliveryCount: number): number {
  const doublings = Math.max(0, Math.min(deliveryCount - 1, 30));
  return Math.min(FIRST_RETRY_DELAY_MS * 2 ** doublings, MAX_RETRY_DELAY_MS);
}
