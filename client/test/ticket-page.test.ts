import type { Ticket } from '../lib/types';
import { clientHarness } from './support/client-server';

const client = clientHarness();

const SELLER = 'seller1';
const base: Ticket = {
  id: '',
  title: 'Opera, Row B',
  price: 40,
  userId: SELLER,
  version: 0,
  orderId: null,
  sold: false,
  soldAt: null,
  createdAt: '2030-01-01T00:00:00.000Z',
};
const TICKETS: Record<string, Ticket> = {
  aaaaaaaaaaaaaaaaaaaaaaaa: { ...base, id: 'aaaaaaaaaaaaaaaaaaaaaaaa' },
  bbbbbbbbbbbbbbbbbbbbbbbb: {
    ...base,
    id: 'bbbbbbbbbbbbbbbbbbbbbbbb',
    orderId: 'cccccccccccccccccccccccc',
    version: 1,
  },
  dddddddddddddddddddddddd: {
    ...base,
    id: 'dddddddddddddddddddddddd',
    orderId: 'cccccccccccccccccccccccc',
    sold: true,
    version: 2,
  },
};
const [FOR_SALE, RESERVED, SOLD] = Object.keys(TICKETS) as [string, string, string];

beforeEach(() => {
  client.services.on((request) => {
    const id = /^\/api\/tickets\/([0-9a-f]{24})$/.exec(request.path)?.[1];
    const ticket = id ? TICKETS[id] : undefined;
    return ticket ? { status: 200, body: ticket } : undefined;
  });
});

async function ownerSees(id: string): Promise<string> {
  const response = await client.get(`/tickets/${id}`, `session=${SELLER}`);
  expect(response.status).toBe(200);
  return response.text();
}

describe('the ticket page for its seller', () => {
  it('when the ticket is for sale, then the seller gets the edit form', async () => {
    const page = await ownerSees(FOR_SALE);
    expect(page).toContain('aria-label="Edit ticket"');
    expect(page).toContain('Save changes');
  });

  it('when the ticket is reserved, then the seller sees it is being bought and no edit form', async () => {
    const page = await ownerSees(RESERVED);
    expect(page).toContain('Reserved — being bought');
    expect(page).not.toContain('aria-label="Edit ticket"');
    expect(page).not.toContain('Save changes');
  });

  it('when the ticket is sold, then the seller sees it sold and no edit form', async () => {
    const page = await ownerSees(SOLD);
    expect(page).toMatch(/<h2 id="state-heading">Sold<\/h2>/);
    expect(page).not.toContain('aria-label="Edit ticket"');
    expect(page).not.toContain('Save changes');
  });

  it('when someone else opens a reserved ticket, then they get neither the form nor a Buy button', async () => {
    const response = await client.get(`/tickets/${RESERVED}`, 'session=buyer2');
    const page = await response.text();
    expect(page).toContain('another buyer is paying');
    expect(page).not.toContain('Save changes');
    expect(page).not.toMatch(/Buy for/);
  });
});
