'use client';

import dynamic from 'next/dynamic';
import type { PayFormProps } from './pay-form-props';
import { TestCardForm } from './test-card-form';

// Stripe's script is fetched only when card entry through Stripe is configured.
const StripeCardForm = dynamic(() => import('./stripe-card-form'), {
  ssr: false,
  loading: () => <p className="hint">Loading secure card form…</p>,
});

export function PayPanel({ stripeKey, ...props }: PayFormProps & { stripeKey: string | null }) {
  return stripeKey ? <StripeCardForm publishableKey={stripeKey} {...props} /> : <TestCardForm {...props} />;
}
