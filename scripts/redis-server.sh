#!/usr/bin/env bash
# A redis-server for a script to use; source this file. `start_redis_server` starts one on a free
# loopback port (REDIS_PORT, REDIS_PID; no persistence) and waits until it answers PING, failing
# (and leaving nothing running) if it does not; `stop_redis_server` kills it (SIGKILL: it keeps
# nothing worth a clean shutdown).
start_redis_server() {
  command -v redis-server >/dev/null || { echo "redis-server is not installed: run scripts/install-system-packages.sh" >&2; return 1; }
  REDIS_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize no --loglevel warning >/dev/null 2>&1 &
  REDIS_PID=$!
  # Bounded: 10 s at most, less when the server has already exited (its port taken meanwhile).
  for _ in $(seq 1 200); do
    [ "$(redis-cli -p "$REDIS_PORT" PING 2>/dev/null)" = "PONG" ] && return 0
    kill -0 "$REDIS_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "redis-server did not start on port $REDIS_PORT" >&2
  kill -9 "$REDIS_PID" 2>/dev/null || true
  return 1
}

stop_redis_server() {
  kill -9 "$REDIS_PID" 2>/dev/null || true
}
