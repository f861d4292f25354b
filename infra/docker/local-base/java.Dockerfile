# ticketing-local/jre:17 (target jre) and ticketing-local/maven:17 (target maven): the JRE_IMAGE and MAVEN_IMAGE
# of the MongoDB stand-in's Dockerfile (infra/docker/mongo-stand-in) on a machine that reaches no container
# registry (scripts/cluster/images.sh builds them). Debian's OpenJDK 17 on ticketing-local/debian; the JDK's
# trust store is made from the system's, so Maven reaches Maven Central through the machine's own CAs too.
# No context needed: docker build --target jre - < java.Dockerfile
ARG BASE_IMAGE=ticketing-local/debian:bookworm

FROM ${BASE_IMAGE} AS jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/*

FROM jre AS maven
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jdk-headless maven \
 && rm -rf /var/lib/apt/lists/*
