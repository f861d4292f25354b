import type { ILabelSelector } from '@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector';
import { LabelSelector } from '@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector';
import type { IObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import { ObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';

/**
 * The Prometheus operator's PodMonitor (monitoring.coreos.com/v1), written by hand from its CRD for the fields
 * a scrape of these pods can use: no package of its schema is installed and none is downloaded. The strict
 * field check compares the manifests with this interface, so a field outside it fails the tests; add it here
 * (from the CRD) when a manifest needs it.
 */
export interface IPodMetricsEndpoint {
  /** Name of the container port to scrape. */
  port?: string;
  portNumber?: number;
  path?: string;
  scheme?: 'http' | 'https';
  interval?: string;
  scrapeTimeout?: string;
  honorLabels?: boolean;
  honorTimestamps?: boolean;
}

export interface IPodMonitor {
  apiVersion: 'monitoring.coreos.com/v1';
  kind: 'PodMonitor';
  metadata: IObjectMeta;
  spec: {
    selector: ILabelSelector;
    namespaceSelector?: { any?: boolean; matchNames?: string[] };
    podMetricsEndpoints: IPodMetricsEndpoint[];
    jobLabel?: string;
    podTargetLabels?: string[];
    sampleLimit?: number;
  };
}

// The CRD's patterns: a Prometheus duration, and a port name as Kubernetes accepts it (IANA service name).
const DURATION =
  /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;
const PORT_NAME = /^(?=.{1,15}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function endpointProblems(endpoint: unknown, at: string): string[] {
  if (!isObject(endpoint)) return [`${at} must be an object`];
  const problems: string[] = [];
  const { port, portNumber, path, scheme, interval, scrapeTimeout } = endpoint;
  if (port === undefined && portNumber === undefined) problems.push(`${at} names no port`);
  if (port !== undefined && (typeof port !== 'string' || !PORT_NAME.test(port)))
    problems.push(`${at}.port must be a port name`);
  if (
    portNumber !== undefined &&
    (!Number.isInteger(portNumber) || Number(portNumber) < 1 || Number(portNumber) > 65535)
  )
    problems.push(`${at}.portNumber must be 1-65535`);
  if (path !== undefined && (typeof path !== 'string' || !path.startsWith('/')))
    problems.push(`${at}.path must start with /`);
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https')
    problems.push(`${at}.scheme must be http or https`);
  for (const [name, value] of Object.entries({ interval, scrapeTimeout })) {
    if (value !== undefined && (typeof value !== 'string' || !DURATION.test(value)))
      problems.push(`${at}.${name} must be a Prometheus duration`);
  }
  return problems;
}

/** Throws naming every problem, as the compiled validators of kubernetes-models do. */
export function validatePodMonitor(object: unknown): void {
  const problems: string[] = [];
  if (!isObject(object)) throw new Error('a PodMonitor must be an object');
  try {
    new ObjectMeta(object.metadata as IObjectMeta).validate();
  } catch (err) {
    problems.push(`metadata: ${(err as Error).message}`);
  }
  const spec = object.spec;
  if (!isObject(spec)) {
    problems.push('spec is required');
  } else {
    if (!isObject(spec.selector)) problems.push('spec.selector is required');
    else {
      try {
        new LabelSelector(spec.selector as ILabelSelector).validate();
      } catch (err) {
        problems.push(`spec.selector: ${(err as Error).message}`);
      }
    }
    const endpoints = spec.podMetricsEndpoints;
    if (!Array.isArray(endpoints) || endpoints.length === 0)
      problems.push('spec.podMetricsEndpoints must list at least one endpoint');
    else endpoints.forEach((e, n) => problems.push(...endpointProblems(e, `spec.podMetricsEndpoints[${n}]`)));
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
}
