#!/usr/bin/env bash
# Installs what building and testing need, idempotently: a reused machine skips what is there.
# Pinned: the wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

WASM_BINDGEN_VERSION=0.2.130
WASM_PACK_VERSION=0.15.1

have_version() { command -v "$1" >/dev/null 2>&1 && [ "$("$1" --version | awk '{print $2}')" = "$2" ]; }

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
rustup component list --installed | grep -q '^clippy' || rustup component add clippy
rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
# No --locked: the registry here lacks one dependency version the CLI's lockfile pins.
have_version wasm-bindgen "$WASM_BINDGEN_VERSION" || cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
# The design card's test command (`wasm-pack test --node`, `--headless --chrome`); it finds the
# wasm-bindgen above on PATH and downloads nothing.
have_version wasm-pack "$WASM_PACK_VERSION" || cargo install wasm-pack --version "$WASM_PACK_VERSION"

# Debian's chromium and its matching driver (no tool may download a browser of its own).
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  apt-get update -q && apt-get install -y -q chromium chromium-driver
fi

# npm folders: install when node_modules is missing or older than the lockfile.
npm_ci() {
  local dir=$1 stamp="$1/node_modules/.installed-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
    cp "$dir/package-lock.json" "$stamp"
  fi
}
npm_ci tools
# axios, pinned, sends webhooks as the Connector does (tests/js/webhook-keepalive.test.mjs).
npm_ci tests/js/webhook-keepalive
# Broker clients for the tests against real brokers (tests/brokers/), pinned.
npm_ci tests/brokers
# The REST client's tests (tests/rest/): Prism (OpenAPI mock and validation server; 5.14.2 is the
# newest whose engines allow Node 20) and the official SDK BENCHMARKS.md compares with.
npm_ci tests/rest
# ajv and yaml, pinned: the catch-up tests check the fake Connector's answers against its openapi.yml.
npm_ci tests/catchup
# RabbitMQ, Mosquitto and Redis from Debian (scripts/brokers.sh installs only what is missing).
# shellcheck source=scripts/brokers.sh
( . scripts/brokers.sh && brokers_install )
echo "setup: ok"
