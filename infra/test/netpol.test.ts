import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { allowed, inCidr, type Endpoint, type Flow } from './lib/netpol';

const pod = (id: string, labels: Record<string, string>, namespace = 'ns'): Endpoint => ({
  id,
  ip: '10.244.0.9',
  pod: { namespace, namespaceLabels: { 'kubernetes.io/metadata.name': namespace }, labels },
});
const flow = (from: Endpoint, to: Endpoint, port = 80, protocol: 'TCP' | 'UDP' = 'TCP'): Flow => ({
  from,
  to,
  port,
  protocol,
});
const policy = (spec: INetworkPolicy['spec']): INetworkPolicy => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'p', namespace: 'ns' },
  spec,
});

const a = pod('a', { app: 'a' });
const b = pod('b', { app: 'b' });

describe('the NetworkPolicy evaluator', () => {
  it('when no policy selects either pod, then traffic is allowed', () => {
    expect(allowed([], flow(a, b))).toBe(true);
  });

  it('when a pod is selected for ingress without rules, then nothing reaches it but it still reaches out', () => {
    const deny = policy({ podSelector: { matchLabels: { app: 'b' } }, policyTypes: ['Ingress'] });
    expect(allowed([deny], flow(a, b))).toBe(false);
    expect(allowed([deny], flow(b, a))).toBe(true);
  });

  it('when an ingress rule names the source and port, then only that port is allowed', () => {
    const allow = policy({
      podSelector: { matchLabels: { app: 'b' } },
      ingress: [
        { from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ protocol: 'TCP', port: 80 }] },
      ],
    });
    expect(allowed([allow], flow(a, b, 80))).toBe(true);
    expect(allowed([allow], flow(a, b, 81))).toBe(false);
    expect(allowed([allow], flow(a, b, 80, 'UDP'))).toBe(false);
  });

  it('when a podSelector-only peer is used, then pods of other namespaces do not match', () => {
    const allow = policy({
      podSelector: { matchLabels: { app: 'b' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }] }],
    });
    expect(allowed([allow], flow(pod('a2', { app: 'a' }, 'other'), b))).toBe(false);
  });

  it('when namespace and pod selectors share a peer, then both must match (AND), separate peers are OR', () => {
    const and = policy({
      podSelector: {},
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } },
              podSelector: { matchLabels: { app: 'proxy' } },
            },
          ],
        },
      ],
    });
    expect(allowed([and], flow(pod('p', { app: 'proxy' }, 'edge'), b))).toBe(true);
    expect(allowed([and], flow(pod('x', { app: 'other' }, 'edge'), b))).toBe(false);
    expect(allowed([and], flow(pod('q', { app: 'proxy' }, 'ns'), b))).toBe(false);
  });

  it('when egress is isolated, then only listed destinations, including ipBlocks minus exceptions, are reachable', () => {
    const egress = policy({
      podSelector: { matchLabels: { app: 'a' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ port: 443 }] }],
    });
    expect(allowed([egress], flow(a, { id: 'internet', ip: '54.187.174.169' }, 443))).toBe(true);
    expect(allowed([egress], flow(a, b, 443))).toBe(false);
  });

  it('when selectors use expressions, then In, NotIn, Exists and DoesNotExist behave as in Kubernetes', () => {
    const allExcept = policy({
      podSelector: { matchExpressions: [{ key: 'skip', operator: 'DoesNotExist' }] },
      policyTypes: ['Ingress'],
    });
    expect(allowed([allExcept], flow(a, b))).toBe(false);
    expect(allowed([allExcept], flow(a, pod('s', { app: 'b', skip: 'yes' })))).toBe(true);
  });

  it('when CIDRs are compared, then prefix lengths are honoured', () => {
    expect(inCidr('10.244.1.2', '10.0.0.0/8')).toBe(true);
    expect(inCidr('172.32.0.1', '172.16.0.0/12')).toBe(false);
    expect(inCidr('172.31.255.255', '172.16.0.0/12')).toBe(true);
  });
});
