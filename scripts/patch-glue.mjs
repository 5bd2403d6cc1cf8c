// Patches the wasm-bindgen glue (scripts/build.sh runs this after wasm-bindgen) so that a Rust
// closure called from JS (the async executor's microtask, a promise callback of a JsFuture, an
// abort listener) goes through js/instance.js, which keeps such calls safe across instance
// replacement:
//  - a closure of a replaced instance returns instead of throwing: its instance is gone, and
//    everything that waited on it was settled when it was replaced (js/instance.js `onReplaced`),
//    so there is nobody left to call. The throw only ever surfaced as an uncaught exception
//    (Node exits) from a timer or microtask. Running it is never an option: its pointers belong
//    to the old memory.
//  - every invocation runs through a runner the package sets (`__wbg_set_closure_runner`), so a
//    trap inside one (a panic in a future) poisons and replaces the instance like a trap in a
//    `guarded` call, instead of escaping from a microtask with the instance left half-broken.
// It also declares the parameters of the imports that catch exceptions (see below).
// Every patch must match exactly once (the parameter one at least once): a newer wasm-bindgen
// that changes the glue fails the build.
import { readFileSync, writeFileSync } from "node:fs";

const file = process.argv[2];
let glue = readFileSync(file, "utf8");

function replaceOnce(from, to) {
  const count = glue.split(from).length - 1;
  if (count !== 1) throw new Error(`patch-glue: expected ${JSON.stringify(from)} once in ${file}, found it ${count} times`);
  glue = glue.replace(from, () => to);
}

replaceOnce(
  "throw new Error('Cannot invoke closure from previous WASM instance');",
  "return; // patched by scripts/patch-glue.mjs: the instance is gone, nobody waits on it",
);
replaceOnce("return f(a, state.b, ...args);", "return __wbg_closure_runner(() => f(a, state.b, ...args));");
// Imports that catch JS exceptions are `function() { return handleError(function (a, b) {…},
// arguments); }`: declared with no parameters, so V8 sees an arity mismatch with the wasm
// signature and compiles an adapting wrapper for each of them when the module is instantiated
// (instantiation took 1.5-2 ms instead of 0.5 here, BENCHMARKS.md, Cold start) and calls through
// it. Declaring the inner function's parameters on the outer one changes nothing else:
// `arguments` is the same object.
const withArguments = /function\(\) \{ return handleError\(function \(([^)]*)\) \{/g;
const arityFixes = glue.match(withArguments)?.length ?? 0;
if (arityFixes === 0) throw new Error(`patch-glue: expected handleError imports in ${file}, found none`);
glue = glue.replace(withArguments, (_, params) => `function(${params}) { return handleError(function (${params}) {`);
glue += `
// Added by scripts/patch-glue.mjs: js/instance.js runs every closure invocation (see there).
let __wbg_closure_runner = (invoke) => invoke();
export function __wbg_set_closure_runner(runner) {
  __wbg_closure_runner = runner;
}
`;
writeFileSync(file, glue);
