#!/usr/bin/env bash
# The peer's side of the compile-time benchmark, on this machine: Apple's swift-openapi-generator
# (1.14.3, from the package mirror) turns the same 100 models into Codable types, and the same
# clean debug build of that module alone is timed. Run after run-compile-benchmark.sh.
# usage: Benchmarks/run-peer-compile-benchmark.sh [COLLECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100}
work=Benchmarks/.work/peer-$n
mkdir -p "$work/tool/Sources/Placeholder" "$work/package/Sources/PeerModels"
echo "" > "$work/tool/Sources/Placeholder/Placeholder.swift"
cat > "$work/tool/Package.swift" <<'SWIFT'
// swift-tools-version: 6.1
import PackageDescription
let package = Package(
    name: "PeerTool",
    dependencies: [.package(url: "https://github.com/apple/swift-openapi-generator", exact: "1.14.3")],
    targets: [.target(name: "Placeholder")]
)
SWIFT
swift build --package-path "$work/tool" -c release --product swift-openapi-generator >/dev/null
generator="$(swift build --package-path "$work/tool" -c release --show-bin-path)/swift-openapi-generator"
python3 Benchmarks/make-openapi-models.py "$work/openapi.yaml" --collections "$n" >/dev/null
printf "generate:\n  - types\naccessModifier: public\n" > "$work/openapi-generator-config.yaml"
start=$(date +%s.%N)
"$generator" generate --config "$work/openapi-generator-config.yaml" --output-directory "$work/package/Sources/PeerModels" "$work/openapi.yaml" >/dev/null 2>&1
end=$(date +%s.%N)
cat > "$work/package/Package.swift" <<'SWIFT'
// swift-tools-version: 6.1
import PackageDescription
let package = Package(
    name: "PeerBenchmark",
    dependencies: [.package(url: "https://github.com/apple/swift-openapi-runtime", exact: "1.13.4")],
    targets: [.target(name: "PeerModels", dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")])]
)
SWIFT
rm -rf "$work/scratch"
swift build --package-path "$work/package" --scratch-path "$work/scratch" --target OpenAPIRuntime >/dev/null 2>&1
/usr/bin/time -f "%e %M" -o "$work/time.txt" swift build --package-path "$work/package" --scratch-path "$work/scratch" --target PeerModels >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; exit 1; }
read -r peer_s peer_kb < "$work/time.txt"
printf "peer (swift-openapi-generator 1.14.3): generate %.2f s; clean debug build %.1f s, %d MiB peak (%d lines)\n" \
  "$(echo "$end - $start" | bc -l)" "$peer_s" $((peer_kb / 1024)) "$(cat "$work/package/Sources/PeerModels"/*.swift | wc -l)"
