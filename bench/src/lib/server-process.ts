import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..');

/** A server of the benchmarks running in a Node process of its own. */
export interface ServerProcess {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export type GatewayProcess = ServerProcess;

/**
 * Runs a benchmark script (bench/src/<script>) under @swc-node/register in its own Node process, so that its
 * event loop and CPU are its own. The script prints {"port": n} on its first line once listening and stops on
 * SIGTERM.
 */
export async function startServerProcess(script: string, args: string[]): Promise<ServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', '@swc-node/register', join(__dirname, '..', script), ...args],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in 30 s`)), 30_000);
    child.once('exit', (code) => reject(new Error(`${script} exited (${code})`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { port: number }).port);
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Starts bench/src/gateway-main.ts in its own Node process, routing to the given service ports. */
export function startGatewayProcess(ports: Record<string, number>): Promise<GatewayProcess> {
  return startServerProcess('gateway-main.ts', [JSON.stringify(ports)]);
}
