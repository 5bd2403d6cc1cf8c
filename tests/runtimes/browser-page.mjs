// Runs in headless Chromium (chromium.mjs serves it): the package's browser entry with
// `await init()`, the shared scenarios, then a router fed from `fetch` (NDJSON and one JSON
// delivery through dispatchResponse) and from an EventSource. Leaves the result in window.__result.
import init, * as pkg from "/pkg/index.js";
import { runScenarios, summaryLine } from "/t/scenarios.mjs";

function eq(actual, expected, what) {
  const a = JSON.stringify(actual), e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

function recordingRouter() {
  const router = new pkg.EventRouter();
  const seen = [];
  router.onAny((event) => seen.push([event.name, event.correlationId ?? null, event.problems.length]));
  return { router, seen };
}

const PAGE_SCENARIOS = [
  ["feeds a router from fetch of an NDJSON file", async (expected) => {
    const { router, seen } = recordingRouter();
    const text = await (await fetch("/deliveries.ndjson")).text();
    for (const line of text.split("\n").filter(Boolean)) {
      const { url, correlationId, body } = JSON.parse(line);
      await router.dispatch({ kind: "webhook", url, body, ...(correlationId ? { correlationId } : {}) });
    }
    eq(seen, expected, "events seen");
  }],
  ["dispatches a fetch Response with dispatchResponse", async (expected) => {
    const { router, seen } = recordingRouter();
    await router.dispatchResponse(await fetch("/deliveries/1.json"));
    eq(seen, [[expected[1][0], null, 0]], "events seen");
  }],
  ["feeds a router from an EventSource (SSE)", async (expected) => {
    const { router, seen } = recordingRouter();
    const done = [];
    await new Promise((resolve, reject) => {
      const source = new EventSource("/events");
      source.addEventListener("delivery", (message) => {
        const { url, correlationId, body } = JSON.parse(message.data);
        done.push(router.dispatch({ kind: "webhook", url, body, ...(correlationId ? { correlationId } : {}) }));
      });
      source.addEventListener("end", () => { source.close(); resolve(); });
      source.onerror = () => { source.close(); reject(new Error("EventSource failed")); };
    });
    await Promise.all(done);
    eq(seen, expected, "events seen");
  }],
];

async function main() {
  await init();
  const lines = [];
  const print = (line) => lines.push(line);
  const result = await runScenarios(pkg, { runtime: "chromium", print });
  const expected = await (await fetch("/expected.json")).json();
  for (const [name, scenario] of PAGE_SCENARIOS) {
    try {
      await scenario(expected);
      result.passed++;
      print(`  ok    chromium | ${name}`);
    } catch (error) {
      result.failed++;
      print(`  FAIL  chromium | ${name}: ${error.message}`);
    }
  }
  print(summaryLine("chromium", result));
  return { failed: result.failed, lines };
}

window.__result = main().catch((error) => ({ failed: 1, lines: [`  FAIL  chromium | ${error.stack ?? error}`, "chromium: 0 passed, 1 failed"] }));
