import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PlatformProcess, type ServiceName } from '@ticketing/tools';
import type { BenchPlatform } from './bench-platform';

const ROOT = join(__dirname, '..', '..', '..');

/** The environment a running process was started with (/proc/<pid>/environ). */
function environmentOf(pid: number): NodeJS.ProcessEnv {
  const entries = readFileSync(`/proc/${pid}/environ`, 'utf8')
    .split('\0')
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf('=');
      return [entry.slice(0, at), entry.slice(at + 1)] as const;
    });
  return Object.fromEntries(entries);
}

/**
 * Replaces a running service of the platform by `node <nodeArgs> <script>` with the same environment and port
 * (the gateway routes by port, so the rest of the platform does not notice). stop() ends it gracefully and
 * starts the original again.
 */
export async function replaceService(
  bench: BenchPlatform,
  name: ServiceName,
  nodeArgs: string[],
  script = join(ROOT, name, 'dist', 'index.js'),
): Promise<{ pid: number; stop(): Promise<void> }> {
  const running = bench.platform.services[name];
  const env = environmentOf(running.pid!);
  await running.stop();
  const replacement = new PlatformProcess(
    name,
    running.port,
    process.execPath,
    [...nodeArgs, script],
    env,
    running.logFile,
  );
  await replacement.start();
  return {
    pid: replacement.pid!,
    async stop() {
      await replacement.stop();
      // The platform whole again, as its stop() expects.
      await running.start();
    },
  };
}

/** The service under `node --cpu-prof`; stop() gives the profile, moved to `<dir>.cpuprofile`. */
export async function profileService(
  bench: BenchPlatform,
  name: ServiceName,
  dir: string,
): Promise<{ pid: number; stop(): Promise<string> }> {
  mkdirSync(dir, { recursive: true });
  const profiled = await replaceService(bench, name, ['--cpu-prof', '--cpu-prof-dir', dir]);
  return {
    pid: profiled.pid,
    async stop() {
      await profiled.stop();
      const file = readdirSync(dir).find((entry) => entry.endsWith('.cpuprofile'));
      if (!file) throw new Error(`no .cpuprofile written in ${dir}`);
      const kept = `${dir}.cpuprofile`;
      renameSync(join(dir, file), kept);
      rmSync(dir, { recursive: true, force: true });
      return kept;
    },
  };
}
