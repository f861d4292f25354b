# ticketing/pause:local: the kubelet's pod sandbox image in the one-machine cluster (scripts/cluster/cluster.sh
# names it as containerd's sandbox_image), since the public pause image lives in a registry this machine cannot
# reach. Like that image: one static binary (pause.c, compiled on the host by scripts/cluster/images.sh), run
# as 65535. Context: the folder holding the compiled `pause`.
FROM scratch
COPY pause /pause
USER 65535:65535
ENTRYPOINT ["/pause"]
