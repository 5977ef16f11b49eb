#!/usr/bin/env bash
# The local Firestore server (documents served per second against a fixed-response baseline on
# the same HTTP stack; memory for 100,000 documents; a listing page of a large collection against
# a small one) and the runtime's client (gets per second against a bare libcurl loop; what a
# generated repository adds; a cached get against an uncached one, with a redis-server started
# here on a free loopback port), in release builds.
# usage: LocalFirestore/Benchmarks/run-firestore-benchmark.sh [server|client|memory|listing|repository|commit|cache]... [--seconds S]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product canon-firestore >/dev/null
swift build -c release --product FirestoreBenchmark >/dev/null
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no --loglevel warning >/dev/null &
server=$!
trap 'kill -9 "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  [ "$(redis-cli -p "$port" PING 2>/dev/null)" = "PONG" ] && break
  sleep 0.05
done
[ "$(redis-cli -p "$port" PING 2>/dev/null)" = "PONG" ] || { echo "redis-server did not start" >&2; exit 1; }
REDIS_URL="redis://127.0.0.1:$port" "$(swift build -c release --show-bin-path)/FirestoreBenchmark" "$@"
