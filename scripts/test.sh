#!/usr/bin/env bash
# Every test: installs what the tests need, runs the tests of Canon's package, checks Schemas/
# against its lock file (canon breaking), makes this run's
# random schema sets for the soundness check, runs the tests of the local Firestore server's
# package (LocalFirestore/: the server, the repositories against it, the soundness check), then
# the end-to-end checks of the build plugin (the example consumer package, then docs/Guide.md step by
# step, then the plugin's edge cases),
# and last builds the runtime's API documentation.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-packages.sh
swift build --build-tests
# Schemas/ against its committed lock, before the tests (whose DriftTests would only call the lock
# stale): nothing may break data stored under it (docs/SchemaEvolution.md).
"$(swift build --show-bin-path)/canon" breaking --lock Schemas/canon.lock Schemas
swift test --skip-build
# Random schema sets through `canon validate`; the accepted ones go to
# LocalFirestore/Tests/SoundnessTests/Random (CANON_SOUNDNESS_CASES and CANON_SOUNDNESS_SEED
# choose how many and which).
python3 scripts/soundness.py
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! swift build --package-path LocalFirestore --build-tests 2>&1 | tee "$log"; then
  # Name the soundness sets whose schemas, generated code or cases did not build, with their schemas.
  for seed in $(grep -aoE '/s[0-9]+_(main|common|cases)\.' "$log" | grep -oE '[0-9]+' | sort -u); do
    echo "soundness: the code generated for seed $seed does not compile; its schemas:"
    for file in LocalFirestore/Tests/SoundnessTests/Random/s${seed}_*.yaml LocalFirestore/Tests/SoundnessTests/Fixtures/s${seed}_*.yaml; do
      [ -f "$file" ] && { echo "--- $file"; cat "$file"; }
    done
    echo "soundness: keep it as a fixture with: scripts/soundness.py --keep $seed"
  done
  exit 1
fi
# Bounded: a test process that crashes can leave redis-server children holding its output open,
# and swift test would wait for them forever.
timeout --kill-after=30 1200 swift test --package-path LocalFirestore --skip-build
scripts/test-examples.sh
scripts/test-guide.sh
scripts/test-plugin-cases.sh
# CanonRuntime's API documentation: DocC with swift-docc-plugin, no warnings, every public
# symbol documented.
scripts/check-docs.sh
