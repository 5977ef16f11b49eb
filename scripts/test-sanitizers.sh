#!/usr/bin/env bash
# Canon's package's whole test suite under AddressSanitizer and then ThreadSanitizer, each in a
# build folder of its own (.build-address, .build-thread). That suite holds what the sanitizers
# are for: the generated models' field tables, which write properties through raw pointers at
# computed offsets (CanonRuntimeTests' models and GeneratedModelTests), and the transports that
# hand work across threads (libcurl's multi engine against a loopback HTTP server, hiredis against
# real redis-server processes killed and restarted, the caches, breakers and pools).
# `address` or `thread` runs one; `--full` also runs the local Firestore server's package
# (LocalFirestore/) under both, which takes several times as long. CI runs `thread` (its budget
# holds one of these builds), and AddressSanitizer through the fuzzers (scripts/fuzz.sh), which
# drive the same field tables both ways with hostile input: docs/Reliability.md.
# usage: scripts/test-sanitizers.sh [address|thread|--full]
set -euo pipefail
cd "$(dirname "$0")/.."
full=""
sanitizers=(address thread)
case "${1:-}" in
  address|thread) sanitizers=("$1") ;;
  --full) full=--full ;;
  "") ;;
  *) echo "usage: scripts/test-sanitizers.sh [address|thread|--full]" >&2; exit 2 ;;
esac
# LeakSanitizer takes Swift's globals for leaks (their pointers carry tag bits); the plugin's own
# `canon` runs under it during the build. Leaks are not what this looks for.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
export TSAN_OPTIONS=halt_on_error=1
for sanitizer in "${sanitizers[@]}"; do
  echo "== $sanitizer sanitizer: Canon's package"
  swift build --build-tests --sanitize="$sanitizer" --scratch-path ".build-$sanitizer"
  # Bounded: a crash can leave redis-server children holding swift test's output open.
  timeout --kill-after=30 1800 swift test --skip-build --sanitize="$sanitizer" --scratch-path ".build-$sanitizer"
  if [ "$full" = "--full" ]; then
    echo "== $sanitizer sanitizer: LocalFirestore's package"
    swift build --package-path LocalFirestore --build-tests --sanitize="$sanitizer" --scratch-path "LocalFirestore/.build-$sanitizer"
    timeout --kill-after=30 2400 swift test --package-path LocalFirestore --skip-build --sanitize="$sanitizer" --scratch-path "LocalFirestore/.build-$sanitizer"
  fi
done
