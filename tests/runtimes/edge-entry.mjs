// Runs inside Vercel's edge-runtime (bundled to an IIFE by edge-runtime.mjs; "enmeshed-events"
// is aliased to the package's index.js). The VM forbids eval, so the .wasm bytes come in through
// `extend` as WASM_BYTES and are compiled with `new WebAssembly.Module`.
import * as pkg from "enmeshed-events";
import { runScenarios, summaryLine } from "./scenarios.mjs";

pkg.initSync(new WebAssembly.Module(WASM_BYTES));

addEventListener("fetch", (event) => {
  event.respondWith((async () => {
    const lines = [];
    const result = await runScenarios(pkg, { runtime: "edge-runtime", print: (line) => lines.push(line) });
    lines.push(summaryLine("edge-runtime", result));
    return Response.json({ failed: result.failed, lines });
  })());
});
