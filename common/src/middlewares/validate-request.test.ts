import { Router } from 'express';
import request from 'supertest';
import { z } from 'zod';
import { createApp } from '../http/create-app';
import { TEST_SESSION_KEYS } from '../testing/session';
import { readValue, validateBody } from './validate-request';

const ticket = z.object({
  title: z.string({ error: 'Title must be text' }).trim().min(1, 'Title is required'),
  price: z.number({ error: 'Price must be a number' }).gt(0, 'Price must be greater than 0'),
  ticket: z.object({ id: z.string().regex(/^[0-9a-f]{24}$/, 'ticket.id must be an id') }).optional(),
});

function buildApp() {
  const router = Router();
  router.post('/api/tickets', validateBody(ticket), (req, res) => {
    res.status(201).json(req.body);
  });
  return createApp({ sessionKeys: TEST_SESSION_KEYS, routers: [router], readiness: {} });
}

describe('validateBody', () => {
  it('when the body is valid, then the route runs with what the schema made of it', async () => {
    const response = await request(buildApp())
      .post('/api/tickets')
      .send({ title: '  Concert ', price: 19.99, unknown: 'dropped' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ title: 'Concert', price: 19.99 });
  });

  it('when several fields fail, several rules each, then one 400 has one item per field with its first failure', async () => {
    const response = await request(buildApp())
      .post('/api/tickets')
      .send({ title: 42, price: 'cheap', ticket: { id: 'nope' } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errors: [
        { message: 'Title must be text', field: 'title' },
        { message: 'Price must be a number', field: 'price' },
        { message: 'ticket.id must be an id', field: 'ticket.id' },
      ],
    });
  });

  it('when only a later rule of a field fails, then that rule is the one reported', async () => {
    const response = await request(buildApp()).post('/api/tickets').send({ title: '   ', price: -5 });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errors: [
        { message: 'Title is required', field: 'title' },
        { message: 'Price must be greater than 0', field: 'price' },
      ],
    });
  });

  it('when the body is missing or not an object, then each required field is reported missing', async () => {
    const expected = {
      errors: [
        { message: 'Title must be text', field: 'title' },
        { message: 'Price must be a number', field: 'price' },
      ],
    };
    const missing = await request(buildApp()).post('/api/tickets');
    expect([missing.status, missing.body]).toEqual([400, expected]);
    const array = await request(buildApp())
      .post('/api/tickets')
      .send([{ title: 'x', price: 1 }]);
    expect([array.status, array.body]).toEqual([400, expected]);
  });

  it('when a rule is about the whole value, then its item has a message and no field', async () => {
    const router = Router();
    const contact = z
      .object({ email: z.string().optional(), phone: z.string().optional() })
      .refine((value) => value.email ?? value.phone, 'Give an email or a phone');
    router.post('/api/contact', validateBody(contact), (_req, res) => {
      res.json({ ok: true });
    });
    const app = createApp({ sessionKeys: TEST_SESSION_KEYS, routers: [router], readiness: {} });
    const failing = await request(app).post('/api/contact').send({});
    expect([failing.status, failing.body]).toEqual([
      400,
      { errors: [{ message: 'Give an email or a phone' }] },
    ]);
    expect((await request(app).post('/api/contact').send({ email: 'a@example.com' })).status).toBe(200);
  });
});

describe('readValue', () => {
  it('when a value fits its schema, then it is what the schema makes of it; else the first problem', () => {
    const limit = z.string().regex(/^\d+$/, 'digits only').transform(Number);
    expect(readValue(limit, '12')).toEqual({ ok: true, value: 12 });
    expect(readValue(limit, 'x')).toEqual({ ok: false, message: 'digits only' });
  });
});
