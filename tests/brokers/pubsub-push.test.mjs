// The Pub/Sub push endpoint against the Pub/Sub emulator's real push: events published the way
// the Connector publishes them (attribute `namespace` = event name, data = JSON), a push
// subscription to a Node server on 127.0.0.1 that hosts createPubSubPushHandler, and what the
// emulator does with each answer (204: acknowledged; 500: delivered again, same messageId).
//
// Needs PUBSUB_EMULATOR_HOST (scripts/brokers.sh starts the emulator when the machine has it):
//   PUBSUB_PORT=28185 BROKERS=pubsub bash -c '. scripts/brokers.sh && brokers_start && node --test tests/brokers/pubsub-push.test.mjs'
// (brokers_start also refuses when the other brokers' ports are taken: set AMQP_PORT, MQTT_PORT,
// REDIS_PORT to free ones when other brokers run on the machine.)
// PUSH_PORT (default 28196) is where the push server listens. The emulator sends no OIDC
// token, so the endpoint runs with allowUnauthenticated here; tests/js/pubsub-oidc.test.mjs
// covers the tokens. Every push subscription is deleted when its test ends (the emulator burns
// CPU retrying an endpoint that is gone).

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { pkg, pkgDir } from "../js/package.mjs";

const EMULATOR = "/usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator";
const HOST = process.env.PUBSUB_EMULATOR_HOST;
const PUSH_PORT = Number(process.env.PUSH_PORT ?? 28196);
const PROJECT = "enm-push-test";
const why = !existsSync(EMULATOR)
  ? `the Pub/Sub emulator is not on this machine (${EMULATOR})`
  : !HOST
    ? "PUBSUB_EMULATOR_HOST is not set: start the emulator with scripts/brokers.sh (BROKERS=pubsub)"
    : undefined;
if (why !== undefined) console.log(`# pubsub-push: SKIPPED, not passed: ${why}`);

const { EventRouter, createPubSubPushHandler } = pkg;
const { MemoryGuardStore } = await import(pathToFileURL(`${pkgDir}/consume.js`).href);
const { PubSub } = why === undefined ? createRequire(import.meta.url)("@google-cloud/pubsub") : {};

const MAIL = { id: "MSGexample0000000001", isOwn: false, content: { "@type": "Mail", to: [], subject: "Rechnung 2026-117", body: "Grüße" }, createdBy: "did:e:example:dids:peer", createdAt: "2026-12-01T10:00:00.000Z", attachments: [], recipients: [] };

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (at most `ms`) until `done()` is true. */
async function until(done, ms, what) {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) assert.fail(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(20);
  }
}

// ---- one push server for the file; each test installs its own handler ----

let current = async () => new Response(null, { status: 503 });
const pushes = []; // { messageId, status, userAgent } of every push the server answered
let server;

async function startServer() {
  server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
    const request = new Request(`http://127.0.0.1:${PUSH_PORT}${req.url}`, { method: req.method, headers, body });
    const response = await current(request, body);
    let messageId;
    try {
      messageId = JSON.parse(body.toString()).message?.messageId;
    } catch {
      // Not JSON: the poison case.
    }
    pushes.push({ messageId, status: response.status, userAgent: req.headers["user-agent"] });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise((resolve, reject) => server.once("error", reject).listen(PUSH_PORT, "127.0.0.1", resolve));
}

let pubsub;
if (why === undefined) {
  await startServer();
  pubsub = new PubSub({ projectId: PROJECT });
  after(async () => {
    await pubsub.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
}

/** A topic and a push subscription to the server, both deleted when the test ends. */
async function pushTopic(t, name) {
  const suffix = `${name}-${process.pid}-${Date.now().toString(36)}`;
  const [topic] = await pubsub.createTopic(`enmeshed-events-${suffix}`);
  const [subscription] = await topic.createSubscription(`push-${suffix}`, {
    pushConfig: { pushEndpoint: `http://127.0.0.1:${PUSH_PORT}/push` },
    ackDeadlineSeconds: 10,
  });
  t.after(async () => {
    await subscription.delete().catch(() => {});
    await topic.delete().catch(() => {});
  });
  return topic;
}

/** Publishes like the Connector: `{ attributes: { namespace }, data: JSON bytes }`. */
function publish(topic, namespace, data) {
  const bytes = Buffer.from(typeof data === "string" ? data : JSON.stringify(data));
  return topic.publishMessage({ attributes: { namespace }, data: bytes });
}

const pushesOf = (messageId) => pushes.filter((p) => p.messageId === messageId);

const emulatorTest = (name, fn) => test(name, { timeout: 60_000 }, async (t) => {
  if (why !== undefined) return t.skip(why);
  return fn(t);
});

emulatorTest("a handled push is acknowledged: the handler runs once and the emulator does not push it again", async (t) => {
  const seen = [];
  const router = new EventRouter().on("transport.messageReceived", (event) => {
    seen.push([event.name, event.source, event.data.content.subject]);
  });
  current = createPubSubPushHandler(router, { allowUnauthenticated: true });
  const topic = await pushTopic(t, "ack");
  const messageId = await publish(topic, "transport.messageReceived", MAIL);
  await until(() => pushesOf(messageId).length === 1, 15_000, "the push");
  await sleep(1500);
  assert.deepEqual(pushesOf(messageId).map((p) => p.status), [204], "one push, answered 204, not pushed again");
  assert.deepEqual(seen, [["transport.messageReceived", "pubsub", MAIL.content.subject]]);
  t.diagnostic(`emulator user-agent: ${pushesOf(messageId)[0].userAgent}`);
});

emulatorTest("a failing handler answers 500 and the emulator pushes the same messageId again until it succeeds", async (t) => {
  let attempts = 0;
  const router = new EventRouter().on("transport.messageReceived", () => {
    attempts++;
    if (attempts < 3) throw new Error(`ERP is down (attempt ${attempts})`);
  });
  current = createPubSubPushHandler(router, { allowUnauthenticated: true });
  const topic = await pushTopic(t, "retry");
  const started = Date.now();
  const messageId = await publish(topic, "transport.messageReceived", MAIL);
  await until(() => pushesOf(messageId).some((p) => p.status === 204), 30_000, "a successful push");
  const statuses = pushesOf(messageId).map((p) => p.status);
  t.diagnostic(`pushes of ${messageId}: ${statuses.join(", ")} within ${Date.now() - started} ms`);
  assert.deepEqual(statuses, [500, 500, 204]);
  assert.equal(attempts, 3);
  await sleep(1000);
  assert.equal(pushesOf(messageId).length, 3, "not pushed again after the 204");
});

emulatorTest("with a guard: a redelivery after a lost acknowledgement and a second publish of the same event run the handler once", async (t) => {
  const seen = [];
  const router = new EventRouter().on("transport.messageReceived", (event) => {
    seen.push(event.data.id);
  });
  const handler = createPubSubPushHandler(router, { allowUnauthenticated: true, guard: new MemoryGuardStore() });
  // The first answer is lost on the way back (the handler ran, the emulator sees a 500), as when
  // a worker is killed after its handlers finished: the emulator pushes the message again.
  let lost = 0;
  current = async (request) => {
    const response = await handler(request);
    if (response.status === 204 && lost++ === 0) return new Response(null, { status: 500 });
    return response;
  };
  const topic = await pushTopic(t, "guard");
  const first = await publish(topic, "transport.messageReceived", MAIL);
  await until(() => pushesOf(first).some((p) => p.status === 204), 30_000, "the redelivery");
  assert.deepEqual(pushesOf(first).map((p) => p.status), [500, 204]);
  // The Connector publishing the same event again: a new messageId, the same event.key.
  const second = await publish(topic, "transport.messageReceived", MAIL);
  assert.notEqual(second, first);
  await until(() => pushesOf(second).length === 1, 15_000, "the second publish");
  assert.deepEqual(pushesOf(second).map((p) => p.status), [204]);
  assert.deepEqual(seen, [MAIL.id], "the handler ran once for three pushes");
});

emulatorTest("a poison message is acknowledged after onDeadLetter got it, and not pushed again", async (t) => {
  const dead = [];
  const router = new EventRouter().on("**", () => assert.fail("a handler ran for a poison message"));
  current = createPubSubPushHandler(router, { allowUnauthenticated: true, onDeadLetter: (error, push) => dead.push({ code: error.code, push }) });
  const topic = await pushTopic(t, "poison");
  const messageId = await publish(topic, "transport.messageReceived", '{"id": "MSGexample00000000');
  await until(() => dead.length === 1, 15_000, "the dead letter");
  await sleep(1500);
  assert.deepEqual(pushesOf(messageId).map((p) => p.status), [204]);
  assert.equal(dead[0].code, "invalid_json");
  assert.equal(dead[0].push.messageId, messageId);
  assert.deepEqual(dead[0].push.attributes, { namespace: "transport.messageReceived" });
  assert.equal(Buffer.from(dead[0].push.data, "base64").toString(), '{"id": "MSGexample00000000');
  assert.match(dead[0].push.subscription, /^projects\/enm-push-test\/subscriptions\/push-poison-/);
});

emulatorTest("200 events published at once are each handled once and acknowledged (throughput printed)", async (t) => {
  const COUNT = 200;
  const seen = new Map();
  const router = new EventRouter().on("transport.messageReceived", (event) => {
    seen.set(event.data.id, (seen.get(event.data.id) ?? 0) + 1);
  });
  current = createPubSubPushHandler(router, { allowUnauthenticated: true });
  const topic = await pushTopic(t, "burst");
  const started = Date.now();
  const ids = await Promise.all(Array.from({ length: COUNT }, (_, i) => publish(topic, "transport.messageReceived", { ...MAIL, id: `MSGburst${String(i).padStart(12, "0")}` })));
  const published = Date.now() - started;
  await until(() => seen.size === COUNT, 30_000, `${COUNT} handled events (have ${seen.size})`);
  const handled = Date.now() - started;
  await sleep(1000);
  const statuses = ids.map((id) => pushesOf(id).map((p) => p.status).join(","));
  assert.deepEqual([...new Set(statuses)], ["204"], "each pushed once, acknowledged");
  assert.deepEqual([...new Set(seen.values())], [1], "each handled once");
  t.diagnostic(`${COUNT} events: published in ${published} ms, all handled and acknowledged after ${handled} ms`);
});
