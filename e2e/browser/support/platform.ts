import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatform, type PlatformOptions } from '@ticketing/tools';

export interface WebPlatform {
  /** The gateway: the API under /api/..., the web client everywhere else. */
  url: string;
  stop(): Promise<void>;
}

/**
 * The platform as `npm start` runs it, web client included, on free ports with its own data; or, when
 * E2E_BASE_URL is set, a platform already running there. Services and the client must be built.
 */
export async function startWebPlatform(
  options: Pick<PlatformOptions, 'serviceEnv'> = {},
): Promise<WebPlatform> {
  const given = process.env.E2E_BASE_URL;
  if (given) return { url: given, stop: async () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'e2e-browser-'));
  const platform = await startPlatform({
    port: 0,
    eventBus: 'stan',
    expirationWindowSeconds: 900,
    serviceEnv: options.serviceEnv,
    dir,
    ports: 'free',
    withClient: true,
    logLevel: 'warn',
    log: () => undefined,
  });
  if (!platform.client) {
    await platform.stop();
    throw new Error('the web client is not built: run `npm run build -w client` first');
  }
  return {
    url: platform.url,
    async stop() {
      await platform.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
