// enmeshed-events/mqtt against a real Mosquitto (scripts/brokers.sh: MQTT_URL, MQTT_PID_FILE; the
// broker runs with upgrade_outgoing_qos so the Connector's QoS 0 events reach us at QoS 1).
// Events are published exactly as the Connector does (connector-publisher.mjs).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import mqtt from "mqtt";
import { makeRouter, restartBroker, skipReason, sleep, subpath, until } from "./helpers.mjs";
import { messageReceived, mqttPublisher, requestStatusChanged } from "./connector-publisher.mjs";

const URL_ = process.env.MQTT_URL;
const skip = URL_ ? false : skipReason("MQTT_URL");
const { consume, MemoryGuardStore } = await subpath("consume");
const { consumeMqtt, mqttTransport } = await subpath("mqtt");

let run = 0;
const clientIds = new Set();
/** A client id of its own per test, so persistent sessions never mix. */
function clientId(name) {
  const id = `enm-${name}-${process.pid}-${++run}`;
  clientIds.add(id);
  return id;
}

/** A transport whose messages are recorded (redelivered flag, attempt, qos) before the engine gets them. */
function spied(transport) {
  const seen = [];
  const start = transport.start;
  transport.start = (onMessage, subscriptions, extra) =>
    start.call(transport, (message) => {
      seen.push({ topic: message.delivery.topic, redelivered: message.redelivered, attempt: message.attempt, qos: message.qos });
      return onMessage(message);
    }, subscriptions, extra);
  return { transport, seen };
}

let publisher;
async function publish(name, data) {
  publisher ??= await mqttPublisher(URL_);
  await publisher.publish(name, data);
}

after(async () => {
  await publisher?.close();
  // Drop the persistent sessions the tests made (a clean connect ends a session).
  for (const id of clientIds) {
    const client = await mqtt.connectAsync(URL_, { clientId: id, clean: true }).catch(() => undefined);
    await client?.endAsync();
  }
});

test("subscribes to the topic filters of the router's patterns: an event nobody handles never arrives", { skip }, async () => {
  const router = makeRouter();
  const handled = [];
  router.on("transport.messageReceived", (event) => handled.push(event.name));
  router.on("consumption.*", (event) => handled.push(event.name));
  const consumer = consumeMqtt(router, { url: URL_, clientId: clientId("patterns"), mqtt });
  await consumer.ready;
  await publish("transport.relationshipChanged", { id: "RELexample0000000001" });
  await publish("consumption.relationshipEvent.RELexample0000000001", {});
  await publish("transport.messageReceived", messageReceived("MSGpatterns0001"));
  await publish("consumption.messageProcessed", { message: messageReceived("MSGpatterns0001"), result: "NoRequest" });
  await until(() => handled.length === 2, "two handled events");
  await sleep(300);
  assert.deepEqual(handled, ["transport.messageReceived", "consumption.messageProcessed"]);
  assert.equal(consumer.stats().received, 2, "the two unhandled events never reached the consumer");
  await consumer.close();
});

test("PUBACK only after the handlers succeeded: a crash mid-handler gets the event back, one that ran is a duplicate", { skip }, async () => {
  const id = clientId("puback");
  const guard = new MemoryGuardStore();
  const runs = { A: 0, B: 0 };
  let releaseA;
  const hangA = new Promise((resolve) => (releaseA = resolve));
  const router = makeRouter();
  router.on("transport.messageReceived", async (event) => {
    const which = event.data.id === "MSGpubackA000001" ? "A" : "B";
    runs[which]++;
    if (which === "A" && runs.A === 1) await hangA; // the first run never finishes before the crash
  });
  // First consumer: A hangs, B succeeds, but B's PUBACK waits behind A's (PUBACKs go out in order).
  const client1 = mqtt.connect(URL_, { clientId: id, clean: false, reconnectPeriod: 0 });
  const first = spied(mqttTransport({ client: client1 }));
  const consumer1 = consume(router, first.transport, { guard, guardLeaseMs: 300 });
  await consumer1.ready;
  await publish("transport.messageReceived", messageReceived("MSGpubackA000001"));
  await publish("transport.messageReceived", messageReceived("MSGpubackB000001"));
  await until(() => runs.A === 1 && runs.B === 1, "both handlers to start");
  assert.deepEqual(first.seen.map((m) => m.qos), [1, 1], "delivered at QoS 1 (the broker upgrades the Connector's QoS 0)");
  // The crash: the connection drops with both PUBACKs unsent.
  client1.stream.destroy();
  await new Promise((resolve) => client1.end(true, resolve));
  const abandoned = await consumer1.close({ deadlineMs: 0 });
  assert.equal(abandoned.abandoned, 1, "A was still running");

  const second = spied(mqttTransport({ url: URL_, clientId: id, mqtt }));
  const consumer2 = consume(router, second.transport, { guard, guardLeaseMs: 300, retry: { baseDelayMs: 50 } });
  await consumer2.ready;
  await until(() => runs.A === 2 && consumer2.stats().acked === 1 && consumer2.stats().duplicates === 1, "A to run again and B to be a duplicate");
  // (later entries are the in-process re-runs of A while consumer 1's guard lease was still held)
  assert.deepEqual(second.seen.slice(0, 2).map((m) => m.redelivered), [true, true], "both came back as dup");
  assert.equal(runs.B, 1, "B's handlers ran once");
  releaseA();
  // Both PUBACKs went out now: a third session gets nothing back.
  await consumer2.close();
  const third = spied(mqttTransport({ url: URL_, clientId: id, mqtt }));
  const consumer3 = consume(router, third.transport, { guard });
  await consumer3.ready;
  await sleep(400);
  assert.equal(third.seen.length, 0);
  await consumer3.close();
});

test("a failing handler is retried in process, then dead-lettered to the callback and the dead-letter topic", { skip }, async () => {
  const router = makeRouter();
  let runs = 0;
  router.on("transport.messageReceived", () => {
    runs++;
    throw new Error("erp is down");
  });
  const watcher = await mqtt.connectAsync(URL_, { protocolVersion: 5 });
  const dead = [];
  watcher.on("message", (topic, payload, packet) => dead.push({ topic, payload: String(payload), properties: packet.properties?.userProperties }));
  await watcher.subscribeAsync("enmeshed-dead-letter/#", { qos: 1 });
  const letters = [];
  const consumer = consumeMqtt(router, {
    url: URL_, clientId: clientId("deadletter"), mqtt, connectOptions: { protocolVersion: 5 },
    deadLetterTopic: "enmeshed-dead-letter", retry: { maxAttempts: 3, baseDelayMs: 20 },
    onDeadLetter: (letter) => letters.push(letter),
  });
  await consumer.ready;
  const data = messageReceived("MSGdeadletter001");
  await publish("transport.messageReceived", data);
  await until(() => dead.length === 1, "the dead letter");
  assert.equal(runs, 3);
  assert.equal(letters.length, 1);
  assert.equal(letters[0].attempt, 3);
  assert.equal(letters[0].error.name, "HandlerError");
  assert.equal(dead[0].topic, "enmeshed-dead-letter/transport/messageReceived");
  assert.equal(dead[0].payload, JSON.stringify(data), "the Connector's payload, unchanged");
  assert.equal(dead[0].properties.attempts, "3");
  assert.match(dead[0].properties.error, /erp is down/);
  // Received once: the retries wait in the engine (MQTT cannot give a message back).
  assert.deepEqual({ ...consumer.stats(), inFlight: undefined }, { received: 1, acked: 0, retried: 2, deadLettered: 1, duplicates: 0, inFlight: undefined });
  await consumer.close();
  await watcher.endAsync();
});

test("a message that cannot be parsed is dead-lettered at once, never retried", { skip }, async () => {
  const router = makeRouter();
  let runs = 0;
  router.on("**", () => runs++);
  const watcher = await mqtt.connectAsync(URL_);
  const dead = [];
  watcher.on("message", (topic, payload) => dead.push({ topic, payload: String(payload) }));
  await watcher.subscribeAsync("enmeshed-poison/#", { qos: 1 });
  const letters = [];
  const consumer = consumeMqtt(router, { url: URL_, clientId: clientId("poison"), mqtt, deadLetterTopic: "enmeshed-poison", onDeadLetter: (l) => letters.push(l) });
  await consumer.ready;
  publisher ??= await mqttPublisher(URL_);
  await publisher.client.publishAsync("transport/messageReceived", "{not json");
  await until(() => dead.length === 1, "the poison message on the dead-letter topic");
  assert.equal(runs, 0);
  assert.deepEqual(dead, [{ topic: "enmeshed-poison/transport/messageReceived", payload: "{not json" }]);
  assert.equal(letters[0].error.name, "EventParseError");
  assert.equal(letters[0].error.code, "invalid_json");
  assert.equal(consumer.stats().retried, 0);
  await consumer.close();
  await watcher.endAsync();
});

test("the broker restarted mid-stream: the consumer reconnects, its session and subscriptions survive", { skip: skip || (!process.env.MQTT_PID_FILE && "MQTT_PID_FILE is not set (scripts/brokers.sh writes it)") }, async () => {
  const router = makeRouter();
  const seen = new Map();
  router.on("transport.messageReceived", (event) => seen.set(event.data.id, (seen.get(event.data.id) ?? 0) + 1));
  const consumer = consumeMqtt(router, { url: URL_, clientId: clientId("restart"), mqtt, connectOptions: { reconnectPeriod: 200 } });
  await consumer.ready;
  const port = Number(new URL(URL_).port);
  const total = 300;
  let restart;
  const publishedAt = [];
  for (let i = 0; i < total; i++) {
    if (i === 100) restart = restartBroker(process.env.MQTT_PID_FILE, port);
    publish("transport.messageReceived", messageReceived(`MSGrestart${String(i).padStart(6, "0")}`)).catch(() => {});
    publishedAt.push(Date.now());
    await sleep(5);
  }
  const { downMs, backMs } = await restart;
  await until(() => seen.has(`MSGrestart${String(total - 1).padStart(6, "0")}`), "the last event", 15_000);
  await sleep(500);
  const missing = [];
  for (let i = 0; i < total; i++) if (!seen.has(`MSGrestart${String(i).padStart(6, "0")}`)) missing.push(i);
  const twice = [...seen.values()].filter((n) => n > 1).length;
  console.log(`# mqtt restart: broker down ${downMs} ms, back after ${backMs} ms; ${total - missing.length}/${total} events handled, missing ${JSON.stringify(missing)}, handled twice ${twice}`);
  assert.equal(twice, 0, "the guard keeps redelivered events from running twice");
  assert.ok(missing.every((i) => i >= 100 && i < 100 + Math.ceil(backMs / 5) + 20), `only events around the restart may be lost (the Connector's QoS 0 publish): ${missing}`);
  await consumer.close();
});

test("graceful shutdown: close() lets the handlers in flight finish and acks them; nothing comes back", { skip }, async () => {
  const id = clientId("shutdown");
  const router = makeRouter();
  let started = 0;
  let finished = 0;
  router.on("transport.messageReceived", async () => {
    started++;
    await sleep(150);
    finished++;
  });
  const consumer = consumeMqtt(router, { url: URL_, clientId: id, mqtt });
  await consumer.ready;
  for (let i = 0; i < 5; i++) await publish("transport.messageReceived", messageReceived(`MSGshutdown00000${i}`));
  await until(() => started === 5, "five handlers running");
  const result = await consumer.close();
  assert.deepEqual(result, { finished: 5, abandoned: 0 });
  assert.equal(finished, 5);
  const again = spied(mqttTransport({ url: URL_, clientId: id, mqtt }));
  const consumer2 = consume(makeRouter(), again.transport, {});
  await consumer2.ready;
  await sleep(400);
  assert.equal(again.seen.length, 0, "every PUBACK reached the broker before the connection closed");
  await consumer2.close();
});

test("ordered: events of one subject run one at a time in arrival order, others concurrently", { skip }, async () => {
  const router = makeRouter();
  const order = new Map();
  let running = 0;
  let maxRunning = 0;
  router.on("consumption.incomingRequestStatusChanged", async (event) => {
    running++;
    maxRunning = Math.max(maxRunning, running);
    await sleep(Math.random() * 15);
    const id = event.data.request.id;
    order.set(id, [...(order.get(id) ?? []), Number(event.data.newStatus.slice(1))]);
    running--;
  });
  const consumer = consumeMqtt(router, { url: URL_, clientId: clientId("ordered"), mqtt, ordered: true, concurrency: 8 });
  await consumer.ready;
  // One request per subject walking through 20 statuses (each a distinct event.key, one event.subject).
  const subjects = ["REQorderedA00001", "REQorderedB00001", "REQorderedC00001"];
  for (let i = 0; i < 20; i++) for (const s of subjects) await publish("consumption.incomingRequestStatusChanged", requestStatusChanged(s, `S${i - 1}`, `S${i}`));
  await until(() => subjects.every((s) => order.get(s)?.length === 20), "60 events");
  for (const s of subjects) assert.deepEqual(order.get(s), [...Array(20).keys()], `order of ${s}`);
  assert.ok(maxRunning > 1, "different subjects ran concurrently");
  await consumer.close();
});

test("a session the broker lost is subscribed again on reconnect (by the adapter, even with mqtt.js's resubscribe off)", { skip }, async () => {
  const id = clientId("resubscribe");
  const router = makeRouter();
  const handled = [];
  router.on("transport.messageReceived", (event) => handled.push(event.data.id));
  const client = mqtt.connect(URL_, { clientId: id, clean: false, resubscribe: false, reconnectPeriod: 100 });
  const connacks = [];
  client.on("connect", (connack) => connacks.push(connack.sessionPresent));
  const consumer = consumeMqtt(router, { client });
  await consumer.ready;
  // Another client takes the id over with a clean start: the broker drops our session (and its
  // subscriptions) and disconnects us; mqtt.js reconnects to a session that is not there.
  const thief = await mqtt.connectAsync(URL_, { clientId: id, clean: true });
  await thief.endAsync();
  await until(() => connacks.length >= 2, "the reconnect");
  assert.equal(connacks.at(-1), false, "the broker had no session for us");
  await sleep(200);
  await publish("transport.messageReceived", messageReceived("MSGresubscribe01"));
  await until(() => handled.includes("MSGresubscribe01"), "the event after the resubscription");
  await consumer.close();
  await client.endAsync();
});

test("the limit of QoS 0: a subscription at QoS 0 (or a broker without upgrade_outgoing_qos) gets no redelivery", { skip }, async () => {
  const id = clientId("qos0");
  const router = makeRouter();
  let runs = 0;
  router.on("transport.messageReceived", () => {
    runs++;
    return new Promise(() => {}); // never finishes: the process "dies" below
  });
  const client = mqtt.connect(URL_, { clientId: id, clean: false, reconnectPeriod: 0 });
  const first = spied(mqttTransport({ client, qos: 0 }));
  const consumer = consume(router, first.transport, {});
  await consumer.ready;
  await publish("transport.messageReceived", messageReceived("MSGqos0lost00001"));
  await until(() => runs === 1, "the handler");
  assert.equal(first.seen[0].qos, 0);
  client.stream.destroy();
  await new Promise((resolve) => client.end(true, resolve));
  await consumer.close({ deadlineMs: 0 });
  const second = spied(mqttTransport({ url: URL_, clientId: id, qos: 0, mqtt }));
  const consumer2 = consume(makeRouter(), second.transport, {});
  await consumer2.ready;
  await sleep(400);
  assert.equal(second.seen.length, 0, "at most once: the event died with the process");
  await consumer2.close();
});

test("a broker that cannot be reached: ready and closed reject with the connection error, and the client is ended", { skip }, async () => {
  const errors = [];
  const consumer = consumeMqtt(makeRouter(), { url: "mqtt://127.0.0.1:1", clientId: clientId("refused"), mqtt, onError: (error, { stage }) => errors.push(stage) });
  await assert.rejects(consumer.ready, (error) => error.code === "ECONNREFUSED");
  await assert.rejects(consumer.closed, (error) => error.code === "ECONNREFUSED");
  assert.deepEqual(errors, ["transport"]);
  await sleep(1500); // past mqtt.js's reconnect period: nothing is left retrying (or throwing) in the background
});

test("a dead letter whose publish fails is still acked: later messages keep coming (no wedged PUBACK queue)", { skip }, async () => {
  const router = makeRouter();
  const handled = [];
  router.on("transport.messageReceived", (event) => handled.push(event.data.id));
  const client = await mqtt.connectAsync(URL_, { clientId: clientId("deadfail"), clean: false });
  const publishPacket = client.publish.bind(client);
  // The dead-letter topic refuses every publish (a broker ACL, a full queue, a lost connection).
  client.publish = (topic, payload, options, done) =>
    topic.startsWith("enmeshed-deadfail/") ? done(new Error("dead-letter publish refused")) : publishPacket(topic, payload, options, done);
  const failures = [];
  const consumer = consumeMqtt(router, { client, deadLetterTopic: "enmeshed-deadfail", onError: (error, { stage }) => stage === "deadLetter" && failures.push(error.message) });
  await consumer.ready;
  publisher ??= await mqttPublisher(URL_);
  // More poison than Mosquitto's in-flight window (20): unacked, they would stop all delivery.
  for (let i = 0; i < 25; i++) await publisher.client.publishAsync("transport/messageReceived", `{not json ${i}`);
  await publish("transport.messageReceived", messageReceived("MSGafterpoison01"));
  await until(() => handled.length === 1, "the event after the poison messages", 10_000);
  assert.deepEqual(handled, ["MSGafterpoison01"]);
  assert.equal(failures.length, 25);
  assert.ok(failures.every((message) => message === "dead-letter publish refused"));
  await consumer.close();
  await client.endAsync();
});
