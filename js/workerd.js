// Cloudflare Workers (workerd): they refuse to compile wasm from bytes at run time, so the
// .wasm is imported as a compiled module and instantiated on import.
import wasm from "./wasm/enmeshed_events_bg.wasm";
import { initSync } from "./api.js";

initSync(wasm);

export * from "./api.js";
export { default } from "./api.js";
