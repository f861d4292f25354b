import type { Attributes } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { Registry } from 'prom-client';
import { declareClientMetrics } from './metric-definitions';
import { RequestDurationProcessor } from './request-duration';

const TICKET_ID = '65a1f0c2e4b0a1b2c3d4e5f6';

function setup() {
  const registry = new Registry();
  const { requestDuration } = declareClientMetrics(registry);
  const provider = new TracerProvider({ spanProcessors: [new RequestDurationProcessor(requestDuration)] });
  const tracer = provider.getTracer('next.js');
  /** A span as Next.js ends it: attributes known at the start, the status and route set when it finishes. */
  const endSpan = (start: Attributes, end: Attributes, seconds = 0.25) => {
    const span = tracer.startSpan(String(start['next.span_name'] ?? 'GET'), {
      attributes: start,
      startTime: [1000, 0],
    });
    span.setAttributes(end);
    span.end([1000 + Math.floor(seconds), Math.round((seconds % 1) * 1e9)]);
  };
  const counts = async () =>
    (await registry.getSingleMetricAsString('ticketing_http_request_duration_seconds'))
      .split('\n')
      .filter((line) => line.startsWith('ticketing_http_request_duration_seconds_count'));
  return { registry, endSpan, counts };
}

const request = (target: string, method = 'GET'): Attributes => ({
  'next.span_type': 'BaseServer.handleRequest',
  'http.method': method,
  'http.target': target,
});

describe('RequestDurationProcessor', () => {
  it('when Next.js ends the request span of a page with an id, then it is observed under the route template, never the id', async () => {
    const { registry, endSpan, counts } = setup();

    endSpan(request(`/tickets/${TICKET_ID}?from=home`), {
      'http.status_code': 200,
      'next.route': '/tickets/[id]',
    });

    expect(await counts()).toEqual([
      'ticketing_http_request_duration_seconds_count{method="GET",route="/tickets/[id]",status="200"} 1',
    ]);
    const text = await registry.metrics();
    expect(text).toContain(
      'ticketing_http_request_duration_seconds_sum{method="GET",route="/tickets/[id]",status="200"} 0.25',
    );
    expect(text).not.toContain(TICKET_ID);
  });

  it('when a route handler answers, then its method and status are the labels', async () => {
    const { endSpan, counts } = setup();

    endSpan(request('/auth/session', 'POST'), { 'http.status_code': 303, 'next.route': '/auth/session' });

    expect(await counts()).toEqual([
      'ticketing_http_request_duration_seconds_count{method="POST",route="/auth/session",status="303"} 1',
    ]);
  });

  it('when no route took the request, then it is counted as unmatched, not by its URL', async () => {
    const { registry, endSpan, counts } = setup();

    endSpan(request(`/no/such/${TICKET_ID}`), { 'http.status_code': 404 });

    expect(await counts()).toEqual([
      'ticketing_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 1',
    ]);
    expect(await registry.metrics()).not.toContain(TICKET_ID);
  });

  it('when the spans are not requests, a probe, or the pass that ran proxy.ts, then nothing is observed', async () => {
    const { endSpan, counts } = setup();

    endSpan(
      { 'next.span_type': 'AppRender.getBodyResult', 'next.route': '/tickets/[id]' },
      { 'http.status_code': 200 },
    );
    endSpan(request('/healthz'), { 'http.status_code': 200, 'next.route': '/healthz' });
    endSpan(request('/readyz'), { 'http.status_code': 503, 'next.route': '/readyz' });
    endSpan(request('/auth/signin'), { 'http.status_code': 200, 'next.bubble': true });

    expect(await counts()).toEqual([]);
  });
});
