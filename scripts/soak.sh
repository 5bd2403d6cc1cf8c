#!/usr/bin/env bash
# The soak of issue 8 (see RELIABILITY.md), not part of scripts/test.sh: 1,000,000 mixed
# deliveries, then 1,000,000 throwing dispatches, each in one Node process, niced so it can run
# beside a build. Uses the built package in pkg/ (or $PKG_DIR); builds it first if it is missing.
# Extra arguments go to the mixed run (e.g. --seed 2, --deliveries 200000).
set -euo pipefail
cd "$(dirname "$0")/.."
pkg="${PKG_DIR:-pkg}"
[ -f "$pkg/node.mjs" ] || PKG_DIR="$pkg" bash scripts/build.sh
nice -n "${SOAK_NICE:-10}" node --expose-gc scripts/soak.mjs --pkg "$pkg" "$@"
nice -n "${SOAK_NICE:-10}" node --expose-gc scripts/soak.mjs --pkg "$pkg" --throwing "${SOAK_THROWING:-1000000}"
