import type { IObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import { ObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';

/**
 * The Prometheus operator's PrometheusRule (monitoring.coreos.com/v1), written by hand from its CRD for the fields
 * alerting and recording rules use (as pod-monitor.ts is for PodMonitor). Whether each expression parses and
 * each alert fires when it should is promtool's to say (infra/test/alerts.test.ts).
 */
export interface IRule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  keep_firing_for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface IRuleGroup {
  name: string;
  interval?: string;
  limit?: number;
  rules: IRule[];
}

export interface IPrometheusRule {
  apiVersion: 'monitoring.coreos.com/v1';
  kind: 'PrometheusRule';
  metadata: IObjectMeta;
  spec: { groups: IRuleGroup[] };
}

const DURATION =
  /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isStringMap = (value: unknown) =>
  value === undefined || (isObject(value) && Object.values(value).every((v) => typeof v === 'string'));

function ruleProblems(rule: unknown, at: string): string[] {
  if (!isObject(rule)) return [`${at} must be an object`];
  const problems: string[] = [];
  const named = [rule.alert, rule.record].filter((name) => name !== undefined);
  if (named.length !== 1 || typeof named[0] !== 'string' || named[0] === '')
    problems.push(`${at} must have exactly one of alert and record`);
  if (typeof rule.expr !== 'string' || rule.expr.trim() === '') problems.push(`${at}.expr is required`);
  for (const field of ['for', 'keep_firing_for'] as const) {
    const value = rule[field];
    if (value !== undefined && (typeof value !== 'string' || !DURATION.test(value)))
      problems.push(`${at}.${field} must be a Prometheus duration`);
  }
  if (!isStringMap(rule.labels)) problems.push(`${at}.labels must map names to strings`);
  if (!isStringMap(rule.annotations)) problems.push(`${at}.annotations must map names to strings`);
  if (rule.record !== undefined && (rule.for !== undefined || rule.annotations !== undefined))
    problems.push(`${at}: a recording rule takes no for or annotations`);
  return problems;
}

/** Throws naming every problem, as the compiled validators of kubernetes-models do. */
export function validatePrometheusRule(object: unknown): void {
  const problems: string[] = [];
  if (!isObject(object)) throw new Error('a PrometheusRule must be an object');
  try {
    new ObjectMeta(object.metadata as IObjectMeta).validate();
  } catch (err) {
    problems.push(`metadata: ${(err as Error).message}`);
  }
  const groups = isObject(object.spec) ? object.spec.groups : undefined;
  if (!Array.isArray(groups) || groups.length === 0)
    problems.push('spec.groups must list at least one group');
  else {
    const names = new Set<unknown>();
    groups.forEach((group: unknown, n) => {
      const at = `spec.groups[${n}]`;
      if (!isObject(group)) return problems.push(`${at} must be an object`);
      if (typeof group.name !== 'string' || group.name === '') problems.push(`${at}.name is required`);
      else if (names.has(group.name)) problems.push(`${at}.name ${group.name} is not unique`);
      names.add(group.name);
      if (!Array.isArray(group.rules)) return problems.push(`${at}.rules must be a list`);
      group.rules.forEach((rule: unknown, r) => problems.push(...ruleProblems(rule, `${at}.rules[${r}]`)));
      return undefined;
    });
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
}
