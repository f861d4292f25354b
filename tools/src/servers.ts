import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { Supervisor } from './supervisor';

export type ServerKind = 'mongodb' | 'stan' | 'jetstream' | 'redis' | 'stripe-mock';

export interface ServerSpec {
  name: string;
  command: string;
  args: string[];
  port: number;
  logFile: string;
  env?: NodeJS.ProcessEnv;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A port the kernel says is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function isListening(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function waitForPort(port: number, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    if (await isListening(port)) return;
    await delay(100);
  }
  throw new Error(`did not listen on port ${port} within ${timeoutMs} ms`);
}

/** A server process this project started: it can be stopped, killed and started again on the same port. */
export class ManagedServer {
  private child: ChildProcess | undefined;
  private supervisor: Supervisor | undefined;

  constructor(readonly spec: ServerSpec) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** From now on, restarts the server when it exits without being stopped (as npm start does). */
  supervise(name: string, log: (line: string) => void): Supervisor {
    this.supervisor ??= new Supervisor(name, this, log);
    return this.supervisor;
  }

  async start(timeoutMs = 60_000): Promise<void> {
    this.supervisor?.starting();
    mkdirSync(join(this.spec.logFile, '..'), { recursive: true });
    const log = createWriteStream(this.spec.logFile, { flags: 'a' });
    const child = spawn(this.spec.command, this.spec.args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...this.spec.env },
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.child = child;
    child.once('exit', (code, signal) => {
      if (this.child === child) this.supervisor?.exited({ code, signal });
    });
    try {
      await waitForPort(this.spec.port, timeoutMs, child);
    } catch (err) {
      child.kill('SIGKILL');
      throw new Error(`${this.spec.name} ${(err as Error).message}; see ${this.spec.logFile}`, {
        cause: err,
      });
    }
  }

  /** Stops the process: SIGTERM, then SIGKILL after the grace period. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
    this.supervisor?.stopping();
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}
