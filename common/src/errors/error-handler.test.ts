import { Router } from 'express';
import request from 'supertest';
import { createApp } from '../http/create-app';
import { logger } from '../logger';
import { BusyError } from '../db/versioned';
import { connectionErrors } from './__tests__/connection-errors';
import { TEST_SESSION_KEYS } from '../testing/session';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  HttpError,
  NotAuthorizedError,
  NotFoundError,
  PaymentRequiredError,
  RequestValidationError,
  ServiceUnavailableError,
  TooManyRequestsError,
} from './http-error';

/** One route per error to throw, inside an async handler as services do (Express 5 forwards rejections). */
function appThrowing(errors: Record<string, unknown>) {
  const router = Router();
  for (const [name, error] of Object.entries(errors)) {
    router.get(`/throw/${name}`, async () => {
      throw error;
    });
    router.post(`/echo/${name}`, (req, res) => {
      res.json({ received: req.body as unknown });
    });
  }
  return createApp({ sessionKeys: TEST_SESSION_KEYS, routers: [router], readiness: {} });
}

describe('errorHandler', () => {
  it.each([
    [
      'bad-request',
      new BadRequestError('Title is required', 'title'),
      400,
      [{ message: 'Title is required', field: 'title' }],
    ],
    ['not-authorized', new NotAuthorizedError(), 401, [{ message: 'Not signed in' }]],
    ['payment-required', new PaymentRequiredError('Card declined'), 402, [{ message: 'Card declined' }]],
    ['forbidden', new ForbiddenError(), 403, [{ message: 'Not allowed' }]],
    ['not-found', new NotFoundError('Ticket not found'), 404, [{ message: 'Ticket not found' }]],
    ['conflict', new ConflictError('Already paid'), 409, [{ message: 'Already paid' }]],
    ['plain-http', new HttpError(418, 'I am a teapot'), 418, [{ message: 'I am a teapot' }]],
  ])(
    'when a route throws %s, then the status is kept and the body is the common error shape',
    async (name, error, status, errors) => {
      const response = await request(appThrowing({ [name]: error })).get(`/throw/${name}`);
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).toEqual({ errors });
    },
  );

  it('when a request fails validation on several fields, then one 400 lists every field', async () => {
    const error = new RequestValidationError([
      { message: 'Title is required', field: 'title' },
      { message: 'Price must be greater than 0', field: 'price' },
    ]);
    const response = await request(appThrowing({ validation: error })).get('/throw/validation');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errors: [
        { message: 'Title is required', field: 'title' },
        { message: 'Price must be greater than 0', field: 'price' },
      ],
    });
  });

  it('when an unexpected error is thrown, then the client gets a generic 500 and the server logs the error', async () => {
    const driverError = new Error(
      'E11000 duplicate key error collection: tickets.tickets index: _id_ dup key: { _id: "secret-value" }',
    );
    const logged = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    try {
      const response = await request(appThrowing({ driver: driverError })).get('/throw/driver');
      expect(response.status).toBe(500);
      expect(response.body).toEqual({ errors: [{ message: 'Something went wrong' }] });
      expect(response.text).not.toMatch(/E11000|secret-value|duplicate key|at .*\.ts|node_modules/);
      expect(logged).toHaveBeenCalledWith({ err: driverError }, 'unexpected error');
    } finally {
      logged.mockRestore();
    }
  });

  it('when something that is not an Error is thrown, then it is still a generic 500', async () => {
    const response = await request(appThrowing({ text: 'raw string thrown' })).get('/throw/text');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ errors: [{ message: 'Something went wrong' }] });
  });

  it('when a conditional write keeps losing its race, then it is a 503 the client may retry', async () => {
    const response = await request(appThrowing({ busy: new BusyError('Ticket') })).get('/throw/busy');
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.body).toEqual({ errors: [{ message: 'Ticket is busy; please try again' }] });
  });

  it('when a route fails because the database is unreachable, then it is a 503 with Retry-After and no driver detail', async () => {
    const warned = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    try {
      for (const [name, err] of await connectionErrors()) {
        const response = await request(appThrowing({ down: err })).get('/throw/down');
        expect([name, response.status, response.headers['retry-after']]).toEqual([name, 503, '5']);
        expect(response.body).toEqual({
          errors: [{ message: 'Service temporarily unavailable; please try again' }],
        });
        expect(response.text).not.toMatch(/127\.0\.0\.1|buffering|primary|Mongo/);
        expect(warned).toHaveBeenLastCalledWith({ err }, 'database unavailable; answered 503');
      }
    } finally {
      warned.mockRestore();
    }
  });

  it('when a route rate-limits, then the response is 429 with Retry-After in seconds', async () => {
    const response = await request(
      appThrowing({ limited: new TooManyRequestsError('Too many attempts', 120) }),
    ).get('/throw/limited');
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('120');
    expect(response.body).toEqual({ errors: [{ message: 'Too many attempts' }] });
  });

  it('when a route is at a capacity limit, then the response is 503 with Retry-After in seconds', async () => {
    const response = await request(
      appThrowing({ full: new ServiceUnavailableError('Too many at once', 2) }),
    ).get('/throw/full');
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('2');
    expect(response.body).toEqual({ errors: [{ message: 'Too many at once' }] });
  });

  it('when the body is malformed JSON, then it is a 400 in the common shape and the route never runs', async () => {
    const response = await request(appThrowing({ json: null }))
      .post('/echo/json')
      .set('Content-Type', 'application/json')
      .send('{"title": "a",');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: [{ message: 'Malformed JSON in request body' }] });
  });

  it('when the body is over the 16kb limit, then it is a 413 and one just under it is accepted', async () => {
    const app = appThrowing({ big: null });
    const tooLarge = await request(app)
      .post('/echo/big')
      .send({ title: 'x'.repeat(17 * 1024) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toEqual({ errors: [{ message: 'Request body too large' }] });
    const fits = await request(app)
      .post('/echo/big')
      .send({ title: 'x'.repeat(15 * 1024) });
    expect(fits.status).toBe(200);
  });

  it('when the JSON declares a charset or content encoding the parser cannot read, then it is a 415', async () => {
    const app = appThrowing({ encoding: null });
    const charset = await request(app)
      .post('/echo/encoding')
      .set('Content-Type', 'application/json; charset=latin1')
      .send('{"a":1}');
    const encoding = await request(app)
      .post('/echo/encoding')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'compress')
      .send('{"a":1}');
    for (const response of [charset, encoding]) {
      expect(response.status).toBe(415);
      expect(response.body).toEqual({ errors: [{ message: 'Unsupported request encoding' }] });
    }
  });
});
