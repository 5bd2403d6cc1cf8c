// enmeshed-events/pubsub against the Pub/Sub emulator (scripts/brokers.sh: PUBSUB_EMULATOR_HOST;
// the emulator exists only where the machine image has it).
// What the emulator (0.8.20) does not do: it stores a subscription filter but delivers every
// message anyway; the tests below show that and rely on the router's re-check.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { PubSub } from "@google-cloud/pubsub";
import { pkg } from "../js/package.mjs";
import { makeRouter, skipReason, sleep, subpath, until } from "./helpers.mjs";
import { messageReceived, pubsubPublisher, requestStatusChanged } from "./connector-publisher.mjs";

const skip = process.env.PUBSUB_EMULATOR_HOST ? false : skipReason("PUBSUB_EMULATOR_HOST");
const { setupPubSub, consumePubSub, PubSubSetupError } = await subpath("pubsub");
const pubsub = skip ? undefined : new PubSub({ projectId: "enmeshed-events-test" });
const made = [];
let n = 0;

async function fresh() {
  const suffix = `${process.pid}-${++n}`;
  const [topic] = await pubsub.createTopic(`enmeshed-events-${suffix}`);
  const [deadLetters] = await pubsub.createTopic(`enmeshed-dead-${suffix}`);
  const [deadSub] = await deadLetters.createSubscription(`enmeshed-dead-${suffix}`);
  made.push(topic, deadLetters);
  return { topic, deadLetters, deadSub, name: `enmeshed-${suffix}`, publisher: pubsubPublisher(topic) };
}

const collecting = [];
function collect(subscription) {
  collecting.push(subscription);
  const got = [];
  subscription.on("message", (message) => {
    got.push({ attributes: message.attributes, data: String(message.data) });
    message.ack();
  });
  return got;
}

after(async () => {
  for (const subscription of collecting) await subscription.close().catch(() => {});
  for (const topic of made) await topic.delete().catch(() => {});
  await pubsub?.close();
});

test("setupPubSub creates the subscription once, with the filter and the dead-letter policy; a different filter is a typed error", { skip }, async () => {
  const { topic, deadLetters, name } = await fresh();
  const router = makeRouter();
  router.on("transport.messageReceived", () => {});
  const filter = pkg.brokerSubscriptions(router.patterns(), "pubsub").filter;
  assert.equal(filter, 'attributes.namespace = "transport.messageReceived"');
  const options = { topic, subscription: name, router, deadLetterTopic: deadLetters, maxDeliveryAttempts: 7 };
  const subscription = await setupPubSub(pubsub, options);
  const [metadata] = await subscription.getMetadata();
  assert.equal(metadata.filter, filter);
  assert.equal(metadata.deadLetterPolicy.deadLetterTopic, deadLetters.name);
  assert.equal(metadata.deadLetterPolicy.maxDeliveryAttempts, 7);
  await setupPubSub(pubsub, options); // idempotent
  await assert.rejects(setupPubSub(pubsub, { ...options, router: undefined, filter: "" }), (error) => {
    assert.ok(error instanceof PubSubSetupError);
    assert.equal(error.code, "filter_mismatch");
    assert.equal(error.found, filter);
    assert.equal(error.expected, "");
    assert.match(error.message, /Pub\/Sub cannot change a filter/);
    return true;
  });
});

test("ack after success, nack + deliveryAttempt for retries, then our dead letter (with the error) on the dead-letter topic", { skip }, async () => {
  const { topic, deadLetters, deadSub, name, publisher } = await fresh();
  const subscription = await setupPubSub(pubsub, { topic, subscription: name, filter: "", deadLetterTopic: deadLetters, maxDeliveryAttempts: 10 });
  const router = makeRouter();
  const attempts = [];
  router.on("transport.messageReceived", (event) => {
    attempts.push(event.data.id);
    if (event.data.id === "MSGpubsubflaky01" && attempts.filter((id) => id === event.data.id).length < 2) throw new Error("flaky");
    if (event.data.id === "MSGpubsubbroken1") throw new Error("broken");
  });
  const dead = collect(deadSub);
  const letters = [];
  const consumer = consumePubSub(router, { subscription, deadLetterTopic: deadLetters, retry: { maxAttempts: 3, baseDelayMs: 20 }, onDeadLetter: (l) => letters.push(l) });
  await consumer.ready;
  await publisher.publish("transport.messageReceived", messageReceived("MSGpubsubflaky01"));
  await publisher.publish("transport.messageReceived", messageReceived("MSGpubsubbroken1"));
  await until(() => dead.length === 1 && consumer.stats().acked === 1, "one success, one dead letter", 20_000);
  assert.deepEqual(attempts.filter((id) => id === "MSGpubsubflaky01").length, 2);
  assert.deepEqual(attempts.filter((id) => id === "MSGpubsubbroken1").length, 3);
  assert.deepEqual(letters.map((l) => l.attempt), [3], "attempts counted by Pub/Sub's deliveryAttempt");
  assert.equal(dead[0].attributes.namespace, "transport.messageReceived");
  assert.match(dead[0].attributes.enmeshedError, /broken/);
  assert.equal(dead[0].data, JSON.stringify(messageReceived("MSGpubsubbroken1")));
  await sleep(300);
  assert.equal(dead.length, 1, "acked after dead-lettering: Pub/Sub's own policy does not forward it again");
  await consumer.close();
});

test("the emulator ignores the subscription filter: the router's re-check acks what nobody handles", { skip }, async () => {
  const { topic, name, publisher } = await fresh();
  const subscription = await setupPubSub(pubsub, { topic, subscription: name, filter: 'attributes.namespace = "transport.messageReceived"' });
  const router = makeRouter();
  const handled = [];
  router.on("transport.messageReceived", (event) => handled.push(event.name));
  const consumer = consumePubSub(router, { subscription });
  await consumer.ready;
  await publisher.publish("runtime.modulesStarted", {});
  await publisher.publish("transport.messageReceived", messageReceived("MSGpubsubfilter1"));
  await until(() => handled.length === 1 && consumer.stats().acked >= 1, "the handled event");
  await sleep(300);
  const received = consumer.stats().received;
  console.log(`# pubsub emulator filter: ${received === 2 ? "NOT applied (runtime.modulesStarted arrived and was acked unhandled)" : "applied"}`);
  assert.ok(received === 1 || received === 2);
  assert.equal(consumer.stats().acked, received, "an unhandled event is acked, not redelivered forever");
  await consumer.close();
});

test("poison message: dead-lettered at once; a duplicate event (the Connector's double publish) runs once", { skip }, async () => {
  const { topic, deadLetters, deadSub, name, publisher } = await fresh();
  const subscription = await setupPubSub(pubsub, { topic, subscription: name, filter: "", deadLetterTopic: deadLetters });
  const router = makeRouter();
  let runs = 0;
  router.on("transport.messageReceived", () => runs++);
  const dead = collect(deadSub);
  // Both copies arrive together: the second finds the guard busy and comes back after about a quarter lease.
  const consumer = consumePubSub(router, { subscription, deadLetterTopic: deadLetters, guardLeaseMs: 1000 });
  await consumer.ready;
  await topic.publishMessage({ attributes: { namespace: "transport.messageReceived" }, data: Buffer.from("{not json") });
  const data = messageReceived("MSGpubsubdouble1");
  await publisher.publish("transport.messageReceived", data);
  await publisher.publish("transport.messageReceived", data);
  await until(() => dead.length === 1 && consumer.stats().duplicates === 1, "the dead letter and the duplicate", 10_000);
  assert.equal(runs, 1);
  assert.equal(dead[0].data, "{not json");
  assert.equal(dead[0].attributes.enmeshedErrorCode, "invalid_json");
  await consumer.close();
});

test("graceful shutdown: handlers in flight finish and are acked; nothing comes back", { skip }, async () => {
  const { topic, name, publisher } = await fresh();
  const subscription = await setupPubSub(pubsub, { topic, subscription: name, filter: "", ackDeadlineSeconds: 10 });
  const router = makeRouter();
  let started = 0;
  router.on("transport.messageReceived", async () => {
    started++;
    await sleep(200);
  });
  const consumer = consumePubSub(router, { subscription });
  await consumer.ready;
  for (let i = 0; i < 3; i++) await publisher.publish("transport.messageReceived", messageReceived(`MSGpubsubshutdn${i}`));
  await until(() => started === 3, "three running");
  assert.deepEqual(await consumer.close(), { finished: 3, abandoned: 0 });
  await subscription.close();
  const again = pubsub.subscription(name);
  const got = collect(again);
  await sleep(1000);
  assert.deepEqual(got, []);
  await again.close();
});

test("ordered: a subject's events never run side by side, a failure is retried in place, other subjects run meanwhile", { skip }, async () => {
  const { topic, name, publisher } = await fresh();
  const subscription = await setupPubSub(pubsub, { topic, subscription: name, filter: "" });
  const router = makeRouter();
  const running = new Map();
  const handled = [];
  let overlapped = false;
  let failed = false;
  router.on("consumption.incomingRequestStatusChanged", async (event) => {
    const subject = event.subject;
    if (running.get(subject)) overlapped = true;
    running.set(subject, true);
    await sleep(20);
    running.set(subject, false);
    if (subject === "REQorderedpubsub1" && !failed) {
      failed = true;
      throw new Error("once");
    }
    handled.push(`${subject}:${event.data.newStatus}`);
  });
  const consumer = consumePubSub(router, { subscription, ordered: true, concurrency: 8, retry: { baseDelayMs: 30, jitter: false } });
  await consumer.ready;
  const steps = [["Open", "DecisionRequired"], ["DecisionRequired", "Decided"], ["Decided", "Completed"]];
  for (const request of ["REQorderedpubsub1", "REQorderedpubsub2"]) {
    for (const [from, to] of steps) await publisher.publish("consumption.incomingRequestStatusChanged", requestStatusChanged(request, from, to));
  }
  await until(() => handled.length === 6, "all six status changes");
  assert.equal(overlapped, false, "one at a time per subject");
  assert.equal(new Set(handled).size, 6, "each once");
  assert.equal(consumer.stats().retried, 1, "the failure was retried in place, not through Pub/Sub");
  await consumer.close();
});
