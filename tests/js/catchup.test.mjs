// Catch-up end to end on a Connector-shaped fake (tests/catchup/fake-connector.mjs): events
// delivered live by webhook, an outage of the receiver during which the Connector keeps
// changing, then catch-up: every reconstructable missed event is dispatched exactly once,
// through the same router, marked source "catch-up", and none that was delivered live.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { pkg, pkgDir } from "./package.mjs";
import { FakeConnector, ME } from "../catchup/fake-connector.mjs";
import { startReceiver } from "../catchup/receiver.mjs";
import { loadValidator } from "../catchup/openapi.mjs";
import { reconstructable, keyOf as keyOfEmitted } from "../catchup/oracle.mjs";

const { ConnectorClient, EventRouter, createWebhookHandler, catchUp, createCatchUp, markDelivered, MemoryWatermarkStore, CatchUpError, WaitTimeoutError } = pkg;
const { MemoryGuardStore } = await import(pathToFileURL(`${pkgDir}/consume.js`).href);

const API_KEY = "catchup-test-key-0123456789-ABCdef!!";
const FAKE_PORT = Number(process.env.CATCHUP_FAKE_PORT ?? 24020);
const RECEIVER_PORT = Number(process.env.CATCHUP_RECEIVER_PORT ?? 24021);
const PEER = "did:e:localhost:dids:0000000000000000000b02";
const PEER2 = "did:e:localhost:dids:0000000000000000000c03";

let fake;
let receiver;
let client;
let router;
let guard;
const seen = []; // { name, key, source, data }
let failNext; // a key whose next dispatch must fail

async function startLiveReceiver() {
  receiver = await startReceiver(createWebhookHandler(router, { apiKeys: [API_KEY] }), RECEIVER_PORT);
}

before(async () => {
  const { check, unknownFormats } = loadValidator();
  assert.deepEqual(unknownFormats, [], "every custom format of the spec is defined in openapi.mjs");
  fake = new FakeConnector({ apiKey: API_KEY, webhookUrl: `http://127.0.0.1:${RECEIVER_PORT}/webhook`, check });
  const baseUrl = await fake.listen(FAKE_PORT);
  client = new ConnectorClient({ baseUrl, apiKey: API_KEY, retry: { maxAttempts: 1 } });
  guard = new MemoryGuardStore();
  router = new EventRouter()
    .onAny((event) => {
      if (event.key === failNext) {
        failNext = undefined;
        throw new Error("handler down");
      }
      seen.push({ name: event.name, key: event.key, source: event.source, data: event.data });
    })
    .onAny(markDelivered(guard));
  await startLiveReceiver();
});

after(async () => {
  await receiver?.close();
  await fake?.close();
});


test("catch-up after a receiver outage recovers every reconstructable missed event exactly once and no delivered one", async () => {
  const store = new MemoryWatermarkStore();
  const options = { store, guard, now: () => fake.now() };

  // Before anything happened: nothing to catch up; the watermark is set.
  const first = await catchUp(router, client, { ...options, since: new Date(fake.now()).toISOString() });
  assert.deepEqual([first.dispatched, first.skipped, first.failed.length], [0, 0, 0]);
  assert.equal(store.get(), new Date(fake.now()).toISOString());

  // Live: everything is delivered by webhook.
  const rel1 = fake.peerCreatesRelationship(PEER);
  fake.changeRelationship(rel1.id, "AcceptanceOfCreation", "Active");
  fake.receiveMail(PEER, "live mail");
  const attr1 = fake.createAttribute("GivenName", "Ada");
  const outgoing = fake.createOutgoingRequest(PEER, { items: [{ "@type": "ReadAttributeRequestItem", mustBeAccepted: true, query: { "@type": "IdentityAttributeQuery", valueType: "Surname" } }] });
  fake.sendMessage([PEER], outgoing.content);
  await fake.settled();
  const liveCount = fake.emitted.length;
  assert.ok(fake.emitted.every((e) => e.delivered), "every live event was delivered");
  assert.equal(seen.filter((e) => e.source === "webhook").length, liveCount);

  // A catch-up now finds only what was delivered: nothing is dispatched again.
  const quiet = await catchUp(router, client, options);
  assert.equal(quiet.dispatched, 0);
  // Relationship (its current state), mail, attribute, the sent request message; the request's
  // Draft→Open is an intermediate status.
  assert.equal(quiet.skipped, 4);

  // Outage of the receiver: the Connector's one attempt per webhook fails, events are lost.
  await receiver.close();
  const outageStart = fake.emitted.length;
  fake.receiveMail(PEER, "missed mail");
  fake.receiveRequest(PEER); // → ManualDecisionRequired, still waiting
  fake.receiveRequest(PEER2, { decide: true }); // → decided meanwhile: nobody needs telling
  const rel2 = fake.peerCreatesRelationship(PEER2);
  fake.changeRelationship(rel2.id, "AcceptanceOfCreation", "Active"); // Pending is intermediate
  fake.changeRelationship(rel1.id, "Termination", "Terminated");
  fake.changeRelationship(rel1.id, "ReactivationRequested", "Terminated", PEER);
  fake.peerAnswers(outgoing.id);
  fake.succeedAttribute(attr1.id, "Ada Augusta");
  const attr2 = fake.createAttribute("Surname", "Lovelace");
  const attr3 = fake.createAttribute("Nickname", "Ady");
  fake.deleteAttribute(attr3.id); // created and deleted in the outage: nothing to list
  fake.sendMessage([PEER2], { "@type": "Mail", to: [PEER2], cc: [], subject: "sent in the outage", body: "…", bodyFormat: "PlainText" });
  await fake.settled();
  const missed = fake.emitted.slice(outageStart);
  assert.ok(missed.every((e) => !e.delivered));

  // The receiver is back; one more live event arrives before catch-up runs.
  await startLiveReceiver();
  fake.receiveMail(PEER, "after the outage");
  await fake.settled();
  assert.ok(fake.emitted.at(-1).delivered);

  const expected = missed.filter((e) => reconstructable(e, fake));
  const notExpected = missed.filter((e) => !reconstructable(e, fake));
  const before = seen.length;
  const result = await catchUp(router, client, options);
  const synthesized = seen.slice(before);

  assert.equal(result.failed.length, 0, String(result.failed[0]?.error));
  assert.deepEqual(result.problems, []);
  assert.ok(synthesized.every((e) => e.source === "catch-up"));
  const keyOf = (e) => keyOfEmitted(pkg, e);
  const expectedKeys = expected.map(keyOf).sort();
  const gotKeys = synthesized.map((e) => e.key).sort();
  assert.deepEqual(gotKeys, expectedKeys);
  assert.equal(new Set(gotKeys).size, gotKeys.length, "each exactly once");
  assert.equal(result.dispatched, expected.length);
  // What was expected, by name (so a reader sees what the outage cost and what came back).
  assert.deepEqual(expected.map((e) => e.trigger).sort(), [
    "consumption.attributeCreated",
    "consumption.attributeSucceeded",
    "consumption.incomingRequestStatusChanged",
    "consumption.outgoingRequestStatusChanged",
    "transport.messageReceived",
    "transport.messageReceived",
    "transport.messageReceived",
    "transport.messageReceived",
    "transport.messageSent",
    "transport.relationshipChanged",
    "transport.relationshipChanged",
    "transport.relationshipReactivationRequested",
  ]);
  // And what cannot come back: intermediate statuses, processing results, a deletion, a creation undone.
  assert.ok(notExpected.some((e) => e.trigger === "consumption.attributeDeleted"));
  assert.ok(notExpected.some((e) => e.trigger === "consumption.incomingRequestStatusChanged" && e.data.newStatus === "DecisionRequired"));
  // None that was delivered live came again.
  const liveKeys = new Set(seen.slice(0, before).map((e) => e.key));
  assert.ok(synthesized.every((e) => !liveKeys.has(e.key)));
  // The synthesized data equals the live data where the entity did not change since.
  for (const event of synthesized) {
    const original = expected.find((e) => keyOf(e) === event.key);
    if (original.trigger.startsWith("transport.message") || original.trigger.endsWith("RequestStatusChanged") || original.trigger.startsWith("transport.relationship")) {
      assert.deepEqual(event.data, original.data, event.key);
    }
  }
  // Oldest first.
  assert.equal(synthesized[0].name, "transport.messageReceived");

  // Again: nothing new.
  const again = await catchUp(router, client, options);
  assert.equal(again.dispatched, 0);
  assert.ok(again.skipped >= expected.length);
});

test("a failing handler holds the watermark back; the next run dispatches that event and only it", async () => {
  const store = new MemoryWatermarkStore(new Date(fake.now()).toISOString());
  const options = { store, guard, now: () => fake.now() };
  await receiver.close();
  const mail = fake.receiveMail(PEER, "will fail once");
  const later = fake.receiveMail(PEER, "fine");
  await fake.settled();
  await startLiveReceiver();
  const failKey = `transport.messageReceived:${mail.id}`;
  failNext = failKey;
  const errors = [];
  router.onError((e) => errors.push(e));
  const first = await catchUp(router, client, options);
  assert.equal(first.dispatched, 1);
  assert.equal(first.failed.length, 1);
  assert.equal(first.failed[0].event.key, failKey);
  assert.equal(first.failed[0].error.code, "handler_failed");
  assert.equal(errors.length, 1, "the router's onError saw the failure");
  assert.equal(first.watermark, mail.createdAt, "held back to the failed event");
  assert.equal(store.get(), mail.createdAt);
  const before = seen.length;
  const second = await catchUp(router, client, options);
  assert.equal(second.dispatched, 1);
  assert.deepEqual(seen.slice(before).map((e) => e.key), [failKey]);
  assert.ok(second.watermark >= later.createdAt);
  assert.equal(second.watermark, new Date(fake.now()).toISOString(), "moved on to when the listing started");
});

test("waitFor with the client: send a Request, then await its answer or time out", async () => {
  const request = await client.createOutgoingRequest({ peer: PEER, content: { items: [{ "@type": "ReadAttributeRequestItem", mustBeAccepted: true, query: { "@type": "IdentityAttributeQuery", valueType: "EMailAddress" } }] } });
  const answered = router.waitFor(
    "consumption.outgoingRequestStatusChanged",
    (e) => e.data.request.id === request.id && e.data.newStatus === "Completed",
    { timeout: 5000 },
  );
  await client.sendMessage({ recipients: [PEER], content: request.content });
  setTimeout(() => fake.peerAnswers(request.id), 20);
  const event = await answered;
  assert.equal(event.data.request.response.content.result, "Accepted");
  assert.equal(event.source, "webhook");

  // Unanswered: a clean timeout, and the waiter is gone.
  const other = await client.createOutgoingRequest({ peer: PEER2, content: { items: [{ "@type": "ReadAttributeRequestItem", mustBeAccepted: true, query: { "@type": "IdentityAttributeQuery", valueType: "EMailAddress" } }] } });
  await client.sendMessage({ recipients: [PEER2], content: other.content });
  await assert.rejects(
    router.waitFor("consumption.outgoingRequestStatusChanged", (e) => e.data.request.id === other.id && e.data.newStatus === "Completed", { timeout: 50 }),
    (e) => e instanceof WaitTimeoutError && e.code === "wait_timeout",
  );
  await fake.settled();
});

test("createCatchUp: runs never overlap, a reconnect trigger coalesces, every(ms) schedules", async () => {
  const store = new MemoryWatermarkStore(new Date(fake.now()).toISOString());
  const runner = createCatchUp(router, client, { store, guard, now: () => fake.now() });
  await receiver.close();
  fake.receiveMail(PEER, "for the runner");
  await fake.settled();
  await startLiveReceiver();
  const before = seen.length;
  const [a, b, c] = await Promise.all([runner.run(), runner.run(), runner.run()]);
  assert.equal(a.dispatched + b.dispatched + c.dispatched, 1, "one event, dispatched once");
  assert.equal(seen.length - before, 1);
  // Scheduled: a missed event comes back within a few intervals.
  await receiver.close();
  const scheduledMail = fake.receiveMail(PEER, "scheduled");
  await fake.settled();
  await startLiveReceiver();
  const schedule = runner.every(20);
  const deadline = Date.now() + 3000;
  while (!seen.some((e) => e.key === `transport.messageReceived:${scheduledMail.id}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  schedule.stop();
  await runner.stop();
  assert.ok(seen.some((e) => e.key === `transport.messageReceived:${scheduledMail.id}` && e.source === "catch-up"));
});

test("the AMQP path through consume() and catch-up share one guard: a broker restart's lost events come back, the consumed ones do not", async () => {
  const { consume } = await import(pathToFileURL(`${pkgDir}/consume.js`).href);
  const shared = new MemoryGuardStore();
  const amqpSeen = [];
  const amqpRouter = new EventRouter().onAny((event) => amqpSeen.push({ key: event.key, source: event.source }));
  let onMessage;
  const transport = {
    broker: "amqp",
    redelivers: true,
    async start(handler) {
      onMessage = handler;
    },
    async stopTaking() {},
    async close() {},
  };
  const consumer = consume(amqpRouter, transport, { guard: shared });
  // What the Connector's AMQP publisher sends: routing key = event name, body = the data.
  const publish = (emitted) =>
    new Promise((resolve) => {
      const body = new TextEncoder().encode(JSON.stringify(emitted.data));
      onMessage({ delivery: { kind: "amqp", routingKey: emitted.trigger, body }, attempt: 1, redelivered: false, ack: resolve, retry: resolve, deadLetter: resolve });
    });
  await new Promise((resolve) => setTimeout(resolve, 10));
  // Just after the last change of the tests before (the bound is inclusive).
  const since = new Date(fake.now() + 1).toISOString();
  const first = fake.emitted.length;
  fake.receiveMail(PEER, "published before the restart");
  const beforeRestart = fake.emitted.slice(first);
  for (const emitted of beforeRestart) await publish(emitted);
  // The broker restarts: the Connector's publisher never reconnects (spec §2.4a), events are lost.
  const lostFrom = fake.emitted.length;
  fake.receiveMail(PEER, "lost in the restart");
  fake.receiveRequest(PEER2);
  const lost = fake.emitted.slice(lostFrom).filter((e) => reconstructable(e, fake));
  const result = await catchUp(amqpRouter, client, { since, lookbackMs: 0, guard: shared, now: () => fake.now() });
  const recovered = amqpSeen.filter((e) => e.source === "catch-up").map((e) => e.key).sort();
  assert.deepEqual(recovered, lost.map((e) => keyOfEmitted(pkg, e)).sort());
  assert.equal(result.skipped, beforeRestart.filter((e) => reconstructable(e, fake)).length, "consumed events are skipped");
  assert.equal(amqpSeen.filter((e) => e.source === "amqp").length, beforeRestart.length);
  await consumer.close();
});

test("typed errors: events that cannot be reconstructed, a bad watermark, a failing store, an abort", async () => {
  await assert.rejects(catchUp(router, client, { events: ["transport.peerDeleted"] }), (e) => e instanceof CatchUpError && e.code === "not_reconstructable" && /transport\.peerDeleted/.test(e.message));
  await assert.rejects(catchUp(router, client, { since: "yesterday" }), (e) => e instanceof CatchUpError && e.code === "invalid_watermark");
  await assert.rejects(catchUp(router, client, { store: { get: () => Promise.reject(new Error("kv down")), set() {} } }), (e) => e instanceof CatchUpError && e.code === "invalid_store" && e.cause.message === "kv down");
  await assert.rejects(catchUp(router, client, { signal: AbortSignal.abort("stop") }), (e) => e instanceof CatchUpError && e.code === "aborted" && e.cause === "stop");
  await assert.rejects(catchUp(router, client, { lookbackMs: -1 }), TypeError);
  await assert.rejects(catchUp(router, client, { guard: {} }), TypeError);
  // Only the selected listings are asked for.
  const asked = fake.requests.length;
  await catchUp(router, client, { events: ["transport.messageReceived"], since: new Date(fake.now()).toISOString(), guard });
  assert.deepEqual(fake.requests.slice(asked).map((r) => r.path), ["/api/core/v1/Messages"]);
  assert.equal(fake.requests.at(-1).query[0][0], "createdAt");
  assert.match(fake.requests.at(-1).query[0][1], /^>=2026-/);
});

test("no answer of the scenarios broke the Connector's openapi.yml", () => {
  assert.deepEqual(fake.violations, []);
  assert.ok(fake.requests.length > 30, `${fake.requests.length} answers checked`);
});

test("an answer that breaks the openapi.yml is caught", async () => {
  const message = fake.receiveMail(PEER, "checked");
  await fake.settled();
  assert.equal((await client.message(message.id)).id, message.id);
  fake.corruptNext = { path: "/api/core/v1/Messages", change: (body) => (delete body.result[0].isOwn, body) };
  await assert.rejects(client.messages({}), (e) => e.status === 500 && /isOwn/.test(e.message));
  fake.corruptNext = { path: "/api/core/v1/Relationships", change: (body) => ((body.result[0].status = "Weird"), body) };
  await assert.rejects(client.relationships({}), (e) => e.status === 500 && /allowed values/.test(e.message));
  assert.equal(fake.violations.length, 2, fake.violations.join("\n"));
  fake.violations.length = 0;
});

test("markDelivered remembers a hash key (distinct occurrences share it) only for hashKeyTtlMs", async () => {
  const completed = [];
  const recording = { claim: async () => "claimed", complete: async (key, ttlMs) => completed.push([key, ttlMs]), release: async () => {} };
  const live = new EventRouter().onAny(markDelivered(recording, { ttlMs: 86_400_000, hashKeyTtlMs: 60_000 }));
  await live.dispatch({ kind: "webhook", body: JSON.stringify({ trigger: "runtime.modulesStarted" }) });
  await live.dispatch({ kind: "amqp", routingKey: "transport.messageReceived", body: JSON.stringify({ id: "MSGexample0000000077" }) });
  assert.equal(completed.length, 2);
  assert.match(completed[0][0], /^runtime\.modulesStarted:/);
  assert.equal(completed[0][1], 60_000, "a hash key: the redelivery window only");
  assert.deepEqual(completed[1], ["transport.messageReceived:MSGexample0000000077", 86_400_000]);
  assert.throws(() => markDelivered({ claim() {}, complete() {} }), /GuardStore with release\(\)/);
});
