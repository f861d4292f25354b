import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import * as nats from 'node-nats-streaming';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import {
  freePort,
  jetstreamServer,
  stanServer,
  ManagedServer,
  NATS_CLUSTER_ID,
  type NatsPasswords,
} from '@ticketing/tools';
import type { EventBus, NatsCredentials } from '../event-bus';
import { StanBus } from '../stan-bus';
import { JetStreamBus, DEAD_LETTER_STREAM, connectionCredentials } from '../jetstream-bus';
import {
  kubernetesNatsConfig,
  natsPasswordVariable,
  natsUsersOf,
  OPERATOR_USER,
} from '../../events/bus-permissions';
import { deadLetterSubject, type DeadLetter } from '../../events/contracts';

export type Transport = 'stan' | 'jetstream';

/** A broker of one transport started for a test file, with a raw client to publish garbage and read dead letters. */
export class TestBroker {
  private constructor(
    readonly transport: Transport,
    readonly server: ManagedServer,
    readonly url: string,
    private readonly dir: string,
    /** The users the server knows, when started with `passwords` (else anyone may do anything). */
    readonly passwords?: NatsPasswords,
  ) {}

  /**
   * `passwords`: the server gets users (the one-machine configuration); `kubernetes`: the server reads the
   * manifests' configuration instead, the passwords given in its environment as the NATS pod gets them.
   */
  static async start(
    transport: Transport,
    options: { passwords?: NatsPasswords; kubernetes?: boolean } = {},
  ): Promise<TestBroker> {
    const dir = mkdtempSync(join(tmpdir(), `contract-${transport}-`));
    const port = await freePort();
    const make = transport === 'stan' ? stanServer : jetstreamServer;
    const passwords = options.passwords;
    let settings: Parameters<typeof make>[3] = { passwords };
    if (options.kubernetes && passwords) {
      const configFile = join(dir, 'kubernetes.conf');
      writeFileSync(configFile, kubernetesNatsConfig(transport), { mode: 0o600 });
      const env = Object.fromEntries(
        natsUsersOf(transport).map((u) => [natsPasswordVariable(u), passwords[u]]),
      );
      settings = { configFile, env };
    }
    const server = make(port, join(dir, 'data'), join(dir, 'broker.log'), settings);
    await server.start();
    return new TestBroker(transport, server, `nats://127.0.0.1:${port}`, dir, options.passwords);
  }

  get logFile(): string {
    return join(this.dir, 'broker.log');
  }

  /** A user's credentials on this server (users are known only when it was started with passwords). */
  credentials(user: string): NatsCredentials | undefined {
    const password = this.passwords?.[user];
    if (this.passwords && !password) throw new Error(`the broker knows no user ${user}`);
    return password ? { user, password } : undefined;
  }

  /** The operator's (raw clients below use it): on a server with users, the only one allowed anything. */
  private get operator(): NatsCredentials | undefined {
    return this.passwords ? this.credentials(OPERATOR_USER) : undefined;
  }

  private get stanAuth() {
    const operator = this.operator;
    return operator ? { user: operator.user, pass: operator.password } : {};
  }

  async stop(): Promise<void> {
    await this.server.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  bus(serviceName: string, credentials?: NatsCredentials): Promise<EventBus> {
    if (this.transport === 'jetstream')
      return JetStreamBus.connect({ serviceName, url: this.url, credentials });
    return StanBus.connect({
      serviceName,
      url: this.url,
      credentials,
      clusterId: NATS_CLUSTER_ID,
      clientId: `${serviceName}-${randomBytes(4).toString('hex')}`,
    });
  }

  async publishRaw(subject: string, payload: string): Promise<void> {
    if (this.transport === 'jetstream') {
      const nc = await connect({ servers: this.url, ...connectionCredentials(this.operator) });
      await jetstream(nc).publish(subject, payload);
      await nc.close();
      return;
    }
    const stan = nats.connect(NATS_CLUSTER_ID, `raw-${randomBytes(4).toString('hex')}`, {
      url: this.url,
      ...this.stanAuth,
    });
    await new Promise<void>((resolve, reject) => {
      stan.once('connect', () => stan.publish(subject, payload, (err) => (err ? reject(err) : resolve())));
      stan.once('error', reject);
    });
    stan.close();
  }

  /** Every dead letter stored for a subject so far. */
  async deadLetters(subject: string): Promise<DeadLetter[]> {
    const dlq = deadLetterSubject(subject);
    if (this.transport === 'jetstream') {
      const nc = await connect({ servers: this.url, ...connectionCredentials(this.operator) });
      try {
        const consumer = await jetstream(nc).consumers.get(DEAD_LETTER_STREAM, { filter_subjects: dlq });
        const letters: DeadLetter[] = [];
        const batch = await consumer.fetch({ max_messages: 100, expires: 1_000 });
        for await (const message of batch) {
          letters.push(message.json<DeadLetter>());
          if (message.info.pending === 0) break;
        }
        return letters;
      } catch {
        return [];
      } finally {
        await nc.close();
      }
    }
    const stan = nats.connect(NATS_CLUSTER_ID, `dlq-${randomBytes(4).toString('hex')}`, {
      url: this.url,
      ...this.stanAuth,
    });
    const letters: DeadLetter[] = [];
    await new Promise<void>((resolve, reject) => {
      stan.once('error', reject);
      stan.once('connect', () => {
        const subscription = stan.subscribe(dlq, stan.subscriptionOptions().setDeliverAllAvailable());
        subscription.on('message', (message: nats.Message) => {
          letters.push(JSON.parse(message.getData().toString()) as DeadLetter);
        });
        setTimeout(resolve, 500);
      });
    });
    stan.close();
    return letters;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until the check passes or the time is up (then the last assertion error is thrown). */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(100);
    }
  }
}
