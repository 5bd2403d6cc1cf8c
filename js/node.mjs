// Node and Bun (ESM): initialised on import from the .wasm beside this file.
import { readFileSync } from "node:fs";
import { initSync } from "./api.js";

initSync(readFileSync(new URL("./wasm/enmeshed_events_bg.wasm", import.meta.url)));

export * from "./api.js";
export { default } from "./api.js";
