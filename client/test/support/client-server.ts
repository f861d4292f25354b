import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeServices } from './fake-services';

const CLIENT_DIR = path.join(__dirname, '..', '..');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export interface ClientHarness {
  /** The client's own address (no gateway in front). */
  readonly url: string;
  /** Its metrics endpoint, on a port of its own. */
  readonly metricsUrl: string;
  readonly services: FakeServices;
  /** A request to the client that never follows redirects, with the given cookie header, if any. */
  get(pathAndQuery: string, cookie?: string): Promise<Response>;
  postForm(
    pathAndQuery: string,
    form: Record<string, string>,
    headers?: Record<string, string>,
  ): Promise<Response>;
}

/**
 * The production build (`next start`, as `npm start` runs it) in front of fake services, started before the
 * file's tests and stopped after them: the pages and route handlers as a browser meets them, over HTTP.
 */
export function clientHarness(): ClientHarness {
  let child: ChildProcess | undefined;
  let services: FakeServices | undefined;
  let url = '';
  let metricsUrl = '';

  beforeAll(async () => {
    if (!existsSync(path.join(CLIENT_DIR, '.next', 'BUILD_ID'))) {
      throw new Error('the client is not built: run `bash scripts/build-client.sh` first');
    }
    services = await FakeServices.start();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    const logFile = path.join(mkdtempSync(path.join(tmpdir(), 'client-test-')), 'next.log');
    const log = createWriteStream(logFile);
    child = spawn(
      process.execPath,
      [require.resolve('next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
      {
        cwd: CLIENT_DIR,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NODE_ENV: 'production',
          NEXT_TELEMETRY_DISABLED: '1',
          AUTH_URL: services.url,
          TICKETS_URL: services.url,
          ORDERS_URL: services.url,
          PAYMENTS_URL: services.url,
          METRICS_PORT: String(metricsPort),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}); see ${logFile}`);
      try {
        if ((await fetch(`${url}/healthz`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`next start did not answer within 60 s; see ${logFile}`);
      await sleep(200);
    }
  }, 90_000);

  afterEach(() => services?.reset());

  afterAll(async () => {
    const running = child;
    if (running && running.exitCode === null) {
      const exited = new Promise<void>((done) => running.once('exit', () => done()));
      running.kill('SIGTERM');
      await exited;
    }
    await services?.close();
  });

  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the client harness has not started');
    return value;
  };

  return {
    get url() {
      return url;
    },
    get metricsUrl() {
      return metricsUrl;
    },
    get services() {
      return need(services);
    },
    get(pathAndQuery, cookie) {
      return fetch(`${url}${pathAndQuery}`, {
        redirect: 'manual',
        headers: cookie ? { cookie } : {},
      });
    },
    postForm(pathAndQuery, form, headers = {}) {
      return fetch(`${url}${pathAndQuery}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url, ...headers },
        body: new URLSearchParams(form).toString(),
      });
    },
  };
}

/** The `name=value` part of the Set-Cookie for `name`, with its attributes, or undefined. */
export function setCookie(response: Response, name: string): string | undefined {
  return response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`));
}

/** The cookie header a browser would send back for a Set-Cookie value. */
export function cookieFrom(setCookieValue: string): string {
  return setCookieValue.split(';')[0] ?? '';
}
