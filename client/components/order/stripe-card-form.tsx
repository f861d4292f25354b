'use client';

import { CardElement, Elements, useElements, useStripe } from '@stripe/react-stripe-js';
import { loadStripe } from '@stripe/stripe-js/pure';
import { useEffect, useState, type FormEvent } from 'react';
import { formatPrice } from '@/lib/money';
import { FormErrors } from '../form-errors';
import type { PayFormProps } from './pay-form-props';

/**
 * Card entry through Stripe Elements: the card never touches our servers; Stripe turns it into a PaymentMethod
 * id, which the payments service confirms server-side. Loaded only when a publishable key is configured.
 */
export default function StripeCardForm({
  publishableKey,
  ...props
}: PayFormProps & { publishableKey: string }) {
  // Resolves to null when Stripe's script cannot be fetched (offline, blocked), which the buyer is told.
  const [stripe] = useState(() => loadStripe(publishableKey).catch(() => null));
  const [unavailable, setUnavailable] = useState(false);

  useEffect(() => {
    let current = true;
    void stripe.then((loaded) => {
      if (current && !loaded) setUnavailable(true);
    });
    return () => {
      current = false;
    };
  }, [stripe]);

  if (unavailable) {
    return (
      <p className="notice notice--error" role="alert">
        The card form could not be loaded. Check your connection and reload the page.
      </p>
    );
  }
  return (
    <Elements stripe={stripe}>
      <CardForm {...props} />
    </Elements>
  );
}

function CardForm({ amount, onToken }: PayFormProps) {
  const stripe = useStripe();
  const elements = useElements();
  const [errors, setErrors] = useState<string[]>([]);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const card = elements?.getElement(CardElement);
    if (!stripe || !card) return;
    setPending(true);
    setErrors([]);
    const { paymentMethod, error } = await stripe.createPaymentMethod({ type: 'card', card });
    if (error || !paymentMethod) {
      setErrors([error?.message ?? 'Your card could not be read.']);
    } else {
      const failed = await onToken(paymentMethod.id);
      setErrors((failed ?? []).map((e) => e.message));
    }
    setPending(false);
  }

  return (
    <form onSubmit={onSubmit} className="pay-form">
      <fieldset>
        <legend>Card details</legend>
        <div className="card-input">
          <CardElement options={{ style: { base: { fontSize: '16px', color: '#111827' } } }} />
        </div>
      </fieldset>
      <FormErrors messages={errors} />
      <button type="submit" className="button button--large button--block" disabled={!stripe || pending}>
        {pending ? 'Paying…' : `Pay ${formatPrice(amount)}`}
      </button>
    </form>
  );
}
