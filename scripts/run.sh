#!/usr/bin/env bash
# The main job: build canon and validate the canonical schemas in Schemas/.
# Later steps (generation, the example service) join this script as they land.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-packages.sh
swift build --product canon
"$(swift build --show-bin-path)/canon" validate Schemas
