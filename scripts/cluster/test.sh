#!/usr/bin/env bash
# npm run test:cluster: the platform on a real Kubernetes cluster on this machine.
#   1. the cluster up (scripts/cluster/cluster.sh), the images built from the project's Dockerfiles and loaded
#      into the cluster's containerd (scripts/cluster/images.sh): what skaffold's `local` profile builds
#   2. the `local` overlay deployed into namespace ticketing (PodSecurity `restricted` enforced), every pod Ready
#      on its own probes
#   3. the system tests against the cluster (e2e/cluster): the flows through the Services, pods deleted and
#      Deployments restarted under traffic, the NATS pod deleted; every overlay and component combination
#      accepted by the API server (server-side dry run); the NetworkPolicies as kube-router enforces them, from
#      inside the application pods; the resource metrics API (metrics-server) for every application pod; an
#      orders HPA scaling above two replicas under load through the gateway and back
#   4. the cluster down, nothing left running (KEEP_CLUSTER=1 leaves it up for a look)
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$(date +%s)
step() { printf '\n=== %s (%ss)\n' "$1" "$(($(date +%s) - started))"; }

NAMESPACE=ticketing

cleanup() {
  local status=$?
  if [ "$status" -ne 0 ] && [ -n "${KUBECONFIG:-}" ] && [ -f "$KUBECONFIG" ]; then
    step "state at failure"
    kubectl -n "$NAMESPACE" get pods -o wide 2> /dev/null || true
    kubectl -n "$NAMESPACE" get events --sort-by=.lastTimestamp 2> /dev/null | tail -40 || true
  fi
  if [ "${KEEP_CLUSTER:-}" = 1 ]; then
    echo "KEEP_CLUSTER=1: the cluster stays up (npm run cluster -- down stops it)"
  else
    step "cluster down"
    bash scripts/cluster/cluster.sh down || status=1
  fi
  bash scripts/cluster/images.sh stop || true
  echo "npm run test:cluster took $(($(date +%s) - started)) s"
  exit "$status"
}
trap cleanup EXIT

step "install and build"
bash scripts/bootstrap.sh > /dev/null
KUSTOMIZE=$(node -e 'process.stdout.write(require("./tools/dist/binaries").obtainKustomize())')
export KUSTOMIZE

step "cluster up"
bash scripts/cluster/cluster.sh up
eval "$(bash scripts/cluster/cluster.sh env)"
KUBECTL=$(command -v kubectl)
export KUBECTL

step "images (the project's Dockerfiles, production stage) into the cluster"
bash scripts/cluster/images.sh build
bash scripts/cluster/images.sh load "$CONTAINERD_ADDRESS"

step "deploy overlays/local"
kubectl apply -f - << EOF
apiVersion: v1
kind: Namespace
metadata:
  name: $NAMESPACE
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/warn: restricted
EOF
# The session keys: an ES256 (P-256) pair. Only auth gets the private key; every service gets the public keys
# (a JSON object of key id to PEM). Made together, so the public key listed is always the private key's.
if ! kubectl -n "$NAMESPACE" get secret session-signing-key > /dev/null 2>&1; then
  keys="$(mktemp -d)"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$keys/private.pem"
  openssl pkey -in "$keys/private.pem" -pubout -out "$keys/public.pem"
  kid="k-$(date -u +%Y%m%d)-$(openssl rand -hex 4)"
  kubectl -n "$NAMESPACE" delete secret session-public-keys --ignore-not-found
  kubectl -n "$NAMESPACE" create secret generic session-public-keys --from-literal=JWT_PUBLIC_KEYS="$(
    node -e 'process.stdout.write(JSON.stringify({ [process.argv[1]]: require("fs").readFileSync(process.argv[2], "utf8") }))' \
      "$kid" "$keys/public.pem"
  )"
  kubectl -n "$NAMESPACE" create secret generic session-signing-key \
    --from-file=JWT_PRIVATE_KEY="$keys/private.pem" --from-literal=JWT_KEY_ID="$kid"
  rm -rf "$keys"
fi
# Redis's password (expiration's REDIS_URL carries it, so hex: nothing to escape in a URL). overlays/local has no
# MongoDB credentials nor replica-set keyfiles (<svc>-mongo-keyfile): its stand-in has no authentication and is
# no replica set. The dev and prod builds, which need them, are only dry-run on the API server
# (e2e/cluster/manifests.test.ts), which creates no pod and so reads no secret.
if ! kubectl -n "$NAMESPACE" get secret redis-credentials > /dev/null 2>&1; then
  kubectl -n "$NAMESPACE" create secret generic redis-credentials --from-literal=password="$(openssl rand -hex 32)"
fi
# One NATS user per service, the operator's and NATS Streaming's own (infra/README.md); a letter first: the NATS
# server parses the password from its environment as a configuration value.
for user in auth tickets orders expiration payments dead-letters stan-server; do
  if ! kubectl -n "$NAMESPACE" get secret "nats-$user-credentials" > /dev/null 2>&1; then
    kubectl -n "$NAMESPACE" create secret generic "nats-$user-credentials" --from-literal=password="p$(openssl rand -hex 32)"
  fi
done
"$KUSTOMIZE" build infra/k8s/overlays/local | kubectl apply -f -

step "waiting for every pod to be Ready on its probes"
for kind in statefulset deployment; do
  for name in $(kubectl -n "$NAMESPACE" get "$kind" -o name); do
    kubectl -n "$NAMESPACE" rollout status "$name" --timeout=900s
  done
done
kubectl -n "$NAMESPACE" wait --for=condition=Ready pod --all --timeout=300s
kubectl -n "$NAMESPACE" get pods -o wide

step "system tests against the cluster"
npx --no-install jest --ci -c e2e/cluster/jest.config.js
