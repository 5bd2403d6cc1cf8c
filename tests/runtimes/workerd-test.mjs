// Cloudflare Workers shim. `workerd test` calls `test()`; miniflare.mjs calls `fetch()`.
// The config (workerd-config.sh) maps "enmeshed-events" to the package's workerd entry, whose
// .wasm is a compiled module, as wrangler does through the "workerd" exports condition.
import * as pkg from "enmeshed-events";
import { runScenarios, summaryLine } from "./scenarios.mjs";

async function run(runtime, print) {
  const result = await runScenarios(pkg, { runtime, print });
  print(summaryLine(runtime, result));
  return result;
}

export default {
  async test() {
    const result = await run("workerd", (line) => console.log(line));
    if (result.failed > 0) throw new Error(`${result.failed} scenarios failed`);
  },
  async fetch(request) {
    const runtime = new URL(request.url).searchParams.get("runtime") ?? "workerd";
    const lines = [];
    const result = await run(runtime, (line) => lines.push(line));
    return Response.json({ failed: result.failed, lines });
  },
};
