#!/usr/bin/env bash
# Runs the fuzz targets (fuzz/fuzz_targets) for a while each, seeded from the fixture corpus and
# with the JSON dictionary; exits non-zero on any crash and prints the crash input's path.
#   bash scripts/fuzz.sh [seconds-per-target] [targets...]
# Default: 20 s for every target (the short run in scripts/test.sh). Installs the pinned
# cargo-fuzz if missing. libFuzzer on stable Rust: RUSTC_BOOTSTRAP=1, no sanitizer, -O.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

CARGO_FUZZ_VERSION=0.13.1
ALL_TARGETS=(parse_delivery read_validate router endpoint envelope identity subscriptions json_text utf16)

seconds=${1:-20}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${ALL_TARGETS[@]}")

# `cargo fuzz --version` prints "cargo-fuzz 0.13.1".
if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi

python3 fuzz/seeds.py fuzz/corpus

cd fuzz
export RUSTC_BOOTSTRAP=1
failed=()
for target in "${targets[@]}"; do
  printf '\n=== fuzz %s for %s s\n' "$target" "$seconds"
  mkdir -p target/logs
  log="target/logs/$target.txt"
  # -dict: the JSON dictionary; -max_len covers the largest fixture; the corpus dir is
  # written to (new inputs), the seeds are regenerated above.
  if cargo fuzz run --sanitizer none -O "$target" "corpus/$target" -- -dict=json.dict -max_total_time="$seconds" \
    -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
    grep -E '^stat::number_of_executed_units|^stat::average_exec_per_sec|DONE' "$log" | tr '\n' ' '
    echo
  else
    grep -m1 -A8 "panicked at" "$log" || tail -n 30 "$log"
    crash=$(grep -oE "Test unit written to \S+" "$log" | awk '{print $NF}' | tail -n 1)
    echo "fuzz $target FAILED; crash input: ${crash:-<none written, see fuzz/$log>}"
    echo "  replay: cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none -O $target ${crash:-<input>}"
    failed+=("$target")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crashes in ${failed[*]}"
  exit 1
fi
echo "fuzz: ok (${targets[*]}, $seconds s each)"
