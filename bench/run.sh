#!/usr/bin/env bash
# The benchmark (BENCHMARKS.md): installs the pinned peers, builds the package into bench/.pkg,
# renders the ajv schemas from the Rust DTO tables, runs bench.mjs. Writes bench/results.json and
# bench/chart.svg and prints the tables. About 2 minutes on 2 cores with cached Rust builds; not part of the tests.
# BENCH_QUICK=1 bash bench/run.sh tries the harness in about 40 s (writes results.quick.json, chart.quick.svg).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
start=$SECONDS

# npm ci only when bench/node_modules does not match the lock (optional platform packages aside).
if ! (cd bench && node -e 'const l=require("./package-lock.json"),fs=require("fs");for(const[p,v]of Object.entries(l.packages)){if(!p)continue;const f=p+"/package.json";if(!fs.existsSync(f)){if(v.optional)continue;process.exit(1)}if(JSON.parse(fs.readFileSync(f)).version!==v.version)process.exit(1)}' 2>/dev/null); then
  npm ci --prefix bench --no-audit --no-fund --loglevel=error
fi
if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ ! -x tools/node_modules/.bin/esbuild ]; then
  npm ci --prefix tools --no-audit --no-fund --loglevel=error
fi
PKG_DIR=bench/.pkg bash scripts/build.sh
cargo run --quiet --release --example json_schema > bench/.schema.json
load=$(cut -d' ' -f1 /proc/loadavg)
echo "load average before the run: $load (numbers are only comparable below about 1.5)" >&2
node --expose-gc bench/bench.mjs
echo "bench/run.sh: $((SECONDS - start)) s in all" >&2
