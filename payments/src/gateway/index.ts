import Stripe from 'stripe';
import { logger } from '@ticketing/common';
import type { PaymentGateway } from './payment-gateway';
import { SandboxGateway } from './sandbox-gateway';
import { StripeGateway } from './stripe-gateway';

export type {
  PaymentGateway,
  ChargeResult,
  IntentCreated,
  IntentOperation,
  IntentRequest,
  IntentState,
  RefundRequest,
  RefundResult,
} from './payment-gateway';
export { SandboxGateway } from './sandbox-gateway';
export { StripeGateway } from './stripe-gateway';

/**
 * Every call to Stripe, retries included, ends within about 30 s (3 tries of at most 8 s plus backoff): well
 * inside the 60 s ack wait of the one listener that calls Stripe (refunds), and bounded for a paying buyer.
 */
export const STRIPE_CLIENT_OPTIONS = { maxNetworkRetries: 2, timeout: 8_000 } as const;

/** Stripe when a key is configured, else the offline sandbox (said loudly: no real money moves then). */
export function createGateway(config: { STRIPE_KEY?: string | undefined }): PaymentGateway {
  if (config.STRIPE_KEY) {
    const live = config.STRIPE_KEY.includes('_live_');
    logger.info({ gateway: 'stripe', mode: live ? 'live' : 'test' }, 'payments go through Stripe');
    return new StripeGateway(new Stripe(config.STRIPE_KEY, STRIPE_CLIENT_OPTIONS));
  }
  logger.warn(
    { gateway: 'sandbox' },
    'STRIPE_KEY is not set: using the SANDBOX payment gateway. No real money moves; only Stripe test ' +
      'payment methods (pm_card_visa, pm_card_chargeDeclined, ...) are accepted.',
  );
  return new SandboxGateway();
}
