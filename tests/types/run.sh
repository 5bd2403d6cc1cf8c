#!/usr/bin/env bash
# Type tests of the npm package's TypeScript declarations (js/types/*.d.ts).
# Installs the pinned devDependencies (npm ci) when node_modules is missing or stale, then
# type-checks the tests with `tsc` under two module resolutions (bundler, node16).
# Exits non-zero on any type error. Needs Node >= 18 and npm; reaches the npm registry only to install.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

stamp_file=node_modules/.install-stamp
want_stamp=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
if [[ ! -x node_modules/.bin/tsc || ! -f "$stamp_file" || "$(cat "$stamp_file")" != "$want_stamp" ]]; then
    echo "type tests: installing devDependencies (npm ci)"
    npm ci --no-audit --no-fund
    echo "$want_stamp" > "$stamp_file"
fi

echo "type tests: $(node_modules/.bin/tsc --version)"
passed=0
failed=0
for project in tsconfig.json tsconfig.node16.json; do
    if node_modules/.bin/tsc -p "$project"; then
        echo "ok   tsc -p $project"
        passed=$((passed + 1))
    else
        echo "FAIL tsc -p $project"
        failed=$((failed + 1))
    fi
done
echo "types: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
