// Chromium shim (runtimes.mjs serves it): the package's browser entry after `await init()`, the
// scenario's parameters from /scenario.json; the result is left in window.__result.
import init, * as pkg from "/pkg/index.js";
import { runCatchUpScenario } from "/t/runtime-scenario.mjs";

async function main() {
  await init();
  const scenario = await (await fetch("/scenario.json")).json();
  return runCatchUpScenario(pkg, { runtime: "chromium", ...scenario });
}

window.__result = main().catch((error) => ({ passed: 0, failed: 1, lines: [`  FAIL  chromium | ${error?.stack ?? error}`] }));
