#!/usr/bin/env bash
# The runtime's Redis client against redis-benchmark, both on one redis-server started here on a
# free loopback port (release build). Prints GETs per second and the ratio for each row.
# usage: Benchmarks/run-redis-benchmark.sh [--seconds S] [--rounds R]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-packages.sh
swift build -c release --product RedisBenchmark >/dev/null
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no --loglevel warning >/dev/null &
server=$!
trap 'kill -9 "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  [ "$(redis-cli -p "$port" PING 2>/dev/null)" = "PONG" ] && break
  sleep 0.05
done
"$(swift build -c release --show-bin-path)/RedisBenchmark" "$port" "$@"
