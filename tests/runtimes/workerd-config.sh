#!/usr/bin/env bash
# Writes a workerd config into DIR for the shim WORKER (workerd-test.mjs or a server worker):
# the shim, scenarios.mjs and the package from PKG_DIR, whose workerd entry is the module
# "enmeshed-events" (the name the shim imports) and whose .wasm is a compiled wasm module.
# Usage: workerd-config.sh PKG_DIR DIR WORKER [ADDRESS]   (ADDRESS adds an HTTP socket)
# WORKERD_BINDINGS, if set, is a capnp list body of bindings, e.g. (name = "KEY", text = "v").
# WORKERD_MODULES, if set, names more ES module files to embed beside the worker (by base name).
# WORKERD_NETWORK=local lets the worker's fetch reach loopback and private addresses (workerd's
# default outbound refuses them), for tests against a server on 127.0.0.1.
set -euo pipefail
pkg="$(cd "$1" && pwd)"; dir="$2"; worker="$3"; address="${4:-}"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$dir/pkg/wasm"
cp "$worker" "$dir/worker.mjs"
cp "$here/scenarios.mjs" "$dir/"
modules='(name = "worker.mjs", esModule = embed "worker.mjs"),
    (name = "scenarios.mjs", esModule = embed "scenarios.mjs"),
    (name = "enmeshed-events", esModule = embed "pkg/workerd.js")'
for f in ${WORKERD_MODULES:-}; do
  cp "$f" "$dir/"
  modules+=",
    (name = \"$(basename "$f")\", esModule = embed \"$(basename "$f")\")"
done
for f in "$pkg"/*.js; do
  name="$(basename "$f")"
  case "$name" in workerd.js|node.*|edge-light.js|deno.js) continue ;; esac
  cp "$f" "$dir/pkg/"
  modules+=",
    (name = \"$name\", esModule = embed \"pkg/$name\")"
done
cp "$pkg/workerd.js" "$dir/pkg/"
# The subpath enmeshed-events/consume. workerd resolves its imports against its name: "./guard.js"
# to enmeshed-events/guard.js, and "#core" (package.json "imports", which wrangler's bundler
# resolves to workerd.js) to enmeshed-events/#core, here a module that re-exports
# "enmeshed-events" so that the core is instantiated once.
if [ -f "$pkg/consume.js" ]; then
  printf 'export * from "../enmeshed-events";\nexport { default } from "../enmeshed-events";\n' > "$dir/pkg/core.js"
  modules+=",
    (name = \"enmeshed-events/consume\", esModule = embed \"pkg/consume.js\"),
    (name = \"enmeshed-events/guard.js\", esModule = embed \"pkg/guard.js\"),
    (name = \"enmeshed-events/#core\", esModule = embed \"pkg/core.js\")"
fi
for f in "$pkg"/wasm/*.js; do
  cp "$f" "$dir/pkg/wasm/"
  modules+=",
    (name = \"wasm/$(basename "$f")\", esModule = embed \"pkg/wasm/$(basename "$f")\")"
done
cp "$pkg/wasm/enmeshed_events_bg.wasm" "$dir/pkg/wasm/"
modules+=',
    (name = "wasm/enmeshed_events_bg.wasm", wasm = embed "pkg/wasm/enmeshed_events_bg.wasm")'
services='(name = "main", worker = .worker)'
# workerd sends a worker's fetch through the service named "internet" when there is one.
[ "${WORKERD_NETWORK:-}" = local ] && services+=', (name = "internet", network = (allow = ["public", "local"]))'
sockets=""
[ -n "$address" ] && sockets="sockets = [ (name = \"http\", address = \"$address\", http = (), service = \"main\") ],"
cat > "$dir/config.capnp" <<CAPNP
using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ $services ],
  $sockets
);
const worker :Workerd.Worker = (
  compatibilityDate = "2025-01-01",
  bindings = [ ${WORKERD_BINDINGS:-} ],
  modules = [
    $modules
  ]
);
CAPNP
