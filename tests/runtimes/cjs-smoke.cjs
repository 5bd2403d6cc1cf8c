// Node CommonJS smoke test: `require("enmeshed-events")` resolves to node.cjs through the package's
// exports and is ready on require (no init). Prints `node-cjs: N passed, M failed`.
const BODY = JSON.stringify({ trigger: "transport.messageReceived", data: { id: "MSGexample0000000001" } });
const checks = [];
const check = (name, fn) => checks.push([name, fn]);
const assert = require("node:assert/strict");

let pkg;
check("require resolves to the CommonJS build", () => {
  const resolved = require.resolve("enmeshed-events");
  assert.match(resolved, /node\.cjs$/);
  pkg = require("enmeshed-events");
});
check("parseDelivery works without init", () => {
  const event = pkg.parseDelivery({ kind: "amqp", routingKey: "runtime.modulesStarted", body: "{}" });
  assert.deepEqual([event.name, event.known, event.data], ["runtime.modulesStarted", true, undefined]);
});
check("EventRouter dispatches; EventParseError carries a code", async () => {
  const router = new pkg.EventRouter();
  const seen = [];
  router.on("transport.*", (e) => seen.push(e.name));
  const report = await router.dispatch({ kind: "webhook", body: BODY });
  assert.deepEqual([seen, report.ran.length, report.event.problems.length > 0], [["transport.messageReceived"], 1, true]);
  await assert.rejects(router.dispatch({ kind: "webhook", body: "{" }), (e) => e instanceof pkg.EventParseError && e.code === "invalid_json");
});
check("createWebhookHandler answers a Request", async () => {
  const handler = pkg.createWebhookHandler(new pkg.EventRouter().on("**", () => {}), { apiKeys: ["k-0123456789"] });
  const request = (key) => new Request("https://erp.example.com/hooks/x", { method: "POST", body: BODY, headers: { "content-type": "application/json", "x-api-key": key } });
  const ok = await handler(request("k-0123456789"));
  assert.deepEqual([ok.status, await ok.json()], [200, { ok: true, event: "transport.messageReceived", handled: 1 }]);
  assert.equal((await handler(request("wrong"))).status, 401);
});
check("exports the same names as the ESM entry", async () => {
  const esm = await import("enmeshed-events");
  const names = (o) => Object.keys(o).filter((k) => k !== "default" && k !== "__esModule").sort();
  assert.deepEqual(names(pkg), names(esm));
});

(async () => {
  let passed = 0, failed = 0;
  for (const [name, fn] of checks) {
    try { await fn(); passed++; console.log(`  ok    node-cjs | ${name}`); }
    catch (error) { failed++; console.log(`  FAIL  node-cjs | ${name}: ${error.message}`); }
  }
  console.log(`node-cjs: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
})();
