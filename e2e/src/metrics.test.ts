import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { DURATION_BUCKETS, collectProcessMetrics, metricsRegistry } from '@ticketing/common';
// Each of these declares its service's own metrics when loaded (common's are declared by common itself).
import '../../auth/src/security/sign-in-throttle';
import '../../orders/src/sweeper';
import '../../expiration/src/queues/expiration-processor';
import '../../payments/src/charges/payment-metrics';
// The client's, declared apart from its server (its scrape is checked in client/test/metrics.test.ts).
import {
  DURATION_BUCKETS as CLIENT_DURATION_BUCKETS,
  declareClientMetrics,
} from '../../client/lib/metric-definitions';
import { SERVICES } from '@ticketing/tools';
import { buy, startTestPlatform, type TestPlatform } from './support/platform';
import { eventually } from './support/api';

const HISTOGRAM_SERIES = /_(bucket|count|sum)$/;

const INFRA = join(__dirname, '..', '..', 'infra');

/** The metric families the dashboard's queries (and its variables) and the alerts' expressions read. */
function monitoredFamilies(): string[] {
  const text = readFileSync(join(INFRA, 'grafana', 'ticketing-pipeline.json'), 'utf8');
  const alerts = readFileSync(
    join(INFRA, 'k8s', 'components', 'service-monitor', 'prometheus-rules.yaml'),
    'utf8',
  );
  const dashboard = JSON.parse(text) as {
    panels: { targets?: { expr: string }[] }[];
    templating: { list: { definition?: string }[] };
  };
  const queries = [
    ...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr)),
    ...dashboard.templating.list.map((variable) => variable.definition ?? ''),
    // Every name in the rules file is in an alert's expression (the comments name none).
    alerts,
  ];
  const names = queries.flatMap((query) => query.match(/\b(?:ticketing|process|nodejs)_[a-z0-9_]+/g) ?? []);
  return [...new Set(names.map((name) => name.replace(HISTOGRAM_SERIES, '')))].sort();
}

const serviceFamilies = () => {
  collectProcessMetrics();
  return new Set(metricsRegistry.getMetricsAsArray().map((metric) => metric.name));
};
const clientFamilies = () => {
  const registry = new Registry();
  declareClientMetrics(registry);
  return new Set(registry.getMetricsAsArray().map((metric) => metric.name));
};

/** The families a scrape declares (`# TYPE name kind`), whether or not they have samples yet. */
function scrapedFamilies(text: string): Set<string> {
  return new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1] ?? ''));
}

describe('the dashboard, the alerts and the code agree on metric names', () => {
  it('when the services and the client declare their metrics in-process, then every name the dashboard and the alerts read is one of them', () => {
    const registered = new Set([...serviceFamilies(), ...clientFamilies()]);
    expect(monitoredFamilies().filter((name) => !registered.has(name))).toEqual([]);
  });

  it("when the client times its requests under the services' histogram name, then it uses their buckets, so one query aggregates both", () => {
    expect(CLIENT_DURATION_BUCKETS).toEqual(DURATION_BUCKETS);
  });
});

describe('the metrics of a running platform', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform('stan');
  });
  afterAll(() => platform.stop());

  const scrape = async (name: (typeof SERVICES)[number]) => {
    const response = await fetch(platform.services[name].metricsUrl);
    expect(response.status).toBe(200);
    return response.text();
  };

  it('when a ticket is listed and bought, then every service scrape is live and has every dashboard metric between them', async () => {
    const { ticket } = await platform.listTicket();
    const order = await buy(await platform.visitor().signUp('buyer'), ticket.id);

    // order:created reached tickets: its lock shows there, and its handling in tickets' metrics.
    await platform.waitForTicket(ticket.id, (t) => t.orderId === order.id);
    const tickets = await eventually(async () => {
      const text = await scrape('tickets');
      if (!/^ticketing_messages_handled_total\{[^}]*subject="order:created"[^}]*\} [1-9]/m.test(text))
        throw new Error('tickets has not counted order:created yet');
      return text;
    });
    const texts = [tickets, ...(await Promise.all(SERVICES.filter((s) => s !== 'tickets').map(scrape)))];

    const families = new Set(texts.flatMap((text) => [...scrapedFamilies(text)]));
    const services = serviceFamilies();
    const clientOnly = (name: string) => clientFamilies().has(name) && !services.has(name);
    expect(monitoredFamilies().filter((name) => !families.has(name) && !clientOnly(name))).toEqual([]);
    expect(tickets).toMatch(/^ticketing_events_published_total\{[^}]*subject="ticket:created"[^}]*\} [1-9]/m);
    expect(tickets).toMatch(/^ticketing_outbox_pending_documents\{[^}]*collection="tickets"[^}]*\} \d/m);
    expect(tickets).toMatch(
      /^ticketing_http_request_duration_seconds_count\{[^}]*route="\/api\/tickets"[^}]*status="201"[^}]*\} 1/m,
    );
    // Labels carry route templates, never the ids in the URLs.
    for (const text of texts) expect(text).not.toContain(ticket.id);
  });
});
