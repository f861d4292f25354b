import { resolve } from 'node:path';
import { startPlatform, ROOT, type SessionKeyConfig } from './platform';

/** The session keys from the environment when all three are set (to keep sessions across restarts). */
function sessionKeysFromEnv(env: NodeJS.ProcessEnv): SessionKeyConfig | undefined {
  const { JWT_PRIVATE_KEY, JWT_KEY_ID, JWT_PUBLIC_KEYS } = env;
  if (!JWT_PRIVATE_KEY && !JWT_KEY_ID && !JWT_PUBLIC_KEYS) return undefined;
  if (!JWT_PRIVATE_KEY || !JWT_KEY_ID || !JWT_PUBLIC_KEYS)
    throw new Error('set JWT_PRIVATE_KEY, JWT_KEY_ID and JWT_PUBLIC_KEYS together, or none of them');
  return { JWT_PRIVATE_KEY, JWT_KEY_ID, JWT_PUBLIC_KEYS };
}

/** `npm start`: the whole platform on this machine until Ctrl-C. */
async function main(): Promise<void> {
  const eventBus = process.env.EVENT_BUS === 'jetstream' ? 'jetstream' : 'stan';
  if (process.env.EVENT_BUS && !['stan', 'jetstream'].includes(process.env.EVENT_BUS)) {
    throw new Error(`EVENT_BUS must be stan or jetstream, not ${process.env.EVENT_BUS}`);
  }
  const window = Number(process.env.EXPIRATION_WINDOW_SECONDS ?? 900);
  if (!Number.isInteger(window) || window < 1)
    throw new Error('EXPIRATION_WINDOW_SECONDS must be a whole number >= 1');
  const port = Number(process.env.PORT ?? 3000);
  const sessionKeys = sessionKeysFromEnv(process.env);
  const started = Date.now();
  process.stderr.write(`Starting Ticketing (event bus: ${eventBus}, order window: ${window} s)\n`);
  const platform = await startPlatform({
    port,
    eventBus,
    expirationWindowSeconds: window,
    dir: resolve(ROOT, '.run', 'platform'),
    ports: 'default',
    sessionKeys,
    withClient: true,
  });
  process.stderr.write(
    `\nTicketing is up in ${((Date.now() - started) / 1000).toFixed(1)} s at ${platform.url}  (Ctrl-C stops everything)\n`,
  );
  process.stderr.write('  metrics (Prometheus text format, not routed by the gateway):\n');
  for (const part of [...Object.values(platform.services), ...(platform.client ? [platform.client] : [])]) {
    process.stderr.write(`    ${part.name.padEnd(11)} ${part.metricsUrl}\n`);
  }
  if (!sessionKeys)
    process.stderr.write('  a session key pair was generated for this run (sessions end when it stops)\n');
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    process.stderr.write('\nStopping...\n');
    void platform.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`Ticketing could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
