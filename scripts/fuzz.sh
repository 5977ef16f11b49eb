#!/usr/bin/env bash
# Fuzzes, with libFuzzer and AddressSanitizer, the schema loader and validator, the runtime's
# Firestore JSON reader and the local server's request parsing (Fuzz/), each for SECONDS (60 by
# default), starting from the committed seed corpus in Fuzz/Corpus/<target>/. New inputs go to a
# scratch folder, never into the corpus. A crash, a hang (10 s) or memory past 2 GiB stops the run
# and leaves the input in .build-fuzz/artifacts/: add it to Fuzz/Corpus/<target>/ and a
# regression test (FuzzCorpusTests replays the corpus), then fix.
# Linux only: macOS toolchains have no libFuzzer.
# usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
scratch=.build-fuzz
flags=(--package-path Fuzz --scratch-path "$scratch" --sanitize=fuzzer --sanitize=address -Xswiftc -parse-as-library)
# Swift's globals look leaked to LeakSanitizer (their pointers carry tag bits): leaks are not
# what this looks for.
export ASAN_OPTIONS=detect_leaks=0
swift build "${flags[@]}"
bin=$(swift build "${flags[@]}" --show-bin-path)
rm -rf "$scratch/artifacts"
mkdir -p "$scratch/artifacts"
for target in FuzzSchema FuzzFirestoreJSON FuzzServerRequests; do
  found=$(mktemp -d)
  echo "== $target: $seconds s from $(ls "Fuzz/Corpus/$target" | wc -l) seeds"
  if ! "$bin/$target" "$found" "Fuzz/Corpus/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$scratch/artifacts/$target-" 2>"$scratch/$target.log"; then
    tail -n 60 "$scratch/$target.log"
    echo "FAIL: $target stopped on an input that crashes, hangs or exhausts memory (or could not start):"
    # The input itself, so that a CI log keeps it: base64 -d > Fuzz/Corpus/$target/NAME.
    for artifact in "$scratch/artifacts/$target-"*; do
      [ -f "$artifact" ] || continue
      echo "--- $artifact (base64):"
      base64 "$artifact" | head -c 200000
      echo
    done
    rm -rf "$found"
    exit 1
  fi
  grep -E "^stat::(number_of_executed_units|peak_rss_mb|new_units_added)" "$scratch/$target.log" | sed "s/^/  /" || true
  rm -rf "$found"
done
