import type { ILabelSelector } from '@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { INetworkPolicyPort } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPort';

/**
 * A small NetworkPolicy evaluator (the semantics of networking.k8s.io/v1): a connection is allowed when the
 * destination accepts it (no policy selecting it for Ingress, or one ingress rule matching the source and
 * port) and the source may open it (likewise for Egress). Pods are described by their namespace, labels and
 * IP; addresses outside the cluster by their IP only.
 */
export interface Endpoint {
  id: string;
  ip: string;
  /** Absent for addresses outside the cluster. */
  pod?: { namespace: string; namespaceLabels: Record<string, string>; labels: Record<string, string> };
}

export interface Flow {
  from: Endpoint;
  to: Endpoint;
  port: number;
  protocol: 'TCP' | 'UDP';
}

export function selectorMatches(
  selector: ILabelSelector | undefined,
  labels: Record<string, string>,
): boolean {
  if (!selector) return true;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => {
    const value = labels[e.key];
    switch (e.operator) {
      case 'In':
        return value !== undefined && (e.values ?? []).includes(value);
      case 'NotIn':
        return value === undefined || !(e.values ?? []).includes(value);
      case 'Exists':
        return value !== undefined;
      case 'DoesNotExist':
        return value === undefined;
      default:
        throw new Error(`unknown selector operator ${e.operator}`);
    }
  });
  return byLabels && byExpressions;
}

function ipToNumber(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`not an IPv4 address: ${ip}`);
  }
  return parts.reduce((n, p) => n * 256 + p, 0);
}

export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = Number(bits);
  if (base === undefined || !Number.isInteger(size)) throw new Error(`not a CIDR: ${cidr}`);
  const block = 2 ** (32 - size);
  return Math.floor(ipToNumber(ip) / block) === Math.floor(ipToNumber(base) / block);
}

/** Whether a peer of a policy living in `policyNamespace` designates the endpoint. */
export function peerMatches(peer: INetworkPolicyPeer, policyNamespace: string, endpoint: Endpoint): boolean {
  if (peer.ipBlock) {
    const { cidr, except = [] } = peer.ipBlock;
    return inCidr(endpoint.ip, cidr) && !except.some((e) => inCidr(endpoint.ip, e));
  }
  const pod = endpoint.pod;
  if (!pod) return false;
  const namespaceOk = peer.namespaceSelector
    ? selectorMatches(peer.namespaceSelector, pod.namespaceLabels)
    : pod.namespace === policyNamespace;
  return namespaceOk && selectorMatches(peer.podSelector, pod.labels);
}

export function portMatches(
  ports: INetworkPolicyPort[] | undefined,
  port: number,
  protocol: string,
): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port !== 'number')
      throw new Error(`named policy port ${p.port} is not supported by the checks`);
    return p.endPort === undefined ? p.port === port : port >= p.port && port <= p.endPort;
  });
}

type Direction = 'Ingress' | 'Egress';

function policyTypes(policy: INetworkPolicy): Direction[] {
  const declared = policy.spec?.policyTypes;
  if (declared) return declared as Direction[];
  return policy.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress'];
}

export function selects(policy: INetworkPolicy, endpoint: Endpoint): boolean {
  const pod = endpoint.pod;
  return (
    pod !== undefined &&
    pod.namespace === policy.metadata?.namespace &&
    selectorMatches(policy.spec?.podSelector, pod.labels)
  );
}

/** One rule of one policy, in the direction it governs. */
export interface Rule {
  policy: INetworkPolicy;
  direction: Direction;
  peers: INetworkPolicyPeer[] | undefined;
  ports: INetworkPolicyPort[] | undefined;
}

export function rulesOf(policy: INetworkPolicy): Rule[] {
  const types = policyTypes(policy);
  const ingress = types.includes('Ingress')
    ? (policy.spec?.ingress ?? []).map((r) => ({
        policy,
        direction: 'Ingress' as const,
        peers: r.from,
        ports: r.ports,
      }))
    : [];
  const egress = types.includes('Egress')
    ? (policy.spec?.egress ?? []).map((r) => ({
        policy,
        direction: 'Egress' as const,
        peers: r.to,
        ports: r.ports,
      }))
    : [];
  return [...ingress, ...egress];
}

/** Whether this rule lets the flow through (its policy selects the side the rule governs). */
export function ruleAdmits(rule: Rule, flow: Flow): boolean {
  const namespace = rule.policy.metadata?.namespace ?? '';
  const [selected, other] = rule.direction === 'Ingress' ? [flow.to, flow.from] : [flow.from, flow.to];
  if (!selects(rule.policy, selected)) return false;
  const peerOk =
    !rule.peers || rule.peers.length === 0 || rule.peers.some((p) => peerMatches(p, namespace, other));
  return peerOk && portMatches(rule.ports, flow.port, flow.protocol);
}

function sideAllows(policies: INetworkPolicy[], flow: Flow, direction: Direction): boolean {
  const endpoint = direction === 'Ingress' ? flow.to : flow.from;
  const isolating = policies.filter((p) => policyTypes(p).includes(direction) && selects(p, endpoint));
  if (isolating.length === 0) return true;
  return isolating.some((p) => rulesOf(p).some((r) => r.direction === direction && ruleAdmits(r, flow)));
}

export function allowed(policies: INetworkPolicy[], flow: Flow): boolean {
  return sideAllows(policies, flow, 'Egress') && sideAllows(policies, flow, 'Ingress');
}
