// Issue 8's hardening for the REST client: a call's future lives inside the wasm instance, so
// when a trap replaces the instance the call must still settle (with `internal`), the process
// must stay up, and the client must work on the new instance. Runs on the test build whose wasm
// traps on the event `enmeshed.test.trap` (TRAP_HOOK=1 PKG_DIR=target/pkg-trap scripts/build.sh).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { PORTS, startScripted } from "./servers.mjs";

const dir = resolve(process.env.TRAP_PKG_DIR ?? new URL("../../target/pkg-trap", import.meta.url).pathname);
if (!existsSync(`${dir}/node.mjs`)) {
  throw new Error(`no trap-hook build at ${dir}: run TRAP_HOOK=1 PKG_DIR=target/pkg-trap bash scripts/build.sh`);
}
const { ConnectorClient, ConnectorError, parseDelivery, instanceStats } = await import(pathToFileURL(`${dir}/node.mjs`).href);

const unexpected = [];
process.on("unhandledRejection", (reason) => unexpected.push(["unhandledRejection", reason]));
process.on("uncaughtException", (error) => unexpected.push(["uncaughtException", error]));
const trap = () => assert.throws(() => parseDelivery({ kind: "amqp", routingKey: "enmeshed.test.trap", body: "{}" }), (e) => e.code === "internal");
const tick = (ms) => new Promise((r) => setTimeout(r, ms));

let server;
before(async () => {
  server = await startScripted(PORTS.trapScripted);
});
after(() => server?.stop());

test("calls in flight when a trap replaces the instance reject with internal at once; the client then works", async () => {
  server.answer("hang");
  const client = new ConnectorClient({ baseUrl: server.url, apiKey: "k", timeoutMs: 60_000 });
  const inFlight = [client.messages(), client.message("MSG1", { correlationId: "c-1" }), client.sync()];
  await server.received(3);
  const traps = instanceStats().traps;
  trap();
  assert.equal(instanceStats().traps, traps + 1);
  const settled = await Promise.race([Promise.allSettled(inFlight), tick(2_000).then(() => "hung")]);
  assert.notEqual(settled, "hung", "every call settled");
  for (const outcome of settled) {
    assert.equal(outcome.status, "rejected");
    assert.ok(outcome.reason instanceof ConnectorError);
    assert.equal(outcome.reason.code, "internal");
    assert.equal(outcome.reason.status, 0);
  }
  assert.equal(settled[1].reason.correlationId, "c-1");

  // The same client object works on the new instance.
  server.answer({ status: 200, body: { result: [{ id: "MSG2" }] } });
  assert.deepEqual(await client.messages(), [{ id: "MSG2" }]);
  assert.deepEqual(await new ConnectorClient({ baseUrl: server.url }).messages(), [{ id: "MSG2" }]);
});

test("the old instance's fetches, timers and signals firing later reach nothing: no error, no crash", async () => {
  server.answer("hang");
  const client = new ConnectorClient({ baseUrl: server.url, apiKey: "k" });
  const controller = new AbortController();
  const calls = [
    client.files().catch((e) => e),
    client.relationships(undefined, { timeoutMs: 100 }).catch((e) => e),
    client.attributes(undefined, { signal: controller.signal }).catch((e) => e),
  ];
  await server.received(3);
  trap();
  for (const call of calls) assert.equal((await call).code, "internal");
  controller.abort();
  await tick(300); // past the 100 ms timeout timer
  // The hanging request now ends: the dead instance's callbacks run (and must not take the process down).
  await server.stop();
  server = await startScripted(PORTS.trapScripted);
  await tick(200);
  assert.deepEqual(unexpected.map(([kind, e]) => `${kind}: ${e?.message ?? e}`), []);
  server.answer({ status: 204, body: "" });
  assert.equal(await client.sync(), undefined);
});
