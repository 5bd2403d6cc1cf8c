#!/usr/bin/env bash
# Builds the npm package into pkg/: release wasm, wasm-bindgen glue (web target, usable in
# every runtime through initSync), wasm-opt, the JS entries, the CommonJS bundle and types.
# Needs the tools scripts/setup.sh installs. PKG_DIR overrides the output folder (default pkg).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${PKG_DIR:-pkg}"
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
if ! command -v wasm-bindgen >/dev/null || ! command -v wasm-opt >/dev/null || ! command -v esbuild >/dev/null; then
  echo "build.sh: wasm-bindgen, wasm-opt or esbuild is missing: run bash scripts/setup.sh first" >&2
  exit 1
fi

# TRAP_HOOK=1 builds the test package whose wasm traps on the event `enmeshed.test.trap`
# (cargo feature trap-hook), in its own target folder so the two builds do not evict each other.
features=() target_dir=target
if [ "${TRAP_HOOK:-}" = 1 ]; then features=(--features trap-hook) target_dir=target/trap-hook; fi
# No default features: they are serde_json interop for Rust users, which the package never calls.
cargo build --quiet --release --target wasm32-unknown-unknown --lib --no-default-features --target-dir "$target_dir" "${features[@]}"
rm -rf "$out"
mkdir -p "$out/wasm"
# The reset function lets js/instance.js replace an instance that trapped (see `guarded`).
# Exports return one value at most, for V8's generic wrapper (see the script).
mkdir -p "$target_dir/single-value"
node scripts/single-value.mjs "$target_dir/wasm32-unknown-unknown/release/enmeshed_events.wasm" \
  "$target_dir/single-value/enmeshed_events.wasm"
wasm-bindgen --target web --experimental-reset-state-function --out-dir "$out/wasm" \
  "$target_dir/single-value/enmeshed_events.wasm"
# Closures of a replaced instance become no-ops, and every closure call runs through
# js/instance.js (a trap inside one replaces the instance): see the script.
node scripts/patch-glue.mjs "$out/wasm/enmeshed_events.js"
# The features rustc emits for wasm32-unknown-unknown by default, plus simd128 (.cargo/config.toml),
# less multivalue (scripts/single-value.mjs).
wasm-opt -O3 --enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-reference-types --enable-simd --strip-debug --strip-producers \
  "$out/wasm/enmeshed_events_bg.wasm" -o "$out/wasm/enmeshed_events_bg.wasm"
rm -f "$out/wasm/.gitignore" "$out/wasm/package.json"

cp js/*.js js/node.mjs js/package.json "$out/"
rm "$out/node-cjs.js"
cp js/types/*.d.ts "$out/"
# CommonJS consumers (node16 resolution) need .d.cts twins whose relative imports stay CommonJS.
for dts in js/types/*.d.ts; do
  base=$(basename "$dts" .d.ts)
  sed -E 's#(from "\./[a-z-]+)\.js"#\1.cjs"#g' "$dts" > "$out/$base.d.cts"
done
# Node's ESM entry as one file: loading one module instead of five saves 2-3 ms of cold start.
esbuild "$out/node.mjs" --bundle --format=esm --platform=node --log-level=error --allow-overwrite --outfile="$out/node.mjs"
cp js/node-cjs.js "$out/"
esbuild "$out/node-cjs.js" --bundle --format=cjs --platform=node --log-level=error --outfile="$out/node.cjs"
rm "$out/node-cjs.js"
cp README.md "$out/" 2>/dev/null || true
echo "built $out/: $(wc -c < "$out/wasm/enmeshed_events_bg.wasm") bytes of wasm, $(gzip -9c "$out/wasm/enmeshed_events_bg.wasm" | wc -c) gzipped"
