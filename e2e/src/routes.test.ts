import { startTestPlatform, buy, type TestPlatform } from './support/platform';
import { eventually, type OrderJson, type TicketJson } from './support/api';

// Every route of the design through the gateway, against the real services and dependencies.
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform('stan');
});
afterAll(() => platform.stop());

describe('auth routes through the gateway', () => {
  it('when a visitor signs up, signs out and signs in again, then currentuser follows the session', async () => {
    const visitor = await platform.visitor().signUp();
    expect((await visitor.call('GET', '/api/users/currentuser')).body).toEqual({
      currentUser: expect.objectContaining({ id: visitor.id, email: visitor.email }),
    });
    expect(await visitor.call('POST', '/api/users/signout')).toMatchObject({ status: 200, body: {} });
    expect((await visitor.call('GET', '/api/users/currentuser')).body).toEqual({ currentUser: null });
    const upper = visitor.email.toUpperCase();
    const signin = await visitor.call('POST', '/api/users/signin', {
      email: upper,
      password: 'correct horse battery',
    });
    expect(signin).toMatchObject({ status: 200, body: { id: visitor.id, email: visitor.email } });
  });

  it('when sign-up or sign-in input is wrong, then the answers are 400 with the error shape', async () => {
    const visitor = await platform.visitor().signUp();
    const other = platform.visitor();
    expect(
      (await other.call('POST', '/api/users/signup', { email: visitor.email, password: 'another password' }))
        .body,
    ).toEqual({
      errors: [expect.objectContaining({ message: 'Email in use' })],
    });
    expect((await other.call('POST', '/api/users/signup', { email: 'nope', password: 'short' })).status).toBe(
      400,
    );
    const wrong = await other.call('POST', '/api/users/signin', {
      email: visitor.email,
      password: 'wrong password',
    });
    const unknown = await other.call('POST', '/api/users/signin', {
      email: `x${visitor.email}`,
      password: 'wrong password',
    });
    expect(wrong).toMatchObject({ status: 400, body: { errors: [{ message: 'Invalid credentials' }] } });
    expect(unknown.body).toEqual(wrong.body);
  });
});

describe('the API reference through the gateway', () => {
  it('when /api/docs is asked for, then the OpenAPI document and its page are served as the Ingress routes them', async () => {
    const doc = await platform
      .visitor()
      .call<{ openapi: string; paths: Record<string, unknown> }>('GET', '/api/docs/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/tickets/{id}', '/api/payments']),
    );
    const page = await fetch(`${platform.url}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<a href="/api/docs/openapi.json">');
  });
});

describe('tickets routes through the gateway', () => {
  it('when a seller lists and edits a ticket, then anyone sees it and only the owner may edit it', async () => {
    const { seller, ticket } = await platform.listTicket(19.99);
    expect(ticket).toMatchObject({ title: 'Concert', price: 19.99, userId: seller.id, version: 0 });
    expect((await platform.visitor().call<TicketJson>('GET', `/api/tickets/${ticket.id}`)).body.price).toBe(
      19.99,
    );
    const edited = await seller.call<TicketJson>('PUT', `/api/tickets/${ticket.id}`, {
      title: 'Concert',
      price: 30,
    });
    expect(edited).toMatchObject({ status: 200, body: { price: 30, version: 1 } });
    const stranger = await platform.visitor().signUp();
    expect(
      (await stranger.call('PUT', `/api/tickets/${ticket.id}`, { title: 'Mine', price: 1 })).status,
    ).toBe(403);
    expect(
      (await platform.visitor().call('PUT', `/api/tickets/${ticket.id}`, { title: 'x', price: 1 })).status,
    ).toBe(401);
    expect((await seller.call('POST', '/api/tickets', { title: '', price: -1 })).status).toBe(400);
    expect((await platform.visitor().call('GET', '/api/tickets/not-an-id')).status).toBe(404);
    expect((await platform.visitor().call('GET', '/api/tickets/5f0000000000000000000000')).status).toBe(404);
  });

  it('when more tickets exist than a page holds, then the Link header walks them all once', async () => {
    const { seller } = await platform.listTicket();
    for (let n = 0; n < 4; n += 1)
      await seller.call('POST', '/api/tickets', { title: `Page ${n}`, price: 5 });
    const seen: string[] = [];
    let path: string | undefined = '/api/tickets?limit=2';
    while (path) {
      const page: { body: TicketJson[]; headers: Headers } = await platform
        .visitor()
        .call<TicketJson[]>('GET', path);
      seen.push(...page.body.map((t) => t.id));
      path = /<([^>]+)>; rel="next"/.exec(page.headers.get('link') ?? '')?.[1];
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(5);
  });
});

describe('orders and payments routes through the gateway', () => {
  it('when a buyer orders, then the order is theirs alone, listed in history, and cancellable', async () => {
    const { ticket } = await platform.listTicket();
    const buyer = await platform.visitor().signUp('buyer');
    const order = await buy(buyer, ticket.id);
    expect(order).toMatchObject({
      status: 'created',
      userId: buyer.id,
      ticket: { id: ticket.id, price: ticket.price },
    });
    expect((await buyer.call<OrderJson[]>('GET', '/api/orders')).body.map((o) => o.id)).toEqual([order.id]);
    const stranger = await platform.visitor().signUp();
    expect((await stranger.call('GET', `/api/orders/${order.id}`)).status).toBe(403);
    expect((await stranger.call('DELETE', `/api/orders/${order.id}`)).status).toBe(403);
    expect(
      (await stranger.call('POST', '/api/payments', { orderId: order.id, token: 'pm_card_visa' })).status,
    ).toBe(403);
    expect((await platform.visitor().call('POST', '/api/orders', { ticketId: ticket.id })).status).toBe(401);
    expect((await buyer.call('POST', '/api/orders', { ticketId: 'bad' })).status).toBe(400);
    expect((await buyer.call('POST', '/api/orders', { ticketId: '5f0000000000000000000000' })).status).toBe(
      404,
    );
    expect((await buyer.call('DELETE', `/api/orders/${order.id}`)).status).toBe(204);
    expect((await buyer.call<OrderJson>('GET', `/api/orders/${order.id}`)).body.status).toBe('cancelled');
    expect(
      (await buyer.call('POST', '/api/payments', { orderId: order.id, token: 'pm_card_visa' })).status,
    ).toBe(400);
  });

  it('when a seller tries to buy their own ticket, then it is refused', async () => {
    const { seller, ticket } = await platform.listTicket();
    // 404 only until the orders service has seen the ticket's event.
    const answer = await eventually(async () => {
      const response = await seller.call('POST', '/api/orders', { ticketId: ticket.id });
      if (response.status === 404) throw new Error('orders has not seen the ticket yet');
      return response;
    });
    expect(answer).toMatchObject({
      status: 400,
      body: { errors: [{ message: 'You cannot buy your own ticket' }] },
    });
  });

  it('when the services are asked for health, then each answers ready', async () => {
    for (const service of Object.values(platform.services)) {
      const response = await fetch(`http://127.0.0.1:${service.port}/readyz`);
      expect({ name: service.name, status: response.status }).toEqual({ name: service.name, status: 200 });
    }
  });
});
