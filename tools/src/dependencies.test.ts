import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { NATS_USERS, kubernetesNatsConfig, natsPasswordVariable, natsUsersOf } from '@ticketing/common';
import {
  jetstreamServer,
  newNatsPasswords,
  redactUrl,
  startDependencies,
  type Dependency,
} from './dependencies';
import { freePort } from './servers';

/** Sends raw RESP commands, one per line, and returns Redis's first answer to the last of them. */
function redis(url: string, commands: string[]): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: hostname, port: Number(port) });
    let answers = '';
    socket.setTimeout(3_000, () => {
      socket.destroy();
      reject(new Error(`no answer; got ${JSON.stringify(answers)}`));
    });
    socket.once('connect', () => socket.write(commands.map((c) => `${c}\r\n`).join('')));
    socket.on('data', (data) => {
      answers += data.toString();
      const lines = answers.split('\r\n').filter(Boolean);
      if (lines.length >= commands.length) {
        socket.destroy();
        resolve(lines[commands.length - 1]!);
      }
    });
    socket.once('error', reject);
  });
}

// The Redis every platform and test harness on this machine starts (npm start, the system tests, the suites).
describe('the Redis the dependency manager starts', () => {
  let dir: string;
  let dep: Dependency;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'redis-auth-'));
    const [started] = await startDependencies({ dir, ports: 'free', only: ['redis'] }, {});
    if (!started) throw new Error('the dependency manager started no Redis');
    dep = started;
  }, 180_000);
  afterAll(async () => {
    await dep?.server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when a client sends no password, then Redis refuses it with NOAUTH', async () => {
    expect(await redis(dep.url, ['PING'])).toMatch(/^-NOAUTH/);
  });

  it('when a client sends a wrong password, then Redis refuses it', async () => {
    expect(await redis(dep.url, ['AUTH not-the-password', 'PING'])).toMatch(/^-NOAUTH/);
  });

  it("when a client sends the URL's password, then Redis answers", async () => {
    const password = new URL(dep.url).password;
    expect(password).toMatch(/^[0-9a-f]{48}$/);
    expect(await redis(dep.url, [`AUTH ${password}`, 'PING'])).toBe('+PONG');
  });

  it('when the dependencies start again, then the password is a new one', async () => {
    const again = mkdtempSync(join(tmpdir(), 'redis-auth-'));
    try {
      const [other] = await startDependencies({ dir: again, ports: 'free', only: ['redis'] }, {});
      await other!.server!.stop();
      expect(new URL(other!.url).password).not.toBe(new URL(dep.url).password);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  }, 60_000);

  it('when the password is on disk, then only its owner can read it, and the command line does not hold it', () => {
    const password = new URL(dep.url).password;
    const config = dep.server!.spec.args[0]!;
    expect(statSync(config).mode & 0o077).toBe(0);
    expect(dep.server!.spec.args.join(' ')).not.toContain(password);
  });

  it('when the URL is printed, then the password is masked', () => {
    const printed = redactUrl(dep.url);
    expect(printed).not.toContain(new URL(dep.url).password);
    expect(printed).toMatch(/^redis:\/\/:\*\*\*@127\.0\.0\.1:\d+$/);
    expect(redactUrl('mongodb://127.0.0.1:27017')).toBe('mongodb://127.0.0.1:27017');
  });
});

// The NATS servers of npm start and the system tests: one user per service, new passwords every start.
describe('the NATS servers the dependency manager starts', () => {
  let dir: string;
  let deps: Dependency[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nats-auth-'));
    deps = await startDependencies({ dir, ports: 'free', only: ['stan', 'jetstream'] }, {});
  }, 180_000);
  afterAll(async () => {
    await Promise.all(deps.map((dep) => dep.server?.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('when they start, then both know every user of the table, with a fresh password each: a letter, then 48 hex digits', () => {
    for (const dep of deps) {
      expect(Object.keys(dep.natsPasswords ?? {})).toEqual(expect.arrayContaining([...NATS_USERS]));
      for (const password of Object.values(dep.natsPasswords ?? {}))
        expect(password).toMatch(/^p[0-9a-f]{48}$/);
    }
  });

  // The manifests' configuration reads the passwords from the environment, and the server parses each as a
  // configuration value: `123e4567...` is a number there and the server exits. A letter first keeps it a string.
  it("when the manifests' configuration gets passwords that hex alone would make a number, then the server starts with the ones made here", async () => {
    const numberLike = Object.fromEntries(NATS_USERS.map((user) => [user, '123e4567']));
    const madeHere = newNatsPasswords();
    for (const [name, passwords, starts] of [
      ['number-like', numberLike, false],
      ['made here', madeHere, true],
    ] as const) {
      const base = join(dir, `kubernetes-${name.replace(' ', '-')}`);
      mkdirSync(base, { recursive: true });
      const configFile = join(base, 'kubernetes.conf');
      writeFileSync(configFile, kubernetesNatsConfig('jetstream'), { mode: 0o600 });
      const env = Object.fromEntries(
        natsUsersOf('jetstream').map((user) => [natsPasswordVariable(user), passwords[user]]),
      );
      const server = jetstreamServer(await freePort(), join(base, 'data'), join(base, 'log'), {
        configFile,
        env,
      });
      const started = server.start().then(
        () => true,
        () => false,
      );
      expect(await started).toBe(starts);
      await server.stop();
    }
  });

  it('when the passwords are on disk, then only their owner can read them, and no command line holds them', () => {
    for (const dep of deps) {
      const args = dep.server!.spec.args;
      const config = args[args.indexOf('-c') + 1]!;
      expect(statSync(config).mode & 0o077).toBe(0);
      for (const user of NATS_USERS) {
        const password = dep.natsPasswords?.[user] ?? 'none';
        expect(readFileSync(config, 'utf8')).toContain(password);
        expect(args.join(' ')).not.toContain(password);
      }
    }
  });

  it('when a client brings no password, then JetStream refuses it; with its own, it connects', async () => {
    const jetstream = deps.find((dep) => dep.name === 'jetstream')!;
    await expect(connect({ servers: jetstream.url })).rejects.toThrow(/[Aa]uthorization/);
    const nc = await connect({
      servers: jetstream.url,
      user: 'orders',
      pass: jetstream.natsPasswords!.orders,
    });
    await nc.close();
  });
});
