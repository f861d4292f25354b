'use client';

import { useState } from 'react';
import { cancelOrder, errorsFrom } from '@/lib/api-browser';
import { FormErrors } from '../form-errors';

export function CancelOrderButton({ orderId, onCancelled }: { orderId: string; onCancelled: () => void }) {
  const [errors, setErrors] = useState<string[]>([]);
  const [pending, setPending] = useState(false);

  async function cancel() {
    setPending(true);
    setErrors([]);
    try {
      await cancelOrder(orderId);
      onCancelled();
    } catch (error) {
      setErrors(errorsFrom(error).map((e) => e.message));
    }
    setPending(false);
  }

  return (
    <div className="cancel-order">
      <button type="button" className="button button--secondary" onClick={cancel} disabled={pending}>
        Cancel order
      </button>
      <FormErrors messages={errors} />
    </div>
  );
}
