import type { Express } from 'express';
import request from 'supertest';
import Stripe from 'stripe';
import type { Envelope, OutboxRelay, Subject } from '@ticketing/common';
import { sessionCookieFor, TEST_SESSION_KEYS } from '@ticketing/common/testing';
import type { ExpirationQueue } from '../../expiration/src/queues/expiration-queue';
import { SimExpirationQueue } from './expiration-queue';
import { Names } from './names';
import { Network, type SimBus } from './network';
import { SimProcessor, type PaymentPlan, type ProcessorPayment } from './processor';
import { Draws } from './rng';
import { Scheduler } from './scheduler';
import type { Schedule } from './schedule';
import type { Services } from './services';

/** Simulated time starts here (any fixed instant: the same schedule gives the same timestamps). */
export const START = Date.parse('2030-01-01T00:00:00.000Z');
export const WINDOW_SECONDS = 900;
/** How long after its window an open order lapses: the orders service's default (LAPSE_GRACE_SECONDS). */
export const LAPSE_GRACE_MS = 120_000;
/** How often the sweeper and the reconciler run (the services' defaults are 10 s and 15 s; coarser is cheaper). */
export const SWEEP_EVERY_MS = 120_000;
export const RECONCILE_EVERY_MS = 120_000;
export const WEBHOOK_SECRET = 'whsec_simulation';

const userId = (prefix: string, n: number) => `${prefix}${String(n).padStart(24 - prefix.length, '0')}`;
export const sellerId = (n: number) => userId('5e11e5', n);
export const buyerId = (n: number) => userId('b0b0b0', n);
const cookie = (id: string) => sessionCookieFor({ id, email: `${id}@example.com` });

interface ServiceRuntime {
  bus: SimBus;
  relay?: OutboxRelay;
}

/**
 * One schedule's world: the four services' real listeners, apps and workers wired to one simulated broker,
 * processor and clock, over databases emptied for it. The runner drives it step by step.
 */
export class World {
  readonly names = new Names();
  readonly scheduler: Scheduler;
  readonly network: Network;
  readonly processor = new SimProcessor();
  readonly answers: { orderId: string; status: number; body: unknown }[] = [];
  readonly serverErrors: string[] = [];
  readonly cancelledByBuyer: string[] = [];
  readonly tickets: { id: string; seller: string }[] = [];
  readonly orders: { id: string; buyer: string }[] = [];
  private readonly runtimes: ServiceRuntime[] = [];
  /** Services that may have written since their outbox was last flushed. */
  private readonly touched = new Set<string>();
  ticketsApp!: Express;
  ordersApp!: Express;
  paymentsApp!: Express;
  private webhookCount = 0;

  constructor(
    readonly services: Services,
    readonly schedule: Schedule,
  ) {
    this.scheduler = new Scheduler(
      START,
      (ms) => jest.setSystemTime(ms),
      () => this.flushOutboxes(),
    );
    this.network = new Network(
      this.scheduler,
      new Draws(schedule.seed),
      schedule.bus,
      (subject, data) => this.describe(subject, data),
      (service) => this.touch(service),
    );
    this.processor.onPayment = (id, payment, plan) => this.sendWebhooks(id, payment, plan);
  }

  async start(): Promise<void> {
    const { tickets, orders, payments, expiration } = this.services;
    await this.services.clear();
    const ticketsBus = this.network.bus('tickets-service');
    const ordersBus = this.network.bus('orders-service');
    const paymentsBus = this.network.bus('payments-service');
    const expirationBus = this.network.bus('expiration-service');
    for (const listener of tickets.eventListeners(ticketsBus)) await listener.listen();
    for (const listener of orders.eventListeners(ordersBus, { lapseGraceMs: LAPSE_GRACE_MS }))
      await listener.listen();
    for (const listener of payments.eventListeners(paymentsBus, this.processor)) await listener.listen();
    const queue = new SimExpirationQueue(
      this.scheduler,
      expirationBus,
      this.schedule.expirationSkewMs,
      expiration.expirationMessageId,
      (id) => this.names.name(id),
    );
    for (const listener of expiration.eventListeners(expirationBus, queue as unknown as ExpirationQueue)) {
      await listener.listen();
    }
    this.ticketsApp = tickets.buildApp({ sessionKeys: TEST_SESSION_KEYS, bus: ticketsBus });
    this.ordersApp = orders.buildApp({
      sessionKeys: TEST_SESSION_KEYS,
      bus: ordersBus,
      expirationWindowSeconds: WINDOW_SECONDS,
      maxOpenOrders: 5,
    });
    this.paymentsApp = payments.buildApp({
      sessionKeys: TEST_SESSION_KEYS,
      bus: paymentsBus,
      gateway: this.processor,
      stripeWebhookSecret: WEBHOOK_SECRET,
      // The simulated broker delivers nothing while a request runs: waiting for a late order would wait forever.
      // The margin before the lapse and the reconciler's first look are the service's defaults.
      orderLagMs: 0,
    });
    // Relays publish only when the runner flushes them (after every step), never on their own timers.
    for (const [bus, relay] of [
      [ticketsBus, new tickets.common.OutboxRelay(ticketsBus, [tickets.Ticket])],
      [ordersBus, new orders.common.OutboxRelay(ordersBus, [orders.Order])],
      [paymentsBus, new payments.common.OutboxRelay(paymentsBus, [payments.Charge])],
    ] as const) {
      await relay.stop();
      this.runtimes.push({ bus, relay });
    }
  }

  /** Says that a service may write now: its outbox is flushed after the task. */
  touch(service: string): void {
    this.touched.add(service);
  }

  /**
   * The outbox relays' publishing, as their wake-up after each write does (only of the services the task ran in:
   * a flush is a query); a lost confirmation is sent again at the relay's next sweep.
   */
  private async flushOutboxes(): Promise<void> {
    for (const { bus, relay } of this.runtimes) {
      if (!this.touched.delete(bus.serviceName)) continue;
      await relay?.flush();
      if (bus.lostPublishes > 0) {
        bus.lostPublishes = 0;
        this.scheduler.after(1_000, `outbox relay of ${bus.serviceName} sweeps again`, async () =>
          this.touch(bus.serviceName),
        );
      }
    }
  }

  /** A request to a service's app, as a signed-in user; a 5xx other than "try again" is recorded as a violation. */
  async call(
    service: string,
    app: Express,
    method: 'post' | 'put' | 'delete',
    path: string,
    user: string,
    body?: object,
  ): Promise<request.Response> {
    this.touch(service);
    const res = await request(app)[method](path).set('Cookie', cookie(user)).send(body);
    this.checkStatus(`${method.toUpperCase()} ${path}`, res);
    return res;
  }

  checkStatus(what: string, res: request.Response): void {
    // A 503 with Retry-After is an answer (try again soon: e.g. an order still being confirmed); any other 5xx is not.
    const tryAgain = res.status === 503 && res.headers['retry-after'] !== undefined;
    if (res.status >= 500 && !tryAgain) {
      this.serverErrors.push(`${what} answered ${res.status} ${JSON.stringify(res.body)}`);
    }
  }

  private sendWebhooks(paymentIntentId: string, payment: ProcessorPayment, plan: PaymentPlan): void {
    // The webhook tells what happened when the processor charged or declined, whatever came later.
    const result = payment.result;
    const delays = { never: [], once: [3_000], twice: [3_000, 3_000 + plan.answerDelayMs], late: [600_000] }[
      plan.webhook
    ];
    for (const delay of delays) {
      this.scheduler.after(delay, `processor's webhook for ${this.names.name(payment.orderId)}`, () =>
        this.webhook(paymentIntentId, payment.orderId, result),
      );
    }
  }

  private async webhook(
    paymentIntentId: string,
    orderId: string,
    result: ProcessorPayment['result'],
  ): Promise<void> {
    this.touch('payments-service');
    this.webhookCount += 1;
    const intent = {
      id: paymentIntentId,
      object: 'payment_intent',
      metadata: { orderId },
      last_payment_error: result.outcome === 'declined' ? { message: result.message } : null,
    };
    const type =
      result.outcome === 'succeeded' ? 'payment_intent.succeeded' : 'payment_intent.payment_failed';
    const payload = JSON.stringify({
      id: `evt_sim_${this.webhookCount}`,
      object: 'event',
      type,
      data: { object: intent },
    });
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const res = await request(this.paymentsApp)
      .post('/api/payments/webhook')
      .set('Content-Type', 'application/json')
      .set('stripe-signature', signature)
      .send(payload);
    this.checkStatus('the webhook', res);
  }

  /** How a message reads in the trace. */
  private describe(subject: Subject, data: unknown): string {
    const d = data as Record<string, unknown>;
    const name = (id: unknown) => this.names.name(String(id));
    if (subject.startsWith('ticket:')) {
      const held = d.orderId ? ` held by ${name(d.orderId)}` : '';
      return `${subject} ${name(d.id)} v${String(d.version)} ${String(d.price)}c${held}${d.sold ? ' sold' : ''}`;
    }
    if (subject.startsWith('order:')) return `${subject} ${name(d.id)} v${String(d.version)}`;
    return `${subject} ${name(d.orderId)}`;
  }

  published(): Envelope[] {
    return this.network.published.map((p) => p.envelope);
  }
}
