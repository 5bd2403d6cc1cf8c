// handleWebhook / createWebhookHandler when things go wrong: every promise settles, every answer
// is a Response, nothing internal reaches the client, every wait has a timeout (issue 8, items
// 10, 14 and 17). Run after building: node --test tests/js/webhook-hardening.test.mjs

import { after, test } from "node:test";
import assert from "node:assert/strict";
import { pkg } from "./package.mjs";

const { EventRouter, EventParseError, createWebhookHandler } = pkg;

const URL_PLAIN = "https://erp.example.com/hooks/connector";
const NAME = "transport.relationshipDecomposedBySelf";
const BODY = JSON.stringify({ trigger: NAME, data: { relationshipId: "RELexample0000000003" } });
const KEY = "key-current-4f9a1c0e7b";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const INTERNAL = "the request could not be processed";

// Every test here must leave no rejection unhandled.
const unhandled = [];
const onUnhandled = (reason) => unhandled.push(reason);
process.on("unhandledRejection", onUnhandled);
after(() => process.off("unhandledRejection", onUnhandled));

function withKey(body = BODY, headers = {}) {
  return new Request(URL_PLAIN, { method: "POST", body, headers: { "content-type": "application/json", "x-api-key": KEY, ...headers } });
}

function streamed(stream, headers = {}) {
  return new Request(URL_PLAIN, { method: "POST", body: stream, duplex: "half", headers: { "content-type": "application/json", "x-api-key": KEY, ...headers } });
}

async function answer(response) {
  assert.ok(response instanceof Response);
  return { status: response.status, body: await response.json() };
}

/** Values a handler or a router may throw that break naive error handling. */
function awkwardValues() {
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  return {
    "a revoked Proxy": revoked.proxy,
    "Object.create(null)": Object.create(null),
    "an object whose toString throws": {
      toString() {
        throw new Error("toString");
      },
    },
    "an object whose getters throw": Object.defineProperties({}, {
      code: { get: () => { throw new Error("code getter"); } },
      message: { get: () => { throw new Error("message getter"); } },
      name: { get: () => { throw new Error("name getter"); } },
      report: { get: () => { throw new Error("report getter"); } },
    }),
    undefined: undefined,
    null: null,
    "a string": "boom",
    "a Symbol": Symbol("boom"),
  };
}

/** A router-like object whose dispatch is `dispatch` (checkOptions wants a dispatch function). */
function fakeRouter(dispatch) {
  return { dispatch };
}

function assertInternal(got, errors) {
  assert.equal(got.status, 500);
  assert.deepEqual(Object.keys(got.body), ["code", "message", "correlationId"]);
  assert.equal(got.body.code, "internal");
  assert.equal(got.body.message, INTERNAL);
  assert.match(got.body.correlationId, UUID);
  const error = errors.at(-1);
  assert.equal(error.code, "internal");
  assert.equal(error.correlationId, got.body.correlationId);
}

// ---- item 14: internals never reach the client ----

test("a trapped instance answers 500 with a correlation id, not the trap's message", async () => {
  const errors = [];
  const trap = new EventParseError("internal", "the WebAssembly instance trapped and was reset: unreachable");
  for (const dispatch of [() => Promise.reject(trap), () => { throw trap; }]) {
    const handler = createWebhookHandler(fakeRouter(dispatch), { apiKeys: [KEY], onError: (error) => errors.push(error) });
    const got = await answer(await handler(withKey()));
    assertInternal(got, errors);
    assert.equal(errors.at(-1).message, "the router failed unexpectedly");
    assert.equal(errors.at(-1).cause, trap);
  }
  assert.notEqual(errors[0].correlationId, errors[1].correlationId);
});

test("whatever the router throws or rejects with, the answer is a 500 internal Response", async () => {
  const errors = [];
  for (const [what, value] of Object.entries(awkwardValues())) {
    const thenable = { then: () => { throw value; } };
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const dispatches = [
      () => { throw value; },
      () => Promise.reject(value),
      () => thenable,
      () => Promise.resolve(revoked.proxy), // a result whose fields cannot be read
    ];
    for (const [i, dispatch] of dispatches.entries()) {
      const handler = createWebhookHandler(fakeRouter(dispatch), { apiKeys: [KEY], handlerErrorStatus: 200, onError: (error) => errors.push(error) });
      const got = await answer(await handler(withKey()));
      assertInternal(got, errors);
      if (i < 3) assert.equal(errors.at(-1).cause, value, what);
    }
  }
});

test("a failing onError hook, request or endpoint never rejects the handler's promise", async () => {
  const router = fakeRouter(() => Promise.reject(new Error("no")));
  const hooks = [() => { throw new Error("hook"); }, () => Promise.reject(new Error("hook")), () => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; }];
  for (const onError of hooks) {
    const handler = createWebhookHandler(router, { apiKeys: [KEY], onError });
    assert.equal((await handler(withKey())).status, 500);
  }
  // A request whose headers cannot be read.
  const errors = [];
  const handler = createWebhookHandler(new EventRouter(), { apiKeys: [KEY], onError: (error) => errors.push(error) });
  const broken = { method: "POST", url: URL_PLAIN, body: null, headers: { get: () => { throw new Error("headers"); } } };
  assertInternal(await answer(await handler(broken)), errors);
  assert.equal(errors.at(-1).message, "the endpoint failed unexpectedly");
  assert.equal(errors.at(-1).cause.message, "headers");
});

test("only a non-Request argument rejects, with the documented TypeError", async () => {
  const handler = createWebhookHandler(new EventRouter(), { apiKeys: [KEY] });
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  for (const [value, kind] of [[undefined, "undefined"], [null, "null"], ["https://x", "a string"], [{}, "an object"], [revoked.proxy, "an object"]]) {
    await assert.rejects(handler(value), { name: "TypeError", message: `handleWebhook: expected a fetch Request, found ${kind}` });
  }
});

// ---- item 10: with handlerErrorStatus 200, a handler failure answers 200 whatever was thrown ----

test("handlerErrorStatus applies to a handler failure whatever the handler threw", async () => {
  for (const [what, value] of Object.entries(awkwardValues())) {
    for (const failing of [() => { throw value; }, async () => { throw value; }]) {
      const router = new EventRouter().on(NAME, failing);
      const handler = createWebhookHandler(router, { apiKeys: [KEY], handlerErrorStatus: 200 });
      const got = await answer(await handler(withKey()));
      assert.deepEqual(got, { status: 200, body: { code: "handler_failed", message: `1 of 1 handlers failed for ${NAME}` } }, what);
    }
  }
});

test("a handler failure whose report cannot be read still answers handlerErrorStatus", async () => {
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const failures = [
    { code: "handler_failed", report: revoked.proxy },
    { code: "handler_failed", get report() { throw new Error("report"); } },
    { code: "handler_failed" },
  ];
  for (const error of failures) {
    const handler = createWebhookHandler(fakeRouter(() => Promise.reject(error)), { apiKeys: [KEY], handlerErrorStatus: 202 });
    assert.deepEqual(await answer(await handler(withKey())), { status: 202, body: { code: "handler_failed", message: "1 of 1 handlers failed for the delivery" } });
  }
});

// ---- item 17: timeouts ----

test("a verifyBearer that never settles answers 500 auth_timeout and tells onError", async () => {
  const errors = [];
  const handler = createWebhookHandler(new EventRouter(), {
    verifyBearer: () => new Promise(() => {}),
    verifyBearerTimeoutMs: 30,
    onError: (error) => errors.push(error),
  });
  const started = Date.now();
  const got = await answer(await handler(withKey(BODY, { authorization: "Bearer t" })));
  assert.ok(Date.now() - started >= 25);
  assert.deepEqual(got, { status: 500, body: { code: "auth_timeout", message: "the bearer token could not be verified within 30 ms" } });
  assert.equal(errors.length, 1);
  assert.equal(errors[0].code, "auth_timeout");
  assert.equal(errors[0].message, "verifyBearer did not settle within 30 ms");
});

test("a body that never ends answers 408 body_timeout and the stream is cancelled", async () => {
  const errors = [];
  let cancelled = false;
  const stream = new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"trigger":'));
    },
    cancel() {
      cancelled = true;
    },
  });
  const handler = createWebhookHandler(new EventRouter(), { apiKeys: [KEY], bodyTimeoutMs: 30, onError: (error) => errors.push(error) });
  const got = await answer(await handler(streamed(stream)));
  assert.deepEqual(got, { status: 408, body: { code: "body_timeout", message: "the body did not arrive within 30 ms" } });
  assert.ok(cancelled);
  assert.equal(errors[0].code, "body_timeout");
  assert.equal(errors[0].message, "the body did not arrive within 30 ms");
});

test("a stream that errors midway answers 400 unreadable_body", async () => {
  let pulls = 0;
  const stream = new ReadableStream({
    pull(controller) {
      if (pulls++ === 0) controller.enqueue(new TextEncoder().encode('{"trigger":'));
      else controller.error(new Error("connection reset"));
    },
  });
  const handler = createWebhookHandler(new EventRouter(), { apiKeys: [KEY] });
  assert.deepEqual(await answer(await handler(streamed(stream))), { status: 400, body: { code: "unreadable_body", message: "the request body could not be read" } });
});

test("a dispatch that never settles answers handlerErrorStatus with handler_timeout", async () => {
  const calls = [];
  const errors = [];
  const router = fakeRouter((...args) => {
    calls.push(args);
    return new Promise(() => {});
  });
  const handler = createWebhookHandler(router, { apiKeys: [KEY], handlerTimeoutMs: 20, handlerErrorStatus: 200, onError: (error) => errors.push(error) });
  const got = await answer(await handler(withKey()));
  assert.deepEqual(got, { status: 200, body: { code: "handler_timeout", message: "the handlers did not finish within 20 ms" } });
  // The router gets the timeout too (main's router stops waiting for the handler after it).
  assert.deepEqual(calls[0][1], { handlerTimeoutMs: 20 });
  assert.equal(errors[0].code, "handler_timeout");
  assert.equal(errors[0].message, "the dispatch did not settle within 40 ms");
});

test("a handler that never settles: the answer comes, with handlerErrorStatus", async () => {
  const router = new EventRouter().on(NAME, () => new Promise(() => {}));
  const handler = createWebhookHandler(router, { apiKeys: [KEY], handlerTimeoutMs: 20 });
  const got = await answer(await handler(withKey()));
  assert.equal(got.status, 500);
  // handler_failed once the router enforces handlerTimeoutMs itself (main), handler_timeout from
  // the endpoint's backstop before that.
  assert.ok(["handler_failed", "handler_timeout"].includes(got.body.code), got.body.code);
});

test("no timer is left behind once the answer is there", async () => {
  const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;
  const before = timers();
  const handler = createWebhookHandler(new EventRouter().on(NAME, async () => {}), { apiKeys: [KEY], verifyBearer: async () => true });
  assert.equal((await handler(withKey())).status, 200);
  assert.equal((await handler(withKey(BODY, { "x-api-key": "wrong", authorization: "Bearer t" }))).status, 200);
  assert.equal((await handler(withKey("{"))).status, 400);
  assert.equal((await handler(withKey(BODY, { "x-api-key": "wrong" }))).status, 401);
  assert.equal(timers(), before);
});

test("no unhandled rejection came from any of these", async () => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(unhandled, []);
});
