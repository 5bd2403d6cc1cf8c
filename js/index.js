// Browsers and bundlers: call `await init()` (or `initSync(module)`) once before use.
export * from "./api.js";
export { default } from "./api.js";
