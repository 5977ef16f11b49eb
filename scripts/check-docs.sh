#!/usr/bin/env bash
# Builds CanonRuntime's API documentation (the DocC catalog in Sources/CanonRuntime/CanonRuntime.docc
# and the snippets in Snippets/) with swift-docc-plugin, and fails on any warning: a broken symbol
# link, a missing snippet or slice, a parameter documented that does not exist. Then checks that
# every public symbol declared in CanonRuntime has a doc comment (scripts/check-doc-comments.py).
#
# CANON_DOCS=1 adds swift-docc-plugin to Package.swift's dependencies; without it the plugin stays
# out of the package graph, so no consumer of Canon resolves it. The build shares .build with
# `swift build`, so after scripts/test.sh only the documentation itself is made.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-packages.sh
log=$(mktemp)
started=$(mktemp)  # older than anything this run writes
trap 'rm -f "$log" "$started"' EXIT
# Synthesized symbols are skipped: members that other modules' protocol extensions give our types
# (swift-async-algorithms' `buffer(policy:)` on every AsyncSequence) are theirs to document, and
# their comments link to their own symbols.
CANON_DOCS=1 swift package generate-documentation --target CanonRuntime \
  --warnings-as-errors --enable-inherited-docs --experimental-skip-synthesized-symbols 2>&1 | tee "$log"
# DocC's warnings already fail the build; this also catches the compiler's when the build above
# compiled CanonRuntime (after scripts/test.sh it is built already, and only DocC speaks).
# SwiftPM's notes on a dependency's own files (swift-distributed-tracing ships CMakeLists.txt
# beside its sources) are about that package, not this documentation, and are not counted.
# (No `grep -q` in the pipe: it would stop reading early, and with pipefail the pipe would fail.)
if grep -a 'warning:' "$log" | grep -av "found [0-9]* file(s) which are unhandled" >/dev/null; then
  echo "check-docs: the documentation build printed warnings (above)" >&2
  exit 1
fi
archive=.build/plugins/Swift-DocC/outputs/CanonRuntime.doccarchive
[ -d "$archive" ] || { echo "check-docs: no archive at $archive" >&2; exit 1; }
# The symbol graphs this run extracted (.build/<triple>/extracted-symbols/<package>/CanonRuntime/).
graph=$(find .build -path '*/extracted-symbols/*/CanonRuntime/CanonRuntime.symbols.json' -newer "$started" | head -n 1)
if [ -z "$graph" ]; then
  echo "check-docs: the documentation build left no symbol graph of CanonRuntime under .build" >&2
  exit 1
fi
python3 scripts/check-doc-comments.py "$(dirname "$graph")"
echo "check-docs: documentation at $archive"
