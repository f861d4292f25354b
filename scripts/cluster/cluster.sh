#!/usr/bin/env bash
# A single-node Kubernetes cluster on this machine, from package registries only (no container registry, no
# internet): `npm run cluster -- up|down|status|env` (no argument: up).
#   up      installs what is missing (Debian packages; Kubernetes v1.37.2, CoreDNS and crictl built from the Go
#           module proxy, cached), then starts etcd, the control plane, a private containerd, the kubelet,
#           kube-proxy (iptables), kube-router's network policy controller (enforces NetworkPolicies), CoreDNS
#           and metrics-server (metrics.k8s.io: kubectl top, HPAs); a default StorageClass `local-path` with
#           local volumes. Idempotent.
#   down    removes every pod (through the CRI, so the network plugin undoes its changes), stops everything this
#           script started (by the PIDs it recorded), unmounts, deletes the bridge, cleans kube-proxy's rules
#           and kube-router's (iptables chains, ipsets), restores the sysctls it changed and deletes the cluster's
#           state. Built binaries and images stay cached.
#   status  what runs, the node and the pods.
#   env     the shell exports to use kubectl against the cluster: eval "$(npm run -s cluster -- env)".
# Layout: binaries $CACHE/k8s-<version>/, state $CACHE/cluster/ (certificates, kubeconfigs, etcd, kubelet,
# containerd's content store, volumes, logs), runtime /run/ticketing-cluster/kube (sockets, PIDs; the image
# builder's Docker daemon has /run/ticketing-cluster/docker*, see images.sh).
# Choices forced by this sandbox (docs/architecture.md, "The one-machine cluster"): the API server advertises
# 127.0.0.1 with no endpoint reconciler; containerd restricts OOM score adjustments (no CAP_SYS_RESOURCE); the
# kubelet accepts cgroup v1 and is reached as `localhost`; CoreDNS runs on the host, on the bridge's address.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/cluster/lib.sh
source scripts/cluster/lib.sh

K8S_VERSION=v1.37.2
COREDNS_VERSION=v1.15.0
CRICTL_VERSION=v1.37.0
KUBE_ROUTER_VERSION=v2.1.0
METRICS_SERVER_VERSION=v0.9.1
# metrics-server v0.9.1 needs Go >= 1.26.10: the Go command fetches this toolchain through the module proxy.
METRICS_SERVER_GO=go1.26.11
CACHE=${TICKETING_CACHE:-$HOME/.cache/ticketing}
BIN=$CACHE/k8s-$K8S_VERSION
STATE=$CACHE/cluster
RUN=/run/ticketing-cluster/kube
PKI=$STATE/pki
LOGS=$STATE/logs
# Addresses: pods on the bridge, Services in their own range, everything else on loopback.
BRIDGE=tkt0
POD_CIDR=10.244.0.0/24
BRIDGE_IP=10.244.0.1
SERVICE_CIDR=10.96.0.0/16
API_SERVICE_IP=10.96.0.1
API_PORT=6443
# metrics-server on the host, on the bridge's address (an Endpoints address may not be loopback).
METRICS_PORT=4443
ETCD_CLIENT=127.0.0.1:23790
ETCD_PEER=127.0.0.1:23800
CONTAINERD_SOCK=$RUN/containerd.sock
VOLUMES=16

log() { printf '[cluster %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

export PATH="$BIN:$PATH"
KUBECTL=(kubectl --kubeconfig "$STATE/admin.kubeconfig")

# --- installation --------------------------------------------------------------------------------------------

ensure_packages() {
  local missing=()
  command -v containerd > /dev/null || missing+=(containerd)
  command -v runc > /dev/null || missing+=(runc)
  [ -x /usr/lib/cni/bridge ] || missing+=(containernetworking-plugins)
  command -v etcd > /dev/null || missing+=(etcd-server)
  command -v iptables > /dev/null || missing+=(iptables)
  command -v conntrack > /dev/null || missing+=(conntrack)
  command -v openssl > /dev/null || missing+=(openssl)
  command -v ip > /dev/null || missing+=(iproute2)
  command -v findmnt > /dev/null || missing+=(util-linux)
  command -v ipset > /dev/null || missing+=(ipset)
  install_packages "${missing[@]}"
  # Debian starts etcd as a service where there is an init system; this one belongs to the cluster only.
}

# k8s.io/kubernetes cannot be `go install`ed (its go.mod points at ./staging): tools/cluster/kubernetes is a
# wrapper module that requires it and replaces each staging module by its published tag.
ensure_binaries() {
  mkdir -p "$BIN"
  local k8s=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl) missing=()
  for b in "${k8s[@]}"; do [ -x "$BIN/$b" ] || missing+=("k8s.io/kubernetes/cmd/$b"); done
  if [ ${#missing[@]} -gt 0 ]; then
    log "building Kubernetes $K8S_VERSION from the Go module proxy (about 20 minutes on 2 cores, once)"
    # The version the release build stamps (kubectl version, the node's kubelet version, version skew checks).
    local flags="-s" pkg minor=${K8S_VERSION#v1.}
    minor=${minor%%.*}
    for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
      flags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
    done
    (cd tools/cluster/kubernetes && go build -trimpath -ldflags="$flags" -o "$BIN/" "${missing[@]}")
  fi
  if [ ! -x "$BIN/coredns" ]; then
    log "building CoreDNS $COREDNS_VERSION"
    GOBIN=$BIN go install -trimpath -ldflags=-s "github.com/coredns/coredns@$COREDNS_VERSION"
  fi
  if [ ! -x "$BIN/crictl" ]; then
    log "building crictl $CRICTL_VERSION"
    GOBIN=$BIN go install -trimpath -ldflags=-s "sigs.k8s.io/cri-tools/cmd/crictl@$CRICTL_VERSION"
  fi
  if [ ! -x "$BIN/kube-router" ]; then
    log "building kube-router $KUBE_ROUTER_VERSION"
    GOBIN=$BIN go install -trimpath \
      -ldflags="-s -X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version=$KUBE_ROUTER_VERSION" \
      "github.com/cloudnativelabs/kube-router/v2/cmd/kube-router@$KUBE_ROUTER_VERSION"
  fi
  if [ ! -x "$BIN/metrics-server" ]; then
    log "building metrics-server $METRICS_SERVER_VERSION"
    GOTOOLCHAIN=$METRICS_SERVER_GO GOBIN=$BIN go install -trimpath -ldflags=-s \
      "sigs.k8s.io/metrics-server/cmd/metrics-server@$METRICS_SERVER_VERSION"
  fi
}

# --- certificates and kubeconfigs ----------------------------------------------------------------------------

# sign <name> <subject> [<subjectAltName>]: a key and a certificate signed by the cluster's CA.
sign() {
  local name=$1 subject=$2 san=${3:-}
  [ -f "$PKI/$name.crt" ] && return 0
  openssl genrsa -out "$PKI/$name.key" 2048 2> /dev/null
  openssl req -new -key "$PKI/$name.key" -subj "$subject" -out "$PKI/$name.csr" 2> /dev/null
  local ext="$PKI/$name.ext"
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    if [ -n "$san" ]; then
      echo "extendedKeyUsage=serverAuth,clientAuth"
      echo "subjectAltName=$san"
    else
      echo "extendedKeyUsage=clientAuth"
    fi
  } > "$ext"
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial \
    -days 30 -sha256 -extfile "$ext" -out "$PKI/$name.crt" 2> /dev/null
  rm -f "$PKI/$name.csr" "$ext"
}

# kubeconfig <file> <cert name>: a kubeconfig for the API server on loopback with that client certificate.
kubeconfig() {
  local file=$1 name=$2
  [ -f "$file" ] && return 0
  cat > "$file" << EOF
apiVersion: v1
kind: Config
clusters:
  - name: ticketing
    cluster:
      server: https://127.0.0.1:$API_PORT
      certificate-authority: $PKI/ca.crt
users:
  - name: $name
    user:
      client-certificate: $PKI/$name.crt
      client-key: $PKI/$name.key
contexts:
  - name: ticketing
    context: {cluster: ticketing, user: $name}
current-context: ticketing
EOF
}

ensure_pki() {
  mkdir -p "$PKI"
  chmod 700 "$PKI"
  if [ ! -f "$PKI/ca.crt" ]; then
    openssl genrsa -out "$PKI/ca.key" 2048 2> /dev/null
    openssl req -x509 -new -key "$PKI/ca.key" -subj "/CN=ticketing-cluster-ca" -days 30 -sha256 \
      -out "$PKI/ca.crt" 2> /dev/null
  fi
  [ -f "$PKI/sa.key" ] || {
    openssl genrsa -out "$PKI/sa.key" 2048 2> /dev/null
    openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2> /dev/null
  }
  sign apiserver "/CN=kube-apiserver" \
    "DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:$API_SERVICE_IP"
  sign apiserver-kubelet-client "/O=kubeadm:cluster-admins/CN=kube-apiserver-kubelet-client"
  sign admin "/O=system:masters/CN=admin"
  sign controller-manager "/CN=system:kube-controller-manager"
  sign scheduler "/CN=system:kube-scheduler"
  sign kubelet "/O=system:nodes/CN=system:node:localhost"
  sign kube-proxy "/CN=system:kube-proxy"
  sign coredns "/CN=coredns"
  sign kube-router "/CN=kube-router"
  # The aggregation layer: the API server proxies metrics.k8s.io to metrics-server as front-proxy-client (the
  # only name metrics-server accepts the X-Remote-* headers from); metrics-server serves on the bridge's address.
  sign front-proxy-client "/CN=front-proxy-client"
  sign metrics-server "/CN=metrics-server" \
    "DNS:metrics-server.kube-system.svc,DNS:metrics-server.kube-system.svc.cluster.local,IP:$BRIDGE_IP"
  for name in admin controller-manager scheduler kubelet kube-proxy coredns kube-router metrics-server; do
    kubeconfig "$STATE/$name.kubeconfig" "$name"
  done
}

# --- processes -----------------------------------------------------------------------------------------------

running() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2> /dev/null; }

# start <name> <command...>: in its own session, logging to $LOGS/<name>.log, its PID in $RUN/<name>.pid.
start() {
  local name=$1
  shift
  if running "$name"; then return 0; fi
  setsid "$@" >> "$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! > "$RUN/$name.pid"
}

# stop <name>: SIGTERM to the recorded PID, SIGKILL after 20 s.
stop() {
  local name=$1 pid
  [ -f "$RUN/$name.pid" ] || return 0
  pid=$(cat "$RUN/$name.pid")
  if kill -0 "$pid" 2> /dev/null; then
    kill "$pid" 2> /dev/null || true
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2> /dev/null || break
      sleep 0.5
    done
    kill -9 "$pid" 2> /dev/null || true
  fi
  rm -f "$RUN/$name.pid"
}

# wait_for <what> <seconds> <command...>: polls the command until it succeeds.
wait_for() {
  local what=$1 seconds=$2
  shift 2
  local deadline=$(($(date +%s) + seconds))
  until "$@" > /dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then die "$what not ready after ${seconds}s (logs: $LOGS)"; fi
    sleep 1
  done
}

api_ready() {
  curl -fsS --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" \
    "https://127.0.0.1:$API_PORT/readyz"
}

# --- host network --------------------------------------------------------------------------------------------

# The sysctls the cluster needs, their previous values saved once so that `down` restores them.
set_sysctl() {
  local key=$1 value=$2 file
  file=/proc/sys/${key//.//}
  [ -f "$RUN/sysctl-$key" ] || cat "$file" > "$RUN/sysctl-$key"
  echo "$value" > "$file"
}

network_up() {
  set_sysctl net.ipv4.ip_forward 1
  set_sysctl net.bridge.bridge-nf-call-iptables 1
  if ! ip link show "$BRIDGE" > /dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$BRIDGE_IP/24" dev "$BRIDGE"
    ip link set "$BRIDGE" up
  fi
  mkdir -p "$STATE/cni"
  cat > "$STATE/cni/10-ticketing.conflist" << EOF
{
  "cniVersion": "1.0.0",
  "name": "ticketing",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE",
      "isGateway": true,
      "ipMasq": true,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "$POD_CIDR", "gateway": "$BRIDGE_IP" }]],
        "routes": [{ "dst": "0.0.0.0/0" }],
        "dataDir": "$RUN/cni-ipam"
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } },
    { "type": "loopback" }
  ]
}
EOF
}

# The chains kube-proxy, the kubelet and the bridge plugin made (KUBE-*, CNI-*), and the jumps into them, in
# the tables they use; the rest of the host's rules are left as they are.
remove_cluster_chains() {
  local table rule chain
  for table in filter nat mangle; do
    iptables -t "$table" -S 2> /dev/null | awk '/^-A (INPUT|OUTPUT|FORWARD|PREROUTING|POSTROUTING) .*-j (KUBE|CNI)-/' |
      sed 's/^-A /-D /' | while read -r rule; do
      eval "iptables -t $table $rule" 2> /dev/null || true
    done
    for chain in $(iptables -t "$table" -S 2> /dev/null | awk '/^-N (KUBE|CNI)-/ {print $2}'); do
      iptables -t "$table" -F "$chain" 2> /dev/null || true
    done
    for chain in $(iptables -t "$table" -S 2> /dev/null | awk '/^-N (KUBE|CNI)-/ {print $2}'); do
      iptables -t "$table" -X "$chain" 2> /dev/null || true
    done
  done
}

network_down() {
  if ip link show "$BRIDGE" > /dev/null 2>&1; then ip link del "$BRIDGE"; fi
  if [ -x "$BIN/kube-proxy" ]; then "$BIN/kube-proxy" --cleanup > /dev/null 2>&1 || true; fi
  remove_cluster_chains
  remove_network_policy_sets
  local saved key
  for saved in "$RUN"/sysctl-*; do
    [ -f "$saved" ] || continue
    key=${saved#"$RUN/sysctl-"}
    cat "$saved" > "/proc/sys/${key//.//}"
    rm -f "$saved"
  done
}

# --- components ----------------------------------------------------------------------------------------------

start_etcd() {
  mkdir -p "$STATE/etcd"
  chmod 700 "$STATE/etcd"
  start etcd etcd --name ticketing --data-dir "$STATE/etcd" \
    --listen-client-urls "http://$ETCD_CLIENT" --advertise-client-urls "http://$ETCD_CLIENT" \
    --listen-peer-urls "http://$ETCD_PEER" --initial-advertise-peer-urls "http://$ETCD_PEER" \
    --initial-cluster "ticketing=http://$ETCD_PEER" --logger zap --log-level warn
  wait_for etcd 60 curl -fsS "http://$ETCD_CLIENT/health"
}

start_control_plane() {
  start kube-apiserver kube-apiserver \
    --etcd-servers "http://$ETCD_CLIENT" \
    --bind-address 127.0.0.1 --secure-port "$API_PORT" --advertise-address 127.0.0.1 \
    --endpoint-reconciler-type none \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --client-ca-file "$PKI/ca.crt" \
    --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
    --kubelet-client-certificate "$PKI/apiserver-kubelet-client.crt" \
    --kubelet-client-key "$PKI/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types Hostname \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
    --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction \
    --requestheader-client-ca-file "$PKI/ca.crt" --requestheader-allowed-names front-proxy-client \
    --requestheader-username-headers X-Remote-User --requestheader-group-headers X-Remote-Group \
    --requestheader-extra-headers-prefix X-Remote-Extra- \
    --proxy-client-cert-file "$PKI/front-proxy-client.crt" --proxy-client-key-file "$PKI/front-proxy-client.key" \
    --enable-aggregator-routing=true \
    --allow-privileged=false --profiling=false
  wait_for kube-apiserver 120 api_ready
  # kubeadm's cluster-admins group, for the API server's calls to the kubelet (logs, exec).
  "${KUBECTL[@]}" create clusterrolebinding kubeadm:cluster-admins --clusterrole cluster-admin \
    --group kubeadm:cluster-admins --dry-run=client -o yaml | "${KUBECTL[@]}" apply -f - > /dev/null
  start kube-controller-manager kube-controller-manager \
    --kubeconfig "$STATE/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$STATE/controller-manager.kubeconfig" \
    --authorization-kubeconfig "$STATE/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --leader-elect=false --use-service-account-credentials \
    --service-account-private-key-file "$PKI/sa.key" --root-ca-file "$PKI/ca.crt" \
    --cluster-signing-cert-file "$PKI/ca.crt" --cluster-signing-key-file "$PKI/ca.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" --profiling=false
  start kube-scheduler kube-scheduler \
    --kubeconfig "$STATE/scheduler.kubeconfig" \
    --authentication-kubeconfig "$STATE/scheduler.kubeconfig" \
    --authorization-kubeconfig "$STATE/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --leader-elect=false --profiling=false
}

start_containerd() {
  mkdir -p "$STATE/containerd" "$RUN/containerd"
  cat > "$STATE/containerd.toml" << EOF
version = 2
root = "$STATE/containerd"
state = "$RUN/containerd"
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs"]

[grpc]
  address = "$CONTAINERD_SOCK"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "docker.io/ticketing/pause:local"
  # No CAP_SYS_RESOURCE here: a negative OOM score adjustment would fail every container start.
  restrict_oom_score_adj = true
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$STATE/cni"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
EOF
  start containerd containerd --config "$STATE/containerd.toml"
  wait_for containerd 60 ctr --address "$CONTAINERD_SOCK" version
}

start_node() {
  mkdir -p "$STATE/kubelet"
  cat > "$STATE/kubelet.yaml" << EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $PKI/ca.crt}
authorization: {mode: Webhook}
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
cgroupDriver: cgroupfs
# This host has cgroup v1 only.
failCgroupV1: false
failSwapOn: false
clusterDomain: cluster.local
clusterDNS: [$BRIDGE_IP]
resolvConf: /etc/resolv.conf
address: 127.0.0.1
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
# A shared machine: never evict the platform because the disk or memory of others is filling up.
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%"}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
serializeImagePulls: false
maxPods: 60
EOF
  start kubelet kubelet --config "$STATE/kubelet.yaml" --kubeconfig "$STATE/kubelet.kubeconfig" \
    --root-dir "$STATE/kubelet" --hostname-override localhost
  start kube-proxy kube-proxy --kubeconfig "$STATE/kube-proxy.kubeconfig" --hostname-override localhost \
    --proxy-mode iptables --cluster-cidr "$POD_CIDR" --conntrack-max-per-core 0 \
    --metrics-bind-address 127.0.0.1:10249 --healthz-bind-address 127.0.0.1:10256
}

start_dns() {
  # CoreDNS reads Services and EndpointSlices; the ClusterRole the system:coredns role of kubeadm has.
  "${KUBECTL[@]}" apply -f - > /dev/null << 'EOF'
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "system:coredns"}
rules:
  - apiGroups: [""]
    resources: [endpoints, services, pods, namespaces]
    verbs: [list, watch]
  - apiGroups: [discovery.k8s.io]
    resources: [endpointslices]
    verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "system:coredns"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:coredns"}
subjects:
  - {apiGroup: rbac.authorization.k8s.io, kind: User, name: coredns}
EOF
  cat > "$STATE/Corefile" << EOF
.:53 {
    bind $BRIDGE_IP
    errors
    health 127.0.0.1:18080
    ready 127.0.0.1:18181
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        kubeconfig $STATE/coredns.kubeconfig ticketing
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
    }
    forward . /etc/resolv.conf
    cache 30
    loop
}
EOF
  start coredns coredns -conf "$STATE/Corefile"
  wait_for coredns 60 curl -fsS http://127.0.0.1:18181/ready
}

# kube-router's network policy controller (its routing, service proxy and CNI left off: the bridge plugin and
# kube-proxy do those) enforces the NetworkPolicies, with iptables chains (KUBE-ROUTER-*, KUBE-POD-FW-*,
# KUBE-NWPLCY-*) and ipsets (KUBE-SRC-*, KUBE-DST-*): a pod's traffic, forwarded on the bridge or sent to the
# node, goes through its pod's chain. It lets the node itself reach its pods (the kubelet's probes, the tests'
# gateway) and pods reach Service addresses and node ports on the node. sigs.k8s.io/kube-network-policies
# cannot run here: its rules need the nftables `queue` expression, which this kernel lacks (CONFIG_NFT_QUEUE).
start_network_policies() {
  "${KUBECTL[@]}" apply -f - > /dev/null << 'EOF'
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: kube-router}
rules:
  - apiGroups: [""]
    resources: [pods, namespaces, nodes, services, endpoints]
    verbs: [get, list, watch]
  - apiGroups: [discovery.k8s.io]
    resources: [endpointslices]
    verbs: [list, watch]
  - apiGroups: [networking.k8s.io]
    resources: [networkpolicies]
    verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: kube-router}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: kube-router}
subjects:
  - {apiGroup: rbac.authorization.k8s.io, kind: User, name: kube-router}
EOF
  start kube-router kube-router --kubeconfig "$STATE/kube-router.kubeconfig" --hostname-override localhost \
    --run-firewall=true --run-router=false --run-service-proxy=false --enable-cni=false \
    --service-cluster-ip-range "$SERVICE_CIDR" --health-port 0 --metrics-port 0
  wait_for kube-router 120 iptables -S KUBE-ROUTER-FORWARD
}

# metrics-server (`kubectl top`, the HPAs' resource metrics) on the host like the other components: it scrapes
# the kubelet's /metrics/resource (the node reached as `localhost`; the kubelet's certificate is self-signed, so
# not verified, as the API server does not verify it either) and serves metrics.k8s.io on the bridge's address.
# The APIService points at a Service without selector whose one EndpointSlice is that address; the API server goes to
# the endpoint directly (--enable-aggregator-routing) and verifies metrics-server's certificate by the CA.
# Traffic between the host and the host is not a pod's, so no NetworkPolicy applies to it.
start_metrics() {
  local ca_bundle
  ca_bundle=$(base64 -w0 < "$PKI/ca.crt")
  "${KUBECTL[@]}" apply -f - > /dev/null << EOF
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "system:metrics-server"}
rules:
  - apiGroups: [""]
    resources: [nodes/metrics]
    verbs: [get]
  - apiGroups: [""]
    resources: [pods, nodes]
    verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "system:metrics-server"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:metrics-server"}
subjects:
  - {apiGroup: rbac.authorization.k8s.io, kind: User, name: metrics-server}
---
# Delegated authentication and authorization (TokenReviews, SubjectAccessReviews) ...
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "metrics-server:system:auth-delegator"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:auth-delegator"}
subjects:
  - {apiGroup: rbac.authorization.k8s.io, kind: User, name: metrics-server}
---
# ... and the front proxy's CA and names, which the API server publishes in kube-system.
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: "metrics-server-auth-reader", namespace: kube-system}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: extension-apiserver-authentication-reader}
subjects:
  - {apiGroup: rbac.authorization.k8s.io, kind: User, name: metrics-server}
---
# What lets the view, edit and admin roles read the metrics.
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: "system:aggregated-metrics-reader"
  labels:
    rbac.authorization.k8s.io/aggregate-to-view: "true"
    rbac.authorization.k8s.io/aggregate-to-edit: "true"
    rbac.authorization.k8s.io/aggregate-to-admin: "true"
rules:
  - apiGroups: [metrics.k8s.io]
    resources: [pods, nodes]
    verbs: [get, list, watch]
---
apiVersion: v1
kind: Service
metadata: {name: metrics-server, namespace: kube-system}
spec:
  ports: [{name: https, port: 443, protocol: TCP, targetPort: $METRICS_PORT}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: metrics-server-host
  namespace: kube-system
  labels: {kubernetes.io/service-name: metrics-server, endpointslice.kubernetes.io/managed-by: ticketing-cluster}
addressType: IPv4
endpoints: [{addresses: [$BRIDGE_IP], conditions: {ready: true}}]
ports: [{name: https, port: $METRICS_PORT, protocol: TCP}]
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta1.metrics.k8s.io}
spec:
  group: metrics.k8s.io
  version: v1beta1
  service: {name: metrics-server, namespace: kube-system, port: 443}
  caBundle: $ca_bundle
  groupPriorityMinimum: 100
  versionPriority: 100
EOF
  start metrics-server metrics-server --kubeconfig "$STATE/metrics-server.kubeconfig" \
    --authentication-kubeconfig "$STATE/metrics-server.kubeconfig" \
    --authorization-kubeconfig "$STATE/metrics-server.kubeconfig" \
    --bind-address "$BRIDGE_IP" --secure-port "$METRICS_PORT" \
    --tls-cert-file "$PKI/metrics-server.crt" --tls-private-key-file "$PKI/metrics-server.key" \
    --kubelet-preferred-address-types Hostname --kubelet-insecure-tls --metric-resolution 15s
  wait_for "APIService v1beta1.metrics.k8s.io" 120 "${KUBECTL[@]}" wait --for=condition=Available \
    apiservice/v1beta1.metrics.k8s.io --timeout=5s
}

# kube-router's ipsets, once no rule refers to them (remove_cluster_chains).
remove_network_policy_sets() {
  local set
  command -v ipset > /dev/null || return 0
  for set in $(ipset list -n 2> /dev/null | grep -E '^(inet6:)?KUBE-'); do
    ipset destroy "$set" 2> /dev/null || true
  done
}

# A default StorageClass whose claims bind to local volumes made here (no provisioner builds on this machine).
start_storage() {
  local i dir pvs=""
  for i in $(seq 1 "$VOLUMES"); do
    dir=$STATE/volumes/pv-$i
    mkdir -p "$dir"
    chmod 0777 "$dir"
    pvs+="
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: local-pv-$i}
spec:
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: local-path
  local: {path: $dir}
  nodeAffinity:
    required:
      nodeSelectorTerms:
        - matchExpressions:
            - {key: kubernetes.io/hostname, operator: In, values: [localhost]}"
  done
  "${KUBECTL[@]}" apply -f - > /dev/null << EOF
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: local-path
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Retain
$pvs
EOF
}

up() {
  [ "$(id -u)" = 0 ] || die "the cluster needs root (network, mounts, containers)"
  ensure_packages
  ensure_binaries
  mkdir -p "$STATE" "$LOGS" "$RUN"
  ensure_pki
  network_up
  log "starting etcd and the control plane"
  start_etcd
  start_control_plane
  log "starting containerd, CoreDNS, the kubelet, kube-proxy, kube-router (network policies) and metrics-server"
  start_containerd
  start_dns
  start_node
  wait_for "node localhost" 180 "${KUBECTL[@]}" wait --for=condition=Ready node/localhost --timeout=5s
  # It reads the node's object at start.
  start_network_policies
  start_metrics
  start_storage
  status
}

# Every pod sandbox stopped and removed through the CRI first: containerd then runs the network plugin's DEL,
# which removes each pod's veth, address and iptables rules.
remove_pods() {
  running containerd || return 0
  crictl --runtime-endpoint "unix://$CONTAINERD_SOCK" --timeout 60s rmp --all --force > /dev/null 2>&1 || true
}

down() {
  mkdir -p "$RUN"
  stop metrics-server
  stop kubelet
  remove_pods
  stop kube-proxy
  stop kube-router
  stop coredns
  stop kube-scheduler
  stop kube-controller-manager
  stop kube-apiserver
  stop etcd
  stop containerd
  # Shims of containers the CRI could not remove (none, normally): found by this containerd's socket only.
  pkill -9 -f -- "-address $CONTAINERD_SOCK" 2> /dev/null || true
  unmount_under "$RUN/"
  unmount_under "$STATE/"
  network_down
  # The cluster's state goes; the binaries, the images in containerd's content store and the logs stay.
  rm -rf "$STATE/etcd" "$STATE/kubelet" "$STATE/volumes" "$STATE/pki" "$STATE"/*.kubeconfig "$RUN"
  verify_down
  log "down: nothing of the cluster runs; binaries and images stay in $CACHE"
}

# Fails, naming them, if any process, mount, network device or iptables chain of the cluster is left.
verify_down() {
  local left=()
  pgrep -f -- "$CONTAINERD_SOCK|$STATE/" > /dev/null && left+=("processes: $(pgrep -f -- "$CONTAINERD_SOCK|$STATE/" | tr '\n' ' ')")
  findmnt -rn -o TARGET | awk -v a="$STATE/" -v b="$RUN/" 'index($0, a) == 1 || index($0, b) == 1' | grep -q . &&
    left+=("mounts under $STATE or $RUN")
  ip link show "$BRIDGE" > /dev/null 2>&1 && left+=("bridge $BRIDGE")
  iptables-save 2> /dev/null | grep -qE '^:(KUBE|CNI)-' && left+=("iptables chains KUBE-*/CNI-*")
  ipset list -n 2> /dev/null | grep -qE '^(inet6:)?KUBE-' && left+=("ipsets KUBE-*")
  if [ ${#left[@]} -gt 0 ]; then die "left behind by down: ${left[*]}"; fi
}

status() {
  local name
  for name in etcd kube-apiserver kube-controller-manager kube-scheduler containerd coredns kubelet kube-proxy \
    kube-router metrics-server; do
    if running "$name"; then printf '  %-24s running (pid %s)\n' "$name" "$(cat "$RUN/$name.pid")"; else
      printf '  %-24s stopped\n' "$name"
    fi
  done
  if running kube-apiserver; then
    "${KUBECTL[@]}" get nodes -o wide 2> /dev/null || true
    "${KUBECTL[@]}" get pods -A 2> /dev/null || true
  fi
  cat << EOF
  kubeconfig: $STATE/admin.kubeconfig   binaries: $BIN   logs: $LOGS
  pods $POD_CIDR on bridge $BRIDGE, Services $SERVICE_CIDR, DNS $BRIDGE_IP, containerd $CONTAINERD_SOCK
  use: eval "\$(npm run -s cluster -- env)"; kubectl get pods -n ticketing
EOF
}

print_env() {
  # shellcheck disable=SC2016 # $PATH is expanded by the shell that evaluates these lines.
  printf 'export KUBECONFIG=%q\nexport PATH=%q:"$PATH"\nexport CONTAINERD_ADDRESS=%q\n' \
    "$STATE/admin.kubeconfig" "$BIN" "$CONTAINERD_SOCK"
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  status) status ;;
  env) print_env ;;
  *) die "usage: cluster.sh up|down|status|env" ;;
esac
