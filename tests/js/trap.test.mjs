// Issue 8: if the instance traps anyway, nothing hangs and nothing crashes. Runs on the test
// build of the package (scripts/build.sh with TRAP_HOOK=1, into target/pkg-trap), whose wasm
// traps on the event `enmeshed.test.trap`; the published package has no such hook.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const dir = resolve(process.env.TRAP_PKG_DIR ?? new URL("../../target/pkg-trap", import.meta.url).pathname);
if (!existsSync(`${dir}/node.mjs`)) {
  // Not a skip: without the test build these guarantees are unproven, so the suite fails.
  throw new Error(`no trap-hook build at ${dir}: run TRAP_HOOK=1 PKG_DIR=target/pkg-trap bash scripts/build.sh`);
}
const pkg = await import(pathToFileURL(`${dir}/node.mjs`).href);
const { EventRouter, parseDelivery, createWebhookHandler, instanceStats, EventParseError } = pkg;

const TRAP = { kind: "amqp", routingKey: "enmeshed.test.trap", body: "{}" };
const good = (name = "a.b") => ({ kind: "amqp", routingKey: name, body: '{"n":1}' });
const isInternal = (e) => e instanceof EventParseError && e.code === "internal";

const unexpected = [];
process.on("unhandledRejection", (reason) => unexpected.push(["unhandledRejection", reason]));
process.on("uncaughtException", (error) => unexpected.push(["uncaughtException", error]));
const settle = (promise) => promise.then((value) => ({ ok: true, value }), (error) => ({ ok: false, error }));
const tick = (ms) => new Promise((r) => setTimeout(r, ms));

test("the test build traps on its event, and the next call works", () => {
  const before = instanceStats().traps;
  assert.throws(() => parseDelivery(TRAP), isInternal);
  assert.equal(instanceStats().traps, before + 1);
  assert.equal(parseDelivery(good()).name, "a.b");
});

test("a trap while dispatches are in flight: they all settle, the process stays up, the next call works", async () => {
  const seen = [];
  const slow = new EventRouter().on("a.*", async (e) => {
    await tick(20);
    seen.push(e.data.n);
  });
  const inFlight = [slow.dispatch(good()), slow.dispatch(good("a.c"))].map(settle);
  const response = settle(slow.dispatchResponse(new Response(JSON.stringify({ trigger: "a.d", data: { n: 1 } }))));
  const trapped = await settle(new EventRouter().onAny(() => {}).dispatch(TRAP));
  assert.equal(trapped.ok, false);
  assert.ok(isInternal(trapped.error));
  const results = await Promise.all([...inFlight, response]);
  assert.deepEqual(results.map((r) => r.ok), [true, true, true], "work that had started finishes");
  assert.deepEqual(seen, [1, 1, 1]);
  // The same routers work in the new instance, registrations replayed.
  const again = await slow.dispatch(good());
  assert.equal(again.ran.length, 1);
  await tick(10);
  assert.deepEqual(unexpected, []);
});

test("a trap inside a handler's nested dispatch: every call on the stack settles, then all works", async () => {
  const inner = new EventRouter().onAny(() => {});
  const outer = new EventRouter().on("a.b", () => inner.dispatch(TRAP));
  const bystander = new EventRouter().on("x.y", async () => tick(5));
  const waiting = settle(bystander.dispatch(good("x.y")));
  const result = await settle(outer.dispatch(good()));
  assert.equal(result.ok, false);
  assert.ok(isInternal(result.error), String(result.error));
  assert.equal((await waiting).ok, true);
  assert.equal((await outer.dispatch(good("a.c"))).unhandled, true);
  assert.equal((await bystander.dispatch(good("x.y"))).ran.length, 1);
  await tick(10);
  assert.deepEqual(unexpected, []);
});

test("a trap during webhook requests: every request is answered, internals are not", async () => {
  const router = new EventRouter().on("a.*", async () => tick(20));
  const handler = createWebhookHandler(router, { apiKeys: ["k"] });
  const post = (trigger) =>
    handler(new Request("https://h/hooks", { method: "POST", headers: { "x-api-key": "k", "content-type": "application/json" }, body: JSON.stringify({ trigger, data: {} }) }));
  const inFlight = [post("a.b"), post("a.c")];
  const trapped = await post("enmeshed.test.trap");
  assert.equal(trapped.status, 500);
  const body = await trapped.json();
  assert.equal(body.code, "internal");
  assert.doesNotMatch(JSON.stringify(body), /WebAssembly|trap|unreachable/i);
  assert.deepEqual((await Promise.all(inFlight)).map((r) => r.status), [200, 200]);
  assert.equal((await post("a.b")).status, 200);
  // The endpoint's own decisions work in the new instance too.
  const unauthenticated = await handler(new Request("https://h/hooks", { method: "POST", body: "{}" }));
  assert.equal(unauthenticated.status, 401);
  await tick(10);
  assert.deepEqual(unexpected, []);
});

test("a thousand traps in a row: no growth, no hang", async () => {
  const router = new EventRouter().onAny(() => {});
  await settle(router.dispatch(TRAP));
  const before = instanceStats();
  for (let i = 0; i < 1000; i++) {
    const result = await settle(router.dispatch(i % 2 ? TRAP : good()));
    assert.equal(result.ok, i % 2 === 0);
  }
  const after = instanceStats();
  assert.equal(after.traps, before.traps + 500);
  assert.equal(after.memoryBytes, before.memoryBytes);
  assert.equal(after.tableSlots, before.tableSlots);
});
