// Shim for Vercel's edge-runtime: `node edge-runtime.mjs PKG_DIR`. Bundles edge-entry.mjs with the
// package's web entry to one IIFE (esbuild from tools/), evaluates it in an EdgeRuntime VM and
// fetches the result. Prints `edge-runtime: N passed, M failed`.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { resolve, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = resolve(process.argv[2] ?? join(here, "../../pkg"));
const tools = createRequire(join(here, "../../tools/package.json"));
const esbuild = tools("esbuild");
const { EdgeRuntime } = tools("edge-runtime");

let failed = 1;
try {
  const bundle = await esbuild.build({
    entryPoints: [join(here, "edge-entry.mjs")],
    bundle: true,
    format: "iife",
    write: false,
    logLevel: "error",
    alias: { "enmeshed-events": join(pkgDir, "index.js") },
    define: { "import.meta.url": '"file:///edge/index.js"' },
  });
  const bytes = readFileSync(join(pkgDir, "wasm/enmeshed_events_bg.wasm"));
  const runtime = new EdgeRuntime({
    initialCode: bundle.outputFiles[0].text,
    extend: (context) => Object.assign(context, { WASM_BYTES: new Uint8Array(bytes) }),
  });
  const response = await runtime.dispatchFetch("http://127.0.0.1/run");
  const result = await response.json();
  for (const line of result.lines) console.log(line);
  failed = result.failed;
} catch (error) {
  console.log(`  FAIL  edge-runtime | ${error?.stack ?? error}`);
  console.log("edge-runtime: 0 passed, 1 failed");
}
process.exit(failed === 0 ? 0 : 1);
