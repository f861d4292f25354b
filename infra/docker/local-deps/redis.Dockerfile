# ticketing/redis:local: the expiration service's Redis (infra/k8s/base/redis) on the one-machine cluster, which
# reaches no container registry (the local overlay maps redis to it; scripts/cluster/images.sh builds it).
# Debian bookworm's redis-server and redis-tools: Redis 7.0, where the manifest's public image is 7.2 (nothing
# the expiration queue uses differs). What the StatefulSet relies on: redis-server and redis-cli on PATH (its
# command and its `redis-cli ping` probes), the uid and gid 999 it runs as (the official image's redis user),
# /data for the data; nothing is written outside /data, so the root filesystem can be read-only.
# No context needed: docker build - < redis.Dockerfile
ARG BASE_IMAGE=ticketing-local/debian:bookworm
FROM ${BASE_IMAGE}
# The user first, with the official image's ids: the package's scripts then keep it rather than pick their own.
RUN groupadd --system --gid 999 redis \
 && useradd --system --uid 999 --gid redis --home-dir /data --no-create-home --shell /usr/sbin/nologin redis \
 && apt-get update \
 && apt-get install -y --no-install-recommends redis-server redis-tools \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data \
 && chown redis:redis /data
WORKDIR /data
USER 999:999
EXPOSE 6379
CMD ["redis-server"]
