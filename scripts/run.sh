#!/usr/bin/env bash
# The main job: validate Schemas/, generate from them (Generated/ and docs/Schemas.md; files
# change only when the schemas do), then build and run the example service, which uses the
# generated CanonicalModels and generates its own models with the build plugin.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-packages.sh
swift build --product canon
canon="$(swift build --show-bin-path)/canon"
"$canon" validate Schemas
scripts/generate.sh
swift run --package-path Examples/CasefileService casefile-service
