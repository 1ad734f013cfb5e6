#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for SECONDS each (default 60), seeded from the test
# files. Needs the nightly toolchain (`cargo +nightly`); installs cargo-fuzz when missing.
# Without nightly it says so and exits 0. A crash stops the run with exit 1; the input that
# crashed is in fuzz/artifacts/TARGET/ (replay it with `cargo +nightly fuzz run TARGET FILE`).
#
#   scripts/fuzz.sh          # 60 s per target
#   scripts/fuzz.sh 3600     # an hour per target
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz: no nightly toolchain (cargo +nightly); skipped"
  exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  cargo +nightly install cargo-fuzz --locked
fi

# Seed corpora from the test files (the corpora grow in fuzz/corpus/, which Git ignores).
seed() { # TARGET FILE...
  local dir="fuzz/corpus/$1"
  shift
  mkdir -p "$dir"
  for file in "$@"; do
    [ -f "$file" ] && cp "$file" "$dir/seed-$(basename "$file")"
  done
  return 0
}
seed set tests/golden/input/*.annotations.ron assets/*.annotations.ron
seed schema fuzz/seeds/schema/*.ron
seed import_jsonl tests/golden/jsonl/*.jsonl tests/golden/jsonl-tokens/*.jsonl
seed import_doccano tests/golden/doccano/*.jsonl
seed import_label_studio tests/golden/label-studio/*.json
mkdir -p fuzz/corpus/import_brat
for ann in tests/golden/brat/*/*.ann; do
  # A brat input is the .ann, a NUL byte, then the .txt (see import::parse_bytes).
  { cat "$ann"; printf '\0'; cat "${ann%.ann}.txt"; } >"fuzz/corpus/import_brat/seed-$(basename "$ann")"
done

seed ingest_html tests/ingest/*.html

targets=(set schema import_jsonl import_doccano import_label_studio import_brat ingest_html)
echo "fuzz: building ${#targets[@]} targets"
cargo +nightly fuzz build
mkdir -p fuzz/logs
for target in "${targets[@]}"; do
  echo "fuzz: $target for ${seconds}s"
  log="fuzz/logs/$target.log"
  if ! cargo +nightly fuzz run "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "fuzz: $target failed (log: $log; the input is in fuzz/artifacts/$target/)"
    exit 1
  fi
  grep -E '^stat::number_of_executed_units' "$log" | sed "s/^/fuzz: $target: /" || true
done
echo "fuzz: ${#targets[@]} targets ran ${seconds}s each without a crash"
