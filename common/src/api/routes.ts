import { z } from 'zod';
import { errorsSchema } from './errors';
import { pageQuery } from './pagination';
import {
  newPaymentBody,
  paymentSchema,
  pendingPaymentSchema,
  stripeEventBody,
  webhookReceivedSchema,
} from './payments';
import { newOrderBody, orderParams, orderSchema } from './orders';
import { ticketBody, ticketListQuery, ticketParams, ticketSchema } from './tickets';
import { currentUserSchema, signedOutSchema, signInBody, signUpBody, userSchema } from './users';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';
/** The service that answers a route (the Ingress sends its path prefix there). */
export type ServiceName = 'auth' | 'tickets' | 'orders' | 'payments';

/** An OpenAPI link: what a response gives the next request (schemathesis follows them in stateful runs). */
export interface ApiLink {
  operationId: string;
  description: string;
  parameters?: Record<string, string>;
  requestBody?: unknown;
}

export interface ApiResponse {
  description: string;
  /** The JSON body; absent for an empty answer (204). */
  body?: z.ZodType;
  /** Another media type than JSON, with its body as a schema. */
  media?: { type: string; schema: z.ZodType };
  headers?: z.ZodObject;
  links?: Record<string, ApiLink>;
}

export interface ApiRoute {
  operationId: string;
  service: ServiceName;
  method: HttpMethod;
  /** Express syntax (`/api/tickets/:id`): the routers mount exactly this. */
  path: string;
  summary: string;
  description?: string;
  /** `session`: 401 without one; `optional`: the session changes what is allowed or answered. */
  auth: 'none' | 'session' | 'optional';
  request?: { body?: z.ZodType; query?: z.ZodObject; params?: z.ZodObject; headers?: z.ZodObject };
  /**
   * What the route itself answers. The answers every route of that kind gets from `createApp` (401 without a
   * session, 400/413/415 for bodies, 400 for undecodable paths, 503 while the database is unreachable, 500) are
   * added by the document builder.
   */
  responses: Record<number, ApiResponse>;
  /** False for a route answered without the database (from the session alone, a built document): never a 503. */
  database?: false;
}

const problem = (description: string): ApiResponse => ({ description, body: errorsSchema });

const setCookie = z.object({
  'Set-Cookie': z
    .string()
    .meta({ description: 'The session cookie `session` (HttpOnly, SameSite=Lax, Secure over HTTPS)' }),
});
const nextLink = z.object({
  Link: z
    .string()
    .optional()
    .meta({ description: '`<url>; rel="next"`, present when a further page exists' }),
});
export const retryAfter = z.object({
  'Retry-After': z.string().regex(/^\d+$/).meta({ description: 'Seconds to wait before trying again' }),
});
const busy = (what: string): ApiResponse => ({
  description: `${what} is busy (it kept losing races with other writes for 2 s); try again`,
  body: errorsSchema,
  headers: retryAfter,
});
/** auth bounds the password hashes running and waiting at once (see auth's hash gate). */
const busyHashing: ApiResponse = {
  description: 'Too many password checks at once on this server; try again after Retry-After',
  body: errorsSchema,
  headers: retryAfter,
};

const ticketLinks: Record<string, ApiLink> = {
  showTicket: { operationId: 'showTicket', description: 'Read it', parameters: { id: '$response.body#/id' } },
  updateTicket: {
    operationId: 'updateTicket',
    description: 'Edit it',
    parameters: { id: '$response.body#/id' },
  },
  createOrder: {
    operationId: 'createOrder',
    description: 'Order it (another user; its seller gets a 400)',
    requestBody: { ticketId: '$response.body#/id' },
  },
};

const orderLinks: Record<string, ApiLink> = {
  showOrder: { operationId: 'showOrder', description: 'Read it', parameters: { id: '$response.body#/id' } },
  cancelOrder: {
    operationId: 'cancelOrder',
    description: 'Cancel it',
    parameters: { id: '$response.body#/id' },
  },
  createPayment: {
    operationId: 'createPayment',
    description: 'Pay for it',
    requestBody: { orderId: '$response.body#/id', token: 'pm_card_visa' },
  },
};

/**
 * Every public route: one table used by the services to mount and validate, by the OpenAPI document and, through
 * the schemas, by the client's and the system tests' types. Each service's test checks that what its app mounts
 * is exactly its part of this table.
 */
export const apiRoutes = {
  signUp: {
    operationId: 'signUp',
    service: 'auth',
    method: 'post',
    path: '/api/users/signup',
    summary: 'Create an account and sign in',
    auth: 'none',
    request: { body: signUpBody },
    responses: {
      201: { description: 'Signed up and signed in', body: userSchema, headers: setCookie },
      400: problem('Invalid email, a password not 8..128 characters, or "Email in use" (case-insensitive)'),
      429: {
        description:
          'Too many sign-ups from this address (`SIGNUP_LIMIT_PER_ADDRESS` an hour, 20 by default) or for the ' +
          'whole site (`SIGNUP_LIMIT_PER_MINUTE`, 300 by default)',
        body: errorsSchema,
        headers: retryAfter,
      },
      503: busyHashing,
    },
  },
  signIn: {
    operationId: 'signIn',
    service: 'auth',
    method: 'post',
    path: '/api/users/signin',
    summary: 'Sign in',
    auth: 'none',
    request: { body: signInBody },
    responses: {
      200: { description: 'Signed in', body: userSchema, headers: setCookie },
      400: problem(
        '"Invalid credentials" (the same for an unknown email and a wrong password), or invalid input',
      ),
      429: {
        description:
          'Too many failed attempts for this account from this address (10 in 15 minutes) or from this address (100)',
        body: errorsSchema,
        headers: retryAfter,
      },
      503: busyHashing,
    },
  },
  signOut: {
    operationId: 'signOut',
    service: 'auth',
    method: 'post',
    path: '/api/users/signout',
    summary: 'Sign out',
    auth: 'none',
    database: false,
    responses: {
      200: { description: 'Signed out: the cookie is cleared', body: signedOutSchema, headers: setCookie },
    },
  },
  currentUser: {
    operationId: 'currentUser',
    service: 'auth',
    method: 'get',
    path: '/api/users/currentuser',
    summary: 'Who is signed in',
    description: 'Read from the session alone; a tampered or expired cookie gives null, not an error.',
    auth: 'optional',
    database: false,
    responses: { 200: { description: 'The user of the session, or null', body: currentUserSchema } },
  },
  docsPage: {
    operationId: 'docsPage',
    service: 'auth',
    method: 'get',
    path: '/api/docs',
    summary: 'This reference, as a page',
    auth: 'none',
    database: false,
    responses: {
      200: { description: 'The reference page', media: { type: 'text/html', schema: z.string() } },
    },
  },
  openApiDocument: {
    operationId: 'openApiDocument',
    service: 'auth',
    method: 'get',
    path: '/api/docs/openapi.json',
    summary: 'This reference, as an OpenAPI 3.1 document',
    auth: 'none',
    database: false,
    responses: { 200: { description: 'The OpenAPI document', body: z.looseObject({ openapi: z.string() }) } },
  },
  createTicket: {
    operationId: 'createTicket',
    service: 'tickets',
    method: 'post',
    path: '/api/tickets',
    summary: 'List a ticket for sale',
    auth: 'session',
    request: { body: ticketBody },
    responses: {
      201: { description: 'Listed', body: ticketSchema, links: ticketLinks },
      400: problem('Invalid title or price'),
    },
  },
  listTickets: {
    operationId: 'listTickets',
    service: 'tickets',
    method: 'get',
    path: '/api/tickets',
    summary: "Tickets for sale, searched, filtered by price and sorted; or one seller's listings",
    description:
      'Paginated: the next page is in the `Link` header. Every bad parameter is named in one 400. ' +
      'A cursor belongs to the sort that made it.',
    auth: 'optional',
    request: { query: ticketListQuery },
    responses: {
      200: { description: 'One page', body: z.array(ticketSchema), headers: nextLink },
      400: problem('A bad parameter (each one named), a repeated one, or a cursor of another sort'),
      401: problem('`status=all` without a session'),
      403: problem("`status=all` for another seller's tickets"),
    },
  },
  showTicket: {
    operationId: 'showTicket',
    service: 'tickets',
    method: 'get',
    path: '/api/tickets/:id',
    summary: 'One ticket (reserved and sold ones too)',
    auth: 'none',
    request: { params: ticketParams },
    responses: {
      200: { description: 'The ticket', body: ticketSchema },
      404: problem('No such ticket'),
    },
  },
  updateTicket: {
    operationId: 'updateTicket',
    service: 'tickets',
    method: 'put',
    path: '/api/tickets/:id',
    summary: 'Edit a ticket (its seller only; version + 1)',
    auth: 'session',
    request: { params: ticketParams, body: ticketBody },
    responses: {
      200: { description: 'Edited', body: ticketSchema, links: { showTicket: ticketLinks.showTicket! } },
      400: problem('Invalid title or price, "Cannot edit a reserved ticket" or "Cannot edit a sold ticket"'),
      403: problem('Not the seller'),
      404: problem('No such ticket'),
      503: busy('The ticket'),
    },
  },
  createOrder: {
    operationId: 'createOrder',
    service: 'orders',
    method: 'post',
    path: '/api/orders',
    summary: 'Order a ticket: it is reserved for the buyer until the order lapses',
    auth: 'session',
    request: { body: newOrderBody },
    responses: {
      201: { description: 'Ordered', body: orderSchema, links: orderLinks },
      400: problem(
        'Invalid ticketId, "Ticket is already reserved", the buyer\'s own ticket, or the buyer already holds ' +
          'the most open orders allowed (5 by default)',
      ),
      404: problem('No such ticket'),
    },
  },
  listOrders: {
    operationId: 'listOrders',
    service: 'orders',
    method: 'get',
    path: '/api/orders',
    summary: "The buyer's orders, newest first (the order history)",
    auth: 'session',
    request: { query: pageQuery },
    responses: {
      200: { description: 'One page', body: z.array(orderSchema), headers: nextLink },
      400: problem('A bad limit or cursor'),
    },
  },
  showOrder: {
    operationId: 'showOrder',
    service: 'orders',
    method: 'get',
    path: '/api/orders/:id',
    summary: 'One order (its buyer only)',
    auth: 'session',
    request: { params: orderParams },
    responses: {
      200: { description: 'The order', body: orderSchema },
      403: problem('Not the buyer'),
      404: problem('No such order'),
    },
  },
  cancelOrder: {
    operationId: 'cancelOrder',
    service: 'orders',
    method: 'delete',
    path: '/api/orders/:id',
    summary: 'Cancel an order and release its ticket (cancelling again changes nothing)',
    auth: 'session',
    request: { params: orderParams },
    responses: {
      204: { description: 'Cancelled' },
      400: problem('"Cannot cancel a completed order"'),
      403: problem('Not the buyer'),
      404: problem('No such order'),
      503: busy('The order'),
    },
  },
  createPayment: {
    operationId: 'createPayment',
    service: 'payments',
    method: 'post',
    path: '/api/payments',
    summary: 'Pay for an order by card (at most one charge per order)',
    auth: 'session',
    request: { body: newPaymentBody },
    responses: {
      201: { description: 'Paid', body: paymentSchema },
      202: {
        description: 'The outcome is not known yet; the order shows it once settled',
        body: pendingPaymentSchema,
      },
      400: problem(
        'Invalid input, or the order cannot be paid: cancelled, expired, too close to its lapse (a payment ' +
          'starts only with PAYMENT_MARGIN_SECONDS left), already paid, payment in progress, or cancelled while ' +
          'paying ("Order cancelled; your payment was refunded" or "... is being refunded")',
      ),
      402: problem('The card was declined (the order is cancelled)'),
      403: problem('Not the buyer'),
      404: problem('No such order (looked for again for up to 3 s, as the order may have just been placed)'),
      503: {
        description:
          'The order is not confirmed yet (its ticket is being reserved; waited for up to 3 s), or the charge ' +
          'is busy; try again after Retry-After seconds',
        body: errorsSchema,
        headers: retryAfter,
      },
    },
  },
  stripeWebhook: {
    operationId: 'stripeWebhook',
    service: 'payments',
    method: 'post',
    path: '/api/payments/webhook',
    summary: "Stripe's events about PaymentIntents (only where STRIPE_WEBHOOK_SECRET is set)",
    auth: 'none',
    request: {
      body: stripeEventBody,
      headers: z.object({
        'Stripe-Signature': z.string().meta({ description: "Stripe's signature of the body" }),
      }),
    },
    responses: {
      200: { description: 'Received', body: webhookReceivedSchema },
      400: problem('"Invalid webhook signature"'),
      404: problem('Not configured here (no STRIPE_WEBHOOK_SECRET)'),
      503: busy('The charge'),
    },
  },
} as const satisfies Record<string, ApiRoute>;

export type OperationId = keyof typeof apiRoutes;

export const allApiRoutes: readonly ApiRoute[] = Object.values(apiRoutes);

/** The routes one service answers. */
export function routesOf(service: ServiceName): ApiRoute[] {
  return allApiRoutes.filter((route) => route.service === service);
}
