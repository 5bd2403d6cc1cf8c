// enmeshed-events/redis against a real Redis (scripts/brokers.sh: REDIS_URL, REDIS_PID_FILE).
// Redis pub/sub is at most once: these tests show what the adapter does and, as plainly, what
// Redis cannot do (no queue while away, no redelivery).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import * as redis from "redis";
import { makeRouter, restartBroker, skipReason, sleep, subpath, until } from "./helpers.mjs";
import { messageReceived, redisPublisher, requestStatusChanged } from "./connector-publisher.mjs";

const URL_ = process.env.REDIS_URL;
const skip = URL_ ? false : skipReason("REDIS_URL");
const { consumeRedis } = await subpath("redis");

let publisher;
async function publish(name, data) {
  publisher ??= await redisPublisher(URL_);
  return publisher.publish(name, data);
}
after(() => publisher?.close());

test("subscribes to the router's patterns (a Redis * spans dots: the router re-checks)", { skip }, async () => {
  const router = makeRouter();
  const handled = [];
  router.on("transport.*", (event) => handled.push(event.name));
  router.on("consumption.messageProcessed", (event) => handled.push(event.name));
  const consumer = consumeRedis(router, { url: URL_, redis });
  await consumer.ready;
  assert.equal(await publish("runtime.modulesStarted", {}), 0, "no subscription covers runtime.*: Redis delivers it to nobody");
  assert.equal(await publish("transport.relationshipEvent.RELexample0000000001", {}), 1, "transport.* as a glob spans the dot");
  await publish("transport.messageReceived", messageReceived("MSGredispattern1"));
  await publish("consumption.messageProcessed", { message: messageReceived("MSGredispattern1"), result: "NoRequest" });
  await until(() => handled.length === 2, "two handled events");
  await sleep(100);
  assert.deepEqual(handled, ["transport.messageReceived", "consumption.messageProcessed"]);
  assert.equal(consumer.stats().received, 3, "the broadened glob brought one event the router left unhandled");
  await consumer.close();
});

test("a failing handler is retried in process, then handed to onDeadLetter", { skip }, async () => {
  const router = makeRouter();
  let runs = 0;
  router.on("transport.messageReceived", () => {
    runs++;
    if (runs < 3) throw new Error("flaky");
  });
  router.on("transport.messageSent", () => {
    throw new Error("always");
  });
  const letters = [];
  const consumer = consumeRedis(router, { url: URL_, redis, retry: { maxAttempts: 3, baseDelayMs: 10 }, onDeadLetter: (l) => letters.push(l) });
  await consumer.ready;
  await publish("transport.messageReceived", messageReceived("MSGredisretry001"));
  await publish("transport.messageSent", messageReceived("MSGredisretry002"));
  await until(() => consumer.stats().acked === 1 && letters.length === 1, "one success on the third attempt, one dead letter");
  assert.equal(runs, 3);
  assert.equal(letters[0].attempt, 3);
  assert.equal(letters[0].event.name, "transport.messageSent");
  assert.equal(letters[0].delivery.channel, "transport.messageSent");
  assert.equal(consumer.stats().retried, 4);
  await consumer.close();
});

test("a message that cannot be parsed is dead-lettered at once", { skip }, async () => {
  const router = makeRouter();
  router.on("**", () => assert.fail("no handler may run"));
  const letters = [];
  const consumer = consumeRedis(router, { url: URL_, redis, onDeadLetter: (l) => letters.push(l) });
  await consumer.ready;
  publisher ??= await redisPublisher(URL_);
  await publisher.client.publish("transport.messageReceived", "{not json");
  await until(() => letters.length === 1, "the dead letter");
  assert.equal(letters[0].error.code, "invalid_json");
  assert.equal(consumer.stats().retried, 0);
  await consumer.close();
});

test("the limit: Redis keeps nothing for a consumer that is away, and cannot give a message back", { skip }, async () => {
  const router = makeRouter();
  const handled = [];
  router.on("transport.messageReceived", async (event) => {
    handled.push(event.data.id);
    await sleep(1000);
  });
  assert.equal(await publish("transport.messageReceived", messageReceived("MSGredisaway0001")), 0, "published while nobody listens: delivered to nobody");
  const consumer = consumeRedis(router, { url: URL_, redis });
  await consumer.ready;
  await sleep(200);
  assert.deepEqual(handled, [], "nothing was kept for us");
  await publish("transport.messageReceived", messageReceived("MSGredisaway0002"));
  await until(() => handled.length === 1, "the event published while subscribed");
  // A process that stops before its handlers finish loses the event: there is no redelivery.
  const result = await consumer.close({ deadlineMs: 0 });
  assert.deepEqual(result, { finished: 0, abandoned: 1 });
  const consumer2 = consumeRedis(router, { url: URL_, redis });
  await consumer2.ready;
  await sleep(200);
  assert.deepEqual(handled, ["MSGredisaway0002"], "the abandoned event never comes back");
  await consumer2.close();
});

test("Redis restarted mid-stream: node-redis reconnects and subscribes again", { skip: skip || (!process.env.REDIS_PID_FILE && "REDIS_PID_FILE is not set (scripts/brokers.sh writes it)") }, async () => {
  const router = makeRouter();
  const seen = new Set();
  router.on("transport.messageReceived", (event) => seen.add(event.data.id));
  const consumer = consumeRedis(router, { url: URL_, redis });
  await consumer.ready;
  const port = Number(new URL(URL_).port);
  const total = 300;
  let restart;
  const reached = [];
  for (let i = 0; i < total; i++) {
    if (i === 100) restart = restartBroker(process.env.REDIS_PID_FILE, port);
    const id = `MSGredisrestart${String(i).padStart(4, "0")}`;
    publish("transport.messageReceived", messageReceived(id)).then((n) => n > 0 && reached.push(id), () => {});
    await sleep(5);
  }
  const { downMs, backMs } = await restart;
  await sleep(1500);
  // After the restart a publish reaches a subscriber again only once node-redis has resubscribed.
  await until(async () => (await publish("transport.messageReceived", messageReceived("MSGredisrestartZZZ"))) === 1, "the resubscription", 10_000);
  await until(() => seen.has("MSGredisrestartZZZ"), "the event after the resubscription");
  const lost = reached.filter((id) => !seen.has(id));
  console.log(`# redis restart: down ${downMs} ms, back after ${backMs} ms; ${seen.size - 1}/${total} events handled; ${reached.length} publishes reached a subscriber, of those lost ${lost.length}`);
  assert.deepEqual(lost, [], "every publish Redis counted as delivered to us was handled");
  await consumer.close();
});

test("graceful shutdown: close() unsubscribes and lets the handlers in flight finish", { skip }, async () => {
  const router = makeRouter();
  let finished = 0;
  router.on("transport.messageReceived", async () => {
    await sleep(150);
    finished++;
  });
  const consumer = consumeRedis(router, { url: URL_, redis });
  await consumer.ready;
  for (let i = 0; i < 4; i++) await publish("transport.messageReceived", messageReceived(`MSGredisshutdn0${i}`));
  await until(() => consumer.stats().inFlight === 4, "four in flight");
  const closing = consumer.close();
  await sleep(20);
  assert.equal(await publish("transport.messageReceived", messageReceived("MSGredisshutdn09")), 0, "unsubscribed at once");
  assert.deepEqual(await closing, { finished: 4, abandoned: 0 });
  assert.equal(finished, 4);
});

test("a user's client is duplicated for subscribing and left open", { skip }, async () => {
  const client = redis.createClient({ url: URL_ });
  await client.connect();
  const router = makeRouter();
  const handled = [];
  router.on("transport.messageReceived", (event) => handled.push(event.data.id));
  const consumer = consumeRedis(router, { client });
  await consumer.ready;
  await client.publish("transport.messageReceived", JSON.stringify(messageReceived("MSGredisclient01")));
  await until(() => handled.length === 1, "the event");
  await consumer.close();
  assert.equal(client.isReady, true);
  assert.equal(await client.ping(), "PONG");
  await client.close();
});

test("the Connector publishing one event twice: the handlers run once, the copy is a duplicate", { skip }, async () => {
  const router = makeRouter();
  let runs = 0;
  router.on("transport.messageReceived", async () => {
    runs++;
    await sleep(20);
  });
  const consumer = consumeRedis(router, { url: URL_, redis, guardLeaseMs: 400 });
  await consumer.ready;
  const data = messageReceived("MSGredisdouble01");
  await publish("transport.messageReceived", data);
  await publish("transport.messageReceived", data);
  // The copy arrives while the first runs: the guard says busy, it is re-run in process and then found done.
  await until(() => consumer.stats().duplicates === 1, "the duplicate");
  assert.equal(runs, 1);
  assert.equal(consumer.stats().acked, 1);
  await consumer.close();
});

test("ordered: one subject's events run one at a time in arrival order, a failure retried in place (in process)", { skip }, async () => {
  const router = makeRouter();
  const seen = [];
  let running = 0;
  let overlapped = false;
  let failedOnce = false;
  router.on("consumption.incomingRequestStatusChanged", async (event) => {
    running++;
    if (running > 1) overlapped = true;
    await sleep(10);
    running--;
    // The first event fails once: the two after it must wait for its retry.
    if (event.data.newStatus === "DecisionRequired" && !failedOnce) {
      failedOnce = true;
      throw new Error("once");
    }
    seen.push(event.data.newStatus);
  });
  const consumer = consumeRedis(router, { url: URL_, redis, ordered: true, concurrency: 8, retry: { baseDelayMs: 30, jitter: false } });
  await consumer.ready;
  const steps = [["Open", "DecisionRequired"], ["DecisionRequired", "ManualDecisionRequired"], ["ManualDecisionRequired", "Decided"], ["Decided", "Completed"]];
  for (const [from, to] of steps) await publish("consumption.incomingRequestStatusChanged", requestStatusChanged("REQorderedredis01", from, to));
  await until(() => seen.length === 4, "all four status changes");
  assert.deepEqual(seen, ["DecisionRequired", "ManualDecisionRequired", "Decided", "Completed"]);
  assert.equal(overlapped, false, "one at a time per subject");
  assert.equal(consumer.stats().retried, 1);
  await consumer.close();
});
