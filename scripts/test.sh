#!/usr/bin/env bash
# Every test: installs what the tests need, runs the package's tests, then the end-to-end
# checks of the build plugin in the example consumer package.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-packages.sh
swift build --build-tests
swift test --skip-build
scripts/test-examples.sh
