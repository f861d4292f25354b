# ticketing/nats-streaming:local: the event bus of infra/k8s/base/nats on the one-machine cluster, which reaches
# no container registry (the local overlay maps nats-streaming to it). Shaped like the official
# nats-streaming:<version> image the StatefulSet names: FROM scratch, the static server as the entrypoint (the
# manifest's args are its flags), the same default command and ports. The binary is built on the host by
# scripts/cluster/images.sh (go install from the module proxy, CGO_ENABLED=0), at the manifest's version.
# Context: the folder holding nats-streaming-server.
FROM scratch
COPY nats-streaming-server /nats-streaming-server
EXPOSE 4222 8222
ENTRYPOINT ["/nats-streaming-server"]
CMD ["-m", "8222"]
