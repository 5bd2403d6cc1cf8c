// Vercel Edge Functions: their bundler imports a compiled module with the `?module` suffix.
import wasm from "./wasm/enmeshed_events_bg.wasm?module";
import { initSync } from "./api.js";

initSync(wasm);

export * from "./api.js";
export { default } from "./api.js";
