// Issue 8: no input traps, hangs or leaks; what was validated is what is handed out. Each test
// names the item of the issue it covers; each failed on the build before the fix.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pkg } from "./package.mjs";

const { parseDelivery, EventRouter, EventParseError, HandlerError, instanceStats } = pkg;

const mail = {
  id: "MSGexample0000000001", isOwn: false,
  content: { "@type": "Mail", to: ["did:e:a:dids:1"], cc: [], subject: "Grüße 👋", body: "Hallo", bodyFormat: "PlainText" },
  createdBy: "did:e:a:dids:2", createdByDevice: "DVCexample0000000002",
  recipients: [{ address: "did:e:a:dids:1", relationshipId: "RELexample0000000001" }],
  createdAt: "2026-03-02T09:15:27.412Z", attachments: [],
};
const envelope = (trigger, data) => JSON.stringify({ trigger, data });
const bytes = (text) => new TextEncoder().encode(text);
const isParseError = (code, path) => (e) =>
  e instanceof EventParseError && e.code === code && (path === undefined || e.path === path);

test("item 1: a body ending in a backslash inside a string is invalid_json, not a trap", async () => {
  for (const body of ['{"data":"\\', '{"data":"ab\\', '{"data":["\\', '{"trigger":"a.b","data":"\\']) {
    assert.throws(() => parseDelivery({ kind: "webhook", body }), isParseError("invalid_json", "body"), body);
    assert.throws(() => parseDelivery({ kind: "webhook", body: bytes(body) }), isParseError("invalid_json"), body);
    await assert.rejects(new EventRouter().onAny(() => {}).dispatch({ kind: "webhook", body }), isParseError("invalid_json"));
  }
  assert.equal(instanceStats().traps, 0);
});

test("item 3: caught exceptions leak no externref table slot", async () => {
  const body = envelope("a.b", {});
  const routers = [
    new EventRouter().on("**", () => { throw new Error("sync"); }).onError(() => {}),
    new EventRouter().on("**", () => { throw new Error("sync"); }).onError(() => { throw new Error("error handler"); }),
    new EventRouter().on("**", () => ({ then() { throw new Error("then"); } })),
    new EventRouter().on("**", () => { throw 1; }).on("a.b", () => { throw Object.create(null); }),
  ];
  for (const router of routers) await router.dispatch({ kind: "webhook", body }).catch(() => {});
  const before = instanceStats();
  for (let i = 0; i < 5_000; i++) {
    for (const router of routers) await router.dispatch({ kind: "webhook", body }).catch(() => {});
  }
  const after = instanceStats();
  assert.equal(after.tableSlots, before.tableSlots, "externref table");
  assert.equal(after.memoryBytes, before.memoryBytes, "wasm memory");
});

test("item 4: a repeated \"@type\" does not smuggle an invalid Mail past strict mode", () => {
  const body = JSON.stringify(mail).replace('"@type":"Mail"', '"@type":"ArbitraryMessageContent","@type":"Mail"').replace(',"subject":"Grüße 👋"', "");
  assert.throws(
    () => parseDelivery({ kind: "amqp", routingKey: "transport.messageReceived", body }, { strict: true }),
    (e) => isParseError("invalid_data")(e) && e.problems.map((p) => p.path).join() === 'data.content["@type"],data.content.subject',
  );
});

test("item 5: oversized input is refused before it is copied, and memory returns to its working size", async () => {
  const working = instanceStats().memoryBytes;
  // Pulled Pub/Sub base64 text: 40 MiB of text for a limit of 1 MiB.
  const base64 = "A".repeat(40 * 1024 * 1024);
  assert.throws(
    () => parseDelivery({ kind: "pubsub", message: { data: base64, attributes: { namespace: "a.b" } } }, { maxBodyBytes: 1 << 20 }),
    (e) => isParseError("too_large")(e) && e.message === `the body has ${30 * 1024 * 1024} bytes, more than the limit of ${1 << 20}`,
  );
  assert.equal(instanceStats().memoryBytes, working, "the text never entered wasm memory");
  // A string body whose UTF-8 is over the limit though its length is not: stopped at the limit.
  const wide = "ü".repeat(700 * 1024); // 1.4 MB of UTF-8
  assert.throws(() => parseDelivery({ kind: "amqp", routingKey: "a.b", body: wide }, { maxBodyBytes: 1 << 20 }), isParseError("too_large"));
  assert.ok(instanceStats().memoryBytes <= working + (2 << 20));
  // dispatchResponse has a limit now: a 250 MiB stream is cancelled after the limit.
  let pulled = 0;
  let cancelled = false;
  const chunk = new Uint8Array(1 << 20).fill(0x20);
  const stream = new ReadableStream({
    pull(controller) {
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
      if (pulled >= 250 << 20) controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  const router = new EventRouter({ maxBodyBytes: 4 << 20 }).onAny(() => {});
  await assert.rejects(router.dispatchResponse(new Response(stream)), isParseError("too_large"));
  assert.ok(cancelled && pulled <= 8 << 20, `pulled ${pulled} bytes`);
  // A huge delivery within the limits grows wasm memory; the instance is then replaced, so
  // memory goes back to its working size.
  const big = new EventRouter({ maxBodyBytes: 64 << 20 }).on("a.b", () => {});
  const huge = JSON.stringify({ text: "x".repeat(40 << 20) });
  const { event } = await big.dispatch({ kind: "amqp", routingKey: "a.b", body: huge });
  assert.equal(event.data.text.length, 40 << 20);
  const stats = instanceStats();
  assert.ok(stats.memoryBytes <= working + (1 << 20), `memory ${stats.memoryBytes} after a 40 MiB delivery (working size ${working})`);
  assert.ok(stats.compactions >= 1);
  await big.dispatch({ kind: "amqp", routingKey: "a.b", body: "{}" }); // and the router still works
});

test("item 6: later mutation of the caller's bytes changes nothing that was validated", async () => {
  const body = bytes(envelope("transport.messageReceived", mail));
  const event = parseDelivery({ kind: "webhook", body }, { strict: true });
  body.fill(0x20);
  assert.deepEqual(event.data, mail);
  for (const kind of ["amqp", "redis"]) {
    const data = bytes(JSON.stringify(mail));
    let seen;
    const router = new EventRouter({ strict: true }).on("transport.messageReceived", async (e) => {
      await null;
      seen = e.data;
    });
    const done = router.dispatch({ kind, routingKey: "transport.messageReceived", channel: "transport.messageReceived", body: data });
    data.fill(0x7b);
    await done;
    assert.deepEqual(seen, mail, kind);
  }
  // An event nobody handled keeps its own copy too (cut from shared slabs: many events, across
  // slab boundaries, each with its own bytes).
  const router = new EventRouter();
  const kept = [];
  for (let i = 0; i < 300; i++) {
    const data = bytes(JSON.stringify({ ...mail, id: `MSGexample${String(i).padStart(10, "0")}` }));
    const { event: unhandled } = await router.dispatch({ kind: "amqp", routingKey: "transport.messageReceived", body: data });
    data.fill(0x20);
    kept.push(unhandled);
  }
  kept.forEach((event, i) => assert.equal(event.data.id, `MSGexample${String(i).padStart(10, "0")}`));
  assert.deepEqual(kept[0].problems, []);
});

test("item 7: events no handler matched get typed errors, honest bytes and the router's limits", async () => {
  const router = new EventRouter({ maxDepth: 8 }).on("other.event", () => {});
  const deep = "[".repeat(10_000) + "]".repeat(10_000);
  const { event: tooDeep } = await router.dispatch({ kind: "amqp", routingKey: "a.b", body: deep });
  assert.throws(() => tooDeep.data, isParseError("too_deep"));
  const { event: nine } = await router.dispatch({ kind: "amqp", routingKey: "a.b", body: "[".repeat(9) + "]".repeat(9) });
  assert.deepEqual(nine.problems.map((p) => p.code), ["too_deep"], "the router's maxDepth, not the default");
  const { event: latin1 } = await router.dispatch({ kind: "redis", channel: "a.b", body: new Uint8Array([0x22, 0xfc, 0x22]) });
  assert.throws(() => latin1.data, isParseError("invalid_encoding"), "not a silent U+FFFD");
  // A data-less event with data: the same whether handled or not.
  const unhandled = await router.dispatch({ kind: "amqp", routingKey: "runtime.modulesStarted", body: '{"x":1}' });
  const handled = await new EventRouter().on("runtime.*", () => {}).dispatch({ kind: "amqp", routingKey: "runtime.modulesStarted", body: '{"x":1}' });
  assert.deepEqual(unhandled.event.data, { x: 1 });
  assert.deepEqual(handled.event.data, { x: 1 });
  assert.deepEqual(unhandled.event.problems, handled.event.problems);
  // dispatchResponse events report their real problems, not invalid_delivery.
  const response = new Response(JSON.stringify({ id: 7 }), { status: 200 });
  const { event } = await router.dispatchResponse(response, { kind: "amqp", routingKey: "transport.messageReceived" });
  assert.equal(event.problems[0].path, "data.id");
});

test("item 8: an unhandled webhook delivery whose data is not JSON is rejected", async () => {
  await assert.rejects(
    new EventRouter().on("x.y", () => {}).dispatch({ kind: "webhook", body: '{"trigger":"unhandled.event","data":{]}' }),
    isParseError("invalid_json", "data"),
  );
});

test("item 9: a re-entrant dispatch that exhausts the stack does not poison the module", async () => {
  const router = new EventRouter();
  router.on("a.b", () => router.dispatch({ kind: "amqp", routingKey: "a.b", body: "{}" }));
  const outer = await router.dispatch({ kind: "amqp", routingKey: "a.b", body: "{}" }).then(
    () => "resolved",
    (e) => e.code ?? e.name,
  );
  assert.equal(outer, "handler_failed");
  // The innermost refused with a typed error long before the stack ran out.
  let innermost = await router.dispatch({ kind: "amqp", routingKey: "a.b", body: "{}" }).catch((e) => e);
  while (innermost?.code === "handler_failed") innermost = innermost.errors[0];
  assert.equal(innermost.code, "recursion_limit");
  assert.equal(instanceStats().traps, 0);
  const other = await new EventRouter().on("c.d", () => {}).dispatch({ kind: "amqp", routingKey: "c.d", body: "{}" });
  assert.equal(other.ran.length, 1);
  assert.equal(parseDelivery({ kind: "amqp", routingKey: "c.d", body: "{}" }).name, "c.d");
});

test("item 10: whatever a handler throws, the dispatch rejects with a HandlerError", async () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  const hostile = [Object.create(null), { toString() { throw new Error("no"); } }, proxy, Symbol("s"), undefined];
  for (const thrown of hostile) {
    for (const sync of [true, false]) {
      const router = new EventRouter().on("a.b", sync ? () => { throw thrown; } : async () => { throw thrown; });
      const error = await router.dispatch({ kind: "amqp", routingKey: "a.b", body: "{}" }).catch((e) => e);
      assert.ok(error instanceof HandlerError, String(typeof thrown));
      assert.equal(error.code, "handler_failed");
      assert.ok(error.errors[0] === thrown);
    }
  }
});

test("item 11: dispatchResponse failures are typed and reach onError", async () => {
  const seen = [];
  const router = new EventRouter({ bodyTimeoutMs: 50 }).onAny(() => {}).onError((e) => seen.push(e.code));
  await assert.rejects(router.dispatchResponse(new Response("nope", { status: 404 })), isParseError("invalid_delivery", "response.status"));
  const used = new Response(envelope("a.b", {}));
  await used.text();
  await assert.rejects(router.dispatchResponse(used), isParseError("invalid_delivery", "response.body"));
  const failing = new ReadableStream({ pull(c) { c.error(new TypeError("connection reset")); } });
  await assert.rejects(router.dispatchResponse(new Response(failing)), isParseError("unreadable_body", "body"));
  const stalled = new ReadableStream({ pull() { return new Promise(() => {}); } });
  await assert.rejects(router.dispatchResponse(new Response(stalled)), isParseError("body_timeout", "body"));
  assert.deepEqual(seen, ["invalid_delivery", "invalid_delivery", "unreadable_body", "body_timeout"]);
});

test("item 12: a detached ArrayBuffer is invalid_delivery", async () => {
  const buffer = bytes(envelope("a.b", {})).buffer;
  structuredClone(buffer, { transfer: [buffer] });
  assert.throws(() => parseDelivery({ kind: "webhook", body: buffer }), isParseError("invalid_delivery", "delivery.body"));
  const view = bytes("{}");
  structuredClone(view.buffer, { transfer: [view.buffer] });
  await assert.rejects(new EventRouter().dispatch({ kind: "amqp", routingKey: "a.b", body: view }), isParseError("invalid_delivery", "delivery.body"));
});

test("item 13: invalid names are not echoed in full", () => {
  const error = (() => {
    try {
      parseDelivery({ kind: "redis", channel: "x".repeat(10_000), body: "{}" });
    } catch (e) {
      return e;
    }
  })();
  assert.equal(error.code, "invalid_event_name");
  assert.ok(error.message.length < 200, `${error.message.length} characters`);
});

test("item 16: a getter that parses another delivery does not break the outer call", () => {
  const delivery = {
    kind: "amqp",
    routingKey: "transport.messageReceived",
    get body() {
      parseDelivery({ kind: "amqp", routingKey: "a.b", body: "{}" });
      return JSON.stringify(mail);
    },
  };
  assert.deepEqual(parseDelivery(delivery).data, mail);
  const throwing = { kind: "amqp", get routingKey() { throw new Error("no key"); }, body: "{}" };
  assert.throws(() => parseDelivery(throwing), (e) => isParseError("invalid_delivery", "delivery.routingKey")(e) && e.cause.message === "no key");
});

test("item 17: handlers that never settle time out with handler_timeout; no test hook is exported", async () => {
  for (const sequential of [false, true]) {
    const router = new EventRouter({ handlerTimeoutMs: 30, sequential })
      .on("a.b", () => new Promise(() => {}))
      .on("a.b", () => {});
    const error = await router.dispatch({ kind: "amqp", routingKey: "a.b", body: "{}" }).catch((e) => e);
    assert.ok(error instanceof HandlerError);
    assert.equal(error.errors[0].code, "handler_timeout");
    assert.deepEqual(error.report.ran.map((r) => r.ok), [false, true]);
  }
  // Per dispatch, too.
  const router = new EventRouter().on("a.b", () => new Promise(() => {}));
  const error = await router.dispatch({ kind: "amqp", routingKey: "a.b", body: "{}" }, { handlerTimeoutMs: 10 }).catch((e) => e);
  assert.equal(error.errors[0].name, "HandlerTimeoutError");
  assert.equal(pkg.__panicForTests, undefined);
});

test("items 19 and 21: one path per place; names in any script are delivered", async () => {
  assert.throws(() => parseDelivery({ kind: "webhook", body: '{"trigger":42}' }), (e) =>
    isParseError("invalid_event_name", "body.trigger")(e) && e.message === "invalid event name at body.trigger: expected a string, found a number");
  assert.throws(() => parseDelivery({ kind: "webhook", body: "{}" }), isParseError("missing_event_name", "body.trigger"));
  const event = parseDelivery({ kind: "webhook", body: envelope("transport.nachrichtEmpfangenÜ", { a: 1 }) });
  assert.equal(event.known, false);
  assert.deepEqual(event.data, { a: 1 });
  const report = await new EventRouter().on("transport.*", () => {}).dispatch({ kind: "mqtt", topic: "transport/nachrichtEmpfangenÜ", body: "{}" });
  assert.equal(report.ran.length, 1);
  // A lone surrogate would become U+FFFD and two names would arrive as one: refused (found by the soak).
  assert.throws(() => parseDelivery({ kind: "webhook", body: '{"trigger":"transport.x\\ud800","data":{}}' }), isParseError("invalid_event_name", "body.trigger"));
  await assert.rejects(new EventRouter().on("**", () => {}).dispatch({ kind: "redis", channel: "transport.x\ud800", body: "{}" }), isParseError("invalid_event_name", "channel"));
});
