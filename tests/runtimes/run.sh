#!/usr/bin/env bash
# The runtime matrix: runs the shared scenarios (scenarios.mjs) in every runtime the package
# supports and prints a table. Builds nothing: PKG_DIR (default pkg) must hold a built package
# (bash scripts/build.sh). Tools come from tools/node_modules (npm ci --prefix tools).
# Exits non-zero if any runtime failed a scenario or did not report. VERBOSE=1 lists passed scenarios too.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/tests/runtimes"
pkg="$(cd "$root" && cd "${PKG_DIR:-pkg}" 2>/dev/null && pwd)" || { echo "run.sh: no package at ${PKG_DIR:-pkg}; run scripts/build.sh first" >&2; exit 2; }
[ -f "$pkg/wasm/enmeshed_events_bg.wasm" ] || { echo "run.sh: $pkg has no wasm/enmeshed_events_bg.wasm; run scripts/build.sh first" >&2; exit 2; }
bin="$root/tools/node_modules/.bin"
[ -x "$bin/workerd" ] || { echo "run.sh: tools are missing; run npm ci --prefix tools" >&2; exit 2; }
export DENO_NO_UPDATE_CHECK=1 NO_COLOR=1

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Node, Bun and Deno (--node-modules-dir=manual) resolve "enmeshed-events" from a node_modules
# folder through the package's exports, each with its own condition (node, bun, deno).
mkdir -p "$work/app/node_modules"
ln -s "$pkg" "$work/app/node_modules/enmeshed-events"
echo '{ "private": true, "type": "module", "dependencies": { "enmeshed-events": "*" } }' > "$work/app/package.json"
cp "$here/cli.mjs" "$here/scenarios.mjs" "$here/cjs-smoke.cjs" "$work/app/"
bash "$here/workerd-config.sh" "$pkg" "$work/workerd" "$here/workerd-test.mjs"

runtimes=(node node-cjs bun deno workerd miniflare edge-runtime chromium bundler-esbuild bundler-vite)
run_one() {
  case "$1" in
    node) (cd "$work/app" && node cli.mjs node) ;;
    node-cjs) (cd "$work/app" && node cjs-smoke.cjs) ;;
    bun) (cd "$work/app" && "$bin/bun" cli.mjs bun) ;;
    deno) (cd "$work/app" && "$bin/deno" run --quiet --no-lock --node-modules-dir=manual --allow-read --allow-env cli.mjs deno) ;;
    workerd) (cd "$work/workerd" && "$bin/workerd" test config.capnp) ;;
    miniflare) node "$here/miniflare.mjs" "$work/workerd" ;;
    edge-runtime) node "$here/edge-runtime.mjs" "$pkg" ;;
    chromium) node "$here/chromium.mjs" "$pkg" ;;
    # A browser app importing "enmeshed-events" by name, bundled (esbuild; vite build), run in chromium.
    bundler-esbuild) node "$here/bundler-esbuild.mjs" "$pkg" ;;
    bundler-vite) node "$here/bundler-vite.mjs" "$pkg" ;;
  esac
}

declare -A passed failed seconds status
start_all=$SECONDS
for rt in "${runtimes[@]}"; do
  start=$(date +%s%N)
  timeout 120 bash -c "$(declare -f run_one); work='$work' bin='$bin' pkg='$pkg' here='$here'; run_one $rt" > "$work/$rt.log" 2>&1
  rc=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  seconds[$rt]="$((ms / 1000)).$(( (ms % 1000) / 100 ))"
  line="$(grep -E "^$rt: [0-9]+ passed, [0-9]+ failed" "$work/$rt.log" | tail -1)"
  if [ -n "$line" ]; then
    passed[$rt]="$(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")"
    failed[$rt]="$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")"
  else
    passed[$rt]=0; failed[$rt]="?"
  fi
  if [ "$rc" -eq 0 ] && [ "${failed[$rt]}" = 0 ]; then status[$rt]=ok; else status[$rt]="FAILED (exit $rc)"; fi
  if [ "${status[$rt]}" != ok ]; then echo "---- $rt output ----"; cat "$work/$rt.log"; echo "----";
  elif [ -n "${VERBOSE:-}" ]; then grep -E '^  ok ' "$work/$rt.log"; fi
done

echo
printf '%-15s %7s %7s %8s  %s\n' runtime passed failed seconds status
total_passed=0; total_failed=0; bad=0
for rt in "${runtimes[@]}"; do
  printf '%-15s %7s %7s %8s  %s\n' "$rt" "${passed[$rt]}" "${failed[$rt]}" "${seconds[$rt]}" "${status[$rt]}"
  total_passed=$((total_passed + passed[$rt]))
  if [ "${status[$rt]}" = ok ]; then continue; fi
  bad=$((bad + 1))
  # A runtime that did not report, or exited non-zero after reporting no failure, counts as one.
  if [ "${failed[$rt]}" = "?" ] || [ "${failed[$rt]}" = 0 ]; then total_failed=$((total_failed + 1)); else total_failed=$((total_failed + failed[$rt])); fi
done
echo "(package $pkg; $((SECONDS - start_all)) s)"
echo "runtimes: $total_passed passed, $total_failed failed"
[ "$bad" -eq 0 ]
