import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { validatePrometheusRule, type IPrometheusRule } from './lib/crds/prometheus-rule';
import { ofKind } from './lib/objects';
import { repoPath } from './lib/paths';
import { allVariants, build } from './lib/variants';

const PROMTOOL = process.env.PROMTOOL_BIN ?? 'promtool';
const UNIT_TESTS = repoPath('infra/prometheus/alerts.test.yaml');
const RULES = repoPath('infra/k8s/components/service-monitor/prometheus-rules.yaml');

const variants = allVariants();
const cases = variants.map((v) => [v.name, v] as const);

const rule = (): IPrometheusRule => parse(readFileSync(RULES, 'utf8')) as IPrometheusRule;
const alertNames = (r: IPrometheusRule) => r.spec.groups.flatMap((g) => g.rules.map((x) => x.alert ?? ''));

/** Runs promtool in a folder holding `groups` as `rules.yaml` (what the unit tests load) and the unit tests. */
function promtool(args: string[], groups = rule().spec.groups): { code: number; output: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ticketing-alerts-'));
  try {
    writeFileSync(path.join(dir, 'rules.yaml'), stringify({ groups }));
    copyFileSync(UNIT_TESTS, path.join(dir, 'alerts.test.yaml'));
    const output = execFileSync(PROMTOOL, args, { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    return { code: 0, output };
  } catch (err) {
    const failed = err as { status?: number; stdout?: string; stderr?: string; code?: string };
    if (failed.code === 'ENOENT')
      throw new Error(`promtool not found (${PROMTOOL}): set PROMTOOL_BIN`, { cause: err });
    return { code: failed.status ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the alerting rules', () => {
  it.each(cases)(
    'when %s is built, then the PrometheusRule is there exactly when the service-monitor component is added',
    (_n, variant) => {
      const rules = ofKind<IPrometheusRule>(build(variant), 'PrometheusRule');
      expect(rules.map((r) => r.metadata.name)).toEqual(variant.podMonitors ? ['ticketing-alerts'] : []);
      for (const r of rules) expect(alertNames(r)).toEqual(alertNames(rule()));
    },
  );

  it('when the rules are checked by promtool, then every expression and template is valid', () => {
    const result = promtool(['check', 'rules', 'rules.yaml']);
    expect(result).toEqual({ code: 0, output: expect.stringContaining('SUCCESS') });
  });

  it('when promtool runs the unit tests, then every alert fires on its signal and stays quiet without it', () => {
    const result = promtool(['test', 'rules', 'alerts.test.yaml']);
    expect(result).toEqual({ code: 0, output: expect.stringContaining('SUCCESS') });
  });

  it('when the unit tests are read, then every alert is tested, both firing and quiet', () => {
    const tests = parse(readFileSync(UNIT_TESTS, 'utf8')) as {
      tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
    };
    const checks = tests.tests.flatMap((t) => t.alert_rule_test);
    for (const name of alertNames(rule())) {
      const own = checks.filter((c) => c.alertname === name);
      expect([name, own.some((c) => c.exp_alerts.length > 0)]).toEqual([name, true]);
      expect([name, own.some((c) => c.exp_alerts.length === 0)]).toEqual([name, true]);
    }
  });

  it('when the issue lists what must alert, then each signal has its alert', () => {
    expect(alertNames(rule()).sort()).toEqual([
      'TicketingExpirationLate',
      'TicketingHighServerErrorRatio',
      'TicketingMessagesDeadLettered',
      'TicketingOutboxBacklogOld',
      'TicketingWorkloadUnavailable',
    ]);
  });

  it('when an alert is broken, then promtool fails its unit test (the check is real)', () => {
    const groups = structuredClone(rule().spec.groups);
    const backlog = groups.flatMap((g) => g.rules).find((r) => r.alert === 'TicketingOutboxBacklogOld')!;
    backlog.expr = backlog.expr.replace('> 60', '> 600');
    const result = promtool(['test', 'rules', 'alerts.test.yaml'], groups);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('TicketingOutboxBacklogOld');
  });

  it('when a PrometheusRule breaks its CRD, then the hand-written validator rejects it', () => {
    const valid = rule();
    expect(() => validatePrometheusRule(valid)).not.toThrow();
    const bad = structuredClone(valid);
    bad.spec.groups[0]!.rules[0] = { expr: 'up', for: 'five minutes' };
    expect(() => validatePrometheusRule(bad)).toThrow(/exactly one of alert and record.*Prometheus duration/);
  });
});
