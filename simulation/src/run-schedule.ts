import { violations, type Observed } from './invariants';
import { BUYERS, SELLERS, type Schedule, type Step } from './schedule';
import type { Services } from './services';
import {
  buyerId,
  LAPSE_GRACE_MS,
  RECONCILE_EVERY_MS,
  sellerId,
  START,
  SWEEP_EVERY_MS,
  WINDOW_SECONDS,
  World,
} from './world';

export interface RunResult {
  violations: string[];
  /** What happened, in simulated time: steps, deliveries, jobs, webhooks. */
  trace: string[];
}

/**
 * Simulated time after the last step for everything to settle: a window and its lapse grace, then the reconciler's
 * longest wait.
 */
const SETTLE_MS = WINDOW_SECONDS * 1000 + LAPSE_GRACE_MS + 20 * 60_000;

const dollars = (cents: number) => cents / 100;

/** How soon after a late processor answer the next task must be due to run at the same time as it. */
const LATE_ANSWER_OVERLAP_MS = 5_000;

/** Runs one schedule to the end and checks the invariants on what it left. */
export async function runSchedule(services: Services, schedule: Schedule): Promise<RunResult> {
  const world = new World(services, schedule);
  await world.start();
  const { scheduler } = world;
  scheduler.note(
    `broker: ${world.network.transport} (a failed delivery comes back ${world.network.transport === 'jetstream' ? 'after the delay it asked for' : 'after the ack wait'})`,
  );

  for (const [n, price] of schedule.prices.entries()) {
    const seller = sellerId(n % SELLERS);
    scheduler.at(START, `seller ${n % SELLERS} lists a ticket at ${price}c`, async () => {
      const res = await world.call('tickets-service', world.ticketsApp, 'post', '/api/tickets', seller, {
        title: `Show ${n}`,
        price: dollars(price),
      });
      const id = (res.body as { id: string }).id;
      world.tickets.push({ id, seller });
      world.names.of('ticket', id);
    });
  }
  let at = START;
  for (const step of schedule.steps) {
    at += step.gapMs;
    scheduler.at(at, describeStep(step), () => runStep(world, step));
  }
  const horizon = at + SETTLE_MS;
  const sweeper = new services.orders.Sweeper({ intervalMs: SWEEP_EVERY_MS, lapseGraceMs: LAPSE_GRACE_MS });
  const reconciler = new services.payments.ChargeReconciler(world.processor, {
    intervalMs: RECONCILE_EVERY_MS,
  });
  const sweep = async () => {
    world.touch('orders-service');
    const cancelled = await sweeper.sweepOnce();
    if (cancelled > 0) scheduler.note(`  sweeper cancelled ${cancelled} lapsed order(s)`);
  };
  const reconcile = async () => {
    world.touch('payments-service');
    const outcomes = await reconciler.reconcileOnce();
    for (const [orderId, outcome] of outcomes) {
      scheduler.note(`  reconciler: charge of ${world.names.name(orderId)} ${outcome}`);
    }
  };
  scheduler.every(SWEEP_EVERY_MS, horizon, sweep);
  scheduler.every(RECONCILE_EVERY_MS, horizon, reconcile);

  await scheduler.drain();
  // Every window, sweep and reconcile has passed and every message is delivered: one more pass of each, to be sure.
  scheduler.at(horizon + SWEEP_EVERY_MS, 'final sweep and reconcile', async () => {
    await sweep();
    await reconcile();
  });
  await scheduler.drain();
  const observed = await observe(world);
  return { violations: violations(observed, (id) => world.names.name(id)), trace: scheduler.trace };
}

function describeStep(step: Step): string {
  switch (step.kind) {
    case 'edit':
      return `seller edits ticket[${step.ticket}] to ${step.price}c`;
    case 'order':
      return `buyer ${step.buyer} orders ticket[${step.ticket}]`;
    case 'cancel':
      return `buyer cancels order[${step.order}]`;
    case 'pay':
      return `buyer pays order[${step.order}] (card ${step.plan.card}, webhook ${step.plan.webhook}, search lag ${step.plan.searchLagMs} ms, refund failures ${step.plan.refundFailures})`;
    case 'outage':
      return `processor down for ${step.durationMs} ms`;
  }
}

const pick = <T>(list: T[], n: number): T | undefined =>
  list.length === 0 ? undefined : list[n % list.length];

async function runStep(world: World, step: Step): Promise<void> {
  const { scheduler, names } = world;
  if (step.kind === 'outage') {
    world.processor.outage(scheduler.now(), scheduler.now() + step.durationMs);
    return;
  }
  if (step.kind === 'edit') {
    const ticket = pick(world.tickets, step.ticket);
    if (!ticket) return;
    const res = await world.call(
      'tickets-service',
      world.ticketsApp,
      'put',
      `/api/tickets/${ticket.id}`,
      ticket.seller,
      {
        title: 'Show (edited)',
        price: dollars(step.price),
      },
    );
    scheduler.note(`  ${names.name(ticket.id)}: ${res.status}`);
    return;
  }
  if (step.kind === 'order') {
    const ticket = pick(world.tickets, step.ticket);
    if (!ticket) return;
    const buyer = buyerId(step.buyer % BUYERS);
    const res = await world.call('orders-service', world.ordersApp, 'post', '/api/orders', buyer, {
      ticketId: ticket.id,
    });
    if (res.status === 201) {
      const { id } = res.body as { id: string };
      world.orders.push({ id, buyer });
      scheduler.note(`  201 ${names.of('order', id)} for ${names.name(ticket.id)}`);
    } else {
      scheduler.note(`  ${res.status} for ${names.name(ticket.id)}`);
    }
    return;
  }
  const order = pick(world.orders, step.order);
  if (!order) return;
  if (step.kind === 'cancel') {
    const res = await world.call(
      'orders-service',
      world.ordersApp,
      'delete',
      `/api/orders/${order.id}`,
      order.buyer,
    );
    if (res.status === 204) world.cancelledByBuyer.push(order.id);
    scheduler.note(`  ${names.name(order.id)}: ${res.status}`);
    return;
  }
  await pay(world, order, step.plan);
}

/**
 * A payment request. A `late` card parks the request at the processor: the step returns, the world goes on, and
 * a later task lets the answer through and waits for the request to finish.
 */
async function pay(
  world: World,
  order: { id: string; buyer: string },
  plan: Parameters<World['processor']['plan']>[1],
) {
  const { scheduler, names, processor } = world;
  processor.plan(order.id, plan);
  const parked = processor.whenParked(order.id).then(() => 'parked' as const);
  const done = world
    .call('payments-service', world.paymentsApp, 'post', '/api/payments', order.buyer, {
      orderId: order.id,
      token: 'pm_card_visa',
    })
    .then((res) => {
      world.answers.push({ orderId: order.id, status: res.status, body: res.body });
      scheduler.note(`  payment of ${names.name(order.id)} answered ${res.status}`);
    });
  if ((await Promise.race([done.then(() => 'done' as const), parked])) === 'parked') {
    scheduler.after(plan.answerDelayMs, `processor's late answer for ${names.name(order.id)}`, async () => {
      world.touch('payments-service');
      processor.release(order.id);
      // The answer lands while whatever comes next (within a few seconds) is already running: e.g. the order's
      // cancel reaching payments between the request's steps.
      const overlapping = scheduler.takeNextWithin(LATE_ANSWER_OVERLAP_MS);
      await Promise.all([done, overlapping?.()]);
    });
  }
}

async function observe(world: World): Promise<Observed> {
  const { tickets, orders, payments } = world.services;
  const id = (doc: { _id: { toHexString(): string } }) => doc._id.toHexString();
  return {
    orders: (await orders.Order.find().lean()).map((o) => ({
      id: id(o),
      status: o.status,
      version: o.version,
      ticketId: o.ticket.id,
    })),
    tickets: (await tickets.Ticket.find().lean()).map((t) => ({
      id: id(t),
      orderId: t.orderId ?? null,
      sold: t.sold,
      version: t.version,
      price: t.price,
      title: t.title,
    })),
    ticketCopies: (await orders.TicketCopy.find().lean()).map((t) => ({
      id: id(t),
      version: t.version,
      price: t.price,
      title: t.title,
    })),
    orderCopies: (await payments.OrderCopy.find().lean()).map((o) => ({
      id: id(o),
      version: o.version,
      status: o.status,
    })),
    processorPayments: [...world.processor.intents.values()],
    processorRefunds: [...world.processor.refunds.values()],
    published: world.published(),
    deadLetters: world.network.deadLetters,
    neverHandled: world.network.neverHandled,
    answers: world.answers,
    cancelledByBuyer: world.cancelledByBuyer,
    serverErrors: world.serverErrors,
  };
}
