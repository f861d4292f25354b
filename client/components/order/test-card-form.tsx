'use client';

import { useState, type FormEvent } from 'react';
import { formatPrice } from '@/lib/money';
import { FormErrors } from '../form-errors';
import type { PayFormProps } from './pay-form-props';

/**
 * Stripe's test PaymentMethod ids, which the payments service's sandbox (and Stripe test mode) honour, and one
 * fault card of the sandbox's own, to see what a payment whose outcome is confirmed later looks like.
 */
const TEST_CARDS = [
  { token: 'pm_card_visa', name: 'Visa •••• 4242', outcome: 'Payment succeeds' },
  { token: 'pm_card_chargeDeclined', name: 'Declined card', outcome: 'Declined: generic decline' },
  {
    token: 'pm_card_chargeDeclinedInsufficientFunds',
    name: 'Insufficient funds',
    outcome: 'Declined: insufficient funds',
  },
  {
    token: 'pm_card_sandboxTimeout',
    name: 'Processor timeout (sandbox only)',
    outcome: 'Charged, but the answer is lost: confirmed a little later',
  },
] as const;

export function TestCardForm({ amount, onToken }: PayFormProps) {
  const [errors, setErrors] = useState<string[]>([]);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const token = String(new FormData(event.currentTarget).get('token') ?? '');
    setPending(true);
    setErrors([]);
    const failed = await onToken(token);
    setErrors((failed ?? []).map((e) => e.message));
    setPending(false);
  }

  return (
    <form onSubmit={onSubmit} className="pay-form">
      <fieldset className="test-cards">
        <legend>
          <span className="badge badge--test">Test mode</span> — no real card is charged
        </legend>
        <p className="hint">Pick a test card to see each outcome.</p>
        {TEST_CARDS.map((card, index) => (
          <label key={card.token} className="test-card">
            <input type="radio" name="token" value={card.token} defaultChecked={index === 0} required />
            <span className="test-card__name">{card.name}</span>
            <span className="test-card__outcome">{card.outcome}</span>
          </label>
        ))}
      </fieldset>
      <FormErrors messages={errors} />
      <button type="submit" className="button button--large button--block" disabled={pending}>
        {pending ? 'Paying…' : `Pay ${formatPrice(amount)}`}
      </button>
    </form>
  );
}
