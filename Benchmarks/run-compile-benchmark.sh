#!/usr/bin/env bash
# Compile time and memory of the models canon generates, beside two baselines measured in the
# same run on this machine: hand-written plain Codable structs of the same shape, and the peer,
# Apple's swift-openapi-generator 1.14.3 (from the package mirror), turning the same models into
# Codable types. All three modules live in one package (so SwiftPM's planning costs each the
# same); their dependencies are built once, then each module's clean debug build is timed in
# turn, RUNS times, and the medians are printed.
# usage: Benchmarks/run-compile-benchmark.sh [COLLECTIONS] [--runs R] [--no-peer]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
n=100 runs=3 peer=1
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --no-peer) peer=0; shift ;;
    *) n=$1; shift ;;
  esac
done
files=$(( (n + 9) / 10 ))
work=Benchmarks/.work/compile-$n
pkg=$work/package
rm -rf "$pkg/Sources"
mkdir -p "$pkg/Sources/GeneratedModels" "$pkg/Sources/HandwrittenModels" "$pkg/Sources/PeerModels"

swift build -c release --product canon >/dev/null
canon="$(swift build -c release --show-bin-path)/canon"
python3 Benchmarks/make-synthetic-schemas.py "$work/schemas" --collections "$n" --files "$files" >/dev/null
printf "access: public\ngenerate: [models]\n" > "$work/canon-config.yaml"  # models only, like the baselines
start=$(date +%s.%N)
"$canon" generate --config "$work/canon-config.yaml" --output "$pkg/Sources/GeneratedModels" "$work/schemas" 2>/dev/null
canon_gen=$(echo "$(date +%s.%N) - $start" | bc -l)
python3 Benchmarks/make-handwritten-models.py "$pkg/Sources/HandwrittenModels" --collections "$n" --files "$files" >/dev/null

modules="HandwrittenModels GeneratedModels"
peer_dep="" peer_target=""
if [ "$peer" = 1 ]; then
  # The peer's generator, built once in release from the package mirror.
  tool=Benchmarks/.work/peer-tool
  mkdir -p "$tool/Sources/Placeholder"
  echo "" > "$tool/Sources/Placeholder/Placeholder.swift"
  cat > "$tool/Package.swift" <<'SWIFT'
// swift-tools-version: 6.1
import PackageDescription
let package = Package(
    name: "PeerTool",
    dependencies: [.package(url: "https://github.com/apple/swift-openapi-generator", exact: "1.14.3")],
    targets: [.target(name: "Placeholder")]
)
SWIFT
  swift build --package-path "$tool" -c release --product swift-openapi-generator >/dev/null
  generator="$(swift build --package-path "$tool" -c release --show-bin-path)/swift-openapi-generator"
  python3 Benchmarks/make-openapi-models.py "$work/openapi.yaml" --collections "$n" >/dev/null
  printf "generate:\n  - types\naccessModifier: public\n" > "$work/openapi-generator-config.yaml"
  start=$(date +%s.%N)
  "$generator" generate --config "$work/openapi-generator-config.yaml" --output-directory "$pkg/Sources/PeerModels" "$work/openapi.yaml" >/dev/null 2>&1
  peer_gen=$(echo "$(date +%s.%N) - $start" | bc -l)
  modules="$modules PeerModels"
  peer_dep='.package(url: "https://github.com/apple/swift-openapi-runtime", exact: "1.13.4"),'
  peer_target='.target(name: "PeerModels", dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")]),'
else
  rmdir "$pkg/Sources/PeerModels"
fi

identity=$(basename "$root" | tr '[:upper:]' '[:lower:]')
cat > "$pkg/Package.swift" <<SWIFT
// swift-tools-version: 6.1
import PackageDescription
let package = Package(
    name: "CompileBenchmark",
    dependencies: [.package(path: "$root"), $peer_dep],
    targets: [
        .target(name: "GeneratedModels", dependencies: [.product(name: "CanonRuntime", package: "$identity")]),
        .target(name: "HandwrittenModels"),
        $peer_target
    ],
    swiftLanguageModes: [.v6]
)
SWIFT

scratch=$work/scratch
debug=$scratch/debug
# Everything once, so that each timed build compiles its module and nothing else.
swift build --package-path "$pkg" --scratch-path "$scratch" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }

# A clean debug build of one module: its compiled outputs and module removed (SwiftPM's own
# files for it kept), the rest of the build kept. Prints "seconds cpu-seconds maxRSS-KiB".
clean_build() {
  find "$debug/$1.build" -maxdepth 1 -type f ! -name output-file-map.json ! -name sources ! -name module.modulemap -delete
  rm -rf "$debug/Modules/$1".*
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" swift build --package-path "$pkg" --scratch-path "$scratch" --target "$1" >"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; exit 1; }
  read -r wall user sys kb < "$work/time.txt"
  echo "$wall $(echo "$user + $sys" | bc -l) $kb"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
declare -A secs cpu peak
for run in $(seq "$runs"); do
  for m in $modules; do
    read -r s c kb < <(clean_build "$m")
    secs[$m]+="$s "
    cpu[$m]+="$c "
    peak[$m]=$(( kb > ${peak[$m]:-0} ? kb : ${peak[$m]:-0} ))
  done
done

lines() { cat "$pkg/Sources/$1"/*.swift | wc -l; }
med() { echo "$1" | tr ' ' '\n' | grep . | median; }
row() {  # row LABEL MODULE
  printf "  %-38s %6.1f s  %6.1f s  %5d MiB  %6d lines  (wall: %s)\n" "$1" "$(med "${secs[$2]}")" "$(med "${cpu[$2]}")" \
    $((peak[$2] / 1024)) "$(lines "$2")" "${secs[$2]% }"
}
ratio() { echo "$(med "$1") / $(med "$2")" | bc -l; }
printf "models: %d in %d schema files; clean debug build of each module, medians of %d interleaved runs\n" "$n" "$files" "$runs"
printf "  %-38s %8s  %8s  %9s\n" "" "wall" "CPU" "peak RSS"
row "hand-written plain Codable (baseline)" HandwrittenModels
row "generated by canon" GeneratedModels
if [ "$peer" = 1 ]; then
  row "peer: swift-openapi-generator 1.14.3" PeerModels
  printf "canon / peer: %.2f wall, %.2f CPU (target: under 0.5); canon / hand-written: %.2f wall, %.2f CPU\n" \
    "$(ratio "${secs[GeneratedModels]}" "${secs[PeerModels]}")" "$(ratio "${cpu[GeneratedModels]}" "${cpu[PeerModels]}")" \
    "$(ratio "${secs[GeneratedModels]}" "${secs[HandwrittenModels]}")" "$(ratio "${cpu[GeneratedModels]}" "${cpu[HandwrittenModels]}")"
  printf "generation: canon %.2f s, peer %.2f s (single runs, wall clock)\n" "$canon_gen" "$peer_gen"
else
  printf "canon / hand-written: %.2f wall, %.2f CPU\n" "$(ratio "${secs[GeneratedModels]}" "${secs[HandwrittenModels]}")" \
    "$(ratio "${cpu[GeneratedModels]}" "${cpu[HandwrittenModels]}")"
fi
printf "(each figure includes SwiftPM's start-up and planning, about a second; wall time on these shared\n"
printf " 2-core machines swings by a third from run to run, CPU time much less)\n"
