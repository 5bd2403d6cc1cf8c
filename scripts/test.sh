#!/usr/bin/env bash
# Every test: lints, native Rust tests (unit, corpus, properties), wasm tests in Node and
# headless Chromium, the built package's JS tests, the type tests, the runtime matrix and the
# inspector page. Installs what it needs first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export DENO_NO_UPDATE_CHECK=1

step() { printf '\n=== %s\n' "$*"; }

step setup
bash scripts/setup.sh

step "lints (rustfmt, clippy for the host and for wasm32)"
cargo fmt --check
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --lib --tests -- -D warnings

step "native Rust tests"
cargo test --quiet

step "wasm tests in Node and headless Chromium"
cargo test --target wasm32-unknown-unknown --test wasm_node --test wasm_browser

step "fuzz targets, a short run each (bash scripts/fuzz.sh SECONDS for longer)"
bash scripts/fuzz.sh "${FUZZ_SECONDS:-20}"

step "package build"
bash scripts/build.sh

step "JavaScript tests of the built package"
node --test tests/js/

step "TypeScript type tests (declarations, official DTO types, a consumer of the built package)"
bash tests/types/run.sh
bash tests/types/consumer/run.sh

if [ -f tests/runtimes/run.sh ]; then
  step "runtime matrix"
  bash tests/runtimes/run.sh
fi
if [ -d tests/www ]; then
  step "inspector page in Chromium"
  node --test tests/www/
fi
echo
echo "all tests passed"
