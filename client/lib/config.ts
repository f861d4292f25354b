import 'server-only';

/** Where server-side code reaches each service; never sent to the browser. */
export const SERVICE_URL_VARS = {
  auth: 'AUTH_URL',
  tickets: 'TICKETS_URL',
  orders: 'ORDERS_URL',
  payments: 'PAYMENTS_URL',
} as const;

export type Service = keyof typeof SERVICE_URL_VARS;

// A dynamic lookup: Next.js inlines `process.env.NAME` at build time, and this must be read at run time.
function env(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function httpUrl(name: string): string {
  const value = env(name);
  if (value === undefined)
    throw new Error(`${name} is not set (the URL of a service, e.g. http://localhost:3001)`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} is not a valid URL: ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`${name} must be an http(s) URL`);
  return url.origin;
}

export function serviceUrl(service: Service): string {
  return httpUrl(SERVICE_URL_VARS[service]);
}

/** The Stripe publishable key, read per request so one build serves every environment. */
export function stripePublishableKey(): string | null {
  return env('NEXT_PUBLIC_STRIPE_KEY') ?? null;
}

/** The port of the metrics endpoint: METRICS_PORT, 9464 (Prometheus' usual exporter port) when unset. */
export function metricsPort(): number {
  const value = env('METRICS_PORT');
  if (value === undefined) return 9464;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535)
    throw new Error(`METRICS_PORT must be a port number (1-65535), not ${value}`);
  return port;
}

/** Every problem with the client's configuration, for a clear message at start. */
export function configProblems(): string[] {
  const problems: string[] = [];
  for (const service of Object.keys(SERVICE_URL_VARS) as Service[]) {
    try {
      serviceUrl(service);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  try {
    metricsPort();
  } catch (error) {
    problems.push((error as Error).message);
  }
  const key = stripePublishableKey();
  if (key !== null && !key.startsWith('pk_'))
    problems.push('NEXT_PUBLIC_STRIPE_KEY must be a publishable key (pk_...)');
  return problems;
}
