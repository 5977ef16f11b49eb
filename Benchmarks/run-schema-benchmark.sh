#!/usr/bin/env bash
# Loading and validating 1,000 synthetic collections, next to libyaml parsing the same files.
# usage: Benchmarks/run-schema-benchmark.sh [COLLECTIONS] [FILES]
set -euo pipefail
cd "$(dirname "$0")/.."
work=Benchmarks/.work/schemas
python3 Benchmarks/make-synthetic-schemas.py "$work" --collections "${1:-1000}" --files "${2:-1}"
swift build -c release --product SchemaBenchmark >/dev/null
"$(swift build -c release --show-bin-path)/SchemaBenchmark" "$work" --iterations 10
