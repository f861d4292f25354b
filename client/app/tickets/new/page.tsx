import type { Metadata } from 'next';
import { NeedsJs } from '@/components/needs-js';
import { TicketForm } from '@/components/ticket-form';
import { requireUser } from '@/lib/require-user';

export const metadata: Metadata = { title: 'Sell a ticket' };

export default async function NewTicketPage() {
  await requireUser('/tickets/new');
  return (
    <div className="narrow">
      <h1>Sell a ticket</h1>
      <p className="lede">
        Set a title buyers will recognise and your price. You can edit both until someone buys.
      </p>
      <NeedsJs to="list a ticket" />
      <TicketForm />
    </div>
  );
}
