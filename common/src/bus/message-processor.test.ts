import { Types } from 'mongoose';
import { ZodError } from 'zod';
import { correlationId, runWithContext } from '../context';
import { connectionErrors } from '../errors/__tests__/connection-errors';
import { logger } from '../logger';
import type { DeadLetter, EventData } from '../events/contracts';
import type { MessageContext } from './event-bus';
import { encodeEnvelope, processDelivery, type Delivery } from './message-processor';
import { RetryLaterError, UnprocessableMessageError } from './message-errors';

const objectId = () => new Types.ObjectId().toHexString();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ticket = (): EventData<'ticket:created'> => ({
  id: objectId(),
  version: 0,
  title: 'Concert',
  price: 1999,
  userId: objectId(),
});

const delivery = (payload: string, deliveryCount = 1): Delivery => ({
  subject: 'ticket:created',
  payload,
  deliveryCount,
});
const envelopeOf = (data: unknown) =>
  JSON.stringify({
    id: 'message-1',
    subject: 'ticket:created',
    data,
    correlationId: 'request-abc',
    occurredAt: '2024-05-01T10:00:00.000Z',
  });

/** Runs processDelivery with a recording handler and dead-letter sink. */
async function run(
  payload: string,
  {
    deliveryCount = 1,
    handler = async () => undefined,
    deadLetterFails = false,
  }: {
    deliveryCount?: number;
    handler?: (data: EventData<'ticket:created'>, context: MessageContext) => Promise<void>;
    deadLetterFails?: boolean;
  } = {},
) {
  const calls: { data: EventData<'ticket:created'>; context: MessageContext }[] = [];
  const deadLetters: DeadLetter[] = [];
  const decision = await processDelivery<'ticket:created'>(
    delivery(payload, deliveryCount),
    async (data, context) => {
      calls.push({ data, context });
      await handler(data, context);
    },
    {
      serviceName: 'orders-service',
      publishDeadLetter: async (letter) => {
        if (deadLetterFails) throw new Error('broker down');
        deadLetters.push(letter);
      },
    },
  );
  return { verdict: decision.verdict, decision, calls, deadLetters };
}

describe('processDelivery', () => {
  it('when a valid message arrives, then the handler gets the parsed data and its context, and it is acked', async () => {
    const data = ticket();
    const { verdict, calls, deadLetters } = await run(envelopeOf({ ...data, unknownField: 'dropped' }), {
      deliveryCount: 2,
    });
    expect(verdict).toBe('ack');
    expect(deadLetters).toEqual([]);
    expect(calls).toEqual([
      {
        data,
        context: {
          id: 'message-1',
          subject: 'ticket:created',
          correlationId: 'request-abc',
          occurredAt: '2024-05-01T10:00:00.000Z',
          deliveryCount: 2,
        },
      },
    ]);
  });

  it("when the handler runs, then the message's correlation id is the ambient one, across awaits too", async () => {
    const seen: string[] = [];
    await run(envelopeOf(ticket()), {
      handler: async () => {
        seen.push(correlationId());
        await new Promise((resolve) => setTimeout(resolve, 5));
        seen.push(correlationId());
      },
    });
    expect(seen).toEqual(['request-abc', 'request-abc']);
  });

  it('when the envelope lacks its id and correlation id, then fresh ones are made up for the context', async () => {
    const { verdict, calls } = await run(JSON.stringify({ data: ticket() }));
    expect(verdict).toBe('ack');
    expect(calls[0]?.context.id).toMatch(UUID);
    expect(calls[0]?.context.correlationId).toMatch(UUID);
  });

  it.each([
    ['not JSON', 'this is not json', /^payload is not JSON$/],
    ['JSON null', 'null', /^invalid ticket:created payload/],
    ['missing its data', JSON.stringify({ id: 'm' }), /^invalid ticket:created payload/],
    ['breaking the contract', envelopeOf({ ...ticket(), id: 'not-an-id', price: -5 }), /id .*; price /],
  ])(
    'when the payload is %s, then it goes to dead letter, is acked and the handler never runs',
    async (_case, payload, reason) => {
      const { verdict, calls, deadLetters } = await run(payload, { deliveryCount: 1 });
      expect(verdict).toBe('ack');
      expect(calls).toEqual([]);
      expect(deadLetters).toEqual([
        {
          subject: 'ticket:created',
          service: 'orders-service',
          reason: expect.stringMatching(reason),
          deliveryCount: 1,
          payload,
          failedAt: expect.any(String),
        },
      ]);
      expect(Number.isNaN(Date.parse(deadLetters[0]!.failedAt))).toBe(false);
    },
  );

  it('when the database stays unreachable, then every delivery is retried with capped backoff and none is dead-lettered', async () => {
    for (const [, failure] of await connectionErrors()) {
      const delays: number[] = [];
      for (let deliveryCount = 1; deliveryCount <= 12; deliveryCount += 1) {
        const { decision, deadLetters } = await run(envelopeOf(ticket()), {
          deliveryCount,
          handler: () => Promise.reject(failure),
        });
        expect(deadLetters).toEqual([]);
        if (decision.verdict !== 'retry') throw new Error(`acked on delivery ${deliveryCount}`);
        delays.push(decision.retryInMs);
      }
      expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, ...Array(7).fill(30_000)]);
    }
  });

  it.each([
    ['an Error', new Error('cannot read properties of undefined')],
    ['a string', 'lock lost'],
    ['undefined', undefined],
    ['null', null],
  ])(
    'when the handler keeps rejecting with %s, then it is retried on every delivery and logged as an error from the 5th',
    async (_case, thrown) => {
      const errors = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
      const warnings = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
      try {
        for (const deliveryCount of [1, 4, 5, 50]) {
          const { verdict, deadLetters } = await run(envelopeOf(ticket()), {
            deliveryCount,
            handler: () => Promise.reject(thrown),
          });
          expect(verdict).toBe('retry');
          expect(deadLetters).toEqual([]);
        }
        expect(warnings).toHaveBeenCalledTimes(2);
        expect(errors).toHaveBeenCalledTimes(2);
        expect(errors).toHaveBeenCalledWith(
          expect.objectContaining({ deliveryCount: 50, transient: false }),
          expect.stringMatching(/keeps failing; will retry/),
        );
      } finally {
        errors.mockRestore();
        warnings.mockRestore();
      }
    },
  );

  it('when a transient failure outlasts five deliveries, then it is still only a warning', async () => {
    const [[, unreachable]] = await connectionErrors();
    const errors = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    const warnings = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    try {
      const { verdict } = await run(envelopeOf(ticket()), {
        deliveryCount: 40,
        handler: () => Promise.reject(unreachable),
      });
      expect(verdict).toBe('retry');
      expect(errors).not.toHaveBeenCalled();
      expect(warnings).toHaveBeenCalledWith(
        expect.objectContaining({ transient: true, retryInMs: 30_000 }),
        'message handling failed; will retry',
      );
    } finally {
      errors.mockRestore();
      warnings.mockRestore();
    }
  });

  it('when the handler says the message is unprocessable, then it goes to dead letter and is acked', async () => {
    const payload = envelopeOf(ticket());
    const { verdict, deadLetters } = await run(payload, {
      deliveryCount: 2,
      handler: async () => {
        throw new UnprocessableMessageError('ticket belongs to no known seller');
      },
    });
    expect(verdict).toBe('ack');
    expect(deadLetters).toEqual([
      expect.objectContaining({
        reason: 'unprocessable: ticket belongs to no known seller',
        deliveryCount: 2,
        payload,
        service: 'orders-service',
      }),
    ]);
  });

  it('when the handler says the message is not due yet, then it is retried after exactly the delay asked', async () => {
    for (const deliveryCount of [1, 9]) {
      const { decision, deadLetters } = await run(envelopeOf(ticket()), {
        deliveryCount,
        handler: async () => {
          throw new RetryLaterError(4_250);
        },
      });
      expect(decision).toEqual({ verdict: 'retry', retryInMs: 4_250 });
      expect(deadLetters).toEqual([]);
    }
  });

  it('when the dead letter cannot be published, then nothing is acked', async () => {
    const poison = await run('not json', { deadLetterFails: true });
    expect(poison.decision).toEqual({ verdict: 'retry', retryInMs: 1_000 });
    const unprocessable = await run(envelopeOf(ticket()), {
      deliveryCount: 3,
      deadLetterFails: true,
      handler: async () => {
        throw new UnprocessableMessageError('never');
      },
    });
    expect(unprocessable.decision).toEqual({ verdict: 'retry', retryInMs: 4_000 });
  });
});

describe('encodeEnvelope', () => {
  it('when the data breaks the contract, then it throws before anything is sent', () => {
    const bad = { ...ticket(), price: 19.99 };
    expect(() => encodeEnvelope('ticket:created', bad)).toThrow(ZodError);
  });

  it('when called inside a unit of work, then the envelope carries its correlation id', () => {
    const data = ticket();
    const { envelope, bytes } = runWithContext({ correlationId: 'request-xyz' }, () =>
      encodeEnvelope('ticket:created', data),
    );
    expect(envelope).toEqual({
      id: expect.stringMatching(UUID),
      subject: 'ticket:created',
      data,
      correlationId: 'request-xyz',
      occurredAt: expect.any(String),
    });
    expect(JSON.parse(bytes)).toEqual(envelope);
  });

  it('when an id and a correlation id are given, then they win over the defaults', () => {
    const { envelope } = runWithContext({ correlationId: 'ambient' }, () =>
      encodeEnvelope('ticket:created', ticket(), { id: 'event-7', correlationId: 'explicit' }),
    );
    expect(envelope).toMatchObject({ id: 'event-7', correlationId: 'explicit' });
  });

  it('when called outside any unit of work, then each envelope gets a fresh correlation id', () => {
    const first = encodeEnvelope('ticket:created', ticket()).envelope;
    const second = encodeEnvelope('ticket:created', ticket()).envelope;
    expect(first.correlationId).toMatch(UUID);
    expect(first.correlationId).not.toBe(second.correlationId);
    expect(first.id).not.toBe(second.id);
  });

  it('when an envelope is encoded and then processed, then the handler sees the same data and ids', async () => {
    const data = ticket();
    const { bytes, envelope } = encodeEnvelope('ticket:created', data, { correlationId: 'round-trip' });
    const { verdict, calls } = await run(bytes);
    expect(verdict).toBe('ack');
    expect(calls[0]?.data).toEqual(data);
    expect(calls[0]?.context).toMatchObject({ id: envelope.id, correlationId: 'round-trip' });
  });
});
