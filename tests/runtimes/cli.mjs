// Shim for runtimes with a command line: `node|bun cli.mjs <runtime> [specifier]`, `deno run --node-modules-dir=manual … cli.mjs deno`.
// Imports the package by `specifier` (default "enmeshed-events": the package's exports decide the
// entry), runs the shared scenarios, prints `<runtime>: N passed, M failed` and sets the exit code.
import { runScenarios, summaryLine } from "./scenarios.mjs";

const args = globalThis.Deno ? Deno.args : process.argv.slice(2);
const [runtime = "node", specifier = "enmeshed-events"] = args;
const exit = (code) => (globalThis.Deno ? Deno.exit(code) : process.exit(code));

// The file each runtime's exports condition must pick.
const ENTRY = { node: "node.mjs", bun: "node.mjs", deno: "deno.js" };

let result;
try {
  const pkg = await import(specifier);
  result = await runScenarios(pkg, { runtime });
  const entry = import.meta.resolve(specifier).split("/").pop();
  if (specifier === "enmeshed-events" && ENTRY[runtime] !== undefined) {
    const ok = entry === ENTRY[runtime];
    result[ok ? "passed" : "failed"]++;
    console.log(`  ${ok ? "ok  " : "FAIL"}  ${runtime} | the exports condition picks ${ENTRY[runtime]}${ok ? "" : `, not ${entry}`}`);
  }
} catch (error) {
  console.log(`  FAIL  ${runtime} | import ${specifier}: ${error?.stack ?? error}`);
  result = { passed: 0, failed: 1 };
}
console.log(summaryLine(runtime, result));
exit(result.failed === 0 ? 0 : 1);
