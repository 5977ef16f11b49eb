#!/usr/bin/env bash
# Every test: installs what the tests need, makes this run's random schema sets for the
# soundness check, runs the package's tests, then the end-to-end checks of the build plugin in
# the example consumer package.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-packages.sh
swift build --product canon
# Random schema sets through `canon validate`; the accepted ones go to Tests/SoundnessTests/Random
# (CANON_SOUNDNESS_CASES and CANON_SOUNDNESS_SEED choose how many and which).
python3 scripts/soundness.py
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! swift build --build-tests 2>&1 | tee "$log"; then
  # Name the soundness sets whose schemas, generated code or cases did not build, with their schemas.
  for seed in $(grep -aoE '/s[0-9]+_(main|common|cases)\.' "$log" | grep -oE '[0-9]+' | sort -u); do
    echo "soundness: the code generated for seed $seed does not compile; its schemas:"
    for file in Tests/SoundnessTests/Random/s${seed}_*.yaml Tests/SoundnessTests/Fixtures/s${seed}_*.yaml; do
      [ -f "$file" ] && { echo "--- $file"; cat "$file"; }
    done
    echo "soundness: keep it as a fixture with: scripts/soundness.py --keep $seed"
  done
  exit 1
fi
swift test --skip-build
scripts/test-examples.sh
