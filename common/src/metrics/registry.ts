import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Every metric of the platform's own is named ticketing_<what>; the default process metrics keep their names. */
export const METRIC_PREFIX = 'ticketing_';

/**
 * The one registry of this process, the one `/metrics` serves. Its `service` label is the process's
 * SERVICE_NAME, the same value its log lines carry.
 */
export const metricsRegistry = new Registry();
metricsRegistry.setDefaultLabels({ service: process.env.SERVICE_NAME ?? 'unnamed' });

let defaultsCollected = false;

/**
 * Starts the default process metrics (CPU, memory, event loop lag, GC) once per process. Called when a
 * /metrics endpoint is built, so a process that only imports common (a test, a benchmark) does not run the
 * event-loop monitor for nothing.
 */
export function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  collectDefaultMetrics({ register: metricsRegistry });
}

type MetricClass = typeof Counter | typeof Gauge | typeof Histogram;

/**
 * The metric already registered under this name, else a new one: registering a name twice throws, and the code
 * that defines a metric may run more than once in a process (an app built per test, two relays). Asking for a
 * name already taken by another kind of metric is a programming error.
 */
function getOrCreate<M>(kind: MetricClass, name: string, create: (fullName: string) => M): M {
  const fullName = `${METRIC_PREFIX}${name}`;
  const existing = metricsRegistry.getSingleMetric(fullName);
  if (!existing) return create(fullName);
  if (!(existing instanceof kind))
    throw new Error(`metric ${fullName} is already registered as another kind`);
  return existing as M;
}

export function counter<L extends string = never>(
  name: string,
  help: string,
  labelNames: readonly L[] = [],
): Counter<L> {
  return getOrCreate(
    Counter,
    name,
    (fullName) => new Counter<L>({ name: fullName, help, labelNames, registers: [metricsRegistry] }),
  );
}

export function histogram<L extends string = never>(
  name: string,
  help: string,
  labelNames: readonly L[],
  buckets: number[],
): Histogram<L> {
  return getOrCreate(
    Histogram,
    name,
    (fullName) =>
      new Histogram<L>({ name: fullName, help, labelNames, buckets, registers: [metricsRegistry] }),
  );
}

/** A gauge whose values are read when scraped (collect), never kept up to date by the code that changes them. */
export function collectedGauge<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[],
  collect: (gauge: Gauge<L>) => Promise<void>,
): Gauge<L> {
  return getOrCreate(
    Gauge,
    name,
    (fullName) =>
      new Gauge<L>({
        name: fullName,
        help,
        labelNames,
        registers: [metricsRegistry],
        collect() {
          return collect(this);
        },
      }),
  );
}

/** Seconds: handlers and requests take milliseconds, a stuck one takes up to its timeout. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds: delays between services, from a few milliseconds to an ack wait and beyond. */
export const LAG_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
