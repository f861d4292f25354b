'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { createOrder, errorsFrom } from '@/lib/api-browser';
import { FormErrors } from './form-errors';

/** Reserves the ticket (an order) and opens the order to pay for it. */
export function BuyButton({ ticketId, label }: { ticketId: string; label: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<string[]>([]);
  const [pending, setPending] = useState(false);

  async function buy() {
    setPending(true);
    setErrors([]);
    try {
      const order = await createOrder(ticketId);
      router.push(`/orders/${order.id}`);
    } catch (error) {
      setErrors(errorsFrom(error).map((e) => e.message));
      setPending(false);
    }
  }

  return (
    <div className="buy">
      <button type="button" className="button button--large" onClick={buy} disabled={pending}>
        {label}
      </button>
      <FormErrors messages={errors} />
    </div>
  );
}
