// The package's public API end to end, on the built package (Node ESM entry).
import { test } from "node:test";
import assert from "node:assert/strict";
import { pkg } from "./package.mjs";

const { parseDelivery, EventRouter, EventParseError, HandlerError, ConnectorEvent, eventCatalogue } = pkg;

const decomposed = (id = "RELexample0000000003") =>
  JSON.stringify({ data: { relationshipId: id }, trigger: "transport.relationshipDecomposedBySelf" });
const webhook = (body, extra = {}) => ({ kind: "webhook", body, ...extra });
const mail = {
  id: "MSGexample0000000001", isOwn: false,
  content: { "@type": "Mail", to: ["did:e:a:dids:1"], cc: [], subject: "Grüße 👋 你好 שלום", body: "Hallo", bodyFormat: "PlainText" },
  createdBy: "did:e:a:dids:2", createdByDevice: "DVCexample0000000002",
  recipients: [{ address: "did:e:a:dids:1", relationshipId: "RELexample0000000001" }],
  createdAt: "2026-03-02T09:15:27.412Z", attachments: [],
};

test("parseDelivery: every delivery kind, string and byte bodies", () => {
  const data = JSON.stringify(mail);
  const bytes = new TextEncoder().encode(data);
  const b64 = Buffer.from(data).toString("base64");
  const cases = [
    webhook(JSON.stringify({ data: mail, trigger: "transport.messageReceived" })),
    webhook(new TextEncoder().encode(JSON.stringify({ data: mail, trigger: "transport.messageReceived" }))),
    webhook(data, { url: "https://erp.example.com/hooks/transport.messageReceived" }),
    { kind: "amqp", routingKey: "transport.messageReceived", body: data },
    { kind: "amqp", routingKey: "transport.messageReceived", body: bytes.buffer.slice(0) },
    { kind: "mqtt", topic: "transport/messageReceived", body: bytes },
    { kind: "redis", channel: "transport.messageReceived", body: "\ufeff" + data },
    { kind: "pubsub", body: JSON.stringify({ message: { data: b64, attributes: { namespace: "transport.messageReceived" } } }) },
    { kind: "pubsub", message: { data: b64, attributes: { namespace: "transport.messageReceived" } } },
    { kind: "pubsub", message: { data: bytes, attributes: { namespace: "transport.messageReceived" } } },
  ];
  for (const delivery of cases) {
    const event = parseDelivery(delivery);
    assert.ok(event instanceof ConnectorEvent);
    assert.equal(event.name, "transport.messageReceived");
    assert.equal(event.source, delivery.kind);
    assert.equal(event.known, true);
    assert.equal(event.dataType, "MessageDTO");
    assert.deepEqual(event.problems, []);
    assert.deepEqual(event.data, mail, JSON.stringify(delivery).slice(0, 80));
  }
});

test("parseDelivery: problems with paths, strict mode, legacy and unknown names", () => {
  const bad = { ...mail, isOwn: "no", recipients: [{ address: 42 }] };
  const event = parseDelivery({ kind: "amqp", routingKey: "transport.messageReceived", body: JSON.stringify(bad) });
  assert.deepEqual(event.problems, [
    { code: "wrong_type", path: "data.isOwn", message: "expected a boolean, found a string" },
    { code: "wrong_type", path: "data.recipients[0].address", message: "expected a string, found a number" },
  ]);
  assert.deepEqual(event.data, bad, "delivered anyway, untouched");
  assert.throws(
    () => parseDelivery({ kind: "amqp", routingKey: "transport.messageReceived", body: JSON.stringify(bad) }, { strict: true }),
    (error) =>
      error instanceof EventParseError && error.code === "invalid_data" && error.path === "data.isOwn" && error.problems.length === 2,
  );
  const legacy = parseDelivery({ kind: "redis", channel: "consumption.repositoryAttributeSucceeded", body: "{}" });
  assert.equal(legacy.legacy, true);
  assert.equal(legacy.known, false);
  assert.equal(legacy.successor, "consumption.attributeSucceeded");
  const unknown = parseDelivery(webhook('{"data":{"x":[1,{"__proto__":{"polluted":true}}]},"trigger":"acme.custom"}'));
  assert.equal(unknown.dataType, "unknown");
  assert.equal(unknown.data.x[1].__proto__.polluted, true, "__proto__ stays an own key");
  assert.equal({}.polluted, undefined);
});

test("parseDelivery: hostile input gets typed errors with code and path", () => {
  const failing = [
    [webhook("{nope"), "invalid_json", "body", "invalid JSON in body at byte 1: unexpected character 'n'"],
    [webhook(new Uint8Array([0x7b, 0xff])), "invalid_encoding", "body", "body is not valid UTF-8 at byte 1"],
    [webhook('{"data":{}}'), "missing_event_name", "body.trigger", undefined],
    [webhook('{"trigger":"a b"}'), "invalid_event_name", "body.trigger", undefined],
    [webhook("[]"), "invalid_envelope", "body", undefined],
    [{ kind: "amqp", routingKey: "a.b", body: "[".repeat(100_000) }, "too_deep", "body", "body nests deeper than 64 levels at byte 64"],
    [null, "invalid_delivery", "delivery", "delivery: expected a delivery object, found null"],
    [{ kind: "smtp", body: "" }, "invalid_delivery", "delivery.kind", 'delivery.kind: expected "webhook", "amqp", "mqtt", "redis", "pubsub" or "catch-up", found string "smtp"'],
    [{ kind: "amqp", body: "{}" }, "invalid_delivery", "delivery.routingKey", "delivery.routingKey: expected a string, found undefined"],
    [{ kind: "mqtt", topic: "a", body: 42 }, "invalid_delivery", "delivery.body", "delivery.body: expected a string, Uint8Array or ArrayBuffer, found number 42"],
  ];
  for (const [delivery, code, path, message] of failing) {
    assert.throws(
      () => parseDelivery(delivery),
      (error) => {
        assert.ok(error instanceof EventParseError, String(error));
        assert.equal(error.code, code);
        assert.equal(error.path, path);
        if (message !== undefined) assert.equal(error.message, message);
        return true;
      },
    );
  }
  const big = JSON.stringify({ value: "x".repeat(5 * 1024 * 1024) });
  assert.equal(parseDelivery({ kind: "amqp", routingKey: "acme.big", body: big }).data.value.length, 5 * 1024 * 1024);
  assert.throws(() => parseDelivery({ kind: "amqp", routingKey: "acme.big", body: big }, { maxBodyBytes: 1000 }), { code: "too_large" });
  assert.throws(() => parseDelivery(webhook("{}"), { maxDepth: 0 }), TypeError);
});

test("router: patterns follow the Connector's trigger semantics; registration order is call order", async () => {
  const calls = [];
  const router = new EventRouter()
    .on("**", (e) => calls.push(`** ${e.name}`))
    .on("transport.relationshipDecomposedBySelf", () => calls.push("exact"))
    .on("transport.*", () => calls.push("transport.*"))
    .on("consumption.*", () => calls.push("consumption.*"))
    .on("*.relationshipDecomposedBySelf.**", () => calls.push("*.x.**"));
  const report = await router.dispatch(webhook(decomposed()));
  assert.deepEqual(calls, ["** transport.relationshipDecomposedBySelf", "exact", "transport.*", "*.x.**"]);
  assert.deepEqual(report.ran.map((r) => r.pattern), ["**", "transport.relationshipDecomposedBySelf", "transport.*", "*.relationshipDecomposedBySelf.**"]);
  assert.equal(report.unhandled, false);
  assert.deepEqual(report.failed, []);
  assert.throws(() => router.on("transport.message*", () => {}), (e) => e instanceof TypeError && e.code === "invalid_pattern");
  assert.throws(() => router.on("a.b", "not a function"), TypeError);
});

test("router: once fires once, off removes on and once registrations, onAny sees everything", async () => {
  const calls = [];
  const always = () => calls.push("always");
  const later = () => calls.push("never");
  const router = new EventRouter()
    .once("transport.*", () => calls.push("once"))
    .on("transport.*", always)
    .once("transport.*", later)
    .onAny((e) => calls.push(`any ${e.name}`));
  router.off("transport.*", later);
  await router.dispatch(webhook(decomposed()));
  await router.dispatch(webhook(decomposed()));
  router.off("transport.*", always);
  await router.dispatch(webhook(decomposed()));
  assert.deepEqual(calls, ["once", "always", "any transport.relationshipDecomposedBySelf", "always", "any transport.relationshipDecomposedBySelf", "any transport.relationshipDecomposedBySelf"]);
});

test("router: async handlers are awaited; failures never stop the others and are aggregated", async () => {
  const order = [];
  const errors = [];
  const router = new EventRouter()
    .on("transport.*", async () => {
      await new Promise((r) => setTimeout(r, 20));
      order.push("slow");
    })
    .on("transport.*", () => {
      throw new Error("sync failure");
    })
    .on("transport.*", async () => {
      throw new Error("async failure");
    })
    .on("transport.*", () => order.push("after failures"))
    .onError((error) => errors.push(error));
  const rejection = await router.dispatch(webhook(decomposed())).then(() => null, (e) => e);
  assert.ok(rejection instanceof HandlerError);
  assert.ok(rejection instanceof AggregateError);
  assert.equal(rejection.code, "handler_failed");
  assert.deepEqual(rejection.errors.map((e) => e.message), ["sync failure", "async failure"]);
  assert.equal(rejection.message, "2 of 4 handlers failed for transport.relationshipDecomposedBySelf: sync failure");
  assert.deepEqual(order, ["after failures", "slow"], "started in order, all awaited before dispatch settled");
  assert.deepEqual(rejection.report.ran.map((r) => r.ok), [true, false, false, true]);
  assert.equal(rejection.event.name, "transport.relationshipDecomposedBySelf");
  assert.deepEqual(errors, [rejection], "onError saw the same error");
});

test("router: sequential mode awaits each handler before the next starts", async () => {
  const order = [];
  const router = new EventRouter({ sequential: true })
    .on("**", async () => {
      await new Promise((r) => setTimeout(r, 10));
      order.push(1);
    })
    .on("**", () => order.push(2));
  await router.dispatch(webhook(decomposed()));
  assert.deepEqual(order, [1, 2]);
});

test("router: parse errors reject and reach onError; unhandled events are reported, not dropped", async () => {
  const seen = [];
  const router = new EventRouter().on("transport.messageReceived", () => {}).onError((e) => seen.push(e.code));
  await assert.rejects(router.dispatch(webhook("{")), { code: "invalid_json" });
  await assert.rejects(router.dispatch({ kind: "amqp" }), { code: "invalid_delivery" });
  assert.deepEqual(seen, ["invalid_json", "invalid_delivery"]);

  // Nobody handles this one: it is not validated during dispatch, but nothing is lost.
  const body = JSON.stringify({ id: 7 });
  const report = await router.dispatch({ kind: "amqp", routingKey: "consumption.attributeCreated", body });
  assert.equal(report.unhandled, true);
  assert.deepEqual(report.ran, []);
  assert.deepEqual(report.event.data, { id: 7 });
  assert.deepEqual(report.event.problems.map((p) => p.path), ["data.id", "data.createdAt", "data.content"]);
});

test("router: strict mode rejects invalid data of handled events, without using up once handlers", async () => {
  const calls = [];
  const router = new EventRouter({ strict: true }).once("**", (e) => calls.push(e.data.relationshipId));
  await assert.rejects(router.dispatch({ kind: "redis", channel: "transport.relationshipDecomposedBySelf", body: '{"relationshipId":1}' }), {
    code: "invalid_data",
    path: "data.relationshipId",
  });
  await router.dispatch({ kind: "redis", channel: "transport.relationshipDecomposedBySelf", body: '{"relationshipId":"RELa"}' });
  assert.deepEqual(calls, ["RELa"], "the rejected delivery did not consume the once handler");
});

test("router: handlers may register, remove and dispatch re-entrantly", async () => {
  const router = new EventRouter();
  const calls = [];
  router.on("transport.*", async (e) => {
    calls.push(`outer ${e.data.relationshipId}`);
    router.on("consumption.*", () => calls.push("added during dispatch"));
    if (e.data.relationshipId === "RELa") await router.dispatch(webhook(decomposed("RELb")));
  });
  await router.dispatch(webhook(decomposed("RELa")));
  await router.dispatch({ kind: "amqp", routingKey: "consumption.futureEvent", body: "{}" });
  assert.deepEqual(calls, ["outer RELa", "outer RELb", "added during dispatch", "added during dispatch"]);
});

test("router: dispatchResponse reads a fetch Response inside the module", async () => {
  const router = new EventRouter();
  const names = [];
  router.on("**", (e) => names.push([e.name, e.data]));
  await router.dispatchResponse(new Response(decomposed()));
  await router.dispatchResponse(new Response('{"relationshipId":"RELz"}'), { kind: "amqp", routingKey: "transport.relationshipDecomposedBySelf" });
  assert.deepEqual(names, [
    ["transport.relationshipDecomposedBySelf", { relationshipId: "RELexample0000000003" }],
    ["transport.relationshipDecomposedBySelf", { relationshipId: "RELz" }],
  ]);
  await assert.rejects(router.dispatchResponse(new Response("nope", { status: 404 })), {
    code: "invalid_delivery",
    message: "the response has HTTP status 404, not a delivery",
  });
});

test("event catalogue and printable events", () => {
  const catalogue = eventCatalogue();
  assert.ok(catalogue.some((e) => e.name === "transport.messageReceived" && e.dataType === "MessageDTO" && !e.legacy));
  assert.ok(catalogue.some((e) => e.name === "consumption.peerSharedAttributeDeletedByPeer" && e.successors.length === 2));
  const event = parseDelivery(webhook(decomposed(), { correlationId: "0b6f3c2e" }));
  assert.equal(event.correlationId, "0b6f3c2e");
  assert.deepEqual(JSON.parse(JSON.stringify(event)), {
    name: "transport.relationshipDecomposedBySelf", key: "transport.relationshipDecomposedBySelf:RELexample0000000003",
    subject: "RELexample0000000003", source: "webhook", known: true, legacy: false,
    dataType: "RelationshipDecomposedBySelfEventData", correlationId: "0b6f3c2e", problems: [],
    data: { relationshipId: "RELexample0000000003" },
  });
});

test("the generated JS catalogue is the wasm's, row for row, and names each event by the row wasm sends", async () => {
  const { readFileSync } = await import("node:fs");
  const { pathToFileURL } = await import("node:url");
  const { pkgDir } = await import("./package.mjs");
  const { CATALOGUE } = await import(pathToFileURL(`${pkgDir}/catalogue.js`).href);
  // A second, private instance of the glue, to ask the wasm export itself.
  const glue = await import(`${pathToFileURL(`${pkgDir}/wasm/enmeshed_events.js`).href}?catalogue`);
  glue.initSync({ module: readFileSync(`${pkgDir}/wasm/enmeshed_events_bg.wasm`) });
  assert.deepEqual(CATALOGUE, glue.eventCatalogue());
  assert.deepEqual(
    eventCatalogue(),
    CATALOGUE.map(([name, dataType, legacy, successors]) => ({ name, dataType, legacy, successors })),
  );
  // Known events cross the boundary as a row index: each name comes back as its own row.
  const family = "consumption.relationshipEvent.";
  for (const [name, dataType, legacy] of CATALOGUE) {
    const sent = name.startsWith(family) ? `${family}RELexample0000000001` : name;
    const event = parseDelivery({ kind: "amqp", routingKey: sent, body: "{}" });
    assert.deepEqual([event.name, event.dataType, event.legacy, event.known], [sent, dataType, legacy, !legacy], name);
  }
});

test("using the package before initialisation is a clear error, not a crash", async () => {
  // A fresh process that imports the uninitialised API module directly (as a browser would
  // before `await init()`); the Node entry initialises on import.
  const { execFileSync } = await import("node:child_process");
  const { pkgDir } = await import("./package.mjs");
  const script = `import(${JSON.stringify(`${pkgDir}/api.js`)}).then((m) => {
    try { new m.EventRouter().on("a.b", () => {}); } catch (e) { console.log(e.code + ": " + e.message); }
  });`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(out.trim(), "not_initialized: enmeshed-events is not initialised: call `await init()` (or `initSync(module)`) first");
});

test("router: broker events nobody handles are decided from the name alone", async () => {
  const calls = [];
  const router = new EventRouter().once("transport.messageReceived", (e) => calls.push(e.name));
  // Not handled: answered without parsing the body, which is therefore not checked here…
  const broken = await router.dispatch({ kind: "mqtt", topic: "consumption/messageProcessed", body: "{not json" });
  assert.equal(broken.unhandled, true);
  assert.equal(broken.event.name, "consumption.messageProcessed");
  assert.equal(broken.event.dataType, "MessageProcessedEventData");
  // …but nothing is hidden: the problem shows when asked for.
  assert.deepEqual(broken.event.problems.map((p) => p.code), ["invalid_json"]);
  // Reading the data is a typed error too (issue 8, item 7: it was a raw SyntaxError).
  assert.throws(() => broken.event.data, (e) => e instanceof EventParseError && e.code === "invalid_json" && e.path === "body");
  // A broker's `{}` for an event without data is no data, as on the full path.
  const started = await router.dispatch({ kind: "redis", channel: "runtime.modulesStarted", body: "{}" });
  assert.equal(started.event.data, undefined);
  // An invalid name is still an error, and the `once` handler was not used up by the look-up.
  await assert.rejects(router.dispatch({ kind: "amqp", routingKey: "a..b", body: "{}" }), { code: "invalid_event_name" });
  await router.dispatch({ kind: "amqp", routingKey: "transport.messageReceived", body: JSON.stringify(mail) });
  assert.deepEqual(calls, ["transport.messageReceived"]);
});
