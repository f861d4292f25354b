import request from 'supertest';
import { createApp } from '../http/create-app';
import { TEST_SESSION_KEYS } from '../testing/session';
import { allApiRoutes } from '../api/routes';
import { docsRouter } from './docs-router';
import { openApiDocument } from './document';

const app = createApp({ sessionKeys: TEST_SESSION_KEYS, routers: [docsRouter()], readiness: {} });

describe('GET /api/docs', () => {
  it('when the document is asked for, then it is the OpenAPI 3.1 document as JSON', async () => {
    const res = await request(app).get('/api/docs/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
    expect(res.body.openapi).toBe('3.1.0');
  });

  it('when the page is asked for, then it lists every operation with its statuses, and runs nothing', async () => {
    const res = await request(app).get('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.text).not.toMatch(/<script|<link|https?:\/\//i);
    for (const route of allApiRoutes) {
      expect(res.text).toContain(`id="${route.operationId}"`);
      expect(res.text).toContain(`<code>${route.path.replace(/:(\w+)/g, '{$1}')}</code>`);
    }
    expect(res.text).toContain('<a href="/api/docs/openapi.json">');
    expect(res.text).toContain('id="schema-Ticket"');
  });
});
