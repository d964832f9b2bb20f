# syntax=docker/dockerfile:1
# scimd container image: Debian 12, built from source, run as a non-root user.
#
#   docker build -t scimd .
#   docker volume create scimd-data
#   docker run --rm -v scimd-data:/var/lib/scimd --entrypoint scimd scimd token create --tenant acme
#   docker run -d --name scimd -p 8080:8080 -v scimd-data:/var/lib/scimd scimd
#
# The database defaults to SQLite on the /var/lib/scimd volume; set SCIMD_DB to a PostgreSQL URL
# to use PostgreSQL instead (required for more than one container). See deploy/README.md.

########## build stage: the packages of scripts/setup.sh that building needs (no test tools)
FROM debian:12 AS build

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      g++ cmake make pkg-config binutils \
      libpistache-dev rapidjson-dev libsoci-dev libboost-dev libpq-dev libsqlite3-dev \
      libcli11-dev libspdlog-dev libssl-dev libsodium-dev libtomlplusplus-dev \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /src
# Only what the server build reads: a host build/ folder or .git never enters the image.
COPY CMakeLists.txt ./
COPY cmake ./cmake
COPY filters ./filters
COPY src ./src
COPY scim-schemas ./scim-schemas
COPY db ./db

RUN cmake -S /src -B /build -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DSCIMD_BUILD_TESTS=OFF -DSCIMD_BUILD_BENCH=OFF -DSCIMD_BUILD_FUZZ=OFF \
 && cmake --build /build -j"$(nproc)" --target scimd \
 && install -m 0755 /build/scimd /usr/local/bin/scimd \
 && strip --strip-unneeded /usr/local/bin/scimd \
 && /usr/local/bin/scimd --help >/dev/null

########## runtime stage: the shared libraries scimd links against, curl for the health check
FROM debian:12-slim

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libpistache0 libsoci-core4.0 libsoci-sqlite3-4.0 libsoci-postgresql4.0 libpq5 libsqlite3-0 \
      libspdlog1.10 libfmt9 libsodium23 libssl3 libtomlplusplus3 \
      curl ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 scimd \
 && useradd --system --uid 10001 --gid scimd --home-dir /var/lib/scimd --no-create-home \
      --shell /usr/sbin/nologin scimd \
 && install -d -o scimd -g scimd -m 0750 /var/lib/scimd

COPY --from=build /usr/local/bin/scimd /usr/local/bin/scimd
# Fails the build when a runtime library is missing.
RUN scimd --help >/dev/null

# Every serve flag has an environment variable (SCIMD_ and the flag in upper case: SCIMD_DB,
# SCIMD_LISTEN, SCIMD_RATE_LIMIT, ...) and a key in the file of SCIMD_CONFIG (README, Configuration).
ENV SCIMD_DB=sqlite:/var/lib/scimd/scimd.db \
    SCIMD_LISTEN=0.0.0.0:8080 \
    SCIMD_THREADS=4

USER scimd:scimd
WORKDIR /var/lib/scimd
VOLUME ["/var/lib/scimd"]
EXPOSE 8080

# /healthz answers 200 while the process serves; /readyz also checks the database (use it for
# a load balancer's readiness). Plain HTTP on 8080: adjust if SCIMD_LISTEN or TLS changes that.
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1

# scimd is PID 1 and stops cleanly on SIGTERM (docker stop).
ENTRYPOINT ["scimd", "serve"]
