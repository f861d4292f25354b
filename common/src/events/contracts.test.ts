import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { eventSchemas, subjects, type EventData, type Subject } from './contracts';
import { OrderStatus } from './types';

const objectId = () => new Types.ObjectId().toHexString();

/** A valid example of every subject; the type makes a new subject without an example a compile error. */
const examples: { [S in Subject]: EventData<S> } = {
  'ticket:created': { id: objectId(), version: 0, title: 'Concert', price: 1999, userId: objectId() },
  'ticket:updated': {
    id: objectId(),
    version: 3,
    title: 'Concert',
    price: 2500,
    userId: objectId(),
    orderId: objectId(),
    sold: false,
  },
  'order:created': {
    id: objectId(),
    version: 0,
    status: OrderStatus.Created,
    userId: objectId(),
    expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    ticket: { id: objectId(), price: 1999 },
    holdSequence: 1,
  },
  'order:confirmed': {
    id: objectId(),
    version: 1,
    status: OrderStatus.AwaitingPayment,
    userId: objectId(),
    expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    price: 2500,
  },
  'order:cancelled': {
    id: objectId(),
    version: 1,
    userId: objectId(),
    ticket: { id: objectId() },
    holdSequence: 1,
  },
  'order:completed': {
    id: objectId(),
    version: 2,
    userId: objectId(),
    ticket: { id: objectId() },
    holdSequence: 1,
  },
  'expiration:complete': { orderId: objectId() },
  'payment:created': { id: objectId(), orderId: objectId(), stripeId: 'pi_3Nk' },
  'payment:failed': { orderId: objectId(), reason: 'Your card was declined.' },
  'session:revoked': { sessionId: randomUUID(), expiresAt: new Date().toISOString() },
};

type Json = Record<string, unknown>;

/** Every path in an example whose value is an ObjectId, e.g. ['ticket', 'id']. */
function idPaths(value: Json, prefix: string[] = []): string[][] {
  return Object.entries(value).flatMap(([key, inner]) => {
    if (typeof inner === 'string' && /^[0-9a-f]{24}$/.test(inner)) return [[...prefix, key]];
    if (typeof inner === 'object' && inner !== null) return idPaths(inner as Json, [...prefix, key]);
    return [];
  });
}

/** A deep copy of value with the field at path replaced, or removed when replacement is undefined. */
function withField(value: Json, path: string[], replacement?: unknown): Json {
  const copy = structuredClone(value);
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Json;
  const last = path[path.length - 1]!;
  if (replacement === undefined) delete target[last];
  else target[last] = replacement;
  return copy;
}

/** Ids a subject may leave out (or set to null): a ticket:updated without orderId is a free ticket. */
const optionalIds: Partial<Record<Subject, string>> = { 'ticket:updated': 'orderId' };
const requiredIdPaths = (subject: Subject, example: Json) =>
  idPaths(example).filter((path) => path.join('.') !== optionalIds[subject]);

const accepts = (subject: Subject, data: unknown) => eventSchemas[subject].safeParse(data).success;
const cases = subjects.map((subject) => [subject, examples[subject] as Json] as const);
/** Subjects about things that are not MongoDB documents (a session's id is a UUID). */
const WITHOUT_OBJECT_IDS: Subject[] = ['session:revoked'];
const priced = [
  ['ticket:created', ['price']],
  ['ticket:updated', ['price']],
  ['order:created', ['ticket', 'price']],
  ['order:confirmed', ['price']],
] as const;

describe('event contracts', () => {
  it.each([
    ['a session id that is not a UUID', { sessionId: objectId() }],
    ['no session id', { sessionId: undefined }],
    ['an expiry that is not a date-time', { expiresAt: 'tomorrow' }],
  ])('when a session:revoked event has %s, then it is rejected', (_case, change) => {
    const example = { ...(examples['session:revoked'] as Json), ...change };
    expect(accepts('session:revoked', example)).toBe(false);
  });

  it('when the subjects are listed, then every one has a schema and an example', () => {
    expect([...subjects].sort()).toEqual(Object.keys(examples).sort());
  });

  it.each(cases)('when a valid %s event is checked, then it is accepted as is', (subject, example) => {
    expect(eventSchemas[subject].parse(example)).toEqual(example);
  });

  it.each(cases.filter(([subject]) => !WITHOUT_OBJECT_IDS.includes(subject)))(
    'when a %s event lacks any of its ids, then it is rejected',
    (subject, example) => {
      const paths = requiredIdPaths(subject, example);
      expect(paths.length).toBeGreaterThan(0);
      for (const path of paths) expect(accepts(subject, withField(example, path))).toBe(false);
    },
  );

  it.each(cases)(
    'when any id of a %s event is not an ObjectId hex string, then it is rejected',
    (subject, example) => {
      for (const path of idPaths(example)) {
        for (const bad of [
          'not-an-id',
          '',
          'ABCDEFABCDEFABCDEFABCDEF',
          `${objectId()}0`,
          42,
          { $ne: null },
        ]) {
          expect(accepts(subject, withField(example, path, bad))).toBe(false);
        }
      }
      for (const path of requiredIdPaths(subject, example)) {
        expect(accepts(subject, withField(example, path, null))).toBe(false);
      }
    },
  );

  it.each(priced)(
    'when a %s price is not a positive whole number of cents, then it is rejected',
    (subject, path) => {
      const example = examples[subject] as Json;
      for (const bad of [-1999, 0, 19.99, 0.5, 100_000_001, '1999', Number.NaN]) {
        expect(accepts(subject, withField(example, [...path], bad))).toBe(false);
      }
      expect(accepts(subject, withField(example, [...path], 100_000_000))).toBe(true);
    },
  );

  it.each(cases.filter(([, example]) => 'version' in example))(
    'when a %s version is negative or fractional, then it is rejected',
    (subject, example) => {
      for (const bad of [-1, 1.5, '2'])
        expect(accepts(subject, withField(example, ['version'], bad))).toBe(false);
    },
  );

  it.each(cases.filter(([, example]) => 'holdSequence' in example))(
    'when a %s hold sequence is missing, below 1 or fractional, then it is rejected',
    (subject, example) => {
      for (const bad of [undefined, 0, -1, 1.5, '2'])
        expect(accepts(subject, withField(example, ['holdSequence'], bad))).toBe(false);
    },
  );

  it('when order:confirmed names another status than awaiting_payment, then it is rejected', () => {
    for (const status of [OrderStatus.Created, OrderStatus.Completed, OrderStatus.Cancelled])
      expect(accepts('order:confirmed', { ...examples['order:confirmed'], status })).toBe(false);
  });

  it.each(['tomorrow', '2024-05-01', '2024-05-01 10:00:00', 1714557600000, ''])(
    'when order:created has expiresAt %p, then it is rejected',
    (expiresAt) => {
      expect(accepts('order:created', { ...examples['order:created'], expiresAt })).toBe(false);
    },
  );

  it('when order:created has an unknown status, then it is rejected', () => {
    expect(accepts('order:created', { ...examples['order:created'], status: 'shipped' })).toBe(false);
  });

  it('when ticket:updated has no order or a null one, then it is accepted (the ticket is free)', () => {
    const { orderId: _orderId, ...free } = examples['ticket:updated'];
    expect(accepts('ticket:updated', free)).toBe(true);
    expect(accepts('ticket:updated', { ...free, orderId: null })).toBe(true);
  });

  it('when an event carries a field its schema does not know, then it is accepted and the field dropped', () => {
    // A newer publisher may add fields; older consumers keep working and only see what they know.
    const parsed = eventSchemas['ticket:created'].parse({ ...examples['ticket:created'], venue: 'Arena' });
    expect(parsed).toEqual(examples['ticket:created']);
  });

  it('when a title or a stripe id is empty, then it is rejected', () => {
    expect(accepts('ticket:created', { ...examples['ticket:created'], title: '' })).toBe(false);
    expect(accepts('payment:created', { ...examples['payment:created'], stripeId: '' })).toBe(false);
  });
});
