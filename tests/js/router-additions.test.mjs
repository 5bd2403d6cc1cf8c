// router.parse, router.dispatchEvent, router.patterns and brokerSubscriptions on the built package.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pkg } from "./package.mjs";

const { EventRouter, EventParseError, HandlerError, ConnectorEvent, parseDelivery, brokerSubscriptions } = pkg;

const decomposed = (id = "RELexample0000000003") => ({
  kind: "amqp",
  routingKey: "transport.relationshipDecomposedBySelf",
  body: JSON.stringify({ relationshipId: id }),
});

test("router.parse: an event with the router's limits, without running handlers", () => {
  const calls = [];
  const router = new EventRouter({ maxBodyBytes: 64 }).on("**", () => calls.push("ran"));
  const event = router.parse(decomposed());
  assert.ok(event instanceof ConnectorEvent);
  assert.equal(event.name, "transport.relationshipDecomposedBySelf");
  assert.deepEqual(event.data, { relationshipId: "RELexample0000000003" });
  assert.equal(event.key, "transport.relationshipDecomposedBySelf:RELexample0000000003");
  assert.deepEqual(calls, []);

  // The router's own limit, the codes of parseDelivery.
  const big = { kind: "redis", channel: "transport.messageReceived", body: JSON.stringify({ id: "x".repeat(100) }) };
  assert.throws(() => router.parse(big), (error) => error instanceof EventParseError && error.code === "too_large");
  assert.equal(parseDelivery(big).name, "transport.messageReceived");
  assert.throws(() => router.parse({ kind: "webhook", body: "{" }), { code: "invalid_json", name: "EventParseError" });
  assert.throws(() => router.parse({ kind: "amqp" }), {
    code: "invalid_delivery",
    message: "delivery.routingKey: expected a string, found undefined",
  });
  assert.throws(() => router.parse(null), { code: "invalid_delivery" });
});

test("router.parse: strict only for names a handler matches, as dispatch", () => {
  const router = new EventRouter({ strict: true }).on("transport.relationshipDecomposedBySelf", () => {});
  const bad = { kind: "webhook", body: JSON.stringify({ trigger: "transport.relationshipDecomposedBySelf", data: { relationshipId: 1 } }) };
  assert.throws(() => router.parse(bad), { code: "invalid_data", path: "data.relationshipId" });
  const unhandled = { kind: "webhook", body: JSON.stringify({ trigger: "transport.messageReceived", data: { id: 1 } }) };
  assert.deepEqual(router.parse(unhandled).problems.map((p) => p.path).slice(0, 1), ["data.id"]);
  // A broker delivery nobody handles is decided from its name: its body is checked when read.
  const broken = router.parse({ kind: "amqp", routingKey: "transport.messageReceived", body: "{" });
  assert.throws(() => broken.data, { code: "invalid_json" });
});

test("router.dispatchEvent: runs only the handlers matching the name, with dispatch's report", async () => {
  const calls = [];
  const router = new EventRouter()
    .on("transport.*", (e) => calls.push(["transport.*", e.key]))
    .on("consumption.**", () => calls.push(["consumption.**"]))
    .once("transport.relationshipDecomposedBySelf", () => calls.push(["once"]));
  const event = router.parse(decomposed());
  const report = await router.dispatchEvent(event);
  assert.equal(report.event, event);
  assert.equal(report.unhandled, false);
  assert.deepEqual(report.failed, []);
  assert.deepEqual(report.ran, [{ pattern: "transport.*", ok: true }, { pattern: "transport.relationshipDecomposedBySelf", ok: true }]);
  assert.deepEqual(calls, [["transport.*", "transport.relationshipDecomposedBySelf:RELexample0000000003"], ["once"]]);
  // The once handler is used up; an event parsed elsewhere (parseDelivery) is accepted too.
  const again = await router.dispatchEvent(parseDelivery(decomposed("RELother")));
  assert.deepEqual(again.ran, [{ pattern: "transport.*", ok: true }]);
});

test("router.dispatchEvent: an unhandled name gives an unhandled report", async () => {
  const router = new EventRouter().on("consumption.*", () => assert.fail("not this one"));
  const event = parseDelivery(decomposed());
  const report = await router.dispatchEvent(event);
  assert.deepEqual(report, { event, ran: [], failed: [], unhandled: true });
});

test("router.dispatchEvent: failures reject with a HandlerError after onError, like dispatch", async () => {
  const seen = [];
  const router = new EventRouter()
    .on("**", () => {
      throw new Error("sync failure");
    })
    .on("**", async () => {
      throw new Error("async failure");
    })
    .on("**", () => {})
    .onError((error) => seen.push(error));
  const event = router.parse(decomposed());
  const error = await router.dispatchEvent(event).then(() => null, (e) => e);
  assert.ok(error instanceof HandlerError);
  assert.equal(error.code, "handler_failed");
  assert.equal(error.message, "2 of 3 handlers failed for transport.relationshipDecomposedBySelf: sync failure");
  assert.deepEqual(error.errors.map((e) => e.message), ["sync failure", "async failure"]);
  assert.deepEqual(error.report.ran.map((r) => r.ok), [false, false, true]);
  assert.equal(error.event, event);
  assert.deepEqual(seen, [error]);
  // The same through dispatch, for comparison.
  const viaDispatch = await router.dispatch(decomposed()).then(() => null, (e) => e);
  assert.equal(viaDispatch.message, error.message);
});

test("router.dispatchEvent: handlerTimeoutMs (router and per call) and sequential", async () => {
  const never = new Promise(() => {});
  const router = new EventRouter({ handlerTimeoutMs: 10_000 }).on("**", () => never);
  const event = router.parse(decomposed());
  const error = await router.dispatchEvent(event, { handlerTimeoutMs: 20 }).then(() => null, (e) => e);
  assert.equal(error.errors[0].code, "handler_timeout");
  assert.equal(error.errors[0].pattern, "**");
  await assert.rejects(router.dispatchEvent(event, { handlerTimeoutMs: -1 }), TypeError);

  const order = [];
  const sequential = new EventRouter({ sequential: true, handlerTimeoutMs: 30 })
    .on("**", async () => {
      await new Promise((r) => setTimeout(r, 10));
      order.push(1);
    })
    .on("**", () => order.push(2))
    .on("**", () => never);
  const timedOut = await sequential.dispatchEvent(event).then(() => null, (e) => e);
  assert.deepEqual(order, [1, 2]);
  assert.deepEqual(timedOut.report.ran.map((r) => r.ok), [true, true, false]);
});

test("router.dispatchEvent: a non-event argument rejects with a typed error, seen by onError", async () => {
  const seen = [];
  const router = new EventRouter().on("**", () => assert.fail("no handler runs")).onError((e) => seen.push(e.code));
  for (const notAnEvent of [undefined, null, "transport.messageReceived", { name: "transport.messageReceived", data: {} }, decomposed()]) {
    const error = await router.dispatchEvent(notAnEvent).then(() => null, (e) => e);
    assert.ok(error instanceof EventParseError);
    assert.equal(error.code, "invalid_delivery");
    assert.equal(error.path, "event");
    assert.match(error.message, /^event: expected a ConnectorEvent, found /);
  }
  assert.equal(seen.length, 5);
});

test("router.patterns: the distinct live patterns in registration order", async () => {
  const handler = () => {};
  const router = new EventRouter();
  assert.deepEqual(router.patterns(), []);
  router.on("transport.*", handler).on("consumption.**", handler).on("transport.*", () => {}).once("runtime.modulesStarted", handler).onAny(handler);
  assert.deepEqual(router.patterns(), ["transport.*", "consumption.**", "runtime.modulesStarted", "**"]);
  router.off("transport.*", handler);
  assert.deepEqual(router.patterns(), ["consumption.**", "transport.*", "runtime.modulesStarted", "**"]);
  await router.dispatch({ kind: "redis", channel: "runtime.modulesStarted", body: "{}" });
  assert.deepEqual(router.patterns(), ["consumption.**", "transport.*", "**"], "the once registration fired");
  assert.throws(() => router.on("bad.pat*", handler), { code: "invalid_pattern" });
  assert.deepEqual(router.patterns(), ["consumption.**", "transport.*", "**"]);
});

test("brokerSubscriptions: every broker, from a router's patterns", () => {
  const router = new EventRouter().on("transport.messageReceived", () => {}).on("transport.**", () => {}).on("consumption.*.x", () => {});
  assert.deepEqual(brokerSubscriptions(router.patterns(), "amqp"), { bindingKeys: ["transport.#", "consumption.*.x"] });
  assert.deepEqual(brokerSubscriptions(router.patterns(), "mqtt"), { topicFilters: ["transport/#", "consumption/+/x"] });
  assert.deepEqual(brokerSubscriptions(router.patterns(), "redis"), { patterns: ["transport*", "consumption.*.x"], channels: [] });
  assert.deepEqual(brokerSubscriptions(["a?b.*", "transport.messageReceived"], "redis"), {
    patterns: ["a\\?b.*"],
    channels: ["transport.messageReceived"],
  });
  assert.deepEqual(brokerSubscriptions(router.patterns(), "pubsub"), {
    filter: 'hasPrefix(attributes.namespace, "transport") OR hasPrefix(attributes.namespace, "consumption.")',
  });
  assert.deepEqual(brokerSubscriptions(["**"], "pubsub"), { filter: "" });
  assert.deepEqual(brokerSubscriptions(["a.**.b"], "mqtt"), { topicFilters: ["a/#"] });
  assert.deepEqual(brokerSubscriptions([], "amqp"), { bindingKeys: [] });
});

test("brokerSubscriptions: bad input is a TypeError with a code", () => {
  const refused = (patterns, broker, code, message) =>
    assert.throws(() => brokerSubscriptions(patterns, broker), (error) => error instanceof TypeError && error.code === code && error.message === message);
  refused(["a"], "kafka", "invalid_broker", 'unknown broker "kafka": expected "amqp", "mqtt", "redis" or "pubsub"');
  refused(["a"], undefined, "invalid_broker", 'broker: expected "amqp", "mqtt", "redis" or "pubsub", found undefined');
  refused("transport.*", "amqp", "invalid_pattern", 'patterns: expected an array of strings, found string "transport.*"');
  refused(["a", 7], "amqp", "invalid_pattern", "patterns[1]: expected a string, found number 7");
  refused(["transport.message*"], "mqtt", "invalid_pattern", 'invalid pattern "transport.message*": "message*" mixes `*` with text; a wildcard must be a whole segment (`*` or `**`)');
  refused(["a..b"], "redis", "invalid_pattern", 'invalid pattern "a..b": it has an empty segment');
});
