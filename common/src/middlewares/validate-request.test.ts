import { Router } from 'express';
import { body, oneOf, query } from 'express-validator';
import request from 'supertest';
import { createApp } from '../http/create-app';
import { TEST_JWT_KEY } from '../testing/session';
import { validateRequest } from './validate-request';

function buildApp() {
  const router = Router();
  router.post(
    '/api/tickets',
    body('title')
      .isString()
      .withMessage('Title must be text')
      .trim()
      .notEmpty()
      .withMessage('Title is required'),
    body('price')
      .isFloat()
      .withMessage('Price must be a number')
      .isFloat({ gt: 0 })
      .withMessage('Price must be greater than 0'),
    body('ticket.id').optional().isMongoId().withMessage('ticket.id must be an id'),
    validateRequest,
    (_req, res) => {
      res.status(201).json({ created: true });
    },
  );
  router.get(
    '/api/search',
    query('q').isLength({ min: 2 }).withMessage('q is too short'),
    validateRequest,
    (_req, res) => {
      res.json({ ok: true });
    },
  );
  router.post(
    '/api/contact',
    oneOf([body('email').isEmail(), body('phone').isMobilePhone('any')], {
      message: 'Give an email or a phone',
    }),
    validateRequest,
    (_req, res) => {
      res.json({ ok: true });
    },
  );
  return createApp({ jwtKey: TEST_JWT_KEY, routers: [router], readiness: {} });
}

describe('validateRequest', () => {
  it('when the body is valid, then the route runs', async () => {
    const response = await request(buildApp()).post('/api/tickets').send({ title: 'Concert', price: 19.99 });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ created: true });
  });

  it('when several fields fail, several rules each, then one 400 has one item per field with its first failure', async () => {
    // title fails both of its rules and price both of its rules: only the first of each is reported.
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

  it('when a query parameter fails, then the item names it', async () => {
    const response = await request(buildApp()).get('/api/search?q=a');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: [{ message: 'q is too short', field: 'q' }] });
  });

  it('when a rule spans several fields, then its item has a message and no field', async () => {
    const app = buildApp();
    const failing = await request(app).post('/api/contact').send({});
    expect(failing.status).toBe(400);
    expect(failing.body).toEqual({ errors: [{ message: 'Give an email or a phone' }] });
    const passing = await request(app).post('/api/contact').send({ email: 'a@example.com' });
    expect(passing.status).toBe(200);
  });
});
