import axios from 'axios';
import { errorsOf } from './api-errors';
import type { ApiErrorItem, CurrentUser, Order, Payment, Ticket } from './types';

/** Browser calls go to the same origin (`/api/...`); the gateway routes them to the services. */
const api = axios.create({
  headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
  timeout: 20_000,
});

/** The service's messages for a failed call, or a plain one when the network (not the API) failed. */
export function errorsFrom(error: unknown): ApiErrorItem[] {
  if (axios.isAxiosError(error)) {
    if (error.response) return errorsOf(error.response.data, error.response.status);
    return [{ message: 'Could not reach the server. Check your connection and try again.' }];
  }
  return [{ message: 'Something went wrong. Please try again.' }];
}

export function statusOf(error: unknown): number | undefined {
  return axios.isAxiosError(error) ? error.response?.status : undefined;
}

export interface Credentials {
  email: string;
  password: string;
}

export async function authenticate(
  kind: 'signin' | 'signup',
  credentials: Credentials,
): Promise<CurrentUser> {
  return (await api.post<CurrentUser>(`/api/users/${kind}`, credentials)).data;
}

export async function signOut(): Promise<void> {
  await api.post('/api/users/signout', {});
}

/** The price as typed: a number when it parses, else the text itself, so the API names what is wrong. */
export interface TicketInput {
  title: string;
  price: number | string;
}

export async function createTicket(input: TicketInput): Promise<Ticket> {
  return (await api.post<Ticket>('/api/tickets', input)).data;
}

export async function updateTicket(id: string, input: TicketInput): Promise<Ticket> {
  return (await api.put<Ticket>(`/api/tickets/${encodeURIComponent(id)}`, input)).data;
}

export async function createOrder(ticketId: string): Promise<Order> {
  return (await api.post<Order>('/api/orders', { ticketId })).data;
}

export async function fetchOrder(id: string): Promise<Order> {
  return (await api.get<Order>(`/api/orders/${encodeURIComponent(id)}`)).data;
}

export async function cancelOrder(id: string): Promise<void> {
  await api.delete(`/api/orders/${encodeURIComponent(id)}`);
}

const PAY_ATTEMPTS = 6;
const PAY_RETRY_MS = 1000;

/**
 * The payments service learns of an order through an event, so just after ordering it may not know the order
 * yet and answers 404; nothing is charged then, so the payment is tried again for a few seconds.
 */
export async function payOrder(orderId: string, token: string): Promise<Payment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await api.post<Payment>('/api/payments', { orderId, token })).data;
    } catch (error) {
      if (statusOf(error) !== 404 || attempt >= PAY_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, PAY_RETRY_MS));
    }
  }
}
