import { Types } from 'mongoose';
import { NATS_CLUSTER_ID } from '@ticketing/tools';
import type { EventData } from '../../events/contracts';
import { deadLettersCommand } from '../dead-letters/command';
import type { StoredDeadLetter } from '../dead-letters/store';
import type { EventBus } from '../event-bus';
import { UnprocessableMessageError } from '../message-errors';
import { TestBroker, eventually, type Transport } from './brokers';

const objectId = () => new Types.ObjectId().toHexString();
const ticket = (n: number): EventData<'ticket:created'> => ({
  id: objectId(),
  version: n,
  title: `ticket ${n}`,
  price: 1000 + n,
  userId: objectId(),
});

// `npm run dead-letters` against each real broker, with the environment a service would have.
describe.each<Transport>(['stan', 'jetstream'])('dead letters on %s', (transport) => {
  let broker: TestBroker;
  const buses: EventBus[] = [];
  const env = () => ({ EVENT_BUS: transport, NATS_URL: broker.url, NATS_CLUSTER_ID });

  /** Runs the command as the CLI does, collecting what it prints. */
  async function command(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await deadLettersCommand(argv, env(), {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });
    return { code, out, err };
  }
  const listed = async (...filters: string[]) =>
    JSON.parse((await command('list', '--json', ...filters)).out.join('\n')) as StoredDeadLetter[];

  /** A service whose ticket:created handler refuses every ticket in `refused` as unprocessable. */
  async function service(name: string, refused: Set<string>) {
    const bus = await broker.bus(name);
    buses.push(bus);
    const handled: string[] = [];
    await bus.subscribe('ticket:created', async (data) => {
      if (refused.has(data.id)) throw new UnprocessableMessageError('refused for the test');
      handled.push(data.id);
    });
    return { bus, handled };
  }

  beforeEach(async () => {
    broker = await TestBroker.start(transport);
  });
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.close()));
    await broker.stop();
  });

  it('when messages were dead-lettered, then list shows each with its service and reason, filtered by subject and service', async () => {
    const refused = ticket(1);
    await service('orders-service', new Set([refused.id]));
    await broker.publishRaw('order:cancelled', 'not json');
    await broker.publishRaw('ticket:created', JSON.stringify({ id: 'e-1', data: refused }));
    const orders = await service('tickets-service', new Set());
    await orders.bus.subscribe('order:cancelled', async () => undefined);
    await eventually(async () => expect(await listed()).toHaveLength(2));

    expect(await listed('--subject', 'ticket:created')).toEqual([
      {
        id: expect.stringMatching(/^ticket:created\/\d+$/),
        subject: 'ticket:created',
        service: 'orders-service',
        reason: 'unprocessable: refused for the test',
        deliveryCount: 1,
        payload: JSON.stringify({ id: 'e-1', data: refused }),
        failedAt: expect.any(String),
        replayedAt: [],
      },
    ]);
    expect((await listed('--service', 'tickets-service')).map((l) => [l.subject, l.reason])).toEqual([
      ['order:cancelled', 'payload is not JSON'],
    ]);
    const text = await command('list');
    expect(text.code).toBe(0);
    expect(text.out.at(-1)).toBe('2 dead letters');
  });

  it('when a dead letter is replayed, then its payload reaches the subscribers again and it is marked replayed; --all then skips it', async () => {
    const refused = new Set<string>();
    const poison = ticket(1);
    refused.add(poison.id);
    const { bus, handled } = await service('orders-service', refused);
    await bus.publish('ticket:created', poison);
    await eventually(async () => expect(await listed()).toHaveLength(1));
    const [letter] = await listed();

    // The cause is fixed: the handler now takes it.
    refused.delete(poison.id);
    const replay = await command('replay', letter!.id);
    expect(replay).toEqual({
      code: 0,
      out: [`replayed ${letter!.id} to ticket:created`, '1 replayed'],
      err: [],
    });
    await eventually(() => expect(handled).toEqual([poison.id]));
    expect((await listed())[0]?.replayedAt).toEqual([expect.any(String)]);

    expect((await command('replay', '--all')).out).toEqual(['0 replayed']);
    expect(handled).toEqual([poison.id]);
  });

  it('when an id names no dead letter, then nothing is replayed and the command fails', async () => {
    const poison = ticket(1);
    const { bus, handled } = await service('orders-service', new Set([poison.id]));
    await bus.publish('ticket:created', poison);
    await eventually(async () => expect(await listed()).toHaveLength(1));
    const [letter] = await listed();

    const result = await command('replay', letter!.id, 'ticket:created/999');
    expect(result.code).toBe(1);
    expect(result.err).toEqual(['No dead letter ticket:created/999 (see npm run dead-letters -- list)']);
    expect((await listed())[0]?.replayedAt).toEqual([]);
    expect(handled).toEqual([]);
  });
});

describe('dead letters command line', () => {
  const io = () => {
    const err: string[] = [];
    return { err, io: { out: () => undefined, err: (line: string) => err.push(line) } };
  };

  it.each([
    ['no command', []],
    ['an unknown command', ['purge']],
    ['replay with neither ids nor --all', ['replay']],
    ['replay with both ids and --all', ['replay', 'ticket:created/1', '--all']],
    ['list with an id', ['list', 'ticket:created/1']],
    ['an unknown option', ['list', '--everything']],
  ])('when given %s, then it prints the usage and exits 2 without connecting', async (_case, argv) => {
    const { err, io: output } = io();
    expect(await deadLettersCommand(argv, {}, output)).toBe(2);
    expect(err.join('\n')).toMatch(/Usage:/);
  });

  it('when the broker settings are missing, then it says which and exits 2', async () => {
    const { err, io: output } = io();
    expect(await deadLettersCommand(['list'], { EVENT_BUS: 'jetstream' }, output)).toBe(2);
    expect(err.join('\n')).toMatch(/NATS_URL/);
  });
});
