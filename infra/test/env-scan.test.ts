import { commonShapeKeys, envReadsOf, shapeKeysFrom } from './lib/env-scan';

const SHAPES = {
  serviceConfigShape: ['PORT', 'MONGO_URI', 'JWT_PUBLIC_KEYS', 'EVENT_BUS', 'NATS_URL'],
  busConfigShape: ['EVENT_BUS', 'NATS_URL'],
};

describe('the environment scanner', () => {
  it("when it reads common's config helpers, then it knows the keys each one returns", () => {
    const keys = commonShapeKeys();
    const jetstream = [
      'JETSTREAM_DEAD_LETTERS_MAX_AGE_HOURS',
      'JETSTREAM_DEAD_LETTERS_MAX_BYTES',
      'JETSTREAM_EVENTS_MAX_AGE_HOURS',
      'JETSTREAM_EVENTS_MAX_BYTES',
      'JETSTREAM_REPLICAS',
    ];
    expect(keys.jetStreamConfigShape?.sort()).toEqual(jetstream);
    expect(keys.busConfigShape?.sort()).toEqual(
      [
        'EVENT_BUS',
        'NATS_CLIENT_ID',
        'NATS_CLUSTER_ID',
        'NATS_PASSWORD',
        'NATS_URL',
        'NATS_USER',
        ...jetstream,
      ].sort(),
    );
    expect(keys.serviceConfigShape?.sort()).toEqual(
      [
        'EVENT_BUS',
        'JWT_PUBLIC_KEYS',
        'MONGO_URI',
        'MONGO_WRITE_CONCERN',
        'NATS_CLIENT_ID',
        'NATS_CLUSTER_ID',
        'NATS_PASSWORD',
        'NATS_URL',
        'NATS_USER',
        'PORT',
        ...jetstream,
      ].sort(),
    );
  });

  it('when a helper calls another helper, then it inherits its keys', () => {
    const source = [
      'import { z } from "zod";',
      'export function aConfigShape() {',
      '  return { A_KEY: z.string(), ...bConfigShape() };',
      '}',
      'export function bConfigShape() {',
      '  return {',
      '    B_KEY: z.string(),',
      '  };',
      '}',
    ].join('\n');
    expect(shapeKeysFrom(source)).toEqual({ aConfigShape: ['A_KEY', 'B_KEY'], bConfigShape: ['B_KEY'] });
  });

  it('when a shape is spread and extended, then its keys and the added ones are read', () => {
    const text = `loadConfigOrExit({ ...serviceConfigShape(NAME), EXPIRATION_WINDOW_SECONDS: z.coerce.number(),
      SWEEP_INTERVAL_MS: z.coerce.number() })`;
    expect(envReadsOf(text, SHAPES).sort()).toEqual(
      [...SHAPES.serviceConfigShape, 'EXPIRATION_WINDOW_SECONDS', 'SWEEP_INTERVAL_MS'].sort(),
    );
  });

  it('when a shape is passed whole, then all its keys are read', () => {
    expect(
      envReadsOf('const config = loadConfigOrExit(serviceConfigShape(SERVICE));', SHAPES).sort(),
    ).toEqual([...SHAPES.serviceConfigShape].sort());
  });

  it('when only some keys are destructured from a shape, then only those are read', () => {
    const text = `const { PORT, MONGO_URI, JWT_PUBLIC_KEYS } = serviceConfigShape('auth');
      const config = loadConfigOrExit({ PORT, MONGO_URI, JWT_PUBLIC_KEYS });`;
    expect(envReadsOf(text, SHAPES).sort()).toEqual(['JWT_PUBLIC_KEYS', 'MONGO_URI', 'PORT']);
  });

  it('when one key of a shape is taken as a member, then only that key is read (plus other keys)', () => {
    const text = `export const configShape = {
      PORT: serviceConfigShape('expiration').PORT,
      REDIS_URL: z
        .string(),
      ...busConfigShape('expiration'),
    };`;
    expect(envReadsOf(text, SHAPES).sort()).toEqual(['EVENT_BUS', 'NATS_URL', 'PORT', 'REDIS_URL']);
  });

  it('when a key is wrapped in a local helper, then it is still a configuration key', () => {
    const text = `const configShape = { ...serviceConfigShape('p'), STRIPE_KEY: optional(z.string()) };`;
    expect(envReadsOf(text, SHAPES)).toContain('STRIPE_KEY');
  });

  it('when code reads process.env directly, then those names are read', () => {
    const text = `const level = process.env.LOG_LEVEL ?? 'info'; const x = process.env['SERVICE_NAME'];`;
    expect(envReadsOf(text, SHAPES).sort()).toEqual(['LOG_LEVEL', 'SERVICE_NAME']);
  });

  it('when names are looked up dynamically, then literals count only where asked and env is read', () => {
    const text = `const VARS = { auth: 'AUTH_URL' } as const; function env(n: string) { return process.env[n]; }
      env('NEXT_PUBLIC_STRIPE_KEY'); const message = 'NOT A NAME';`;
    expect(envReadsOf(text, SHAPES)).toEqual([]);
    expect(envReadsOf(text, SHAPES, { literals: true }).sort()).toEqual([
      'AUTH_URL',
      'NEXT_PUBLIC_STRIPE_KEY',
    ]);
  });

  it('when a file neither builds configuration nor reads process.env, then upper-case keys are not reads', () => {
    expect(
      envReadsOf(`const STATUS = { CREATED: 'created', AWAITING_PAYMENT: 'awaiting' };`, SHAPES),
    ).toEqual([]);
  });
});

describe('comment stripping', () => {
  it('when a comment names a variable, then it is not a read, and URLs in strings survive', () => {
    const text = `// Next inlines process.env.NAME\n/* process.env.OTHER */ const u = 'http://auth-srv:3000'; process.env.REAL;`;
    expect(envReadsOf(text, {})).toEqual(['REAL']);
  });
});
