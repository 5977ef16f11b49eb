#!/usr/bin/env bash
# The local Firestore server (documents served per second against a fixed-response baseline on
# the same HTTP stack; memory for 100,000 documents; a listing page of a large collection against
# a small one) and the runtime's client (gets per second against a bare libcurl loop; what a
# generated repository adds; a cached get against an uncached one, with a redis-server started
# here on a free loopback port; what a unit test's withTestPersistence costs), in release builds.
# usage: LocalFirestore/Benchmarks/run-firestore-benchmark.sh [server|client|memory|listing|repository|commit|cache|setup]... [--seconds S]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product canon-firestore >/dev/null
swift build -c release --product FirestoreBenchmark >/dev/null
source ../scripts/redis-server.sh
start_redis_server
trap stop_redis_server EXIT
REDIS_URL="redis://127.0.0.1:$REDIS_PORT" "$(swift build -c release --show-bin-path)/FirestoreBenchmark" "$@"
