// Node and Bun (ESM): initialised on import from the .wasm beside this file.
import { initSync } from "./api.js";

// node:fs through `process.getBuiltinModule` (Node 20.16+, Bun, Deno) instead of `import … from
// "node:fs"`: the import builds node:fs's ESM facade, which costs an app that had not imported it
// yet ~2-3 ms of cold start. No `await import("node:fs")` fallback for older Node: top-level await
// makes every module graph holding this entry async, so `require()` of the package's ESM subpaths
// (require(esm), Node 20.19+/22.12+) and CommonJS bundles of this entry would fail
// (tests/js/node-entry.test.mjs).
if (typeof globalThis.process?.getBuiltinModule !== "function") {
  throw new Error("enmeshed-events needs Node 20.16 or later (process.getBuiltinModule); this is " + (globalThis.process?.version ?? "not Node"));
}
const { readFileSync } = globalThis.process.getBuiltinModule("node:fs");
initSync(readFileSync(new URL("./wasm/enmeshed_events_bg.wasm", import.meta.url)));

export * from "./api.js";
export { default } from "./api.js";
