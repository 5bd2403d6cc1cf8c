// enmeshed-events/amqp against a real RabbitMQ, fed the way the Connector publishes.
// Run by scripts/test-brokers.sh (which starts RabbitMQ and Redis and exports their URLs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { connectorAmqpPublisher } from "./connector-publisher.mjs";
import {
  amqpModule, consumeModule, amqplib, makeRouter, AMQP_URL, REDIS_URL, EXCHANGE, missingBroker,
  uniqueQueue, mail, relationship, inspector, until, brokersSh,
} from "./amqp-helpers.mjs";

const { setupAmqp, consumeAmqp } = amqpModule;
const { RedisGuardStore } = consumeModule;

if (missingBroker) console.log(`# amqp broker tests skipped: ${missingBroker}`);
/** `brokerTest(name, fn)` or `brokerTest(name, { skip }, fn)`: skipped (saying why) without the broker. */
function brokerTest(name, options, fn) {
  if (fn === undefined) [options, fn] = [{}, options];
  if (typeof fn !== "function") throw new TypeError(`brokerTest ${name}: the body must be a function`);
  return test(name, { ...options, skip: missingBroker || options.skip }, fn);
}

/** A test's world: its queue, a Connector-style publisher, an inspector, cleaned up after. */
async function world(t, name) {
  const queue = uniqueQueue(name);
  const look = await inspector();
  // The exchange must exist before the Connector starts (it only checks it).
  const ch = await look.connection.createChannel();
  await ch.assertExchange(EXCHANGE, "topic", { durable: true });
  await ch.close();
  const publisher = await connectorAmqpPublisher(AMQP_URL, EXCHANGE);
  const consumers = [];
  t.after(async () => {
    for (const consumer of consumers) await consumer.close({ deadlineMs: 1000 }).catch(() => {});
    await publisher.close();
    await look.remove(queue);
    await look.close();
  });
  const start = (router, options = {}) => {
    const consumer = consumeAmqp(router, { url: AMQP_URL, amqplib, queue, exchange: EXCHANGE, retry: { baseDelayMs: 20 }, ...options });
    consumers.push(consumer);
    return consumer;
  };
  return { queue, look, publisher, start };
}

brokerTest("setupAmqp declares the exchange, a quorum queue, the dead letters and bindings from the patterns (idempotently)", async (t) => {
  const { queue, look, publisher } = await world(t, "setup");
  const router = makeRouter();
  router.on("transport.messageReceived", () => {});
  router.on("consumption.*", () => {});
  const topology = await setupAmqp(look.connection, { router, queue, exchange: EXCHANGE });
  assert.equal(topology.queueType, "quorum");
  assert.deepEqual([...topology.bindingKeys].sort(), ["consumption.*", "transport.messageReceived"]);
  assert.deepEqual(await setupAmqp(look.connection, { router, queue, exchange: EXCHANGE }), topology, "a second setup changes nothing");
  publisher.publish("transport.messageReceived", mail("MSGsetup1"));
  publisher.publish("consumption.messageProcessed", { message: mail("MSGsetup2"), result: "NoRequest" });
  publisher.publish("transport.relationshipChanged", relationship("RELsetup", 1)); // nobody handles it
  publisher.publish("consumption.relationshipEvent.RELsetup", {}); // two words after consumption: not `consumption.*`
  await publisher.flush();
  await until(async () => (await look.depth(queue)) === 2, "the two handled events in the queue");
  const names = (await look.drain(queue)).map((m) => m.fields.routingKey).sort();
  assert.deepEqual(names, ["consumption.messageProcessed", "transport.messageReceived"]);
  assert.equal(await look.depth(`${queue}.dead`), 0);
});

brokerTest("the server refusing a quorum queue: setupAmqp falls back to a classic durable queue and says so", async (t) => {
  const { queue, look } = await world(t, "fallback");
  const ch = await look.connection.createChannel();
  await ch.assertQueue(queue, { durable: true }); // a classic queue of that name exists
  await ch.close();
  const warnings = [];
  const topology = await setupAmqp(look.connection, { patterns: ["**"], queue, exchange: EXCHANGE, deadLetter: false, onWarning: (w) => warnings.push(w) });
  assert.equal(topology.queueType, "classic");
  assert.match(topology.quorumRefused, /PRECONDITION_FAILED/);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /refused a quorum queue .* classic durable queue instead/);
});

brokerTest("events are acked only after every handler succeeded; an unfinished one comes back", async (t) => {
  const { queue, look, publisher, start } = await world(t, "ack");
  const router = makeRouter();
  const runs = [];
  let block = true;
  router.on("transport.messageReceived", async (event) => {
    runs.push(event.data.id);
    if (block) await new Promise(() => {}); // never finishes while blocked
  });
  const first = start(router);
  await first.ready;
  publisher.publish("transport.messageReceived", mail("MSGack1"));
  await until(() => runs.length === 1, "the handler to start");
  assert.equal(first.stats().acked, 0);
  assert.deepEqual(await first.close({ deadlineMs: 100 }), { finished: 0, abandoned: 1 });
  await until(async () => (await look.depth(queue)) === 1, "the unacked event back in the queue");
  block = false;
  const second = start(router);
  await until(() => second.stats().acked === 1, "the second consumer to ack it");
  assert.deepEqual(runs, ["MSGack1", "MSGack1"]);
  assert.equal(await look.depth(queue), 0);
});

brokerTest("a failing handler is retried with backoff, then dead-lettered with the error recorded", async (t) => {
  const { queue, look, publisher, start } = await world(t, "retry");
  const router = makeRouter();
  const attempts = [];
  router.on("transport.messageReceived", (event) => {
    attempts.push(Date.now());
    throw new Error(`cannot store ${event.data.id}`);
  });
  const dead = [];
  const consumer = start(router, { retry: { maxAttempts: 3, baseDelayMs: 100, jitter: false }, onDeadLetter: (info) => dead.push(info) });
  await consumer.ready;
  publisher.publish("transport.messageReceived", mail("MSGretry"));
  await until(async () => (await look.depth(`${queue}.dead`)) === 1, "the dead letter");
  assert.equal(attempts.length, 3);
  assert.ok(attempts[1] - attempts[0] >= 100, `first retry waited ${attempts[1] - attempts[0]} ms`);
  assert.ok(attempts[2] - attempts[1] >= 200, `second retry waited ${attempts[2] - attempts[1]} ms`);
  const [letter] = await look.drain(`${queue}.dead`);
  const headers = letter.properties.headers;
  assert.match(headers["x-enmeshed-error"], /^1 of 1 handlers failed for transport.messageReceived: cannot store MSGretry$/);
  assert.equal(headers["x-enmeshed-error-name"], "HandlerError");
  assert.equal(headers["x-enmeshed-error-code"], "handler_failed");
  assert.equal(headers["x-enmeshed-attempt"], 3);
  assert.equal(letter.fields.routingKey, "transport.messageReceived");
  assert.equal(JSON.parse(letter.content.toString()).id, "MSGretry", "the original body");
  assert.equal(dead.length, 1);
  assert.deepEqual(consumer.stats(), { received: 3, acked: 0, retried: 2, deadLettered: 1, duplicates: 0, inFlight: 0 });
  assert.equal(await look.depth(queue), 0);
});

brokerTest("a poison message goes straight to the dead letters", async (t) => {
  const { queue, look, publisher, start } = await world(t, "poison");
  const router = makeRouter();
  let ran = 0;
  router.on("transport.messageReceived", () => ran++);
  const consumer = start(router);
  await consumer.ready;
  publisher.publishRaw("transport.messageReceived", '{"id":"MSGpoison", oops');
  publisher.publish("transport.messageReceived", mail("MSGfine"));
  await until(async () => (await look.depth(`${queue}.dead`)) === 1 && consumer.stats().acked === 1, "the dead letter and the good event");
  const [letter] = await look.drain(`${queue}.dead`);
  assert.equal(letter.properties.headers["x-enmeshed-error-name"], "EventParseError");
  assert.equal(letter.properties.headers["x-enmeshed-attempt"], 1);
  assert.equal(letter.content.toString(), '{"id":"MSGpoison", oops');
  assert.equal(ran, 1);
  assert.equal(consumer.stats().retried, 0);
});

brokerTest("a redelivered (duplicate) event runs once across two consumers sharing a RedisGuardStore", { skip: REDIS_URL ? false : "REDIS_URL is not set" }, async (t) => {
  const { createClient } = await import("redis");
  const redis = createClient({ url: REDIS_URL });
  await redis.connect();
  t.after(() => redis.quit().catch(() => {}));
  const { publisher, start } = await world(t, "dedup");
  const runs = [];
  const routerFor = (who) => {
    const router = makeRouter();
    router.on("transport.messageReceived", async (event) => {
      runs.push([who, event.data.id]);
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    return router;
  };
  const guard = new RedisGuardStore(redis, { prefix: `test:${process.pid}:${Date.now()}:` });
  const a = start(routerFor("a"), { guard, concurrency: 1 });
  const b = start(routerFor("b"), { guard, concurrency: 1 });
  await Promise.all([a.ready, b.ready]);
  // The Connector can emit the same event twice (spec §5.2); here it is published three times.
  for (let i = 0; i < 3; i++) publisher.publish("transport.messageReceived", mail("MSGdup"));
  publisher.publish("transport.messageReceived", mail("MSGother"));
  const settled = () => a.stats().acked + b.stats().acked + a.stats().duplicates + b.stats().duplicates;
  await until(() => settled() === 4 - 0 && a.stats().inFlight + b.stats().inFlight === 0, "all four settled", 30_000);
  assert.deepEqual(runs.map(([, id]) => id).sort(), ["MSGdup", "MSGother"]);
  assert.equal(a.stats().duplicates + b.stats().duplicates, 2);
});

brokerTest("ordered: events of one subject run in publish order, subjects concurrently", async (t) => {
  const { publisher, start } = await world(t, "order");
  const router = makeRouter();
  const seen = new Map();
  let running = 0;
  let most = 0;
  router.on("transport.relationshipChanged", async (event) => {
    running++;
    most = Math.max(most, running);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 8));
    const list = seen.get(event.data.id) ?? [];
    list.push(event.data.auditLog.length);
    seen.set(event.data.id, list);
    running--;
  });
  const consumer = start(router, { ordered: true, concurrency: 8 });
  await consumer.ready;
  const subjects = ["RELorder1", "RELorder2", "RELorder3", "RELorder4"];
  for (let change = 1; change <= 25; change++) for (const id of subjects) publisher.publish("transport.relationshipChanged", relationship(id, change));
  await until(() => consumer.stats().acked === 100, "100 events");
  const expected = Array.from({ length: 25 }, (_, i) => i + 1);
  for (const id of subjects) assert.deepEqual(seen.get(id), expected, `order of ${id}`);
  assert.ok(most > 1, `subjects ran concurrently (most at once: ${most})`);
});

brokerTest("graceful shutdown: stops taking, lets the handlers in flight finish and ack, leaves the rest queued", async (t) => {
  const { queue, look, publisher, start } = await world(t, "shutdown");
  const router = makeRouter();
  let started = 0;
  let finished = 0;
  router.on("transport.messageReceived", async () => {
    started++;
    await new Promise((resolve) => setTimeout(resolve, 300));
    finished++;
  });
  const consumer = start(router, { concurrency: 3, prefetch: 3 });
  await consumer.ready;
  for (let i = 0; i < 10; i++) publisher.publish("transport.messageReceived", mail(`MSGshut${i}`));
  await until(() => started === 3, "three handlers running");
  const result = await consumer.close({ deadlineMs: 5000 });
  assert.deepEqual(result, { finished: 3, abandoned: 0 });
  assert.equal(finished, 3);
  assert.equal(consumer.stats().acked, 3);
  await until(async () => (await look.depth(queue)) === 7, "the seven not taken still queued");
  await consumer.closed;
});

brokerTest("reconnects after RabbitMQ is restarted mid-stream; nothing is lost (quorum queue), nothing runs twice", async (t) => {
  const { queue, look, start } = await world(t, "restart");
  const router = makeRouter();
  const runs = new Map();
  router.on("transport.messageReceived", async (event) => {
    runs.set(event.data.id, (runs.get(event.data.id) ?? 0) + 1);
    await new Promise((resolve) => setTimeout(resolve, 10));
  });
  const errors = [];
  const consumer = start(router, { concurrency: 4, onError: (error, { stage }) => errors.push(stage) });
  await consumer.ready;
  let publisher = await connectorAmqpPublisher(AMQP_URL, EXCHANGE);
  for (let i = 0; i < 300; i++) publisher.publish("transport.messageReceived", mail(`MSGrs${i}`));
  await publisher.flush();
  await until(() => runs.size >= 40, "the first events handled");
  brokersSh("brokers_amqp_restart");
  // The Connector's publisher never reconnects: after a broker restart it must be restarted.
  await publisher.close();
  publisher = await connectorAmqpPublisher(AMQP_URL, EXCHANGE);
  for (let i = 300; i < 400; i++) publisher.publish("transport.messageReceived", mail(`MSGrs${i}`));
  await publisher.flush();
  await publisher.close();
  await until(() => runs.size === 400, `all 400 handled (have ${runs.size})`, 60_000);
  const twice = [...runs].filter(([, n]) => n > 1);
  assert.deepEqual(twice, [], "no event ran twice");
  assert.ok(errors.includes("transport"), "the lost connection was reported");
  await until(async () => (await look.depth(queue)) === 0 && consumer.stats().inFlight === 0, "an empty queue");
});

brokerTest("a connection passed in is never closed by the consumer; when it closes for good, the consumer ends", async (t) => {
  const { publisher, start } = await world(t, "userconn");
  const connection = await amqplib.connect(AMQP_URL);
  connection.on("error", () => {});
  const router = makeRouter();
  const runs = [];
  router.on("transport.messageReceived", (event) => runs.push(event.data.id));
  const first = start(router, { url: undefined, connection });
  await first.ready;
  publisher.publish("transport.messageReceived", mail("MSGuser1"));
  await until(() => runs.length === 1, "the first event");
  await first.close();
  const probe = await connection.createChannel(); // still open
  await probe.close();
  const second = start(router, { url: undefined, connection });
  await second.ready;
  publisher.publish("transport.messageReceived", mail("MSGuser2"));
  await until(() => runs.length === 2, "the second event on the same connection");
  await connection.close();
  await assert.rejects(second.closed, /the connection passed in closed; pass `url`/);
  assert.deepEqual(runs, ["MSGuser1", "MSGuser2"]);
});

brokerTest("a connection made with amqplib's recovery is followed across its reconnects", async (t) => {
  const { publisher, start } = await world(t, "recovery");
  const connection = await amqplib.connect(AMQP_URL, { recovery: { initialDelay: 100, maxDelay: 1000 } });
  connection.on("error", () => {});
  t.after(() => connection.close().catch(() => {}));
  const router = makeRouter();
  const runs = [];
  router.on("transport.messageReceived", (event) => runs.push(event.data.id));
  const consumer = start(router, { url: undefined, connection });
  await consumer.ready;
  publisher.publish("transport.messageReceived", mail("MSGrec1"));
  await until(() => runs.length === 1, "the first event");
  brokersSh(`brokers_rabbitmqctl close_all_connections "test: recovery"`);
  // The Connector-style publisher died with the others; a restarted Connector publishes again.
  const again = await connectorAmqpPublisher(AMQP_URL, EXCHANGE);
  t.after(() => again.close());
  again.publish("transport.messageReceived", mail("MSGrec2"));
  await again.flush();
  await until(() => runs.length === 2, "the event after amqplib's recovery reconnected");
  assert.deepEqual(runs, ["MSGrec1", "MSGrec2"]);
});

brokerTest("singleActiveConsumer: one of two consumers gets the queue, the other takes over when it goes", async (t) => {
  const { publisher, start } = await world(t, "single");
  const runs = { a: [], b: [] };
  const routerFor = (who) => makeRouter().on("transport.messageReceived", (event) => runs[who].push(event.data.id));
  const a = start(routerFor("a"), { singleActiveConsumer: true });
  await a.ready;
  const b = start(routerFor("b"), { singleActiveConsumer: true });
  await b.ready;
  for (let i = 0; i < 20; i++) publisher.publish("transport.messageReceived", mail(`MSGsac${i}`));
  await until(() => runs.a.length + runs.b.length === 20, "20 events");
  assert.deepEqual([runs.a.length, runs.b.length], [20, 0], "the first consumer got them all, in order");
  assert.deepEqual(runs.a, Array.from({ length: 20 }, (_, i) => `MSGsac${i}`));
  await a.close();
  publisher.publish("transport.messageReceived", mail("MSGsac20"));
  await until(() => runs.b.length === 1, "the standby to take over");
});

brokerTest("failures no reconnect can fix (refused credentials, a queue declared with other arguments) reject ready and end the consumer", async (t) => {
  const wrong = new URL(AMQP_URL);
  wrong.username = "nobody";
  wrong.password = "wrong";
  const refused = consumeAmqp(makeRouter(), { url: wrong.href, amqplib, queue: uniqueQueue("refused"), exchange: EXCHANGE, onError: () => {} });
  await assert.rejects(refused.ready, /403|ACCESS.REFUSED/);
  await assert.rejects(refused.closed, /403|ACCESS.REFUSED/);

  const { queue, look, start } = await world(t, "inequivalent");
  // The queue already exists as a classic queue: declaring it as a quorum queue is a 406.
  const channel = await look.connection.createChannel();
  await channel.assertQueue(queue, { durable: true, arguments: { "x-queue-type": "classic" } });
  await channel.close();
  const consumer = start(makeRouter().on("**", () => {}), { quorum: true, onError: () => {} });
  await assert.rejects(consumer.ready, /PRECONDITION_FAILED|inequivalent/);
  await assert.rejects(consumer.closed, /PRECONDITION_FAILED|inequivalent/);
});
