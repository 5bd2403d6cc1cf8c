// router.waitFor: resolves with the first matching event, filters by predicate, times out and
// aborts with typed errors, and never leaves its registration behind.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pkg } from "./package.mjs";

const { EventRouter, WaitTimeoutError, WaitAbortedError, instanceStats } = pkg;

const request = (id, newStatus) => ({
  kind: "amqp",
  routingKey: "consumption.outgoingRequestStatusChanged",
  body: JSON.stringify({
    request: { id, isOwn: true, peer: "did:e:a:dids:1", createdAt: "2026-03-02T09:15:27.412Z", status: newStatus, content: { "@type": "Request", items: [] } },
    oldStatus: "Open",
    newStatus,
  }),
});
const message = (id) => ({
  kind: "webhook",
  body: JSON.stringify({
    trigger: "transport.messageReceived",
    data: { id, isOwn: false, content: {}, createdBy: "did:e:a:dids:2", createdByDevice: "DVC1", recipients: [], createdAt: "2026-03-02T09:15:27.412Z", attachments: [] },
  }),
});

/** Whether a delivery of this name now finds any handler (the waiter's registration is gone when not). */
async function handled(router, delivery) {
  return !(await router.dispatch(delivery)).unhandled;
}

test("waitFor resolves with the first matching event and removes its registration", async () => {
  const router = new EventRouter();
  const waiting = router.waitFor("transport.messageReceived");
  const report = await router.dispatch(message("MSG1"));
  const event = await waiting;
  assert.equal(event, report.event);
  assert.equal(event.data.id, "MSG1");
  // The waiter ran as a handler of that dispatch and did not fail it.
  assert.deepEqual(report.failed, []);
  assert.equal(await handled(router, message("MSG2")), false);
});

test("waitFor matches wildcard patterns and the predicate filters", async () => {
  const router = new EventRouter();
  const waiting = router.waitFor("consumption.*", (e) => e.data.request?.id === "REQ2" && e.data.newStatus === "Completed", { timeout: 1000 });
  let settled = false;
  waiting.then(() => (settled = true), () => (settled = true));
  await router.dispatch(request("REQ1", "Completed"));
  await router.dispatch(request("REQ2", "Open"));
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(settled, false, "an event the predicate refuses must not settle the wait");
  await router.dispatch(request("REQ2", "Completed"));
  const event = await waiting;
  assert.equal(event.data.request.id, "REQ2");
  assert.equal(await handled(router, request("REQ3", "Completed")), false);
});

test("waitFor times out with a WaitTimeoutError and removes its registration", async () => {
  const router = new EventRouter();
  const started = performance.now();
  const error = await router.waitFor("transport.messageReceived", undefined, { timeout: 30 }).then(
    () => assert.fail("resolved"),
    (e) => e,
  );
  assert.ok(performance.now() - started >= 25);
  assert.ok(error instanceof WaitTimeoutError);
  assert.equal(error.code, "wait_timeout");
  assert.equal(error.pattern, "transport.messageReceived");
  assert.equal(error.timeoutMs, 30);
  assert.match(error.message, /transport\.messageReceived.*30 ms/);
  assert.equal(await handled(router, message("MSG1")), false);
  if (typeof router.patterns === "function") assert.deepEqual(router.patterns(), []);
});

test("waitFor with options as second argument", async () => {
  const router = new EventRouter();
  await assert.rejects(router.waitFor("transport.*", { timeout: 1 }), WaitTimeoutError);
});

test("waitFor aborts with a WaitAbortedError carrying the signal's reason", async () => {
  const router = new EventRouter();
  const controller = new AbortController();
  const waiting = router.waitFor("transport.messageReceived", () => true, { signal: controller.signal, timeout: 60_000 });
  const reason = new Error("user left");
  controller.abort(reason);
  const error = await waiting.then(() => assert.fail("resolved"), (e) => e);
  assert.ok(error instanceof WaitAbortedError);
  assert.equal(error.code, "wait_aborted");
  assert.equal(error.cause, reason);
  assert.equal(await handled(router, message("MSG1")), false);
  // An already aborted signal rejects without registering anything.
  await assert.rejects(router.waitFor("transport.messageReceived", { signal: AbortSignal.abort("gone") }), (e) => e instanceof WaitAbortedError && e.cause === "gone");
  assert.equal(await handled(router, message("MSG1")), false);
});

test("a throwing predicate rejects the wait, not the dispatch", async () => {
  const router = new EventRouter();
  const boom = new Error("predicate failed");
  const waiting = router.waitFor("transport.messageReceived", () => {
    throw boom;
  });
  const report = await router.dispatch(message("MSG1"));
  assert.deepEqual(report.failed, []);
  await assert.rejects(waiting, (e) => e === boom);
  assert.equal(await handled(router, message("MSG1")), false);
});

test("bad arguments reject with a TypeError", async () => {
  const router = new EventRouter();
  await assert.rejects(router.waitFor("transport.message*"), (e) => e instanceof TypeError && e.code === "invalid_pattern");
  await assert.rejects(router.waitFor("transport.**", { timeout: -1 }), TypeError);
  await assert.rejects(router.waitFor("transport.**", "not a function", {}), TypeError);
  await assert.rejects(router.waitFor("transport.**", { signal: {} }), TypeError);
});

test("other handlers still run and see the event; waitFor works on sequential routers", async () => {
  const router = new EventRouter({ sequential: true });
  const seen = [];
  router.on("transport.**", (e) => seen.push(e.data.id));
  const waiting = router.waitFor("transport.messageReceived", { timeout: 1000 });
  await router.dispatch(message("MSG1"));
  assert.equal((await waiting).data.id, "MSG1");
  assert.deepEqual(seen, ["MSG1"]);
});

test("10,000 waits (resolved, timed out and aborted) leave no registration, timer or table slot behind", async () => {
  const router = new EventRouter();
  router.on("transport.relationshipChanged", () => {});
  // Warm up: the externref table grows once to a steady size.
  for (let i = 0; i < 100; i++) {
    const w = router.waitFor("transport.messageReceived", { timeout: 1000 });
    await router.dispatch(message(`MSGwarm${i}`));
    await w;
  }
  const before = instanceStats();
  const controller = new AbortController();
  for (let i = 0; i < 10_000; i++) {
    const kind = i % 3;
    if (kind === 0) {
      const w = router.waitFor("transport.messageReceived", (e) => e.data.id === `MSG${i}`, { timeout: 1000 });
      await router.dispatch(message(`MSG${i}`));
      assert.equal((await w).data.id, `MSG${i}`);
    } else if (kind === 1) {
      await assert.rejects(router.waitFor("transport.messageReceived", { timeout: 0 }), WaitTimeoutError);
    } else {
      const c = new AbortController();
      const w = router.waitFor("transport.*", { signal: c.signal });
      c.abort();
      await assert.rejects(w, WaitAbortedError);
    }
  }
  assert.equal(controller.signal.aborted, false);
  const after = instanceStats();
  assert.ok(after.tableSlots <= before.tableSlots + 8, `table slots grew from ${before.tableSlots} to ${after.tableSlots}`);
  assert.equal(await handled(router, message("MSGlast")), false);
  if (typeof router.patterns === "function") assert.deepEqual(router.patterns(), ["transport.relationshipChanged"]);
  // Active handles: only what node:test itself holds, no timers of the waits.
  const timers = process.getActiveResourcesInfo().filter((r) => r === "Timeout");
  assert.equal(timers.length, 0, `timers still pending: ${timers.length}`);
});
