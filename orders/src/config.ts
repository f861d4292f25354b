import { z } from 'zod';
import { loadConfigOrExit, serviceConfigShape } from '@ticketing/common';

export const SERVICE_NAME = 'orders-service';

export function loadOrdersConfig() {
  return loadConfigOrExit({
    ...serviceConfigShape(SERVICE_NAME),
    EXPIRATION_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
    /**
     * An open order lapses this long after its expiresAt. Payments starts a charge only while its margin remains
     * before expiresAt; the grace lets a payment made in time complete the order when its payment:created comes
     * late (a bus or database outage): together they are the delay the platform rides out.
     */
    LAPSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(3_600).default(120),
    SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(10_000),
    /** Open (created or awaiting payment) orders one buyer may hold at once: no one can lock the inventory. */
    MAX_OPEN_ORDERS_PER_BUYER: z.coerce.number().int().min(1).max(100).default(5),
  });
}
