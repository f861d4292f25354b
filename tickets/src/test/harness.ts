import request from 'supertest';
import { OutboxRelay } from '@ticketing/common';
import { FakeBus, fakeUser, sessionCookieFor, TEST_SESSION_KEYS } from '@ticketing/common/testing';
import type { UserPayload } from '@ticketing/common';
import { buildApp } from '../app';
import { Ticket } from '../models/ticket';
import { eventListeners } from '../events/listeners';

/** The app, its bus and relay, and the listeners subscribed, as index.ts wires them. */
export async function harness() {
  const bus = new FakeBus('tickets-service');
  const relay = new OutboxRelay(bus, [Ticket]);
  await Promise.all(eventListeners(bus).map((listener) => listener.listen()));
  const app = buildApp({ sessionKeys: TEST_SESSION_KEYS, bus });
  return { app, bus, relay };
}

export type Harness = Awaited<ReturnType<typeof harness>>;

export interface Seller {
  user: UserPayload;
  cookie: string;
}

export function seller(): Seller {
  const user = fakeUser();
  return { user, cookie: sessionCookieFor(user) };
}

/** Lists a ticket through the API and returns its JSON. */
export async function listTicket(
  { app }: Harness,
  who: Seller = seller(),
  body: { title: string; price: number } = { title: 'Concert', price: 20 },
): Promise<{ id: string; version: number; price: number; title: string; userId: string }> {
  const res = await request(app).post('/api/tickets').set('Cookie', who.cookie).send(body).expect(201);
  return res.body as { id: string; version: number; price: number; title: string; userId: string };
}
