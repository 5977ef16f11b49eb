#!/usr/bin/env bash
# A service that uses only the build plugin, CanonRuntime and CanonicalModels resolves no package
# it does not build. Builds such a consumer from scratch against this checkout, lists the packages
# SwiftPM resolved (`swift package show-dependencies --format json`) and fails if one of them has
# no module in the build. Prints the clean build time and the package count; with --compare, also
# those of the same consumer of the layout before the local Firestore server had a package of its
# own, built in the same run (two minutes more, so CI leaves it out).
# usage: scripts/check-consumer.sh [--compare [BASELINE_COMMIT]]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
compare=false
if [ "${1:-}" = "--compare" ]; then compare=true; shift; fi
# The last commit with the local server's targets in Canon's own package.
baseline=${1:-fed5e402369b86b296f063e82f1476b39bc7c93a}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# make_consumer DIR CANON_PATH: a package with one executable target using the plugin on its own
# schema, CanonRuntime and CanonicalModels.
make_consumer() {
  local dir=$1 canon=$2
  # SwiftPM names a path dependency after its folder (lowercased, without a `.git` suffix).
  local identity
  identity=$(basename "$canon" .git | tr '[:upper:]' '[:lower:]')
  mkdir -p "$dir/Sources/Service"
  cat > "$dir/Package.swift" <<EOF
// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Consumer",
    dependencies: [.package(path: "$canon")],
    targets: [
        .executableTarget(
            name: "Service",
            dependencies: [
                .product(name: "CanonRuntime", package: "$identity"),
                .product(name: "CanonicalModels", package: "$identity"),
            ],
            plugins: [.plugin(name: "CanonPlugin", package: "$identity")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
EOF
  cat > "$dir/Sources/Service/note.yaml" <<'EOF'
schema: 1
models:
  Note:
    fields:
      id: id
      text: {type: string, min_length: 1}
collections:
  notes:
    model: Note
    path: notes
EOF
  cat > "$dir/Sources/Service/main.swift" <<'EOF'
import CanonRuntime
import CanonicalModels

let note = Note(id: "n1", text: "hello")
try note.validate()
let casefile = Casefile(id: "c1", title: "Printer", ownerId: "alice")
try casefile.validate()
print("consumer: \(note.text), \(casefile.title)")
EOF
}

# build DIR: a clean build (resolution and fetching included), then a run; prints the seconds the
# build took. On failure, shows the end of the log and returns non-zero: the caller decides
# whether that fails the check.
build() {
  local start end
  start=$(date +%s.%N)
  (cd "$1" && swift build >"$1/build.log" 2>&1) || { tail -n 40 "$1/build.log" >&2; return 1; }
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.0f}')"
  (cd "$1" && swift run --skip-build Service >/dev/null) || return 1
}

# packages DIR: every package the consumer resolved (Canon included), and whether the build
# compiled any module of it, as "identity built|unbuilt" lines.
packages() {
  local dir=$1
  (cd "$dir" && swift package show-dependencies --format json) | python3 -c '
import json, os, sys
root = json.load(sys.stdin)
seen = {}
def walk(node):
    for dep in node.get("dependencies", []):
        seen[dep["identity"]] = dep["path"]
        walk(dep)
walk(root)
# A module was built if its build folder holds object files (SwiftPM makes folders for more).
build = os.path.join(sys.argv[1], ".build", "debug")
built = set()
for name in os.listdir(build):
    if name.endswith(".build") and any(f.endswith(".o") for _, _, files in os.walk(os.path.join(build, name)) for f in files):
        built.add(name[:-len(".build")].removesuffix("-tool").replace("-", "_"))  # "-tool": built for the plugin tool
for identity, path in sorted(seen.items()):
    sources = os.path.join(path, "Sources")
    # Build folders spell "-" as "_" (canon-firestore.build is canon_firestore.build).
    targets = {t.replace("-", "_") for t in os.listdir(sources)} if os.path.isdir(sources) else set()
    print(identity, "built" if targets & built else "unbuilt")
' "$dir"
}

make_consumer "$work/now" "$root"
now_seconds=$(build "$work/now") || { echo "FAIL: the consumer of this layout did not build or run" >&2; exit 1; }
now_packages=$(packages "$work/now")
echo "consumer of Canon (plugin, CanonRuntime, CanonicalModels), clean debug build:"
printf '  this layout:                     %4ss, %2d packages resolved (Canon included): %s\n' "$now_seconds" \
  "$(wc -l <<<"$now_packages")" "$(awk '{print $1}' <<<"$now_packages" | paste -sd' ')"
unneeded=$(grep ' unbuilt$' <<<"$now_packages" | awk '{print $1}' || true)
[ -z "$unneeded" ] || { echo "FAIL: the consumer resolved packages it does not build: $unneeded" >&2; exit 1; }
echo "consumer: every resolved package is built"

# The figure to compare with: the same consumer of the layout before the split. Informative only:
# it fetches 26 packages and compiles against an old API, so its failure is reported, not fatal.
if ! $compare; then
  echo "  (scripts/check-consumer.sh --compare also builds the layout before the split, for comparison)"
elif git -C "$root" cat-file -e "$baseline^{commit}" 2>/dev/null; then
  mkdir -p "$work/before"
  git -C "$root" archive "$baseline" | tar -x -C "$work/before" --one-top-level=canon
  make_consumer "$work/then" "$work/before/canon"
  if then_seconds=$(build "$work/then") && then_packages=$(packages "$work/then"); then
    printf '  before (%s, server inside): %4ss, %2d packages resolved, %d of them not built\n' "${baseline:0:7}" "$then_seconds" \
      "$(wc -l <<<"$then_packages")" "$(grep -c ' unbuilt$' <<<"$then_packages" || true)"
  else
    echo "  before (${baseline:0:7}): did not build here; not measured"
  fi
else
  echo "  before: commit $baseline is not in this clone (a shallow one?); not measured"
fi
