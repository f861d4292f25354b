import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { MissingDependencyError } from './binaries';
import { dependencyEnv, redactUrl, startDependencies } from './dependencies';

/**
 * `node tools/dist/deps-cli.js --dir D --env-out F [--ports free|default]`: starts every dependency, writes
 * their URLs to F as shell assignments, and runs until SIGTERM/SIGINT, when it stops what it started.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback?: string) => {
    const index = args.indexOf(`--${name}`);
    return index >= 0 ? args[index + 1] : fallback;
  };
  const dir = resolve(option('dir', '.run/test')!);
  const envFile = resolve(option('env-out', `${dir}/deps.env`)!);
  const ports = option('ports', 'free') === 'default' ? 'default' : 'free';

  const deps = await startDependencies({ dir, ports });
  const stopAll = async () => {
    await Promise.all(deps.map((d) => d.server?.stop()));
  };
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    void stopAll().then(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);

  const env = dependencyEnv(deps);
  mkdirSync(dirname(envFile), { recursive: true });
  writeFileSync(
    envFile,
    Object.entries(env)
      .map(([k, v]) => `export ${k}=${JSON.stringify(v)}`)
      .join('\n') + '\n',
    { mode: 0o600 },
  );
  for (const dep of deps) {
    process.stderr.write(
      `[deps] ${dep.name.padEnd(12)} ${redactUrl(dep.url)} (${dep.server ? `started, pid ${dep.server.pid}` : 'reused'})\n`,
    );
  }
  process.stderr.write(`[deps] ready; environment in ${envFile}\n`);
  setInterval(() => undefined, 1 << 30);
}

main().catch((err: unknown) => {
  const message = err instanceof MissingDependencyError || err instanceof Error ? err.message : String(err);
  process.stderr.write(`[deps] cannot start the dependencies: ${message}\n`);
  process.exit(1);
});
