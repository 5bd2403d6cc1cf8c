// event.key and event.subject on the built package: one key per event whichever transport
// delivered it, for checked events (parseDelivery, handled dispatches) and for unchecked ones
// (broker deliveries no handler matched, identified when first read).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { pkg } from "./package.mjs";

const { parseDelivery, EventRouter } = pkg;

const corpus = JSON.parse(readFileSync(new URL("../fixtures/corpus.json", import.meta.url), "utf8")).cases;

/** A corpus case's delivery as the API takes it (bodyBase64 → bytes). */
function deliveryOf(delivery) {
  const { bodyBase64, ...rest } = delivery;
  return bodyBase64 === undefined ? rest : { ...rest, body: new Uint8Array(Buffer.from(bodyBase64, "base64")) };
}

test("the corpus: one key and subject per event over every transport (parseDelivery)", () => {
  const byEvent = new Map();
  for (const { id, delivery } of corpus) {
    let event;
    try {
      event = parseDelivery(deliveryOf(delivery));
    } catch {
      continue;
    }
    const group = id.slice(0, id.lastIndexOf("/"));
    const found = `${event.key} | ${event.subject}`;
    if (!byEvent.has(group)) byEvent.set(group, new Map());
    const keys = byEvent.get(group);
    keys.set(found, [...(keys.get(found) ?? []), id]);
  }
  const split = [...byEvent].filter(([, keys]) => keys.size > 1);
  assert.deepEqual(split, []);
  const compared = [...byEvent.values()].filter((keys) => [...keys.values()][0].length >= 5).length;
  assert.ok(compared > 100, `${compared} events compared over five or more deliveries`);
});

const request = {
  request: { id: "REQexample0000000007", isOwn: false, peer: "did:e:a:dids:1", createdAt: "2026-03-02T10:01:12.550Z", status: "Decided",
    content: { "@type": "Request", items: [] }, source: { type: "Message", reference: "MSGexample0000000008" } },
  oldStatus: "ManualDecisionRequired", newStatus: "Decided",
};
const NAME = "consumption.incomingRequestStatusChanged";

function everyTransport(name, data) {
  const text = JSON.stringify(data);
  const bytes = new TextEncoder().encode(text);
  return [
    { kind: "webhook", body: JSON.stringify({ data, trigger: name }) },
    { kind: "webhook", body: new TextEncoder().encode(JSON.stringify({ trigger: name, data })) },
    { kind: "webhook", body: text, url: `https://erp.example.com/hooks/${name}` },
    { kind: "amqp", routingKey: name, body: text },
    { kind: "amqp", routingKey: name, body: bytes },
    { kind: "mqtt", topic: name.replaceAll(".", "/"), body: bytes },
    { kind: "redis", channel: name, body: "\ufeff" + text },
    { kind: "pubsub", message: { data: Buffer.from(text).toString("base64"), attributes: { namespace: name } } },
    { kind: "pubsub", body: JSON.stringify({ message: { data: Buffer.from(text).toString("base64"), attributes: { namespace: name } } }) },
  ];
}

test("event.key: handled, unhandled (unchecked) and parsed events agree", async () => {
  const expected = `${NAME}:REQexample0000000007:Decided`;
  const handled = new EventRouter();
  const seen = [];
  handled.on(NAME, (event) => seen.push([event.key, event.subject]));
  const unhandled = new EventRouter();
  unhandled.on("transport.*", () => {});
  for (const delivery of everyTransport(NAME, request)) {
    const event = parseDelivery(delivery);
    assert.equal(event.key, expected, delivery.kind);
    assert.equal(event.subject, "REQexample0000000007");
    await handled.dispatch(delivery);
    const report = await unhandled.dispatch(delivery);
    assert.equal(report.unhandled, true);
    assert.equal(report.event.key, expected, `unhandled ${delivery.kind}`);
    assert.equal(report.event.subject, "REQexample0000000007");
  }
  assert.deepEqual(seen, everyTransport(NAME, request).map(() => [expected, "REQexample0000000007"]));
});

test("event.key: the hash for events without an entity, the same for pretty-printed data", () => {
  const name = "transport.somethingNew";
  const data = { value: [1, 2, { note: "a b" }] };
  const compact = parseDelivery({ kind: "amqp", routingKey: name, body: JSON.stringify(data) });
  const pretty = parseDelivery({ kind: "webhook", body: JSON.stringify({ trigger: name, data }, null, 2) });
  assert.match(compact.key, /^transport\.somethingNew:[0-9a-f]{32}$/);
  assert.equal(pretty.key, compact.key);
  assert.equal(compact.subject, undefined);
  const other = parseDelivery({ kind: "amqp", routingKey: name, body: JSON.stringify({ value: [1, 2, { note: "ab" }] }) });
  assert.notEqual(other.key, compact.key);

  // No data (webhook) and `{}` (brokers) are the same event.
  const started = parseDelivery({ kind: "webhook", body: '{"trigger":"runtime.modulesStarted"}' });
  assert.match(started.key, /^runtime\.modulesStarted:[0-9a-f]{32}$/);
  assert.equal(parseDelivery({ kind: "redis", channel: "runtime.modulesStarted", body: "{}" }).key, started.key);
});

test("event.key of an unhandled broker event whose body is not JSON: the hash of the body, no throw", async () => {
  // (Broken before its id: reading stops at the fields, so a body broken after them keeps them.)
  const router = new EventRouter();
  const { event } = await router.dispatch({ kind: "amqp", routingKey: "transport.messageReceived", body: new TextEncoder().encode('{"x":,"id":"MSGx"}') });
  assert.match(event.key, /^transport\.messageReceived:[0-9a-f]{32}$/);
  assert.equal(event.subject, undefined);
  assert.throws(() => event.data, { code: "invalid_json" });
  const again = await router.dispatch({ kind: "amqp", routingKey: "transport.messageReceived", body: '{"x":,"id":"MSGx"}' });
  assert.equal(again.event.key, event.key);
});

test("event.subject inside and outside the key, after a non-ASCII name", () => {
  const unknown = parseDelivery({ kind: "amqp", routingKey: "x.ünïcödé😀", body: '{"id":"XYZ1","v":1}' });
  assert.match(unknown.key, /^x\.ünïcödé😀:[0-9a-f]{32}$/);
  assert.equal(unknown.subject, "XYZ1");
  const known = parseDelivery({ kind: "amqp", routingKey: "consumption.relationshipEvent.RELü", body: '{"id":"RELexample1","auditLog":[{}]}' });
  assert.equal(known.key, "consumption.relationshipEvent.RELü:RELexample1:1");
  assert.equal(known.subject, "RELexample1");
});

test("event.key is a getter on the prototype, stable across reads, and in toJSON", () => {
  const event = parseDelivery({ kind: "amqp", routingKey: "transport.messageReceived", body: '{"id":"MSGexample0000000001"}' });
  assert.equal(event.key, "transport.messageReceived:MSGexample0000000001");
  assert.equal(event.key, event.key);
  assert.equal(Object.keys(event).includes("key"), false);
  assert.equal(event.toJSON().key, event.key);
});
