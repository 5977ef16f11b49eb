#!/usr/bin/env bash
# Regenerates Generated/ (the CanonicalModels library), docs/Schemas.md and firestore.indexes.json from Schemas/
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product canon >/dev/null
canon="$(swift build --show-bin-path)/canon"
"$canon" generate --config canon-config.yaml --output Generated --lock Schemas/canon.lock Schemas
"$canon" docs --output docs/Schemas.md Schemas
"$canon" indexes --output firestore.indexes.json Schemas
