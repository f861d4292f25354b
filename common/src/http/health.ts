import { Router } from 'express';

/** A check answers whether one dependency is usable right now. */
export type ReadinessCheck = () => boolean | Promise<boolean>;

async function run(checks: Record<string, ReadinessCheck>): Promise<Record<string, boolean>> {
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
    const [checks, reported] = await Promise.all([run(readiness), run(status)]);
    const ready = Object.values(checks).every(Boolean);
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not ready',
      checks,
      ...(Object.keys(reported).length > 0 ? { dependencies: reported } : {}),
    });
  });
  return router;
}
