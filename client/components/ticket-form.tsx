'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { createTicket, errorsFrom, updateTicket, type TicketInput } from '@/lib/api-browser';
import { sortErrors } from '@/lib/api-errors';
import type { ApiErrorItem, Ticket } from '@/lib/types';
import { FieldError, FormErrors, fieldProps } from './form-errors';

const FIELDS = ['title', 'price'] as const;

function ticketInput(data: FormData): TicketInput {
  const title = String(data.get('title') ?? '');
  const priceText = String(data.get('price') ?? '').trim();
  const price = Number(priceText);
  // An unparseable price goes as typed so the API's own message says what is wrong with it.
  return { title, price: priceText !== '' && Number.isFinite(price) ? price : priceText };
}

/** Lists a new ticket (then opens it), or edits the owner's ticket in place. */
export function TicketForm({ ticket }: { ticket?: Ticket }) {
  const router = useRouter();
  const [errors, setErrors] = useState<ApiErrorItem[]>([]);
  const [pending, setPending] = useState(false);
  const [saved, setSaved] = useState(false);
  const { byField, general } = sortErrors(errors, FIELDS);
  const editing = ticket !== undefined;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = ticketInput(new FormData(event.currentTarget));
    setPending(true);
    setErrors([]);
    setSaved(false);
    try {
      if (editing) {
        await updateTicket(ticket.id, input);
        setSaved(true);
        router.refresh();
      } else {
        const created = await createTicket(input);
        router.push(`/tickets/${created.id}`);
        return;
      }
    } catch (error) {
      setErrors(errorsFrom(error));
    }
    setPending(false);
  }

  return (
    <form onSubmit={onSubmit} className="form card" aria-label={editing ? 'Edit ticket' : 'Sell a ticket'}>
      <div className="field">
        <label htmlFor="title">Title</label>
        <input
          id="title"
          name="title"
          type="text"
          required
          maxLength={200}
          defaultValue={ticket?.title}
          placeholder="e.g. Concert, Row F, Seat 12"
          {...fieldProps('title', byField.title)}
        />
        <FieldError id="title-error" message={byField.title} />
      </div>
      <div className="field">
        <label htmlFor="price">Price (USD)</label>
        <div className="input-prefix">
          <span aria-hidden="true">$</span>
          <input
            id="price"
            name="price"
            type="number"
            inputMode="decimal"
            required
            min="0.01"
            max="1000000"
            step="0.01"
            defaultValue={ticket ? ticket.price.toFixed(2) : undefined}
            placeholder="0.00"
            {...fieldProps('price', byField.price)}
          />
        </div>
        <FieldError id="price-error" message={byField.price} />
      </div>
      <FormErrors messages={general} />
      <div className="form__actions">
        <button type="submit" className="button" disabled={pending}>
          {editing ? 'Save changes' : 'List ticket'}
        </button>
        <p className="form__status" role="status">
          {pending ? 'Saving…' : saved ? 'Saved.' : ''}
        </p>
      </div>
    </form>
  );
}
