import { deadLetterSubject, type Subject } from './contracts';

/**
 * Who may do what on the bus: one entry per NATS user, the subjects it publishes (it owns them, DESIGN.md section
 * 5) and those it consumes. Everything below derives from this table: the server configurations of the one-machine
 * platform (tools/src/dependencies.ts) and of Kubernetes (infra/k8s, checked by infra/test/credentials.test.ts),
 * and the real-server tests (common/src/bus/__tests__/permissions.test.ts). A new publisher is one more entry.
 */
export const BUS_USERS = {
  // auth publishes a sign-out and, like every service that checks sessions, applies it (docs/architecture.md).
  auth: {
    service: 'auth-service',
    publishes: ['session:revoked'],
    consumes: ['session:revoked'],
  },
  tickets: {
    service: 'tickets-service',
    publishes: ['ticket:created', 'ticket:updated'],
    consumes: ['order:created', 'order:cancelled', 'order:completed', 'session:revoked'],
  },
  orders: {
    service: 'orders-service',
    publishes: ['order:created', 'order:confirmed', 'order:cancelled', 'order:completed'],
    consumes: [
      'ticket:created',
      'ticket:updated',
      'expiration:complete',
      'payment:created',
      'payment:failed',
      'session:revoked',
    ],
  },
  expiration: {
    service: 'expiration-service',
    publishes: ['expiration:complete'],
    consumes: ['order:created', 'order:cancelled', 'order:completed'],
  },
  payments: {
    service: 'payments-service',
    publishes: ['payment:created', 'payment:failed'],
    consumes: ['order:created', 'order:confirmed', 'order:cancelled', 'order:completed', 'session:revoked'],
  },
} as const satisfies Record<
  string,
  { service: string; publishes: readonly Subject[]; consumes: readonly Subject[] }
>;

export type BusUser = keyof typeof BUS_USERS;
export const BUS_USER_NAMES = Object.keys(BUS_USERS) as BusUser[];

/**
 * The operator's user, for `npm run dead-letters` (list, replay: it republishes any event, so it may do anything on
 * the bus). Only people holding its secret use it; no service does.
 */
export const OPERATOR_USER = 'dead-letters';
/** The user NATS Streaming connects to its own embedded NATS server with (it serves every client through it). */
export const STAN_SERVER_USER = 'stan-server';
/** Every user a NATS server of the platform knows, services first. */
export const NATS_USERS = [...BUS_USER_NAMES, OPERATOR_USER] as const;
export type NatsUser = (typeof NATS_USERS)[number];

export const EVENTS_STREAM = 'TICKETING_EVENTS';
export const DEAD_LETTER_STREAM = 'TICKETING_DEAD_LETTERS';
export const STAN_CLUSTER_ID = 'ticketing';

/** Consumer names may not hold ':' or '.', subjects here do. */
export function consumerName(serviceName: string, subject: string): string {
  return `${serviceName}__${subject.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
}

/**
 * A user's own inbox prefix on JetStream: replies (publish acks, API answers, pulled messages) come there, and it
 * may subscribe to nothing else, so no service reads the messages pulled by another's consumers.
 */
export function inboxPrefix(user: string): string {
  return `_INBOX_${user.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
}

export interface SubjectPermissions {
  publish: string[];
  subscribe: string[];
}

/** What a service's user may publish and subscribe to on NATS JetStream. */
export function jetStreamPermissions(user: BusUser): SubjectPermissions {
  const { service, publishes, consumes } = BUS_USERS[user];
  return {
    publish: [
      ...publishes,
      // its own dead letters: those of the subjects it consumes
      ...consumes.map((subject) => deadLetterSubject(subject)),
      // connecting: the account's JetStream info; the streams it brings to their limits at start
      '$JS.API.INFO',
      ...[EVENTS_STREAM, DEAD_LETTER_STREAM].flatMap((stream) =>
        ['INFO', 'CREATE', 'UPDATE'].map((action) => `$JS.API.STREAM.${action}.${stream}`),
      ),
      // its own durable consumers only, each held to its subject (the create names it): create or update, look up,
      // pull, ack
      ...consumes
        .map((subject) => [subject, consumerName(service, subject)] as const)
        .flatMap(([subject, durable]) => [
          `$JS.API.CONSUMER.CREATE.${EVENTS_STREAM}.${durable}.${subject}`,
          `$JS.API.CONSUMER.INFO.${EVENTS_STREAM}.${durable}`,
          `$JS.API.CONSUMER.MSG.NEXT.${EVENTS_STREAM}.${durable}`,
          `$JS.ACK.${EVENTS_STREAM}.${durable}.>`,
        ]),
    ],
    subscribe: [`${inboxPrefix(user)}.>`],
  };
}

/**
 * What a service's user may publish and subscribe to on NATS Streaming. Publishes go to `_STAN.pub.<id>.<subject>`,
 * so a client is held to its own subjects; but the server files a message under the subject written inside it, not
 * under the NATS subject it came on, so a client writing its own protocol gets past that (docs/architecture.md,
 * Security). Subscriptions are requests whose subject is inside the message: they cannot be restricted.
 */
export function stanPermissions(user: BusUser): SubjectPermissions {
  const { publishes, consumes } = BUS_USERS[user];
  return {
    publish: [
      // connecting, and the pings that tell a lost session
      `_STAN.discover.${STAN_CLUSTER_ID}`,
      `_STAN.discover.${STAN_CLUSTER_ID}.pings`,
      ...[...publishes, ...consumes.map((subject) => deadLetterSubject(subject))].map(
        (subject) => `_STAN.pub.*.${subject}`,
      ),
      '_STAN.sub.*',
      '_STAN.subclose.*',
      '_STAN.unsub.*',
      '_STAN.close.*',
      // heartbeat answers and the acks of delivered messages (the server gives each subscription an _INBOX)
      '_INBOX.>',
    ],
    subscribe: ['_INBOX.>', '_STAN.acks.>'],
  };
}

export type NatsTransport = 'stan' | 'jetstream';

/**
 * A NATS server's users, as its configuration says them: one user per service with its permissions, the operator,
 * and on NATS Streaming the server's own user (the `streaming` block tells the server its password).
 * `password(user)` gives the text after `password:`: a quoted password (one-machine platform) or a `$VARIABLE` the
 * server reads from its environment (Kubernetes).
 */
export function natsServerConfig(transport: NatsTransport, password: (user: string) => string): string {
  const list = (subjects: string[]) => `[${subjects.map((s) => JSON.stringify(s)).join(', ')}]`;
  const lines = BUS_USER_NAMES.map((user) => {
    const permissions = transport === 'jetstream' ? jetStreamPermissions(user) : stanPermissions(user);
    return (
      `    { user: ${JSON.stringify(user)}, password: ${password(user)}, permissions: { ` +
      `publish: { allow: ${list(permissions.publish)} }, subscribe: { allow: ${list(permissions.subscribe)} } } }`
    );
  });
  lines.push(`    { user: ${JSON.stringify(OPERATOR_USER)}, password: ${password(OPERATOR_USER)} }`);
  if (transport === 'stan') {
    lines.push(`    { user: ${JSON.stringify(STAN_SERVER_USER)}, password: ${password(STAN_SERVER_USER)} }`);
  }
  const streaming =
    transport === 'stan'
      ? `streaming {\n  username: ${JSON.stringify(STAN_SERVER_USER)}\n  password: ${password(STAN_SERVER_USER)}\n}\n`
      : '';
  return `authorization {\n  users: [\n${lines.join(',\n')}\n  ]\n}\n${streaming}`;
}

/** The users of a transport's server, each needing a password. */
export function natsUsersOf(transport: NatsTransport): string[] {
  return transport === 'stan' ? [...NATS_USERS, STAN_SERVER_USER] : [...NATS_USERS];
}

/** Kubernetes: the secret holding a NATS user's password (key `password`), made by infra/README.md's commands. */
export function natsSecretName(user: string): string {
  return `nats-${user}-credentials`;
}

/** Kubernetes: the variable the NATS pod reads a user's password from (its secret's `password`). */
export function natsPasswordVariable(user: string): string {
  return `NATS_PASSWORD_${user.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * The file infra/k8s holds for a transport's NATS server (checked against this by infra/test/credentials.test.ts):
 * every password read from the pod's environment.
 */
export function kubernetesNatsConfig(transport: NatsTransport): string {
  const header =
    '# Generated from BUS_USERS (common/src/events/bus-permissions.ts, kubernetesNatsConfig): change the table,\n' +
    '# then copy what infra/test/credentials.test.ts prints. Each password is read from the pod environment.\n';
  return header + natsServerConfig(transport, (user) => `$${natsPasswordVariable(user)}`);
}
