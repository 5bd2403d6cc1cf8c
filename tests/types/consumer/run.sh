#!/usr/bin/env bash
# Type-checks a consumer of the BUILT package (pkg/ or $PKG_DIR) under node16 resolution, once
# through `require` (index.d.cts) and once through `import` (index.d.ts), as npm would install it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pkg=$(cd "${PKG_DIR:-$here/../../../pkg}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/node_modules"
cp -r "$pkg" "$work/node_modules/enmeshed-events"
cp "$here/require.cts" "$here/import.mts" "$work/"
cat > "$work/tsconfig.json" <<'JSON'
{ "compilerOptions": { "strict": true, "noEmit": true, "module": "node16", "moduleResolution": "node16",
  "target": "ES2022", "lib": ["ES2022", "DOM"], "skipLibCheck": false }, "files": ["require.cts", "import.mts"] }
JSON
"$here/../node_modules/.bin/tsc" -p "$work" && echo "consumer types: 1 passed, 0 failed"
