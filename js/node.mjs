// Node and Bun (ESM): initialised on import from the .wasm beside this file.
import { initSync } from "./api.js";

// `process.getBuiltinModule` (Node 20.16+, Bun) instead of `import … from "node:fs"`: the import
// builds node:fs's ESM facade, which costs an app that had not imported it yet ~3 ms of cold start.
const { readFileSync } = globalThis.process.getBuiltinModule?.("node:fs") ?? (await import("node:fs"));
initSync(readFileSync(new URL("./wasm/enmeshed_events_bg.wasm", import.meta.url)));

export * from "./api.js";
export { default } from "./api.js";
