# ticketing/nats:local: NATS JetStream (components/jetstream) on the one-machine cluster, which reaches no
# container registry (the local overlay maps nats to it). Shaped like the official nats:<version> image: FROM
# scratch, the static server as the entrypoint (the manifest's args are its flags), client port 4222 and
# monitoring on 8222 by default. The binary is built on the host by scripts/cluster/images.sh (go install from
# the module proxy, CGO_ENABLED=0), at the manifest's version. Context: the folder holding nats-server.
FROM scratch
COPY nats-server /nats-server
EXPOSE 4222 6222 8222
ENTRYPOINT ["/nats-server"]
CMD ["--port", "4222", "--http_port", "8222"]
