import { Gateway } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway';
import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { validatePodMonitor } from './crds/pod-monitor';
import { validatePrometheusRule } from './crds/prometheus-rule';

/**
 * The schema of every kind the manifests may contain: a runtime validator (the OpenAPI schema compiled by
 * kubernetes-models: types, required fields, enums, formats; for the Prometheus operator's PodMonitor and
 * PrometheusRule, a hand-written check of its CRD's rules) and the TypeScript interface that the strict check compares field
 * names against. A kind missing here fails the tests; no kind is exempted.
 */
export interface KindSchema {
  validate: (object: unknown) => void;
  module: string;
  typeName: string;
}

type Constructor = new (data: never) => { validate(): void };
const schema = (model: Constructor, module: string, typeName: string): KindSchema => ({
  validate: (object) => new model(object as never).validate(),
  module,
  typeName,
});

export const SCHEMAS: Record<string, KindSchema> = {
  'v1/ConfigMap': schema(ConfigMap, 'kubernetes-models/v1/ConfigMap', 'IConfigMap'),
  'v1/Service': schema(Service, 'kubernetes-models/v1/Service', 'IService'),
  'v1/ServiceAccount': schema(ServiceAccount, 'kubernetes-models/v1/ServiceAccount', 'IServiceAccount'),
  'apps/v1/Deployment': schema(Deployment, 'kubernetes-models/apps/v1/Deployment', 'IDeployment'),
  'apps/v1/StatefulSet': schema(StatefulSet, 'kubernetes-models/apps/v1/StatefulSet', 'IStatefulSet'),
  'networking.k8s.io/v1/Ingress': schema(
    Ingress,
    'kubernetes-models/networking.k8s.io/v1/Ingress',
    'IIngress',
  ),
  'networking.k8s.io/v1/NetworkPolicy': schema(
    NetworkPolicy,
    'kubernetes-models/networking.k8s.io/v1/NetworkPolicy',
    'INetworkPolicy',
  ),
  'policy/v1/PodDisruptionBudget': schema(
    PodDisruptionBudget,
    'kubernetes-models/policy/v1/PodDisruptionBudget',
    'IPodDisruptionBudget',
  ),
  'autoscaling/v2/HorizontalPodAutoscaler': schema(
    HorizontalPodAutoscaler,
    'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler',
    'IHorizontalPodAutoscaler',
  ),
  'gateway.networking.k8s.io/v1/Gateway': schema(
    Gateway,
    '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway',
    'IGateway',
  ),
  'monitoring.coreos.com/v1/PodMonitor': {
    validate: validatePodMonitor,
    module: './crds/pod-monitor',
    typeName: 'IPodMonitor',
  },
  'monitoring.coreos.com/v1/PrometheusRule': {
    validate: validatePrometheusRule,
    module: './crds/prometheus-rule',
    typeName: 'IPrometheusRule',
  },
  'gateway.networking.k8s.io/v1/HTTPRoute': schema(
    HTTPRoute,
    '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute',
    'IHTTPRoute',
  ),
};

export const schemaKey = (object: { apiVersion: string; kind: string }): string =>
  `${object.apiVersion}/${object.kind}`;
