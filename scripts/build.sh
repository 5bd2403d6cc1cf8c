#!/usr/bin/env bash
# Builds the npm package into pkg/: release wasm, wasm-bindgen glue (web target, usable in
# every runtime through initSync), wasm-opt, the JS entries, the CommonJS bundle and types.
# Needs the tools scripts/setup.sh installs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

cargo build --quiet --release --target wasm32-unknown-unknown --lib
rm -rf pkg
mkdir -p pkg/wasm
# The reset function lets api.js replace an instance that trapped (see `guarded` there).
wasm-bindgen --target web --experimental-reset-state-function --out-dir pkg/wasm \
  target/wasm32-unknown-unknown/release/enmeshed_events.wasm
# The features rustc emits for wasm32-unknown-unknown by default, nothing more.
wasm-opt -O3 --enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-reference-types --enable-multivalue --strip-debug --strip-producers \
  pkg/wasm/enmeshed_events_bg.wasm -o pkg/wasm/enmeshed_events_bg.wasm
rm -f pkg/wasm/.gitignore pkg/wasm/package.json

cp js/api.js js/index.js js/node.mjs js/workerd.js js/edge-light.js js/deno.js js/package.json pkg/
cp js/types/*.d.ts pkg/
cp js/node-cjs.js pkg/
esbuild pkg/node-cjs.js --bundle --format=cjs --platform=node --log-level=error --outfile=pkg/node.cjs
rm pkg/node-cjs.js
cp README.md pkg/ 2>/dev/null || true
echo "built pkg/: $(wc -c < pkg/wasm/enmeshed_events_bg.wasm) bytes of wasm, $(gzip -9c pkg/wasm/enmeshed_events_bg.wasm | wc -c) gzipped"
