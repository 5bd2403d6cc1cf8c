// Deno: initialised on import (top-level await fetches the .wasm beside the glue).
import init from "./api.js";

await init();

export * from "./api.js";
export { default } from "./api.js";
