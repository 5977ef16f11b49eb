#!/usr/bin/env bash
# The runtime's Redis client against redis-benchmark, both on one redis-server started here on a
# free loopback port (release build). Prints GETs per second and the ratio for each row.
# usage: Benchmarks/run-redis-benchmark.sh [--seconds S] [--rounds R]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-packages.sh
swift build -c release --product RedisBenchmark >/dev/null
source scripts/redis-server.sh
start_redis_server
trap stop_redis_server EXIT
"$(swift build -c release --show-bin-path)/RedisBenchmark" "$REDIS_PORT" "$@"
