// Marks `multivalue` as disabled in the wasm's target_features section (scripts/build.sh runs
// this before wasm-bindgen), so wasm-bindgen returns Results and strings through memory instead
// of as several values.
//
// Why: Node 20's V8 calls exports through its generic JS-to-wasm wrapper only when they return
// at most one value; for each signature with more it compiles a wrapper with TurboFan while the
// module compiles, and cold start pays for that: 12 such signatures took `new
// WebAssembly.Module` from about 9.5 to 5 ms here (BENCHMARKS.md, Cold start). A call through
// memory costs two tiny calls more (the stack pointer) and reads three i32s: within the noise of
// a dispatch.
//
// Rust (1.82+) enables multivalue for wasm32-unknown-unknown by default and the precompiled std
// carries it into the section, so `-C target-feature=-multivalue` cannot clear it. The code
// itself does not use multi-value returns (Rust's wasm C ABI returns through memory), so
// flipping the section's `+` to `-` only changes what wasm-bindgen generates.
import { readFileSync, writeFileSync } from "node:fs";

const [from, to] = process.argv.slice(2);
const wasm = readFileSync(from);
// A target_features entry: prefix byte, LEB128 length (10), name.
const entry = Buffer.from("+\x0amultivalue", "latin1");
const at = wasm.indexOf(entry);
if (at < 0 || wasm.indexOf(entry, at + 1) >= 0) {
  throw new Error(`single-value: expected "+multivalue" once in ${from}'s target_features section`);
}
wasm[at] = "-".charCodeAt(0);
writeFileSync(to, wasm);
