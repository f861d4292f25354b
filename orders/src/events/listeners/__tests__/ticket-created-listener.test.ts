import { Ticket } from '../../../models/ticket';
import { newId, startService, type TestService } from '../../../test/service';

let svc: TestService;
beforeEach(async () => {
  svc = await startService();
});

const ticketCreated = (
  overrides: Partial<{ id: string; version: number; title: string; price: number }> = {},
) => ({
  id: newId(),
  version: 0,
  title: 'Concert',
  price: 2500,
  userId: newId(),
  ...overrides,
});

describe('ticket:created', () => {
  it('when a ticket is created, then its copy is stored and the message acked', async () => {
    const data = ticketCreated();
    expect(await svc.bus.deliver('ticket:created', data)).toBe('ack');
    expect(await Ticket.findById(data.id).lean()).toEqual({
      _id: expect.anything(),
      title: 'Concert',
      price: 2500,
      userId: data.userId,
      version: 0,
    });
  });

  it('when the same event arrives twice, then it is acked and the copy stays as it was', async () => {
    const data = ticketCreated();
    await svc.bus.deliver('ticket:created', data);
    expect(await svc.bus.deliver('ticket:created', data)).toBe('ack');
    expect(await Ticket.countDocuments()).toBe(1);
    expect((await Ticket.findById(data.id).lean())?.version).toBe(0);
  });

  it('when the create arrives after a later update, then it is acked and ignored as stale', async () => {
    const data = ticketCreated();
    await svc.bus.deliver('ticket:updated', { ...data, version: 1, title: 'Renamed' });
    expect(await svc.bus.deliver('ticket:created', data)).toBe('ack');
    expect(await Ticket.findById(data.id).lean()).toMatchObject({ title: 'Renamed', version: 1 });
  });

  it('when the same create is delivered 10 times at once, then one copy exists', async () => {
    const data = ticketCreated();
    const verdicts = await Promise.all(
      Array.from({ length: 10 }, () => svc.bus.deliver('ticket:created', data)),
    );
    expect(verdicts).toEqual(Array(10).fill('ack'));
    expect(await Ticket.countDocuments()).toBe(1);
  });

  it('when the payload is invalid, then it goes to dead letter and nothing is stored', async () => {
    expect(await svc.bus.deliver('ticket:created', { ...ticketCreated(), price: 'free' })).toBe('ack');
    expect(await svc.bus.deliverRaw('ticket:created', 'garbage')).toBe('ack');
    expect(svc.bus.deadLetters.map((letter) => letter.subject)).toEqual(['ticket:created', 'ticket:created']);
    expect(await Ticket.countDocuments()).toBe(0);
  });
});
