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
trap 'rm -f "$log"' EXIT
CANON_DOCS=1 swift package generate-documentation --target CanonRuntime \
  --warnings-as-errors --enable-inherited-docs 2>&1 | tee "$log"
# DocC's warnings already fail the build; this also catches the compiler's, when the build
# above had to compile CanonRuntime.
if grep -aq 'warning:' "$log"; then
  echo "check-docs: the documentation build printed warnings (above)" >&2
  exit 1
fi
archive=.build/plugins/Swift-DocC/outputs/CanonRuntime.doccarchive
[ -d "$archive" ] || { echo "check-docs: no archive at $archive" >&2; exit 1; }
# The symbol graph the plugin extracted (.build/<triple>/extracted-symbols/<package folder>/...).
graph=$(ls -t .build/*/extracted-symbols/*/CanonRuntime/CanonRuntime.symbols.json | head -n 1)
python3 scripts/check-doc-comments.py "$graph"
echo "check-docs: documentation at $archive"
