import { DEPLOYMENTS, inNamespace, isReady, kubectl, podsOf, tcpOpen, timed } from './support/cluster';

// The NetworkPolicies (components/network-policies, with overlays/local's DNS on the node) as the cluster
// enforces them (kube-router's network policy controller, started by scripts/cluster/cluster.sh): TCP
// connections opened from inside the real application pods (kubectl exec, node), to the Services by name as the
// applications reach them. Every pair of an application pod and a destination is in the table: the flows the
// design needs connect, every other one is refused (kube-router rejects it, so the attempt is refused at once;
// a policy that drops would make it time out). That the destination is there and listening is checked from
// the node, which the policies let reach every pod, so a refusal is the policy's and not a closed port. Only
// the application images have node, so the sources are the six applications; that the databases, NATS and
// Redis open no connection is left to the rendered policies (infra/test/network-policies.test.ts).

/** An application's pod, as a source, and the Service (and port) that reaches it, as a destination. */
const APP_SERVICE: Record<(typeof DEPLOYMENTS)[number], string> = {
  auth: 'auth-srv',
  tickets: 'tickets-srv',
  orders: 'orders-srv',
  expiration: 'expiration-srv',
  payments: 'payments-srv',
  client: 'client-srv',
};

interface Destination {
  /** The workload behind it (a pod does not connect to its own Service here). */
  app: string;
  host: string;
  port: number;
}

const DESTINATIONS: Destination[] = [
  ...DEPLOYMENTS.map((app) => ({ app, host: APP_SERVICE[app], port: 3000 })),
  ...['auth', 'tickets', 'orders', 'payments'].map((owner) => ({
    app: `${owner}-mongo`,
    host: `${owner}-mongo`,
    port: 27017,
  })),
  { app: 'nats', host: 'nats', port: 4222 },
  // NATS's monitoring port: the kubelet's probes only (from the node), no pod.
  { app: 'nats', host: 'nats', port: 8222 },
  { app: 'expiration-redis', host: 'expiration-redis', port: 6379 },
];

const named = (d: Destination) => `${d.host}:${d.port}`;

/** The flows the design needs (docs/architecture.md, "Security"): the only connections the pods may open. */
const NEEDED = new Set([
  // Each service its own database, and the event bus for every service that publishes or consumes events.
  'auth -> auth-mongo:27017',
  'auth -> nats:4222',
  'tickets -> tickets-mongo:27017',
  'tickets -> nats:4222',
  'orders -> orders-mongo:27017',
  'orders -> nats:4222',
  'payments -> payments-mongo:27017',
  'payments -> nats:4222',
  // The expiration queue's Redis is expiration's alone.
  'expiration -> expiration-redis:6379',
  'expiration -> nats:4222',
  // The client renders pages with data from the four HTTP services.
  'client -> auth-srv:3000',
  'client -> tickets-srv:3000',
  'client -> orders-srv:3000',
  'client -> payments-srv:3000',
]);

type Expected = 'connects' | 'is refused';

const TABLE: [string, Destination, Expected][] = DEPLOYMENTS.flatMap((from) =>
  DESTINATIONS.filter((to) => to.app !== from).map((to): [string, Destination, Expected] => [
    from,
    to,
    NEEDED.has(`${from} -> ${named(to)}`) ? 'connects' : 'is refused',
  ]),
);

/** How long a connection attempt may take before it counts as refused (an allowed one takes milliseconds). */
const ATTEMPT_MS = 5_000;

// Run by node inside a pod: argv[1] is a JSON list of [host, port]; prints a JSON object of `host:port` to
// `connected`, `timeout` or the error's code (ECONNREFUSED, ...). The name is resolved first, through the
// cluster's DNS as the applications do: a name that does not resolve is `unresolved`, never a refusal.
const PROBE = `
const dns = require('node:dns/promises');
const net = require('node:net');
const targets = JSON.parse(process.argv[1]);
const within = (ms, promise) => Promise.race([promise, new Promise((_, reject) => setTimeout(reject, ms, new Error('slow')))]);
const attempt = (address, port) => new Promise((resolve) => {
  const socket = net.connect({ host: address, port, timeout: ${ATTEMPT_MS} });
  const done = (outcome) => { socket.destroy(); resolve(outcome); };
  socket.once('connect', () => done('connected'));
  socket.once('timeout', () => done('timeout'));
  socket.once('error', (err) => done(err.code || err.message));
});
Promise.all(targets.map(async ([host, port]) => {
  const address = await within(${ATTEMPT_MS}, dns.lookup(host)).then((found) => found.address, () => undefined);
  return [host + ':' + port, address === undefined ? 'unresolved' : await attempt(address, port)];
})).then((outcomes) => console.log(JSON.stringify(Object.fromEntries(outcomes))));
`;

/** Each source's outcomes, by `host:port`. */
const outcomes = new Map<string, Record<string, string>>();
/** Whether the node reaches each destination's pod on its port (`host:port`). */
const fromNode = new Map<string, boolean>();

async function probeFrom(app: string): Promise<void> {
  const pod = (await podsOf(app)).find(isReady);
  if (!pod) throw new Error(`no Ready pod of ${app}`);
  const targets = TABLE.filter(([from]) => from === app).map(([, to]) => [to.host, to.port]);
  const { stdout } = await kubectl(
    inNamespace('exec', pod.metadata.name, '--', 'node', '-e', PROBE, JSON.stringify(targets)),
    { timeoutMs: 120_000 },
  );
  outcomes.set(app, JSON.parse(stdout) as Record<string, string>);
}

async function probeFromNode(to: Destination): Promise<void> {
  const ip = (await podsOf(to.app)).find(isReady)?.status?.podIP;
  fromNode.set(named(to), ip !== undefined && (await tcpOpen(ip, to.port, ATTEMPT_MS)));
}

describe('network policies, enforced: connections opened from inside the pods', () => {
  beforeAll(async () => {
    await timed('every source pod tried every destination, and the node every destination', () =>
      Promise.all([...DEPLOYMENTS.map(probeFrom), ...DESTINATIONS.map(probeFromNode)]),
    );
  }, 300_000);

  it('when the table is read, then it has both kinds of row and every needed flow is in it', () => {
    const rows = new Set(TABLE.map(([from, to]) => `${from} -> ${named(to)}`));
    expect([...NEEDED].filter((flow) => !rows.has(flow))).toEqual([]);
    expect(TABLE.filter(([, , expected]) => expected === 'is refused').length).toBeGreaterThan(NEEDED.size);
  });

  it.each(DESTINATIONS.map(named))('when the node connects to %s, then it connects', (destination) => {
    expect(fromNode.get(destination)).toBe(true);
  });

  it.each(TABLE.map(([from, to, expected]) => [from, named(to), expected] as const))(
    'when %s opens a connection to %s, then it %s',
    (from, destination, expected) => {
      const outcome = outcomes.get(from)?.[destination];
      if (expected === 'connects') {
        expect(outcome).toBe('connected');
      } else {
        // Refused (kube-router's REJECT) or dropped (a policy that drops); not `unresolved`.
        expect(['ECONNREFUSED', 'timeout']).toContain(outcome);
      }
    },
  );
});
