// Issue 8: the soak (scripts/soak.mjs) in short, inside the test command: 20,000 mixed
// deliveries (every kind and entry point, 10% hostile, 5% failing handlers, 64 in flight) and
// 20,000 throwing dispatches, with the same invariants as the full run (see RELIABILITY.md).
import { test } from "node:test";
import assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { pkg } from "./package.mjs";
import { FLAT, runMixed, runThrowing, summariseMixed, summariseThrowing } from "../../scripts/soak.mjs";

// Memory samples are taken after a full collection, as with `node --expose-gc`.
if (typeof globalThis.gc !== "function") {
  setFlagsFromString("--expose-gc");
  globalThis.gc = runInNewContext("gc");
}

test("soak, short: 20,000 mixed deliveries — no trap, no hang, flat memory, data JSON-equal, typed errors", async () => {
  // Wasm memory never shrinks: it steps up to a high-water mark when the corpus's 200 KB
  // messages meet a fragmented heap, which a short run may reach after its baseline (seen:
  // +1.6 MiB at 11,500 of 20,000 for this seed, then flat; the full run is flat at 1 MiB margin
  // from 100,000 on). So 2 MiB here; the externref table must not move at all.
  const margins = { ...FLAT, wasmBytes: 2 << 20, tableSlots: 0 };
  const result = await runMixed(pkg, { deliveries: 20_000, seed: 8, concurrency: 64, margins });
  const summary = summariseMixed(result);
  assert.equal(result.checks.failures, 0, summary);
  assert.equal(result.deliveries, 20_000);
  assert.equal(result.traps, 0);
  // Every class and every fault was exercised.
  for (const cls of ["good", "good, handler fails", "hostile: rejected", "hostile: delivered intact"]) {
    assert.ok((result.classes.get(cls) ?? 0) > 0, `class ${cls}`);
  }
  assert.equal(result.faults.size, 7, "every kind of handler fault");
  for (const path of ["webhook", "webhook-url", "amqp", "mqtt", "redis", "pubsub-push", "pubsub-pull-base64", "pubsub-pull-bytes"]) {
    assert.ok((result.kinds.get(path) ?? 0) > 0, `delivery path ${path}`);
  }
  const hostileShare = (result.classes.get("hostile: rejected") + result.classes.get("hostile: delivered intact")) / result.deliveries;
  assert.ok(hostileShare > 0.08 && hostileShare < 0.12, `hostile share ${hostileShare}`);
});

test("soak, short: 20,000 throwing dispatches leave the externref table and wasm memory as they were", async () => {
  const result = await runThrowing(pkg, { n: 20_000, concurrency: 64 });
  assert.equal(result.checks.failures, 0, summariseThrowing(result));
  assert.equal(result.after.tableSlots, result.before.tableSlots);
  assert.equal(result.after.wasmBytes, result.before.wasmBytes);
});
