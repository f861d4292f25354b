import { Router, type Express } from 'express';

/** A check answers whether one dependency is usable right now. */
export type ReadinessCheck = () => boolean | Promise<boolean>;

/** Runs every check at once; one that throws counts as failing. */
export async function runChecks(checks: Record<string, ReadinessCheck>): Promise<Record<string, boolean>> {
  const results: Record<string, boolean> = {};
  await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        results[name] = await check();
      } catch {
        results[name] = false;
      }
    }),
  );
  return results;
}

/**
 * /healthz: the process answers. /readyz: 200 when every `readiness` check passes (what requests need: the
 * database), else 503 naming the failing ones. `status` checks (the bus) are reported in the body but never make
 * the service unready: requests do not need the bus (the outbox keeps what they publish), and one broker restart
 * must not take every API pod out of its Service.
 */
export function healthRouter(
  readiness: Record<string, ReadinessCheck>,
  status: Record<string, ReadinessCheck> = {},
): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [checks, reported] = await Promise.all([runChecks(readiness), runChecks(status)]);
    const ready = Object.values(checks).every(Boolean);
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not ready',
      checks,
      ...(Object.keys(reported).length > 0 ? { dependencies: reported } : {}),
    });
  });
  readinessOfRouter.set(router, readiness);
  return router;
}

/** The readiness checks of each health router, so that whatever runs beside an app can consult the same ones. */
const readinessOfRouter = new WeakMap<object, Record<string, ReadinessCheck>>();

/**
 * The readiness checks /readyz of this app decides on (those of the health router mounted on it; none when it
 * has none), so the bus can stop taking messages exactly when the service is not ready.
 */
export function readinessOf(app: Express): Record<string, ReadinessCheck> {
  // Express 5 keeps the app's middleware stack on `app.router`; a mounted router is a layer's handle.
  const stack = (app as unknown as { router?: { stack?: { handle?: unknown }[] } }).router?.stack ?? [];
  for (const layer of stack) {
    const checks = typeof layer.handle === 'function' ? readinessOfRouter.get(layer.handle) : undefined;
    if (checks) return checks;
  }
  return {};
}
