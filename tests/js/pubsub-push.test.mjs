// createPubSubPushHandler / handlePubSubPush over real fetch Requests: what Pub/Sub is answered
// (204 acknowledges; anything else is delivered again), poison messages, the idempotency guard.
// Token checks: pubsub-oidc.test.mjs. Against the emulator's real push: tests/brokers/pubsub-push.test.mjs.
// Run after building: node --test tests/js/pubsub-push.test.mjs

import { test } from "node:test";
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { pkg, pkgDir } from "./package.mjs";
import { envelope, push } from "./pubsub-tokens.mjs";

const { EventRouter, createPubSubPushHandler, handlePubSubPush } = pkg;
const { MemoryGuardStore } = await import(pathToFileURL(`${pkgDir}/consume.js`).href);

const NAME = "transport.messageReceived";
const DATA = { id: "MSGexample0000000001", isOwn: false, content: { "@type": "Mail", subject: "Rechnung" } };
const BODY = envelope(NAME, DATA);
const OPEN = { allowUnauthenticated: true };

/** A router recording the ids its handler saw; `behave(event)` decides what the handler does. */
function recording(behave = () => {}) {
  const seen = [];
  const errors = [];
  const router = new EventRouter().on("transport.*", (event) => {
    seen.push(event.data.id);
    return behave(event);
  });
  return { router, seen, errors, onError: (error) => errors.push(error) };
}

async function body(response) {
  const text = await response.text();
  return text === "" ? undefined : JSON.parse(text);
}

test("a handled push is acknowledged with 204 and no body; an event no handler matches too", async () => {
  const { router, seen } = recording();
  const handler = createPubSubPushHandler(router, OPEN);
  const response = await handler(push(BODY));
  assert.equal(response.status, 204);
  assert.equal(await response.text(), "");
  assert.deepEqual(seen, [DATA.id]);
  const other = await handler(push(envelope("consumption.attributeCreated", { id: "ATTexample0000000001" })));
  assert.equal(other.status, 204, "nothing to do is done");
  assert.equal((await handlePubSubPush(push(BODY), router, OPEN)).status, 204);
  assert.deepEqual(seen, [DATA.id, DATA.id]);
});

test("a failing handler answers 500 (or handlerErrorStatus) so Pub/Sub delivers it again", async () => {
  const { router, seen } = recording(() => {
    throw new Error("ERP is down");
  });
  const routerErrors = [];
  router.onError((error) => routerErrors.push(error.code));
  const response = await createPubSubPushHandler(router, OPEN)(push(BODY));
  assert.equal(response.status, 500);
  assert.deepEqual(await body(response), { code: "handler_failed", message: `1 of 1 handlers failed for ${NAME}` });
  assert.deepEqual(routerErrors, ["handler_failed"]);
  const unavailable = await createPubSubPushHandler(router, { ...OPEN, handlerErrorStatus: 503 })(push(BODY));
  assert.equal(unavailable.status, 503);
  assert.equal(seen.length, 2);
  for (const status of [200, 204, 102, 302, 600]) {
    assert.throws(() => createPubSubPushHandler(router, { ...OPEN, handlerErrorStatus: status }), {
      name: "TypeError",
      message: /^createPubSubPushHandler: options\.handlerErrorStatus: expected an HTTP status from 400 to 599 \(one Pub\/Sub does not take as an acknowledgement\), found a number$/,
    });
  }
});

test("a handler past handlerTimeoutMs answers handler_timeout before Pub/Sub's ack deadline", async () => {
  const { router } = recording(() => new Promise(() => {}));
  const started = Date.now();
  const response = await createPubSubPushHandler(router, { ...OPEN, handlerTimeoutMs: 50 })(push(BODY));
  assert.equal(response.status, 500);
  assert.equal((await body(response)).code, "handler_failed");
  assert.ok(Date.now() - started < 1000);
});

test("poison pushes are acknowledged after onDeadLetter got the error and what the push carried", async () => {
  const { router, seen, errors, onError } = recording();
  const dead = [];
  const handler = createPubSubPushHandler(router, { ...OPEN, onError, onDeadLetter: (error, push) => dead.push({ code: error.code, path: error.path, push }) });
  const cases = [
    [envelope(NAME, '{"id": "MSG'), "invalid_json", "message.data"],
    [envelope(undefined, DATA), "missing_event_name", "message.attributes.namespace"],
    [envelope("not an event name!", DATA), "invalid_event_name", "message.attributes.namespace"],
    ['{"message": {"data": "***", "attributes": {"namespace": "transport.messageReceived"}}}', "invalid_envelope", "message.data"],
    ['{"message": {"data": ', "invalid_json", "body"],
    ["this is not json", "invalid_envelope", "body"],
  ];
  for (const [text, code, path] of cases) {
    const response = await handler(push(text));
    assert.equal(response.status, 204, `${code}: ${await response.text()}`);
    const last = dead.at(-1);
    assert.deepEqual([last.code, last.path], [code, path], text);
    assert.equal(last.push.body, text, "the whole push, to store it somewhere");
  }
  assert.equal(dead.length, cases.length);
  assert.deepEqual(seen, [], "no handler ran");
  // What was readable of the first: Pub/Sub's ids and the still encoded data.
  const first = JSON.parse(cases[0][0]);
  assert.deepEqual({ ...dead[0].push, body: undefined }, {
    body: undefined,
    subscription: first.subscription,
    messageId: "4711",
    publishTime: first.message.publishTime,
    attributes: { namespace: NAME },
    data: first.message.data,
  });
  assert.deepEqual(errors.map((e) => [e.code, e.messageId]), [["invalid_json", "4711"], ["missing_event_name", "4711"], ["invalid_event_name", "4711"], ["invalid_envelope", undefined], ["invalid_json", undefined], ["invalid_envelope", undefined]]);
});

test("a push over maxBodyBytes is poison too; rejectPoison answers 400 or 413 instead", async () => {
  const { router } = recording();
  const dead = [];
  const big = envelope(NAME, { ...DATA, body: "x".repeat(2000) });
  const lenient = createPubSubPushHandler(router, { ...OPEN, maxBodyBytes: 1000, onDeadLetter: (error, push) => dead.push([error.code, push.body]) });
  assert.equal((await lenient(push(big))).status, 204);
  // Without a content-length the limit is found while reading.
  const streamed = new Request("https://erp.example.com/push", { method: "POST", headers: { "content-type": "application/json" }, body: new Blob([big]).stream(), duplex: "half" });
  assert.equal((await lenient(streamed)).status, 204);
  assert.deepEqual(dead, [["too_large", undefined], ["too_large", undefined]]);

  const strict = createPubSubPushHandler(router, { ...OPEN, maxBodyBytes: 1000, rejectPoison: true, onDeadLetter: () => assert.fail("dead-lettered with rejectPoison") });
  const tooLarge = await strict(push(big));
  assert.equal(tooLarge.status, 413);
  assert.deepEqual(await body(tooLarge), { code: "too_large", message: "the push is more than the limit of 1000 bytes", path: "body" });
  const broken = await strict(push(envelope(NAME, "{")));
  assert.equal(broken.status, 400);
  assert.equal((await body(broken)).code, "invalid_json");
});

test("a dead-letter callback that fails or hangs answers 500, so the push comes back instead of being lost", async () => {
  const { router, errors, onError } = recording();
  const failing = createPubSubPushHandler(router, { ...OPEN, onError, onDeadLetter: async () => {
    throw new Error("bucket unreachable");
  } });
  const response = await failing(push("not json"));
  assert.equal(response.status, 500);
  const answer = await body(response);
  assert.equal(answer.code, "internal");
  const failure = errors.find((e) => e.code === "dead_letter_failed");
  assert.equal(failure.correlationId, answer.correlationId);
  assert.equal(failure.cause.message, "bucket unreachable");

  const hanging = createPubSubPushHandler(router, { ...OPEN, deadLetterTimeoutMs: 50, onDeadLetter: () => new Promise(() => {}) });
  assert.equal((await hanging(push("not json"))).status, 500);
  const none = createPubSubPushHandler(router, OPEN);
  assert.equal((await none(push("not json"))).status, 204, "without onDeadLetter the poison is only reported");
});

test("refusals: GET is 405, text/plain is 415, and neither runs a handler", async () => {
  const { router, seen } = recording();
  const handler = createPubSubPushHandler(router, OPEN);
  const get = await handler(new Request("https://erp.example.com/push"));
  assert.equal(get.status, 405);
  assert.equal(get.headers.get("allow"), "POST");
  assert.equal((await handler(push(BODY, undefined, { "content-type": "text/plain" }))).status, 415);
  await assert.rejects(handler("not a request"), { name: "TypeError", message: "handlePubSubPush: expected a fetch Request, found a string" });
  assert.deepEqual(seen, []);
});

// ---- the idempotency guard (by event.key) ----



test("with a guard, a redelivered push is acknowledged without running the handlers again", async () => {
  const { router, seen } = recording();
  const guard = new MemoryGuardStore();
  const handler = createPubSubPushHandler(router, { ...OPEN, guard });
  assert.equal((await handler(push(BODY))).status, 204);
  // The same event again: a redelivery (same messageId) and a second publish (a new one).
  assert.equal((await handler(push(BODY))).status, 204);
  assert.equal((await handler(push(envelope(NAME, DATA, { messageId: "4712" })))).status, 204);
  assert.deepEqual(seen, [DATA.id], "the handlers ran once");
  assert.equal((await handler(push(envelope(NAME, { ...DATA, id: "MSGexample0000000002" })))).status, 204);
  assert.deepEqual(seen, [DATA.id, "MSGexample0000000002"]);
});

test("with a guard, a failed delivery is released, so the redelivery runs the handlers again", async () => {
  let fail = true;
  const { router, seen } = recording(() => {
    if (fail) throw new Error("first attempt fails");
  });
  const handler = createPubSubPushHandler(router, { ...OPEN, guard: new MemoryGuardStore() });
  assert.equal((await handler(push(BODY))).status, 500);
  fail = false;
  assert.equal((await handler(push(BODY))).status, 204);
  assert.equal((await handler(push(BODY))).status, 204);
  assert.deepEqual(seen, [DATA.id, DATA.id]);
});

test("with a guard, a push that arrives while the same event runs answers 503 in_progress", async () => {
  let finish;
  const { router, seen } = recording(() => new Promise((resolve) => (finish = resolve)));
  const handler = createPubSubPushHandler(router, { ...OPEN, guard: new MemoryGuardStore() });
  const first = handler(push(BODY));
  while (finish === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
  const second = await handler(push(BODY));
  assert.equal(second.status, 503);
  assert.deepEqual(await body(second), { code: "in_progress", message: "another delivery of this event is being handled: deliver it again later" });
  finish();
  assert.equal((await first).status, 204);
  assert.equal((await handler(push(BODY))).status, 204);
  assert.deepEqual(seen, [DATA.id]);
});

test("a guard that fails: claim → 500 guard_failed (nothing ran); complete → still 204", async () => {
  const { router, seen, errors, onError } = recording();
  const broken = { claim: async () => { throw new Error("KV down"); }, complete: async () => {}, release: async () => {} };
  const response = await createPubSubPushHandler(router, { ...OPEN, onError, guard: broken })(push(BODY));
  assert.equal(response.status, 500);
  assert.equal((await body(response)).code, "internal");
  assert.deepEqual(seen, []);
  assert.deepEqual(errors.map((e) => e.code), ["guard_failed", "guard_failed"]);

  const forgetful = { claim: async () => "claimed", complete: async () => { throw new Error("KV down"); }, release: async () => {} };
  assert.equal((await createPubSubPushHandler(router, { ...OPEN, onError, guard: forgetful })(push(BODY))).status, 204);
  assert.deepEqual(seen, [DATA.id]);
  const slow = { claim: () => new Promise(() => {}), complete: async () => {}, release: async () => {} };
  assert.equal((await createPubSubPushHandler(router, { ...OPEN, guardTimeoutMs: 50, guard: slow })(push(BODY))).status, 500);
  assert.throws(() => createPubSubPushHandler(router, { ...OPEN, guard: {} }), { message: /^createPubSubPushHandler: options\.guard\.claim: expected a function \(a GuardStore\), found undefined$/ });
});

test("the guard remembers an event whose key is a hash of its data only for hashKeyTtlMs", async () => {
  const router = new EventRouter().on("**", () => {});
  const completes = [];
  const guard = { claim: async () => "claimed", complete: async (key, ttlMs) => void completes.push([key.split(":")[0], ttlMs]), release: async () => {} };
  const handler = createPubSubPushHandler(router, { ...OPEN, guard });
  assert.equal((await handler(push(envelope("runtime.modulesStarted", {})))).status, 204);
  assert.equal((await handler(push(BODY))).status, 204);
  const shorter = createPubSubPushHandler(router, { ...OPEN, guard, hashKeyTtlMs: 60_000 });
  assert.equal((await shorter(push(envelope("runtime.modulesStarted", {})))).status, 204);
  assert.deepEqual(completes, [["runtime.modulesStarted", 600_000], [NAME, 7 * 24 * 3_600_000], ["runtime.modulesStarted", 60_000]]);
  assert.throws(() => createPubSubPushHandler(router, { ...OPEN, guard, hashKeyTtlMs: 5 }), /hashKeyTtlMs/);
});
