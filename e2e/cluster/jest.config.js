// System tests against the one-machine Kubernetes cluster (npm run test:cluster, scripts/cluster/test.sh, which
// sets KUBECONFIG, KUBECTL and KUSTOMIZE). One file at a time: they share the cluster, and some disturb it
// (pods deleted, Deployments restarted, the orders window changed), each restoring it before it ends.
// The offline suite's helpers build the overlays (infra/test/lib/variants.ts) with KUSTOMIZE_BIN.
if (process.env.KUSTOMIZE) process.env.KUSTOMIZE_BIN = process.env.KUSTOMIZE;

module.exports = require('../../jest.base')(__dirname, {
  roots: ['<rootDir>'],
  testTimeout: 300000,
  maxWorkers: 1,
  verbose: true,
});
