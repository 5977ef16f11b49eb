#!/usr/bin/env bash
# End-to-end checks of the build plugin in a real consumer package (Examples/CasefileService):
# it builds and runs, on the in-memory cache and on a redis-server; a no-op build does not run
# the generator; touching a schema without changing it recompiles nothing; a schema error fails
# the build at the schema's line.
set -euo pipefail
cd "$(dirname "$0")/../Examples/CasefileService"
schema=Sources/ServiceModels/audit_event.yaml
fail() { echo "FAIL: $*" >&2; exit 1; }
passed=0

out=$(swift build 2>&1) || { grep -E "error" <<<"$out" | head -n 40 || true; fail "the example did not build"; }
echo "$out" | tail -n 1
swift run casefile-service | tee /tmp/canon-example.out
grep -q "round trip equal: true" /tmp/canon-example.out || fail "the example did not round-trip"
grep -q "stored in Firestore and read back equal: true" /tmp/canon-example.out || fail "the example did not store and read back through the local Firestore server"
grep -q "cache: in memory" /tmp/canon-example.out || fail "the example did not default to the in-memory cache"
grep -q "cache hit: true" /tmp/canon-example.out || fail "the example's second read was not a cache hit"
grep -q "read after a write sees it: true" /tmp/canon-example.out || fail "a read after a write did not see it"
grep -q "tool session lists them: true; last written by req-[0-9a-f]* (the last: true)" /tmp/canon-example.out \
  || fail "the tool session did not persist the request IDs, or was not last written by the last request"
grep -q "each tool request persisted under its own request ID: true" /tmp/canon-example.out || fail "a tool request lost its request ID"
grep -q "chat session lists them: true" /tmp/canon-example.out || fail "the chat session did not persist the request IDs"
grep -q 'audit events of the casefile, by reference: \["opened → open"\]' /tmp/canon-example.out \
    || fail "the service's own model did not store CanonicalModels' reference and enum"
grep -q "tool session started at the server's time: true" /tmp/canon-example.out || fail "a server_time field was not set to the server's time"
grep -q "attempts over the session's succeeded requests: 3" /tmp/canon-example.out || fail "a named query's sum was wrong"
grep -q "succeeded requests, read two at a time: printer.status, printer.reset, printer.status" /tmp/canon-example.out \
    || fail "a named query's sequence did not read every match in order"
grep -q 'open casefiles of alice: \["Printer on fire"\]' /tmp/canon-example.out || fail "a named query's page was wrong"
grep -q '^health: {.*"status":"up"}$' /tmp/canon-example.out || fail "the health report was not printed, or not up"
grep -q "gcp.firestore Commit tool_sessions: [0-9]* calls" /tmp/canon-example.out || fail "the metrics summary did not count the sessions' commits"
passed=$((passed + 1))

# The same on a real redis-server (started here on a free loopback port, stopped on exit), with
# the rate-limit keyspace.
source ../../scripts/redis-server.sh
start_redis_server || fail "no redis-server"
trap stop_redis_server EXIT
port=$REDIS_PORT
# The built binary, not `swift run`: SwiftPM would see another environment and rebuild.
REDIS_URL="redis://127.0.0.1:$port" "$(swift build --show-bin-path)/casefile-service" | tee /tmp/canon-example-redis.out
grep -q "cache: Redis at 127.0.0.1:$port" /tmp/canon-example-redis.out || fail "the example did not use Redis with REDIS_URL set"
grep -q "cache hit: true" /tmp/canon-example-redis.out || fail "the example's second read was not a cache hit in Redis"
grep -q "rate limit: 3 requests counted" /tmp/canon-example-redis.out || fail "the rate-limit keyspace did not count"
grep -q '"name":"redis","pool":{[^}]*},"status":"up"' /tmp/canon-example-redis.out || fail "the health report did not show Redis up"
grep -q "redis GET cache: [0-9]* call" /tmp/canon-example-redis.out || fail "the metrics summary did not count the cache's Redis calls"
[ "$(redis-cli -p "$port" --scan --pattern 'canon:ucx:*' | wc -l)" -ge 1 ] || fail "no cache entry in Redis"
stop_redis_server
trap - EXIT
passed=$((passed + 1))

out=$(swift build 2>&1)
grep -q "Generating Swift" <<<"$out" && fail "a no-op build ran the generator: $out"
passed=$((passed + 1))

touch "$schema"
out=$(swift build 2>&1)
grep -q "Compiling ServiceModels" <<<"$out" && fail "touching a schema recompiled the generated module: $out"
passed=$((passed + 1))

cp "$schema" /tmp/canon-schema.bak
trap 'cp /tmp/canon-schema.bak "$PWD/$schema"' EXIT
sed -i 's/      action: AuditAction/      action: AuditActoin/' "$schema"
if out=$(swift build 2>&1); then fail "a build with a schema error succeeded"; fi
echo "$out" | grep -E "audit_event.yaml:15:15: error: \[CANON012\] unknown type 'AuditActoin'; did you mean 'AuditAction'\?" \
  || fail "the build did not report the schema error at its line: $out"
passed=$((passed + 1))
cp /tmp/canon-schema.bak "$schema"
out=$(swift build 2>&1) || { grep -E "error" <<<"$out" | head -n 40 || true; fail "the example did not build"; }
echo "$out" | tail -n 1

# The command plugin writes generated files beside the schemas (then they are removed again, as
# the build plugin already generates this target).
generated=Sources/ServiceModels/audit_event.canon.swift
trap 'rm -f "$PWD/$generated" "$PWD/Sources/ServiceModels/CanonSchemaSet.canon.swift"; cp /tmp/canon-schema.bak "$PWD/$schema"' EXIT
swift package --allow-writing-to-package-directory generate-canon --target ServiceModels >/dev/null 2>&1 \
  || fail "the command plugin failed"
grep -q "public struct AuditEvent" "$generated" || fail "the command plugin did not write $generated"
rm -f "$generated" Sources/ServiceModels/CanonSchemaSet.canon.swift
passed=$((passed + 1))

echo "examples: $passed passed, 0 failed"
