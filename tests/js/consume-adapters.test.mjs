// The broker adapters' own state machines, on fake clients (no broker): the AMQP reconnect loop
// against close() and permanent failures, Pub/Sub dead letters that cannot be published.
// (Real-broker behaviour is in tests/brokers/.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { pathToFileURL } from "node:url";
import { pkgDir } from "./package.mjs";
import { makeRouter } from "./consume-helpers.mjs";

const { consumeAmqp } = await import(pathToFileURL(`${pkgDir}/amqp.js`).href);
const { consumePubSub, pubsubTransport } = await import(pathToFileURL(`${pkgDir}/pubsub.js`).href);

/** An amqplib connection and channel that accept everything and deliver nothing. */
function fakeConnection() {
  const connection = new EventEmitter();
  connection.closed = false;
  connection.close = async () => {
    connection.closed = true;
  };
  connection.createConfirmChannel = async () => {
    const channel = new EventEmitter();
    channel.prefetch = async () => {};
    channel.consume = async () => ({ consumerTag: "ctag" });
    channel.cancel = async () => {};
    channel.close = async () => {};
    return channel;
  };
  return connection;
}

const within = (promise, ms, what) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms))]);

test("amqp: close() while the connection is still being opened settles, and closes that connection", async () => {
  let made;
  const amqplib = {
    connect: () => new Promise((resolve) => setTimeout(() => resolve((made = fakeConnection())), 100)),
  };
  const consumer = consumeAmqp(makeRouter(), { url: "amqp://localhost", amqplib, queue: "q", setup: false });
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(await within(consumer.close({ deadlineMs: 100 }), 3000, "close()"), { finished: 0, abandoned: 0 });
  await within(consumer.closed, 1000, "closed");
  await assert.rejects(within(consumer.ready, 1000, "ready"), /closed before the consumer subscribed/);
  assert.equal(made?.closed, true, "the connection opened after close() is closed again");
});

test("amqp: close() while the channel is being set up settles", async () => {
  const connection = fakeConnection();
  const create = connection.createConfirmChannel;
  connection.createConfirmChannel = () => new Promise((resolve) => setTimeout(() => resolve(create()), 100));
  const amqplib = { connect: async () => connection };
  const consumer = consumeAmqp(makeRouter(), { url: "amqp://localhost", amqplib, queue: "q", setup: false });
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(await within(consumer.close({ deadlineMs: 100 }), 3000, "close()"), { finished: 0, abandoned: 0 });
  assert.equal(connection.closed, true);
});

test("amqp: failures no retry can fix reject ready and end the consumer", async () => {
  const refused = Object.assign(new Error("Handshake terminated by server: 403 (ACCESS-REFUSED) with message \"ACCESS_REFUSED - Login was refused\""), {});
  const cases = [
    ["refused credentials", { connect: async () => Promise.reject(refused) }, /403/],
    ["amqplib without connect", {}, /amqplib must be the amqplib module/],
    ["a queue declared with other arguments", { connect: async () => Object.assign(fakeConnection(), { createConfirmChannel: async () => Promise.reject(Object.assign(new Error("PRECONDITION_FAILED - inequivalent arg"), { code: 406 })) }) }, /PRECONDITION_FAILED/],
  ];
  for (const [what, amqplib, expected] of cases) {
    const errors = [];
    const consumer = consumeAmqp(makeRouter(), { url: "amqp://localhost", amqplib, queue: "q", setup: false, onError: (error) => errors.push(error) });
    await assert.rejects(within(consumer.ready, 3000, `ready (${what})`), expected, what);
    await assert.rejects(within(consumer.closed, 3000, `closed (${what})`), expected, what);
  }
});

test("consumeAmqp/consumeMqtt/consumeRedis/consumePubSub(router, null) and bad AMQP options are TypeErrors naming the problem", async () => {
  const { consumeMqtt } = await import(pathToFileURL(`${pkgDir}/mqtt.js`).href);
  const { consumeRedis } = await import(pathToFileURL(`${pkgDir}/redis.js`).href);
  const router = makeRouter();
  assert.throws(() => consumeAmqp(router, null), { name: "TypeError", message: /consumeAmqp: options must be an object/ });
  assert.throws(() => consumeMqtt(router, null), { name: "TypeError", message: /consumeMqtt: options must be an object/ });
  assert.throws(() => consumeRedis(router, null), { name: "TypeError", message: /consumeRedis: options must be an object/ });
  assert.throws(() => consumePubSub(router, null), { name: "TypeError", message: /consumePubSub: options must be an object/ });
  assert.throws(() => consumeRedis(router, { client: {} }), { name: "TypeError", message: /client must be a node-redis client/ });
  assert.throws(() => consumeAmqp(router, { url: "amqp://x", queue: "q", prefetch: -1 }), { name: "TypeError", message: /prefetch must be a whole number/ });
  assert.throws(() => consumeAmqp(router, { url: 5, queue: "q" }), { name: "TypeError", message: /url must be a string/ });
  assert.throws(() => consumeAmqp(router, { url: "amqp://x", queue: "q", reconnect: { baseDelayMs: Infinity } }), { name: "TypeError", message: /reconnect.baseDelayMs/ });
});

/** A Pub/Sub Subscription that delivers what `push` gives it. */
function fakeSubscription({ pubsub } = {}) {
  const subscription = new EventEmitter();
  subscription.pubsub = pubsub;
  subscription.close = async () => {};
  subscription.push = (attributes) => {
    const received = { id: String(Math.random()), attributes, data: Buffer.from("{}"), deliveryAttempt: 0, acked: 0, nacked: 0 };
    received.ack = () => void received.acked++;
    received.nack = () => void received.nacked++;
    subscription.emit("message", received);
    return received;
  };
  return subscription;
}

test("pubsub: a dead letter whose publish fails is nacked at once, not held for the lease", async () => {
  const router = makeRouter();
  const errors = [];
  const deadLetterTopic = { publishMessage: async () => Promise.reject(new Error("topic gone")) };
  const subscription = fakeSubscription();
  const consumer = consumePubSub(router, { subscription, deadLetterTopic, onError: (error, context) => errors.push([error.message, context.stage]) });
  await consumer.ready;
  // Not an event at all: poison, dead-lettered at once.
  const received = subscription.push({ namespace: "no.such..event" });
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(received.acked, 0);
  assert.equal(received.nacked, 1);
  assert.deepEqual(errors.filter(([, stage]) => stage === "deadLetter"), [["topic gone", "deadLetter"]]);
  await consumer.close();
});

test("pubsub: a dead-letter topic given by name needs a client to resolve it", () => {
  assert.throws(() => pubsubTransport({ subscription: fakeSubscription(), deadLetterTopic: "dead" }), { name: "TypeError", message: /deadLetterTopic is a name, but there is no PubSub client/ });
  const topics = [];
  const pubsub = { topic: (name) => (topics.push(name), { publishMessage: async () => "id" }) };
  pubsubTransport({ subscription: fakeSubscription({ pubsub }), deadLetterTopic: "dead" });
  assert.deepEqual(topics, ["dead"], "the subscription's own client resolves the name");
});

test("setupAmqp and setupPubSub check their arguments: a TypeError naming the problem, never a property read on undefined", async () => {
  const { setupAmqp } = await import(pathToFileURL(`${pkgDir}/amqp.js`).href);
  const { setupPubSub } = await import(pathToFileURL(`${pkgDir}/pubsub.js`).href);
  await assert.rejects(setupAmqp(undefined, { queue: "q", bindingKeys: ["#"] }), { name: "TypeError", message: /setupAmqp: expected an amqplib connection or channel/ });
  await assert.rejects(setupAmqp({ assertExchange: async () => {} }, { queue: "q", bindingKeys: [5] }), { name: "TypeError", message: /bindingKeys must be strings/ });
  await assert.rejects(setupPubSub(undefined, { topic: "t", subscription: "s" }), { name: "TypeError", message: /setupPubSub: expected a PubSub client/ });
});
